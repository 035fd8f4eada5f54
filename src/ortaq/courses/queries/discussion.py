"""A discussion read a page of threads at a time, in a fixed number of queries."""

from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.db.models import Q

from ortaq.courses.models import Activity, Post

THREADS_PER_PAGE = 30


@dataclass(frozen=True, slots=True)
class Thread:
    post: Post
    replies: list[Post]


def discussion_page(
    *, activity: Activity, viewer_id: int | None, page_number: str | int | None
) -> tuple[Page[Post], list[Thread]]:
    """One page of the activity's threads, oldest first, each with its replies.

    A hidden post is shown to its author only (with the moderator's reason); a hidden opening
    post stays in its place for the others as a notice, so that its replies keep their thread.
    """
    posts = Post.objects.select_related("author", "quote__author").order_by("created_at", "pk")
    openings = posts.filter(activity=activity, parent__isnull=True)
    page = Paginator(openings, THREADS_PER_PAGE).get_page(page_number)
    replies: dict[int, list[Post]] = {post.pk: [] for post in page}
    shown = Q(hidden_at__isnull=True) | Q(author_id=viewer_id)
    for reply in posts.filter(shown, parent_id__in=list(replies)):
        replies[reply.parent_id].append(reply)  # type: ignore[index]
    return page, [Thread(post, replies[post.pk]) for post in page]
