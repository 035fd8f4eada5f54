"""A course's discussions in the API: a discussion activity's threads with their replies,
writing (a reply, a quote; ``client_key`` makes a repeated post one post), and reporting a post
to the course's moderators."""

import uuid
from datetime import datetime
from typing import Any

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.responses import Status

from ortaq.accounts.queries import current_user
from ortaq.core.errors import NotAllowed
from ortaq.core.pagination import MAX_PAGE
from ortaq.courses import queries, services
from ortaq.courses.api.common import activity_of, invalid
from ortaq.courses.choices import ActivityKind, EnrollmentStatus
from ortaq.courses.models import Activity, Enrollment, Post
from ortaq.courses.services.discussion import MAX_POST_LENGTH, may_post

router = Router(tags=["course discussions"])


class QuoteOut(Schema):
    id: int
    author: str | None
    body: str | None = Field(description="null when a moderator has hidden the quoted post")


class CoursePostOut(Schema):
    """A post; a hidden one's text and the reason only for its author."""

    id: int
    author: str | None
    mine: bool
    created_at: datetime
    parent_id: int | None
    quote: QuoteOut | None
    hidden: bool
    body: str | None
    hidden_reason: str | None


class CourseThreadOut(CoursePostOut):
    replies: list[CoursePostOut]


class ThreadsOut(Schema):
    count: int = Field(description="Threads in the discussion")
    items: list[CourseThreadOut]


class PageIn(Schema):
    page: int = Field(1, ge=1, le=MAX_PAGE)


class PostIn(Schema):
    body: str = Field(max_length=MAX_POST_LENGTH)
    parent_id: int | None = Field(None, description="The post answered (its thread)")
    quote_id: int | None = Field(None, description="The post quoted")
    client_key: uuid.UUID | None = Field(
        None, description="A new random key per post: sending it again makes no second post"
    )


class PostCreatedOut(CoursePostOut):
    course_completed: bool


class CoursePostReportIn(Schema):
    reason: str = Field(max_length=300)


def _post_out(post: Post, viewer_id: int | None) -> dict[str, Any]:
    own = post.author_id is not None and post.author_id == viewer_id
    quote = post.quote
    return {
        "id": post.pk,
        "author": post.author.get_full_name() if post.author else None,
        "mine": own,
        "created_at": post.created_at,
        "parent_id": post.parent_id,
        "quote": QuoteOut(
            id=quote.pk,
            author=quote.author.get_full_name() if quote.author else None,
            body=None if quote.is_hidden else quote.body,
        )
        if quote is not None
        else None,
        "hidden": post.is_hidden,
        "body": post.body if not post.is_hidden or own else None,
        "hidden_reason": post.hidden_reason if post.is_hidden and own else None,
    }


def _discussion(request: HttpRequest, course_id: int, activity_id: int) -> Activity:
    """The discussion activity, for those who take part in it: her enrolment (learning or
    completed), the course's moderators and its authors; 403 for anyone else."""
    activity = activity_of(
        request, course_id, activity_id, kind=ActivityKind.DISCUSSION,
        wrong_kind=_("This activity has no discussion."),
    )  # fmt: skip
    user = current_user(request)
    if not (
        may_post(user, activity) or user.has_perm("courses.change_course", activity.module.course)
    ):
        raise NotAllowed(_("Enrol in the course to take part in its discussions."))
    return activity


@router.get(
    "/courses/{course_id}/activities/{activity_id}/posts",
    response=ThreadsOut,
    summary="A discussion's threads, oldest first, each with its replies (30 threads a page)",
)
def posts(
    request: HttpRequest, course_id: int, activity_id: int, paging: Query[PageIn]
) -> ThreadsOut:
    activity = _discussion(request, course_id, activity_id)
    viewer = request.user.pk
    page, threads = queries.discussion_page(
        activity=activity, viewer_id=viewer, page_number=paging.page
    )
    return ThreadsOut(
        count=page.paginator.count,
        items=[
            CourseThreadOut(
                **_post_out(t.post, viewer),
                replies=[CoursePostOut(**_post_out(r, viewer)) for r in t.replies],
            )
            for t in threads
        ],
    )


@router.post(
    "/courses/{course_id}/activities/{activity_id}/posts",
    response={201: PostCreatedOut},
    summary="Write in a discussion (the same client_key twice makes one post)",
)
def post_create(
    request: HttpRequest, course_id: int, activity_id: int, data: PostIn
) -> Status[PostCreatedOut]:
    """A reply goes to the thread of the post answered; writing completes the activity."""
    activity = _discussion(request, course_id, activity_id)
    named: dict[str, Post | None] = {}
    for field, post_id in (("parent_id", data.parent_id), ("quote_id", data.quote_id)):
        named[field] = None
        if post_id is not None:
            named[field] = Post.objects.filter(activity=activity, pk=post_id).first()
            if named[field] is None:
                raise invalid("body", field, _("This discussion has no such post."))
    user = current_user(request)
    created = services.post_create(
        actor=user, activity=activity, body=data.body, parent=named["parent_id"],
        quote=named["quote_id"], client_key=data.client_key,
    )  # fmt: skip
    created = Post.objects.select_related("author", "quote__author").get(pk=created.pk)
    completed = Enrollment.objects.filter(
        user=user, course_id=activity.module.course_id, status=EnrollmentStatus.COMPLETED
    ).exists()
    return Status(201, PostCreatedOut(**_post_out(created, user.pk), course_completed=completed))


@router.post(
    "/courses/{course_id}/posts/{post_id}/reports",
    response={201: dict[str, bool]},
    summary="Report a post to the course's moderators (once per person; again changes nothing)",
)
def post_report(
    request: HttpRequest, course_id: int, post_id: int, data: CoursePostReportIn
) -> Status[dict[str, bool]]:
    found = get_object_or_404(
        Post.objects.select_related("activity__module__course"),
        pk=post_id,
        activity__module__course_id=course_id,
        hidden_at__isnull=True,
    )
    _discussion(request, course_id, found.activity_id)
    services.post_report(actor=current_user(request), post=found, reason=data.reason)
    return Status(201, {"reported": True})
