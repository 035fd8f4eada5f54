"""What a course says of its discussion activities' discussions (``ortaq.discussions
.policies``): its teachers (learning or done), its authors and its moderators read them; its
teachers and moderators write; its moderators (its trainers, when it has none) are told of
reports. Posts answer each other (replies one level deep, quotes)."""

from collections.abc import Sequence
from datetime import timedelta
from typing import Any

from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _

from ortaq.accounts.models import User
from ortaq.accounts.queries import holders_of
from ortaq.core.roles import Role
from ortaq.core.visibility import role_over_q
from ortaq.courses.choices import ActivityKind, EnrollmentStatus
from ortaq.courses.models import Activity, Course, Enrollment
from ortaq.courses.models.content import AUTHORS, COURSE_PLACES, MODERATORS
from ortaq.discussions.models import Post
from ortaq.discussions.policies import DiscussionPolicy

TAKING_PART = (EnrollmentStatus.ACTIVE, EnrollmentStatus.COMPLETED)


def takes_part(user: User, course: Course) -> bool:
    """She learns (or has learnt) in the course: she writes in its discussions."""
    return Enrollment.objects.filter(
        user_id=user.pk, course=course, status__in=TAKING_PART
    ).exists()


class ActivityPolicy(DiscussionPolicy):
    model = Activity
    repeat_window = timedelta(seconds=30)

    def targets(self) -> QuerySet[Activity]:
        return Activity.objects.select_related("module")

    def readable(self, user: User) -> QuerySet[Activity]:
        """The discussion activities of the courses she takes part in, authors or moderates
        (the SQL twin of ``may_read``)."""
        staff = Course.objects.filter(role_over_q(user, (*AUTHORS, *MODERATORS), COURSE_PLACES))
        hers = Enrollment.objects.filter(user_id=user.pk, status__in=TAKING_PART)
        return Activity.objects.filter(
            Q(module__course__in=staff) | Q(module__course__in=hers.values("course_id")),
            kind=ActivityKind.DISCUSSION,
        )

    def may_read(self, user: User, target: Activity) -> bool:
        course = target.module.course
        return target.kind == ActivityKind.DISCUSSION and (
            user.has_perm("courses.change_course", course)
            or user.has_perm("courses.moderate", course)
            or takes_part(user, course)
        )

    def may_write(self, user: User, target: Activity) -> bool:
        course = target.module.course
        return user.has_perm("courses.moderate", course) or takes_part(user, course)

    def write_refusal(self) -> str:
        return _("Enrol in the course to take part in its discussions.")

    def may_moderate(self, user: User, target: Activity) -> bool:
        return user.has_perm("courses.moderate", target.module.course)

    def label(self, target: Activity) -> str:
        return target.title

    def post_url(self, target: Activity, post: Post) -> str:
        url = reverse("courses:activity", args=[target.module.course_id, target.pk])
        return f"{url}#p{post.pk}"

    def moderation_url(self, target: Activity) -> str:
        return reverse("courses:moderation", args=[target.module.course_id])

    def attachment_url(self, target: Activity, attachment_id: int) -> str:
        return reverse("courses:attachment", args=[target.module.course_id, attachment_id])

    def moderators(self, target: Activity, *, besides: Sequence[int]) -> list[User]:
        course = target.module.course
        for role in (Role.MODERATOR, Role.TRAINER):
            people = [
                u
                for u in holders_of(role=role, target=course)
                if u.is_active and u.pk not in besides
            ]
            if people:
                return people
        return []

    def after_post(self, post: Post, target: Any) -> None:
        """Nothing to count: writing completes the activity (``courses.services``)."""
