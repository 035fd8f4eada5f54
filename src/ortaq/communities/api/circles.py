"""Circles in the API: the circles I may find, one circle, its members, joining and leaving,
and its meetings (place and link only for members and those who run the circle)."""

import datetime

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from django.utils import timezone
from ninja import FilterSchema, Query, Router, Schema
from ninja.pagination import PageNumberPagination, paginate
from ninja.responses import Status
from pydantic import Field

from ortaq.accounts.queries import current_user
from ortaq.communities.choices import MembershipStatus
from ortaq.communities.models import Circle, Meeting, Membership
from ortaq.communities.queries import circles as queries
from ortaq.communities.services import circles as services
from ortaq.communities.services import meetings as meeting_services

router = Router(tags=["circles"])


class CircleOut(Schema):
    id: int
    name: str
    purpose: str
    kind: str
    school_id: int | None
    school_name: str | None
    region_id: int
    district_id: int | None
    visibility: str
    language: str
    archived: bool
    readable: bool = Field(description="False: only this card is shown; ask to join to read on.")
    members: int | None = Field(description="Active members; null when not readable.")
    my_status: str | None = Field(
        description="invited, requested or active (one circle only); null otherwise."
    )


def _circle_out(
    circle: Circle, *, readable: bool, members: int | None, mine: str | None = None
) -> CircleOut:
    return CircleOut(
        id=circle.pk,
        name=circle.name,
        purpose=circle.purpose,
        kind=circle.kind,
        school_id=circle.school_id,
        school_name=circle.school.name if circle.school else None,
        region_id=circle.region_id,
        district_id=circle.district_id,
        visibility=circle.visibility,
        language=circle.language,
        archived=circle.archived_at is not None,
        readable=readable,
        members=members if readable else None,
        my_status=mine,
    )


class CircleFilters(FilterSchema):
    q: str | None = None
    region: int | None = None
    school: int | None = None
    mine: bool = False


@router.get("/circles", response=list[CircleOut], summary="Circles I may read or ask to join")
@paginate(PageNumberPagination)
def list_circles(request: HttpRequest, filters: Query[CircleFilters]) -> list[CircleOut]:
    """My circles first, then those open to every signed-in teacher, those I oversee, and the
    members-only circles of my school or of a network including it (these as a card only)."""
    user = current_user(request)
    found = queries.circles_for(
        user=user,
        q=filters.q or "",
        region_id=filters.region,
        school_id=filters.school,
        mine_only=filters.mine,
    )
    return [
        _circle_out(
            c,
            readable=bool(getattr(c, "readable", False)),
            members=getattr(c, "members", None),
        )
        for c in found
    ]


def _readable(request: HttpRequest, circle_id: int) -> Circle:
    return queries.circle_get_for_user(circle_id=circle_id, user=current_user(request))


@router.get("/circles/{circle_id}", response=CircleOut, summary="One circle")
def get_circle(request: HttpRequest, circle_id: int) -> CircleOut:
    """The circle, or its card alone for a teacher it may take; 404 to anyone else."""
    user = current_user(request)
    circle = queries.circle_get(circle_id=circle_id)
    readable = user.has_perm("communities.view_circle", circle)
    if not readable and not queries.shows_card(user, circle):
        raise Http404
    found = queries.my_membership(user=user, circle=circle)
    members = queries.member_count(circle=circle) if readable else None
    return _circle_out(
        circle, readable=readable, members=members, mine=found.status if found else None
    )


class MembershipOut(Schema):
    user_id: int
    name: str
    role: str
    status: str
    joined_at: datetime.datetime | None


@router.get(
    "/circles/{circle_id}/memberships",
    response=list[MembershipOut],
    summary="The circle's people (members and those who run it)",
)
@paginate(PageNumberPagination)
def list_memberships(request: HttpRequest, circle_id: int) -> list[MembershipOut]:
    """Active members for members; requests and invitations too for facilitators."""
    user = current_user(request)
    circle = _readable(request, circle_id)
    if not user.has_perm("communities.view_meeting_details", circle):
        raise PermissionDenied
    listed = queries.members_of(circle=circle)
    if not user.has_perm("communities.manage_members", circle):
        listed = listed.filter(status=MembershipStatus.ACTIVE)
    return [
        MembershipOut(
            user_id=m.user_id,
            name=m.user.get_full_name() or m.user.email,
            role=m.role,
            status=m.status,
            joined_at=m.joined_at,
        )
        for m in listed
    ]


class JoinIn(Schema):
    message: str = Field("", max_length=500)


class MyMembershipOut(Schema):
    circle_id: int
    role: str
    status: str
    notify: str


@router.post(
    "/circles/{circle_id}/membership",
    response=MyMembershipOut,
    summary="Ask to join, or accept my invitation (repeating it changes nothing)",
)
def join(request: HttpRequest, circle_id: int, body: JoinIn) -> Membership:
    user = current_user(request)
    circle = queries.circle_get(circle_id=circle_id)
    if not (user.has_perm("communities.view_circle", circle) or queries.shows_card(user, circle)):
        raise Http404
    return services.join_request(actor=user, circle=circle, message=body.message)


@router.delete(
    "/circles/{circle_id}/membership", response=MyMembershipOut, summary="Leave the circle"
)
def leave(request: HttpRequest, circle_id: int) -> Membership:
    user = current_user(request)
    circle = queries.circle_get(circle_id=circle_id)
    if queries.my_membership(user=user, circle=circle) is None:
        raise Http404
    return services.circle_leave(actor=user, circle=circle)


class MeetingOut(Schema):
    id: int
    circle_id: int
    starts_at: datetime.datetime
    duration_minutes: int
    cancelled: bool
    agenda: str
    notes: str
    place: str | None = Field(description="Only for members and those who run the circle.")
    online_url: str | None = Field(description="Only for members and those who run the circle.")
    came: int | None = Field(description="How many came, once attendance is recorded.")


def _meeting_out(meeting: Meeting, *, details: bool) -> MeetingOut:
    return MeetingOut(
        id=meeting.pk,
        circle_id=meeting.circle_id,
        starts_at=meeting.starts_at,
        duration_minutes=meeting.duration_minutes,
        cancelled=meeting.cancelled_at is not None,
        agenda=meeting.agenda,
        notes=meeting.notes,
        place=meeting.place if details else None,
        online_url=meeting.online_url if details else None,
        came=getattr(meeting, "came", None),
    )


@router.get(
    "/circles/{circle_id}/meetings", response=list[MeetingOut], summary="The circle's meetings"
)
@paginate(PageNumberPagination)
def list_meetings(request: HttpRequest, circle_id: int) -> list[MeetingOut]:
    circle = _readable(request, circle_id)
    details = current_user(request).has_perm("communities.view_meeting_details", circle)
    return [_meeting_out(m, details=details) for m in queries.meetings_of(circle=circle)]


@router.get(
    "/circles/{circle_id}/meetings/{meeting_id}", response=MeetingOut, summary="One meeting"
)
def get_meeting(request: HttpRequest, circle_id: int, meeting_id: int) -> MeetingOut:
    circle = _readable(request, circle_id)
    details = current_user(request).has_perm("communities.view_meeting_details", circle)
    return _meeting_out(queries.meeting_get(circle=circle, meeting_id=meeting_id), details=details)


class MeetingIn(Schema):
    starts_at: datetime.datetime = Field(description="With a UTC offset; without one, UTC+5.")
    duration_minutes: int = Field(60, ge=5, le=600)
    place: str = Field("", max_length=300)
    online_url: str = Field("", max_length=200)
    agenda: str = ""


@router.post(
    "/circles/{circle_id}/meetings",
    response={201: MeetingOut},
    summary="Plan a meeting (facilitators); the members are told by e-mail",
)
def create_meeting(request: HttpRequest, circle_id: int, body: MeetingIn) -> Status[MeetingOut]:
    circle = _readable(request, circle_id)
    starts_at = body.starts_at
    if starts_at.tzinfo is None:
        starts_at = timezone.make_aware(starts_at)
    meeting = meeting_services.meeting_save(
        actor=current_user(request),
        circle=circle,
        starts_at=starts_at,
        duration_minutes=body.duration_minutes,
        place=body.place,
        online_url=body.online_url,
        agenda=body.agenda,
    )
    return Status(201, _meeting_out(meeting, details=True))
