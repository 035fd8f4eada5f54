"""A course's discussions in the API, in the discussion core's shapes: a discussion activity's
threads with their replies, writing (a reply, a quote; ``client_key`` makes a repeated post one
post), correcting, reporting a post to the course's moderators, and hiding or showing it again
(moderators)."""

from typing import Any

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.responses import Status

from ortaq.accounts.queries import current_user
from ortaq.core.errors import NotAllowed
from ortaq.core.pagination import MAX_PAGE
from ortaq.courses import services
from ortaq.courses.api.common import activity_of, invalid
from ortaq.courses.choices import ActivityKind, EnrollmentStatus
from ortaq.courses.models import Activity, Enrollment
from ortaq.discussions import queries as core
from ortaq.discussions.api import post_routes
from ortaq.discussions.models import Post
from ortaq.discussions.policies import policy_for_model, target_of
from ortaq.discussions.schemas import PostIn, PostOut, PostWithRepliesOut

router = Router(tags=["course discussions"])


class ThreadsOut(Schema):
    count: int = Field(description="Threads in the discussion")
    items: list[PostWithRepliesOut]


class PageIn(Schema):
    page: int = Field(1, ge=1, le=MAX_PAGE)


class PostCreatedOut(PostOut):
    course_completed: bool = Field(description="Whether writing it completed her course")

    @staticmethod
    def resolve_course_completed(post: Post, context: dict[str, Any]) -> bool:
        activity: Activity = target_of(post.discussion)
        return Enrollment.objects.filter(
            user_id=context["request"].user.pk,
            course_id=activity.module.course_id,
            status=EnrollmentStatus.COMPLETED,
        ).exists()


def _discussion(request: HttpRequest, course_id: int, activity_id: int) -> Activity:
    """The discussion activity, for those who take part in it: her enrolment (learning or
    completed), the course's moderators and its authors; 403 for anyone else."""
    activity = activity_of(
        request, course_id, activity_id, kind=ActivityKind.DISCUSSION,
        wrong_kind=_("This activity has no discussion."),
    )  # fmt: skip
    if not policy_for_model(Activity).may_read(current_user(request), activity):
        raise NotAllowed(_("Enrol in the course to take part in its discussions."))
    return activity


@router.get(
    "/courses/{course_id}/activities/{activity_id}/posts",
    response=ThreadsOut,
    summary="A discussion's threads, oldest first, each with its replies (30 threads a page)",
)
def posts(
    request: HttpRequest, course_id: int, activity_id: int, paging: Query[PageIn]
) -> dict[str, object]:
    activity = _discussion(request, course_id, activity_id)
    page, _threads = core.threads_page(
        target=activity, viewer_id=request.user.pk, page_number=paging.page, with_owner=True
    )
    return {"count": page.paginator.count, "items": list(page)}


@router.post(
    "/courses/{course_id}/activities/{activity_id}/posts",
    response={201: PostCreatedOut},
    summary="Write in a discussion (the same client_key twice makes one post)",
)
def post_create(
    request: HttpRequest, course_id: int, activity_id: int, data: PostIn
) -> Status[Post]:
    """A reply goes to the thread of the post answered; writing completes the activity."""
    activity = _discussion(request, course_id, activity_id)
    named: dict[str, Post | None] = {}
    for field, post_id in (("parent_id", data.parent_id), ("quote_id", data.quote_id)):
        named[field] = None
        if post_id is not None:
            named[field] = Post.objects.filter(discussion__activity=activity, pk=post_id).first()
            if named[field] is None:
                raise invalid("body", field, _("This discussion has no such post."))
    user = current_user(request)
    created = services.post_create(
        actor=user, activity=activity, body=data.body, parent=named["parent_id"],
        quote=named["quote_id"], client_key=data.client_key,
    )  # fmt: skip
    created = (
        core.posts_of(target=activity).prefetch_related(core.with_targets()).get(pk=created.pk)
    )
    return Status(201, created)


def _post(request: HttpRequest, course_id: int, post_id: int) -> Post:
    """A post of a discussion she takes part in (404 for a post elsewhere)."""
    found = get_object_or_404(
        Post.objects.select_related("discussion"),
        pk=post_id,
        discussion__activity__module__course_id=course_id,
    )
    found.discussion.target = _discussion(request, course_id, found.discussion.target_id)
    return found


post_routes(
    router, prefix="/courses/{course_id}", owner="course_id", post_of=_post, module=__name__
)
