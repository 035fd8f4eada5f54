"""The circles report read from the running totals says what the raw rows say, on a generated
country, before and after members leave, teachers move school, posts go and meetings are held
today."""

import datetime

import pytest
from django.utils import timezone

from ortaq.accounts.services import profile_set_school
from ortaq.communities.choices import MemberRole, MembershipStatus
from ortaq.communities.models import Attendance, Circle, Meeting, Membership
from ortaq.communities.queries.reports import Place, Report, report, report_from_tallies
from ortaq.communities.services.circles import circle_leave
from ortaq.communities.services.tallies import circle_tallies_pending, circle_tallies_refresh
from ortaq.demo.national import generate_national
from ortaq.discussions.models import Post
from ortaq.schools.models import District, Region, School

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]


def figures(found: Report) -> list[tuple[object, ...]]:
    return [
        (
            r.label,
            r.circles,
            r.active,
            r.meetings,
            r.recorded,
            r.present,
            r.members,
            r.left,
            r.posts,
            r.teachers,
            r.accepted,
            r.stages,
            r.statuses,
        )  # fmt: skip
        for r in [found.totals, *found.rows]
    ]


def places() -> list[Place]:
    found = [Place()]
    for region in Region.objects.filter(pk__in=Circle.objects.values("region_id")):
        found.append(Place(region=region))
    for district in District.objects.filter(
        pk__in=Circle.objects.values("district_id")
    ).select_related("region"):
        found.append(Place(region=district.region, district=district))
    return found


def assert_same(since: datetime.date, until: datetime.date) -> list[Report]:
    read = []
    for place in places():
        from_totals = report_from_tallies(place=place, since=since, until=until)
        assert figures(from_totals) == figures(report(place=place, since=since, until=until))
        read.append(from_totals)
    return read


def test_totals_read_back_the_raw_figures() -> None:
    generate_national(teachers=400, seed=11, say=lambda _line: None)
    today = timezone.localdate()
    year = (today - datetime.timedelta(days=365), today)
    country = assert_same(*year)[0].totals
    assert country.circles and country.members and country.posts and country.teachers
    assert country.meetings and country.recorded > country.present > 0
    assert_same(today - datetime.timedelta(days=45), today - datetime.timedelta(days=10))

    # A member leaves; a teacher in circles moves to a school of another region; a post goes;
    # a meeting was held an hour ago, with its attendance.
    leaving = (
        Membership.objects.filter(status=MembershipStatus.ACTIVE, role=MemberRole.MEMBER)
        .select_related("circle", "user")
        .order_by("pk")
        .first()
    )
    assert leaving is not None
    circle_leave(actor=leaving.user, circle=leaving.circle)
    mover = (
        Membership.objects.filter(status=MembershipStatus.ACTIVE)
        .exclude(user=leaving.user)
        .select_related("user__profile__school")
        .order_by("-pk")
        .first()
    )
    assert mover is not None
    before = mover.user.profile.school
    assert before is not None
    elsewhere = School.objects.exclude(region=before.region).order_by("pk").first()
    assert elsewhere is not None
    profile_set_school(actor=mover.user, user=mover.user, school=elsewhere)
    post = Post.objects.order_by("pk").first()
    assert post is not None
    post.delete()
    circle = leaving.circle
    meeting = Meeting.objects.create(
        circle=circle, starts_at=timezone.now() - datetime.timedelta(hours=1)
    )
    Attendance.objects.create(meeting=meeting, user=leaving.user, present=False)

    assert circle_tallies_pending().changes > 0
    circle_tallies_refresh()
    assert circle_tallies_pending().changes == 0
    after = assert_same(*year)[0].totals
    assert after.left == country.left + 1
    assert after.members == country.members - 1
    assert after.posts == country.posts - 1
    assert after.meetings == country.meetings + 1
    # The mover counts at her new school's region, no longer at the old one's.
    old_region = Place(region=before.region)
    new_region = Place(region=elsewhere.region)
    assert report_from_tallies(place=new_region, since=year[0], until=year[1]).totals.teachers
    assert figures(report_from_tallies(place=old_region, since=year[0], until=year[1])) == (
        figures(report(place=old_region, since=year[0], until=year[1]))
    )
