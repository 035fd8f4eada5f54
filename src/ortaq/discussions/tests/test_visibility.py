"""Who may read a discussion is one rule: ``Discussion.objects.visible_to`` (built from each
owner's ``readable``) agrees with ``policies.may_read`` on one discussion, for every role of the
role matrix, on discussions of courses (published and draft, taken or not) and of circles
(members only and open to all)."""

import pytest
from django.utils import timezone

from ortaq.communities.choices import MembershipStatus, Visibility
from ortaq.communities.models import Thread
from ortaq.courses.choices import ActivityKind, EnrollmentStatus
from ortaq.courses.models import Enrollment
from ortaq.discussions.models import Discussion
from ortaq.discussions.policies import may_read
from ortaq.discussions.services import discussion_open
from ortaq.testing.factories import add_member, make_circle, make_course
from ortaq.testing.visibility import assert_same_rule, make_places, role_matrix

pytestmark = pytest.mark.django_db


def test_who_reads_a_discussion_is_one_rule(reference_data: None) -> None:
    places = make_places()
    course = make_course(kinds=(ActivityKind.DISCUSSION,))
    draft = make_course(kinds=(ActivityKind.DISCUSSION,), publish=False, title="Жоба")
    members_only = make_circle(school=places.school, visibility=Visibility.MEMBERS)
    open_circle = make_circle(school=places.far_school, visibility=Visibility.SIGNED_IN)
    people = role_matrix(
        places,
        objects={"course": course.course, "circle": members_only},
    )
    for name, status in (
        ("no role@school", EnrollmentStatus.ACTIVE),
        ("no role@other_school", EnrollmentStatus.COMPLETED),
        ("teacher@school", EnrollmentStatus.LEFT),
    ):
        done = timezone.now() if status == EnrollmentStatus.COMPLETED else None
        Enrollment.objects.create(
            user=people[name], course=course.course, status=status, completed_at=done
        )
    add_member(members_only, people["teacher@school"])
    add_member(members_only, people["no role@far_school"], status=MembershipStatus.LEFT)
    now = timezone.now()
    discussions: dict[str, Discussion] = {
        "course": discussion_open(target=course.first(ActivityKind.DISCUSSION)),
        "draft": discussion_open(target=draft.first(ActivityKind.DISCUSSION)),
    }
    for label, circle in (("members only", members_only), ("open", open_circle)):
        thread = Thread.objects.create(circle=circle, title=label, created_at=now, last_post_at=now)
        discussions[label] = discussion_open(target=thread)
    assert_same_rule(
        people=people,
        objects=discussions,
        rows=lambda user: Discussion.objects.visible_to(user),
        allowed=lambda user, discussion: may_read(user, Discussion.objects.get(pk=discussion.pk)),
    )
