"""Discussions in the API: a circle's threads, a thread's posts (a hidden post's text only to
its author, with the reason; files by their protected address), opening a thread, replying,
correcting her post, reporting; facilitators pin threads, moderators read the reports and hide
posts (or show them again) or dismiss the reports."""

import uuid
from datetime import datetime

from django.http import HttpRequest
from ninja import Query, Router, Schema
from ninja.pagination import paginate
from ninja.responses import Status

from ortaq.accounts.queries import current_user
from ortaq.communities.api.circles import readable_circle
from ortaq.communities.models import Thread
from ortaq.communities.queries import discussions as queries
from ortaq.communities.services import discussions as services
from ortaq.core.pagination import Pages
from ortaq.discussions import queries as core
from ortaq.discussions import schemas as core_schemas
from ortaq.discussions.api import post_routes
from ortaq.discussions.models import Post
from ortaq.discussions.schemas import PostOut

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


class ThreadIn(Schema):
    title: str
    body: str
    client_key: uuid.UUID | None = None


class ReplyIn(Schema):
    body: str
    client_key: uuid.UUID | None = None


class ReportedOut(core_schemas.ReportedOut):
    """A post with its open reports, and its thread."""

    thread_id: int

    @staticmethod
    def resolve_thread_id(post: Post) -> int:
        return post.discussion.target_id


class SearchIn(Schema):
    q: str | None = None


def _thread(request: HttpRequest, circle_id: int, thread_id: int) -> Thread:
    """A thread of a circle the caller may read; 404 otherwise."""
    return queries.thread_get(circle=readable_circle(request, circle_id), thread_id=thread_id)


def _post(request: HttpRequest, circle_id: int, post_id: int) -> Post:
    """A post of a circle the caller may read; 404 otherwise."""
    circle = readable_circle(request, circle_id)
    post = core.post_get(discussions=queries.discussions_of(circle), post_id=post_id)
    post.discussion.target = queries.thread_get(circle=circle, thread_id=post.discussion.target_id)
    return post


@router.get("/circles/{circle_id}/threads", response=list[ThreadOut], summary="Threads")
@paginate(Pages)
def list_threads(request: HttpRequest, circle_id: int, filters: Query[SearchIn]) -> object:
    return queries.threads_of(circle=readable_circle(request, circle_id), q=filters.q or "")


@router.get(
    "/circles/{circle_id}/threads/{thread_id}/posts",
    response=list[PostOut],
    summary="A thread's posts, oldest first",
)
@paginate(Pages, page_size=core.POSTS_PER_PAGE)
def list_posts(request: HttpRequest, circle_id: int, thread_id: int) -> object:
    found = _thread(request, circle_id, thread_id)
    return core.posts_of(target=found).prefetch_related(core.with_targets())


@router.post(
    "/circles/{circle_id}/threads",
    response={201: ThreadOut},
    summary="Open a thread (the same client_key twice opens one)",
)
def create_thread(request: HttpRequest, circle_id: int, data: ThreadIn) -> Status[Thread]:
    created = services.thread_create(
        actor=current_user(request),
        circle=readable_circle(request, circle_id),
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
    found = _thread(request, circle_id, thread_id)
    post = services.post_reply(
        actor=current_user(request), thread=found, body=data.body, client_key=data.client_key
    )
    return Status(201, post)


@router.put(
    "/circles/{circle_id}/threads/{thread_id}/pin",
    response=ThreadOut,
    summary="Pin a thread to the top (facilitators; pinning again changes nothing)",
)
def pin(request: HttpRequest, circle_id: int, thread_id: int) -> Thread:
    return _pinned(request, circle_id, thread_id, pinned=True)


@router.delete(
    "/circles/{circle_id}/threads/{thread_id}/pin",
    response=ThreadOut,
    summary="Unpin a thread (facilitators)",
)
def unpin(request: HttpRequest, circle_id: int, thread_id: int) -> Thread:
    return _pinned(request, circle_id, thread_id, pinned=False)


def _pinned(request: HttpRequest, circle_id: int, thread_id: int, *, pinned: bool) -> Thread:
    found = _thread(request, circle_id, thread_id)
    return services.thread_pin(actor=current_user(request), thread=found, pinned=pinned)


@router.get(
    "/circles/{circle_id}/reports",
    response=list[ReportedOut],
    summary="Posts with open reports, oldest first (moderators)",
)
@paginate(Pages)
def list_reported(request: HttpRequest, circle_id: int) -> object:
    circle = readable_circle(request, circle_id, needs="communities.moderate")
    return core.reported(discussions=queries.discussions_of(circle)).prefetch_related(
        "attachments", core.with_targets()
    )


post_routes(
    router, prefix="/circles/{circle_id}", owner="circle_id", post_of=_post, module=__name__
)
