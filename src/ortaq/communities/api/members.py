"""A circle's people in the API. Everyone: ask to join, accept or decline an invitation, leave,
choose her e-mails. Facilitators: invite a school's teachers or people by e-mail, accept or
decline requests, make facilitators, take people out. Each call repeated changes nothing more."""

import datetime
from typing import Literal

from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja import Router, Schema
from ninja.pagination import paginate
from pydantic import Field

from ortaq.accounts.models import User
from ortaq.accounts.queries import current_user
from ortaq.communities.api.circles import circle_or_card, readable_circle
from ortaq.communities.choices import MemberRole, MembershipStatus, Notify
from ortaq.communities.models import Circle, Membership
from ortaq.communities.queries import circles as queries
from ortaq.communities.services import circles as services
from ortaq.core.errors import DomainError
from ortaq.core.pagination import Mapped, Pages
from ortaq.schools.models import School

router = Router(tags=["circles"])
# Who has given no name is named so to ordinary members: her e-mail is for facilitators only.
NAMELESS = gettext_lazy("Name not given")
MANAGE = "communities.manage_members"


class MembershipOut(Schema):
    """A person of the circle: her e-mail and message only for the circle's facilitators."""

    user_id: int
    name: str = Field(
        description="Her full name; without one, her e-mail for the circle's facilitators and "
        "a neutral label for everyone else."
    )
    role: str
    status: str
    joined_at: datetime.datetime | None
    email: str | None = Field(description="Only for the circle's facilitators.")
    message: str | None = Field(
        description="What she wrote when asking to join; only for the circle's facilitators."
    )

    @classmethod
    def of(cls, membership: Membership, *, for_manager: bool) -> "MembershipOut":
        """The membership as the reader sees it (``for_manager``: she manages the circle's
        people and sees their e-mails and messages)."""
        person = membership.user
        return cls(
            user_id=membership.user_id,
            name=person.get_full_name() or (person.email if for_manager else str(NAMELESS)),
            role=membership.role,
            status=membership.status,
            joined_at=membership.joined_at,
            email=person.email if for_manager else None,
            message=membership.message if for_manager else None,
        )


@router.get(
    "/circles/{circle_id}/memberships",
    response=list[MembershipOut],
    summary="The circle's people (members and those who run it)",
)
@paginate(Pages)
def list_memberships(request: HttpRequest, circle_id: int) -> Mapped[Membership, MembershipOut]:
    """Active members for members; requests and invitations too for facilitators. The
    queryset is paginated in SQL: a page reads its people only."""
    circle = readable_circle(request, circle_id, needs="communities.view_meeting_details")
    manager = current_user(request).has_perm(MANAGE, circle)
    listed = queries.members_of(circle=circle)
    if not manager:
        listed = listed.filter(status=MembershipStatus.ACTIVE)
    return Mapped(listed, lambda membership: MembershipOut.of(membership, for_manager=manager))


def _managed(request: HttpRequest, circle_id: int, user_id: int) -> Membership:
    """Someone's membership, for one of the circle's facilitators (403 for its other readers,
    404 for the rest)."""
    circle = readable_circle(request, circle_id, needs=MANAGE)
    return queries.membership_get(circle=circle, user_id=user_id)


class InviteIn(Schema):
    emails: list[str] = Field(default_factory=list, max_length=500)
    school_id: int | None = Field(None, description="Invite every teacher of this school.")


class InvitedOut(Schema):
    invited: list[str] = Field(description="Addresses invited now (e-mailed once committed).")
    already: list[str] = Field(description="Addresses already in the circle or invited.")
    unknown: list[str] = Field(description="Addresses of nobody on Ortaq: nothing was sent.")


@router.post(
    "/circles/{circle_id}/invitations",
    response=InvitedOut,
    summary="Invite a school's teachers, or people by e-mail (facilitators)",
)
def invite(request: HttpRequest, circle_id: int, body: InviteIn) -> InvitedOut:
    circle = readable_circle(request, circle_id, needs=MANAGE)
    actor = current_user(request)
    if (body.school_id is None) == (not body.emails):
        raise DomainError(_("Name either a school or e-mail addresses."), code="invite")
    if body.school_id is not None:
        school = School.objects.filter(pk=body.school_id).first()
        if school is None:
            raise DomainError(_("That school is not part of this circle."), code="school")
        result = services.members_invite_school(actor=actor, circle=circle, school=school)
    else:
        result = services.members_invite_emails(actor=actor, circle=circle, emails=body.emails)
    return InvitedOut(
        invited=[p.email for p in result.invited], already=result.already, unknown=result.unknown
    )


class DecisionIn(Schema):
    accept: bool


@router.post(
    "/circles/{circle_id}/memberships/{user_id}/decision",
    response=MembershipOut,
    summary="Accept or decline a request to join (facilitators)",
)
def decide(request: HttpRequest, circle_id: int, user_id: int, body: DecisionIn) -> MembershipOut:
    found = _managed(request, circle_id, user_id)
    if found.status == MembershipStatus.INVITED:
        raise DomainError(_("She has not asked to join: she is invited."), code="no_request")
    decided = services.request_decide(
        actor=current_user(request), membership=found, accept=body.accept
    )
    return MembershipOut.of(decided, for_manager=True)


class RoleIn(Schema):
    role: Literal[MemberRole.MEMBER, MemberRole.FACILITATOR]


@router.patch(
    "/circles/{circle_id}/memberships/{user_id}",
    response=MembershipOut,
    summary="Make a member a facilitator, or a facilitator a member (facilitators)",
)
def set_role(request: HttpRequest, circle_id: int, user_id: int, body: RoleIn) -> MembershipOut:
    found = _managed(request, circle_id, user_id)
    changed = services.member_set_role(
        actor=current_user(request), membership=found, role=body.role
    )
    return MembershipOut.of(changed, for_manager=True)


@router.delete(
    "/circles/{circle_id}/memberships/{user_id}",
    response=MembershipOut,
    summary="Take someone out, or withdraw her invitation (facilitators; never the last one)",
)
def remove(request: HttpRequest, circle_id: int, user_id: int) -> MembershipOut:
    found = _managed(request, circle_id, user_id)
    gone = services.member_remove(actor=current_user(request), membership=found)
    return MembershipOut.of(gone, for_manager=True)


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
    circle, _readable = circle_or_card(user, circle_id)
    return services.join_request(actor=user, circle=circle, message=body.message)


def _my_membership(user: User, circle_id: int) -> tuple[Circle, Membership]:
    """The circle and her membership of it (in any status but gone); 404 without one."""
    circle = queries.circle_get(circle_id=circle_id)
    mine = queries.my_membership(user=user, circle=circle)
    if mine is None:
        raise Http404
    return circle, mine


class NotifyIn(Schema):
    notify: Literal[Notify.EACH_POST, Notify.DAILY_DIGEST, Notify.NOTHING]


@router.patch(
    "/circles/{circle_id}/membership",
    response=MyMembershipOut,
    summary="Choose my e-mails: each post, a daily digest, or nothing",
)
def choose_notify(request: HttpRequest, circle_id: int, body: NotifyIn) -> Membership:
    user = current_user(request)
    circle, _mine = _my_membership(user, circle_id)
    return services.notify_set(actor=user, circle=circle, notify=body.notify)


@router.delete(
    "/circles/{circle_id}/membership",
    response=MyMembershipOut,
    summary="Leave the circle, or decline my invitation",
)
def leave(request: HttpRequest, circle_id: int) -> Membership:
    user = current_user(request)
    circle, mine = _my_membership(user, circle_id)
    if mine.status == MembershipStatus.INVITED:
        return services.invitation_answer(actor=user, circle=circle, accept=False)
    return services.circle_leave(actor=user, circle=circle)
