"""Reads of a circle's discussions: the threads (searchable), a thread and its discussion; the
posts, reports and hidden posts are read by the discussion core (``ortaq.discussions.queries``)
over the circle's discussions (``discussions_of``). A fixed number of queries whatever the
length."""

from django.db.models import Exists, F, OuterRef, Q, QuerySet
from django.http import Http404

from ortaq.accounts.models import User
from ortaq.communities.models import Circle, Thread
from ortaq.discussions.links import Links
from ortaq.discussions.models import Discussion, Post
from ortaq.discussions.policies import policy_for_model
from ortaq.discussions.queries import POSTS_PER_PAGE

__all__ = ["POSTS_PER_PAGE", "THREADS_PER_PAGE", "discussions_of", "links_of", "thread_get"]

THREADS_PER_PAGE = 25


def threads_of(*, circle: Circle, q: str = "") -> QuerySet[Thread]:
    """The circle's threads with at least one visible post, pinned first, then by last post;
    ``q`` matches titles and the text of visible posts."""
    found = Thread.objects.filter(circle=circle, post_count__gt=0).select_related("author")
    for word in q.split()[:8]:
        in_posts = Post.objects.filter(
            discussion__thread=OuterRef("pk"), hidden_at__isnull=True, body__icontains=word
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


def discussions_of(circle: Circle) -> QuerySet[Discussion]:
    """The discussions of the circle's threads (for the core's posts, reports and files)."""
    return Discussion.objects.filter(thread__circle=circle)


def links_of(circle: Circle) -> Links:
    """The circle's pages for the core's templates of posts and moderation."""
    return Links.of("communities", circle.pk, report="report_post", back="thread")


def mentionable(thread: Thread) -> list[User] | None:
    """The circle's members offered in a list to tell, when few enough."""
    return policy_for_model(Thread).mentionable(thread)
