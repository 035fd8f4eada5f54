"""Circles in the API: the circles I may find, one circle, its members, joining and leaving,
and its meetings (the place and link for members only)."""

from datetime import datetime

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from ninja import FilterSchema, Query, Router, Schema
from ninja.pagination import PageNumberPagination, paginate
from ninja.responses import Status

from ortaq.accounts.queries import current_user
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
    visibility: str
    language: str
    school_id: int | None
    region_id: int
    district_id: int | None
    archived: bool

    @staticmethod
    def resolve_archived(circle: Circle) -> bool:
        return circle.archived_at is not None


class CircleFilters(FilterSchema):
    q: str | None = None
    region: int | None = None
    mine: bool | None = None


class MembershipOut(Schema):
    user_id: int
    name: str
    role: str
    status: str
    joined_at: datetime | None

    @staticmethod
    def resolve_name(membership: Membership) -> str:
        return membership.user.get_full_name()


class MeetingOut(Schema):
    id: int
    starts_at: datetime
    duration_minutes: int
    agenda: str
    notes: str
    cancelled: bool
    place: str | None
    online_url: str | None


class MeetingIn(Schema):
    starts_at: datetime
    duration_minutes: int = 60
    place: str = ""
    online_url: str = ""
    agenda: str = ""


class JoinIn(Schema):
    message: str = ""


def _circle(request: HttpRequest, circle_id: int) -> Circle:
    return queries.circle_get_for_user(circle_id=circle_id, user=current_user(request))


def _meeting_out(meeting: Meeting, details: bool) -> MeetingOut:
    return MeetingOut(
        id=meeting.pk,
        starts_at=meeting.starts_at,
        duration_minutes=meeting.duration_minutes,
        agenda=meeting.agenda,
        notes=meeting.notes,
        cancelled=meeting.cancelled_at is not None,
        place=meeting.place if details else None,
        online_url=meeting.online_url if details else None,
    )


@router.get("/circles", response=list[CircleOut], summary="Circles I may find")
@paginate(PageNumberPagination)
def list_circles(request: HttpRequest, filters: Query[CircleFilters]) -> object:
    found = queries.circles_for(
        user=current_user(request), q=filters.q or "", region_id=filters.region
    )
    # ``mine`` is an annotation of circles_for, which the type checker cannot see.
    return found.filter(mine=True) if filters.mine else found  # type: ignore[misc]


@router.get("/circles/{circle_id}", response=CircleOut, summary="One circle (readers only)")
def get_circle(request: HttpRequest, circle_id: int) -> Circle:
    return _circle(request, circle_id)


@router.get(
    "/circles/{circle_id}/memberships",
    response=list[MembershipOut],
    summary="The circle's members (members and those who run it)",
)
@paginate(PageNumberPagination)
def memberships(request: HttpRequest, circle_id: int) -> object:
    circle = _circle(request, circle_id)
    user = current_user(request)
    found = queries.members_of(circle=circle)
    if user.has_perm("communities.manage_members", circle):
        return found
    if not user.has_perm("communities.view_meeting_details", circle):
        raise PermissionDenied
    return found.filter(status="active")


@router.post(
    "/circles/{circle_id}/membership",
    response=MembershipOut,
    summary="Ask to join, or accept my invitation (repeating changes nothing)",
)
def join(request: HttpRequest, circle_id: int, data: JoinIn) -> Membership:
    user = current_user(request)
    circle = queries.circle_get(circle_id=circle_id)
    mine = Membership.objects.filter(circle=circle, user=user).first()
    if mine is None and not (
        user.has_perm("communities.view_circle", circle) or queries.shows_card(user, circle)
    ):
        raise PermissionDenied
    return services.join_request(actor=user, circle=circle, message=data.message)


@router.delete("/circles/{circle_id}/membership", response=MembershipOut, summary="Leave")
def leave(request: HttpRequest, circle_id: int) -> Membership:
    user = current_user(request)
    return services.circle_leave(actor=user, circle=queries.circle_get(circle_id=circle_id))


@router.get("/circles/{circle_id}/meetings", response=list[MeetingOut], summary="Meetings")
@paginate(PageNumberPagination)
def meetings(request: HttpRequest, circle_id: int) -> list[MeetingOut]:
    circle = _circle(request, circle_id)
    details = current_user(request).has_perm("communities.view_meeting_details", circle)
    return [_meeting_out(m, details) for m in queries.meetings_of(circle=circle)]


@router.get("/circles/{circle_id}/meetings/{meeting_id}", response=MeetingOut, summary="A meeting")
def meeting(request: HttpRequest, circle_id: int, meeting_id: int) -> MeetingOut:
    circle = _circle(request, circle_id)
    found = queries.meeting_get(circle=circle, meeting_id=meeting_id)
    return _meeting_out(
        found, current_user(request).has_perm("communities.view_meeting_details", circle)
    )


@router.post(
    "/circles/{circle_id}/meetings",
    response={201: MeetingOut},
    summary="Plan a meeting (facilitators); the members are told",
)
def create_meeting(request: HttpRequest, circle_id: int, data: MeetingIn) -> Status[MeetingOut]:
    circle = _circle(request, circle_id)
    created = meeting_services.meeting_save(
        actor=current_user(request),
        circle=circle,
        starts_at=data.starts_at,
        duration_minutes=data.duration_minutes,
        place=data.place,
        online_url=data.online_url,
        agenda=data.agenda,
    )
    return Status(201, _meeting_out(created, True))
