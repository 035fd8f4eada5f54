"""E-mails of circles: invitations, requests to join, and meetings planned, moved or cancelled,
each in the recipient's language."""

from typing import Any

from django.core.mail import mailers
from django.tasks import task
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from ortaq.accounts.models import User
from ortaq.communities.choices import MeetingNews, MembershipStatus, Notify
from ortaq.communities.models import Circle, Meeting, Membership
from ortaq.core.links import absolute_url
from ortaq.core.mail import message_to


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
    messages = [
        message_to(
            person,
            lambda: _("You are invited to the circle “%(name)s”") % {"name": circle.name},
            "communities/email/invitation.txt",
            lambda: {
                "circle": circle,
                "url": absolute_url(reverse("communities:circle", args=[circle.pk])),
            },
        )
        for person in people
    ]
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
    when = timezone.localtime(meeting.starts_at)
    values = {"name": meeting.circle.name, "date": when.strftime("%d.%m.%Y %H:%M")}

    def subject() -> str:
        if news == MeetingNews.CANCELLED:
            return _("Cancelled: the meeting of “%(name)s” on %(date)s") % values
        if news == MeetingNews.CHANGED:
            return _("Changed: the meeting of “%(name)s”, now on %(date)s") % values
        return _("A meeting of “%(name)s” on %(date)s") % values

    def context() -> dict[str, Any]:
        url = absolute_url(reverse("communities:meeting", args=[meeting.circle_id, meeting.pk]))
        return {"meeting": meeting, "when": when, "url": url, "news": news}

    messages = [
        message_to(person, subject, "communities/email/meeting.txt", context) for person in people
    ]
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
    messages = [
        message_to(
            person,
            lambda: (
                _("%(name)s asks to join “%(circle)s”")
                % {"name": asking.user.get_full_name(), "circle": asking.circle.name}
            ),
            "communities/email/join_request.txt",
            lambda: {
                "asking": asking,
                "url": absolute_url(reverse("communities:members", args=[asking.circle_id])),
            },
        )
        for person in facilitators
    ]
    return mailers.default.send_messages(messages) or 0
