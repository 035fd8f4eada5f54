"""Discussions in the API: a circle's threads, a thread's posts (a hidden post's text only to
its author, with the reason), opening a thread, replying and reporting."""

import uuid
from datetime import datetime
from typing import Any

from django.http import HttpRequest
from ninja import Query, Router, Schema
from ninja.pagination import PageNumberPagination, paginate
from ninja.responses import Status

from ortaq.accounts.queries import current_user
from ortaq.communities.models import Circle, Post, Thread
from ortaq.communities.queries import circles as circle_queries
from ortaq.communities.queries import discussions as queries
from ortaq.communities.services import discussions as services

router = Router(tags=["discussions"])


class ThreadOut(Schema):
    id: int
    title: str
    author: str | None
    created_at: datetime
    last_post_at: datetime
    post_count: int
    pinned: bool

    @staticmethod
    def resolve_author(thread: Thread) -> str | None:
        return thread.author.get_full_name() if thread.author else None

    @staticmethod
    def resolve_pinned(thread: Thread) -> bool:
        return thread.pinned_at is not None


class PostOut(Schema):
    """A post; a hidden one's text and reason only for its author."""

    id: int
    author: str | None
    created_at: datetime
    edited_at: datetime | None
    hidden: bool
    body: str | None
    hidden_reason: str | None
    attachments: list[str]

    @staticmethod
    def resolve_author(post: Post) -> str | None:
        return post.author.get_full_name() if post.author else None

    @staticmethod
    def resolve_hidden(post: Post) -> bool:
        return post.is_hidden

    @staticmethod
    def resolve_body(post: Post, context: dict[str, Any]) -> str | None:
        own = post.author_id == context["request"].user.pk
        return post.body if not post.is_hidden or own else None

    @staticmethod
    def resolve_hidden_reason(post: Post, context: dict[str, Any]) -> str | None:
        own = post.author_id == context["request"].user.pk
        return post.hidden_reason if post.is_hidden and own else None

    @staticmethod
    def resolve_attachments(post: Post) -> list[str]:
        return [] if post.is_hidden else [a.name for a in post.attachments.all()]


class ThreadIn(Schema):
    title: str
    body: str
    client_key: uuid.UUID | None = None


class ReplyIn(Schema):
    body: str
    client_key: uuid.UUID | None = None


class ReportIn(Schema):
    reason: str


class SearchIn(Schema):
    q: str | None = None


def _circle(request: HttpRequest, circle_id: int) -> Circle:
    return circle_queries.circle_get_for_user(circle_id=circle_id, user=current_user(request))


@router.get("/circles/{circle_id}/threads", response=list[ThreadOut], summary="Threads")
@paginate(PageNumberPagination)
def list_threads(request: HttpRequest, circle_id: int, filters: Query[SearchIn]) -> object:
    return queries.threads_of(circle=_circle(request, circle_id), q=filters.q or "")


@router.get(
    "/circles/{circle_id}/threads/{thread_id}/posts",
    response=list[PostOut],
    summary="A thread's posts, oldest first",
)
@paginate(PageNumberPagination, page_size=queries.POSTS_PER_PAGE)
def list_posts(request: HttpRequest, circle_id: int, thread_id: int) -> object:
    circle = _circle(request, circle_id)
    found = queries.thread_get(circle=circle, thread_id=thread_id)
    return (
        Post.objects.filter(thread=found)
        .select_related("author")
        .prefetch_related("attachments")
        .order_by("created_at", "pk")
    )


@router.post(
    "/circles/{circle_id}/threads",
    response={201: ThreadOut},
    summary="Open a thread (the same client_key twice opens one)",
)
def create_thread(request: HttpRequest, circle_id: int, data: ThreadIn) -> Status[Thread]:
    created = services.thread_create(
        actor=current_user(request),
        circle=_circle(request, circle_id),
        title=data.title,
        body=data.body,
        client_key=data.client_key,
    )
    return Status(201, created)


@router.post(
    "/circles/{circle_id}/threads/{thread_id}/posts",
    response={201: PostOut},
    summary="Reply (the same client_key twice makes one post)",
)
def create_post(
    request: HttpRequest, circle_id: int, thread_id: int, data: ReplyIn
) -> Status[Post]:
    circle = _circle(request, circle_id)
    found = queries.thread_get(circle=circle, thread_id=thread_id)
    post = services.post_reply(
        actor=current_user(request), thread=found, body=data.body, client_key=data.client_key
    )
    return Status(201, post)


@router.post(
    "/circles/{circle_id}/posts/{post_id}/reports",
    response={201: dict[str, bool]},
    summary="Report a post to the moderators (once per person)",
)
def report(request: HttpRequest, circle_id: int, post_id: int, data: ReportIn) -> Status[Any]:
    circle = _circle(request, circle_id)
    post = queries.post_get(circle=circle, post_id=post_id)
    services.post_report(actor=current_user(request), post=post, reason=data.reason)
    return Status(201, {"reported": True})
