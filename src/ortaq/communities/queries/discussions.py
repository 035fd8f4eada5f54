"""Reads of a circle's discussions: the threads (searchable), a thread's posts a page at a
time, reports waiting for moderators, hidden posts. A fixed number of queries whatever the
length."""

from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import Exists, F, OuterRef, Prefetch, Q, QuerySet
from django.http import Http404

from ortaq.communities.models import Attachment, Circle, Post, PostReport, Thread

POSTS_PER_PAGE = 30
THREADS_PER_PAGE = 25


def threads_of(*, circle: Circle, q: str = "") -> QuerySet[Thread]:
    """The circle's threads with at least one visible post, pinned first, then by last post;
    ``q`` matches titles and the text of visible posts."""
    found = Thread.objects.filter(circle=circle, post_count__gt=0).select_related("author")
    for word in q.split()[:8]:
        in_posts = Post.objects.filter(
            thread=OuterRef("pk"), hidden_at__isnull=True, body__icontains=word
        )
        found = found.filter(Q(title__icontains=word) | Exists(in_posts))
    # NULLS LAST: PostgreSQL puts NULLs first in a descending order, SQLite last.
    return found.order_by(F("pinned_at").desc(nulls_last=True), "-last_post_at", "-pk")


def thread_get(*, circle: Circle, thread_id: int) -> Thread:
    thread = Thread.objects.filter(circle=circle, pk=thread_id).select_related("pinned_by").first()
    if thread is None:
        raise Http404
    thread.circle = circle
    return thread


def posts_of(*, thread: Thread) -> QuerySet[Post]:
    """A thread's posts, oldest first, with their authors and attachments (for the page and the
    API). Hidden posts keep their place (shown as a notice, or to their author with the
    reason)."""
    return (
        Post.objects.filter(thread=thread)
        .select_related("author", "thread")
        .prefetch_related(Prefetch("attachments", Attachment.objects.order_by("pk")))
        .order_by("created_at", "pk")
    )


def posts_page(*, thread: Thread, page_number: Any) -> Page[Post]:
    """One page of a thread's posts."""
    return Paginator(posts_of(thread=thread), POSTS_PER_PAGE).get_page(page_number)


def post_get(*, circle: Circle, post_id: int) -> Post:
    post = (
        Post.objects.filter(pk=post_id, thread__circle=circle)
        .select_related("thread", "author")
        .first()
    )
    if post is None:
        raise Http404
    post.thread.circle = circle
    return post


def reported(*, circle: Circle) -> QuerySet[Post]:
    """Posts with an open report, oldest first, with their open reports."""
    open_reports = PostReport.objects.filter(post=OuterRef("pk"), resolved_at__isnull=True)
    return (
        Post.objects.filter(Exists(open_reports), thread__circle=circle)
        .select_related("author", "thread")
        .prefetch_related(
            Prefetch(
                "reports",
                PostReport.objects.filter(resolved_at__isnull=True).select_related("reporter"),
            )
        )
        .order_by("created_at", "pk")
    )


def open_reports_count(*, circle: Circle) -> int:
    """How many posts of the circle wait for a moderator (with at least one open report)."""
    return (
        PostReport.objects.filter(post__thread__circle=circle, resolved_at__isnull=True)
        .values("post_id")
        .distinct()
        .count()
    )


def hidden_posts(*, circle: Circle) -> QuerySet[Post]:
    """The circle's hidden posts, the latest hidden first, for moderators to show again."""
    return (
        Post.objects.filter(thread__circle=circle, hidden_at__isnull=False)
        .select_related("author", "thread", "hidden_by")
        .order_by("-hidden_at", "-pk")
    )


def page_of_post(*, post: Post) -> int:
    """The page of its thread on which ``post`` stands. Hidden posts keep their place on the
    pages (see ``posts_page``), so they are counted here as well, unlike ``post_count``."""
    before = Post.objects.filter(thread_id=post.thread_id).filter(
        Q(created_at__lt=post.created_at) | Q(created_at=post.created_at, pk__lt=post.pk)
    )
    return before.count() // POSTS_PER_PAGE + 1


def attachment_get(*, circle: Circle, attachment_id: int) -> Attachment:
    """An attachment of a visible post of the circle (a hidden post's files go with it)."""
    found = (
        Attachment.objects.filter(
            pk=attachment_id, post__thread__circle=circle, post__hidden_at__isnull=True
        )
        .select_related("post")
        .first()
    )
    if found is None:
        raise Http404
    return found
