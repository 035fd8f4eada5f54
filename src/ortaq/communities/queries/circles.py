"""Reads of circles and meetings for the pages and the API, each a fixed number of queries."""

from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    When,
)
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import timezone

from ortaq.accounts.models import User
from ortaq.communities.choices import MemberRole, MembershipStatus
from ortaq.communities.models import Attendance, Circle, Meeting, Membership, Thread
from ortaq.communities.permissions import membership_of

ACTIVE = MembershipStatus.ACTIVE


def circles_for(
    *,
    user: User,
    q: str = "",
    region_id: int | None = None,
    school_id: int | None = None,
    mine_only: bool = False,
) -> QuerySet[Circle]:
    """The live circles she may find (``Circle.objects.findable_by``): those she may read and
    those that show her their card, with ``readable`` and the number of members; hers (in any
    status but gone) first."""
    mine = Membership.objects.filter(
        circle=OuterRef("pk"),
        user_id=user.pk,
        status__in=[ACTIVE, MembershipStatus.INVITED, MembershipStatus.REQUESTED],
    )
    member = Membership.objects.filter(circle=OuterRef("pk"), user_id=user.pk, status=ACTIVE)
    found = (
        Circle.objects.findable_by(user)
        .filter(archived_at__isnull=True)
        .annotate(mine=Exists(mine), member=Exists(member))
    )
    if q:
        found = found.filter(name__icontains=q.strip())
    if region_id:
        found = found.filter(region_id=region_id)
    if school_id:
        networks = Circle.schools.through.objects.filter(school_id=school_id).values("circle_id")
        found = found.filter(Q(school_id=school_id) | Q(pk__in=networks))
    if mine_only:
        found = found.filter(member=True)
    # Counted for the rows of the page only (after the sort and the limit), not grouped over
    # every membership of every circle: at national size that grouping cost seconds.
    members = Subquery(
        Membership.objects.filter(circle=OuterRef("pk"), status=ACTIVE)
        .order_by()
        .values("circle")
        .annotate(n=Count("pk"))
        .values("n"),
        output_field=IntegerField(),
    )
    return (
        found.select_related("school", "region", "district")
        .annotate(members=Coalesce(members, 0))
        .with_readable(user)
        .order_by("-mine", "name", "pk")
    )


def circle_get(*, circle_id: int) -> Circle:
    circle = (
        Circle.objects.select_related("school", "region", "district").filter(pk=circle_id).first()
    )
    if circle is None:
        raise Http404
    return circle


def circle_get_for_user(*, circle_id: int, user: User | AnonymousUser) -> Circle:
    """The circle, if she may read it; 404 otherwise (a private circle reveals nothing)."""
    circle = circle_get(circle_id=circle_id)
    if not user.has_perm("communities.view_circle", circle):
        raise Http404
    return circle


def my_membership(*, user: User | AnonymousUser, circle: Circle) -> Membership | None:
    """Her membership of the circle in any status but gone, or None."""
    found = membership_of(user, circle)
    return None if found is None or found.status == MembershipStatus.LEFT else found


def member_count(*, circle: Circle) -> int:
    return Membership.objects.filter(circle=circle, status=ACTIVE).count()


@dataclass
class CirclePage:
    circle: Circle
    membership: Membership | None
    facilitators: list[User]
    members: int
    requests: int
    upcoming: list[Meeting]
    recent: list[Meeting]
    threads: list[Thread]
    schools: list[Any]


def circle_page(*, circle: Circle, user: User | AnonymousUser) -> CirclePage:
    """What the circle's page shows, in a fixed number of queries."""
    now = timezone.now()
    counts = Membership.objects.filter(circle=circle).aggregate(
        members=Count("pk", filter=Q(status=ACTIVE)),
        requests=Count("pk", filter=Q(status=MembershipStatus.REQUESTED)),
    )
    facilitators = list(
        User.objects.filter(
            circle_memberships__circle=circle,
            circle_memberships__role=MemberRole.FACILITATOR,
            circle_memberships__status=ACTIVE,
        ).order_by("last_name", "first_name")
    )
    meetings = Meeting.objects.filter(circle=circle, cancelled_at__isnull=True)
    return CirclePage(
        circle=circle,
        membership=membership_of(user, circle),
        facilitators=facilitators,
        members=counts["members"],
        requests=counts["requests"],
        upcoming=list(meetings.filter(starts_at__gte=now).order_by("starts_at")[:3]),
        recent=list(meetings.filter(starts_at__lt=now).order_by("-starts_at")[:3]),
        threads=list(
            Thread.objects.filter(circle=circle, post_count__gt=0).order_by(
                F("pinned_at").desc(nulls_last=True), "-last_post_at", "-pk"
            )[:5]
        ),
        schools=list(circle.schools.select_related("district")) if circle.kind == "network" else [],
    )


def members_of(*, circle: Circle) -> QuerySet[Membership]:
    """Everyone with a membership row, active first, then requests, then invitations."""
    return (
        Membership.objects.filter(circle=circle)
        .exclude(status=MembershipStatus.LEFT)
        .select_related("user__profile__school")
        .order_by("status", "-role", "user__last_name", "user__first_name")
    )


def membership_get(*, circle: Circle, user_id: int) -> Membership:
    """Someone's membership of the circle (not one she left), for those who run it; 404 else."""
    found = members_of(circle=circle).filter(user_id=user_id).first()
    if found is None:
        raise Http404
    return found


def meetings_of(*, circle: Circle) -> QuerySet[Meeting]:
    """A circle's meetings with how many came: the coming ones soonest first, then the past
    ones latest first (so the next meeting heads the first page)."""
    now = timezone.now()
    return (
        Meeting.objects.filter(circle=circle)
        .annotate(
            came=Count("attendance", filter=Q(attendance__present=True)),
            past=Case(When(starts_at__gte=now, then=False), default=True),
            coming_at=Case(When(starts_at__gte=now, then=F("starts_at"))),
        )
        .order_by("past", F("coming_at").asc(nulls_last=True), "-starts_at")
    )


def meeting_get(*, circle: Circle, meeting_id: int) -> Meeting:
    meeting = (
        Meeting.objects.filter(circle=circle, pk=meeting_id).select_related("notes_by").first()
    )
    if meeting is None:
        raise Http404
    return meeting


def attendance_of(*, meeting: Meeting) -> list[tuple[User, bool | None]]:
    """Every active member with whether she came (None when not recorded)."""
    recorded = dict(Attendance.objects.filter(meeting=meeting).values_list("user_id", "present"))
    people = User.objects.filter(
        circle_memberships__circle_id=meeting.circle_id, circle_memberships__status=ACTIVE
    ).order_by("last_name", "first_name")
    return [(person, recorded.get(person.pk)) for person in people]
