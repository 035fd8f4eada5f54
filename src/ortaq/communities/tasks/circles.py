"""E-mails of circles: invitations, requests to join, and meetings planned, moved or cancelled,
each in the recipient's language."""

from django.core.mail import mailers
from django.tasks import task

from ortaq.accounts.models import User
from ortaq.communities import notices
from ortaq.communities.choices import MeetingNews, MembershipStatus, Notify
from ortaq.communities.models import Circle, Meeting, Membership


@task(queue_name="email")
def send_invitations(circle_id: int, user_ids: list[int]) -> int:
    """Invite these people to the circle, unless they have meanwhile answered; one connection
    to the mail server for all of them."""
    circle = Circle.objects.filter(pk=circle_id).first()
    if circle is None:
        return 0
    people = User.objects.filter(
        pk__in=user_ids,
        is_active=True,
        circle_memberships__circle=circle,
        circle_memberships__status=MembershipStatus.INVITED,
    )
    messages = [notices.circle_invitation(person, circle) for person in people]
    return mailers.default.send_messages(messages) or 0


@task(queue_name="email")
def send_meeting(meeting_id: int, news: str = MeetingNews.PLANNED) -> int:
    """Tell the circle's members (all but those who chose nothing) that a meeting is planned,
    has moved, or is cancelled; news that no longer holds (a meeting cancelled meanwhile) is not
    sent."""
    meeting = Meeting.objects.select_related("circle").filter(pk=meeting_id).first()
    if meeting is None or (meeting.cancelled_at is not None) != (news == MeetingNews.CANCELLED):
        return 0
    told = Membership.objects.filter(
        circle_id=meeting.circle_id, status=MembershipStatus.ACTIVE
    ).exclude(notify=Notify.NOTHING)
    people = User.objects.filter(is_active=True, pk__in=told.values("user_id"))
    messages = [notices.meeting_news(person, meeting, news) for person in people]
    return mailers.default.send_messages(messages) or 0


@task(queue_name="email")
def send_join_request(membership_id: int) -> int:
    """Tell the circle's facilitators that someone asks to join (if she still does)."""
    asking = (
        Membership.objects.select_related("circle", "user")
        .filter(pk=membership_id, status=MembershipStatus.REQUESTED)
        .first()
    )
    if asking is None:
        return 0
    facilitators = User.objects.filter(
        is_active=True,
        circle_memberships__circle_id=asking.circle_id,
        circle_memberships__role="facilitator",
        circle_memberships__status=MembershipStatus.ACTIVE,
    )
    messages = [notices.join_request(person, asking) for person in facilitators]
    return mailers.default.send_messages(messages) or 0
