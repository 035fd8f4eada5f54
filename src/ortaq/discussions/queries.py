"""Reads of discussions, whoever owns them, in a fixed number of queries: a discussion's posts a
page at a time (flat, or as threads of replies), the page a post stands on, a post or file of
the owner's discussions, reports waiting for moderators, hidden posts.

``discussions`` arguments are the owner's discussions (a circle's threads, a course's
activities), read as a subquery: ``Discussion.objects.filter(thread__circle=circle)``.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.contrib.contenttypes.prefetch import GenericPrefetch
from django.core.paginator import Page, Paginator
from django.db.models import (
    Exists,
    Model,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    prefetch_related_objects,
)
from django.http import Http404

from ortaq.discussions.models import Attachment, Discussion, Post, PostReport
from ortaq.discussions.policies import policy_of, registered

POSTS_PER_PAGE = 30
THREADS_PER_PAGE = 30


def discussion_of(target: Model) -> Discussion | None:
    """The discussion of ``target``, if anyone has written in it yet."""
    found = Discussion.objects.filter(
        target_type=ContentType.objects.get_for_model(target), target_id=target.pk
    ).first()
    if found is not None:
        found.target = target
    return found


def with_targets() -> GenericPrefetch[Any]:
    """Prefetch each post's owner (one query per kind of owner), for links and titles."""
    return GenericPrefetch("discussion__target", [p.targets() for p in registered()])


def _posts() -> QuerySet[Post]:
    return (
        Post.objects.select_related("author", "quote__author", "discussion")
        .prefetch_related(Prefetch("attachments", Attachment.objects.order_by("pk")))
        .order_by("created_at", "pk")
    )


def posts_of(*, target: Model) -> QuerySet[Post]:
    """The posts of ``target``'s discussion, oldest first, with their authors, quotes and files
    (none before anyone writes). Hidden posts keep their place (shown as a notice, or to their
    author with the reason)."""
    return _posts().filter(
        discussion__target_type=ContentType.objects.get_for_model(target),
        discussion__target_id=target.pk,
    )


def posts_page(*, target: Model, page_number: Any) -> Page[Post]:
    return Paginator(posts_of(target=target), POSTS_PER_PAGE).get_page(page_number)


@dataclass(frozen=True, slots=True)
class Thread:
    post: Post
    replies: list[Post]


def threads_page(
    *, target: Model, viewer_id: int | None, page_number: Any, with_owner: bool = False
) -> tuple[Page[Post], list[Thread]]:
    """One page of a discussion's opening posts, oldest first, each with its replies (also as
    the opening's ``shown_replies``, for the API's schema).

    A hidden reply is shown to its author only; a hidden opening post stays in its place for
    the others as a notice, so that its replies keep their thread. ``with_owner`` reads the
    owner once more for every post (the API's links to files need it)."""
    shown = Q(hidden_at__isnull=True) | Q(author_id=viewer_id)
    replies = _posts().filter(shown)
    openings = posts_of(target=target).filter(parent__isnull=True)
    if with_owner:
        replies, openings = (q.prefetch_related(with_targets()) for q in (replies, openings))
    openings = openings.prefetch_related(Prefetch("replies", replies, to_attr="shown_replies"))
    page = Paginator(openings, THREADS_PER_PAGE).get_page(page_number)
    threads = [Thread(post, post.shown_replies) for post in page]  # type: ignore[attr-defined]
    return page, threads  # type: ignore[return-value]


def page_of_post(*, post: Post) -> int:
    """The page of its discussion on which ``post`` stands. Hidden posts keep their place on
    the pages (see ``posts_page``), so they are counted here as well."""
    before = Post.objects.filter(discussion_id=post.discussion_id).filter(
        Q(created_at__lt=post.created_at) | Q(created_at=post.created_at, pk__lt=post.pk)
    )
    return before.count() // POSTS_PER_PAGE + 1


def post_get(*, discussions: QuerySet[Discussion], post_id: int) -> Post:
    """A post of one of ``discussions`` (404 otherwise)."""
    post = (
        Post.objects.filter(pk=post_id, discussion__in=discussions)
        .select_related("discussion", "author")
        .first()
    )
    if post is None:
        raise Http404
    return post


def attachment_get(*, discussions: QuerySet[Discussion], attachment_id: int) -> Attachment:
    """A file of a shown post of ``discussions`` (a hidden post's files go with it)."""
    found = (
        Attachment.objects.filter(
            pk=attachment_id, post__discussion__in=discussions, post__hidden_at__isnull=True
        )
        .select_related("post")
        .first()
    )
    if found is None:
        raise Http404
    return found


def reported(*, discussions: QuerySet[Discussion]) -> QuerySet[Post]:
    """Posts with an open report, oldest first, with their open reports."""
    # Exists, not a join: a join on reports__resolved_at__isnull also matches the posts that
    # were never reported (their LEFT JOIN row has no resolved_at either).
    open_reports = PostReport.objects.filter(post=OuterRef("pk"), resolved_at__isnull=True)
    return (
        Post.objects.filter(Exists(open_reports), discussion__in=discussions)
        .select_related("author", "discussion")
        .prefetch_related(
            Prefetch(
                "reports",
                PostReport.objects.filter(resolved_at__isnull=True).select_related("reporter"),
            )
        )
        .order_by("created_at", "pk")
    )


def open_reports_count(*, discussions: QuerySet[Discussion]) -> int:
    """How many posts wait for a moderator (with at least one open report)."""
    return (
        PostReport.objects.filter(post__discussion__in=discussions, resolved_at__isnull=True)
        .values("post_id")
        .distinct()
        .count()
    )


def hidden_posts(*, discussions: QuerySet[Discussion]) -> QuerySet[Post]:
    """Hidden posts, the latest hidden first, for moderators to show again."""
    return (
        Post.objects.filter(discussion__in=discussions, hidden_at__isnull=False)
        .select_related("author", "discussion", "hidden_by")
        .order_by("-hidden_at", "-pk")
    )


def revisions_of(*, post: Post) -> list[Any]:
    """The earlier texts of a post, oldest first."""
    return list(post.revisions.order_by("written_at", "pk"))


@dataclass(frozen=True, slots=True)
class Placed:
    """A post with where it stands (its thread's or activity's title, and the page)."""

    post: Post
    title: str
    url: str


def placed(posts: Iterable[Post]) -> list[Placed]:
    """Each post with the title and page of its discussion's owner, the owners read in one
    query per kind of owner."""
    found = list(posts)
    prefetch_related_objects(found, with_targets())
    rows = []
    for post in found:
        policy, target = policy_of(post.discussion), post.discussion.target
        rows.append(Placed(post, policy.label(target), policy.post_url(target, post)))
    return rows
