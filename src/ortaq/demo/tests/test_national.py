"""The national generator, at a tiny size: a country whose figures hold together."""

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Count

from ortaq.accounts.models import Profile, User
from ortaq.communities.models import Circle, CircleTally, Membership
from ortaq.courses.choices import EnrollmentStatus
from ortaq.courses.models import ActivityCompletion, Course, DistrictTally, Enrollment, Metric
from ortaq.demo.national import DOMAIN, generate_national
from ortaq.discussions.models import Post
from ortaq.schools.models import District, Region, School

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]


def tally_rows() -> tuple[list[tuple[object, ...]], list[tuple[object, ...]]]:
    from ortaq.courses.models import SchoolTally

    fields = ("course_id", "counted", "metric", "key", "sub", "n")
    return (
        sorted(SchoolTally.objects.values_list("school_id", *fields), key=repr),
        sorted(DistrictTally.objects.values_list("region_id", "district_id", *fields), key=repr),
    )


def test_a_small_country_is_built_and_counted() -> None:
    summary = generate_national(teachers=200, seed=7, say=lambda _line: None)

    teachers = User.objects.filter(email__regex=rf"^t[0-9]{{6}}@{DOMAIN}$")
    assert teachers.count() == 200
    assert Profile.objects.filter(user__in=teachers).count() == 200
    assert School.objects.count() == 4  # 200 / 50.6, rounded
    assert District.objects.count() > Region.objects.count() == 20
    national = Course.objects.get(title__contains="ұлттық курс")
    enrolled = Enrollment.objects.filter(course=national)
    # Every teacher is in the national course; each status occurs.
    assert enrolled.count() == 200
    statuses = dict(enrolled.values_list("status").annotate(n=Count("pk")).order_by())
    assert set(statuses) == {"active", "completed", "left"}
    # A completed enrolment has done all 40 activities; one not started, none.
    done = enrolled.filter(status=EnrollmentStatus.COMPLETED).first()
    assert done is not None and done.completions.count() == 40
    fresh = enrolled.filter(started_at__isnull=True).first()
    assert fresh is not None and fresh.completions.count() == 0
    assert summary.counts["completions"] == ActivityCompletion.objects.count()
    # The course report's totals are counted: enrolled per district sum to the enrolments.
    counted = DistrictTally.objects.filter(
        course=national, counted=True, metric=Metric.ENROLLED
    ).values_list("n", flat=True)
    assert sum(counted) == 200
    # Counted in one pass per figure, they are what the school-by-school recount makes.
    in_one_pass = tally_rows()
    from ortaq.courses.services.tallies import tallies_rebuild

    for group_id in Course.objects.values_list("group_id", flat=True).distinct():
        tallies_rebuild(group_id=group_id)
    assert tally_rows() == in_one_pass
    # Circles with members (one in twelve left), posts by members, and their totals.
    assert Circle.objects.exists() and Post.objects.exists()
    members = Membership.objects.exclude(role="facilitator")
    assert members.count() >= 6 and members.filter(status="left").exists()
    assert CircleTally.objects.exists()


def test_the_command_refuses_a_second_country() -> None:
    call_command("generate_national", "--teachers", "40", "--seed", "2", stdout=None)
    with pytest.raises(CommandError, match="already holds"):
        call_command("generate_national", "--teachers", "40")
