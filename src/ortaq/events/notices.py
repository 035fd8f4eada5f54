"""The e-mails of events: what each says and to whom (``core.mail.message_to``).

Each returns the message in its recipient's language; ``events.tasks`` sends it. A
confirmation and a reminder carry the event as an ``.ics`` file (without the online link,
which only her personal join link opens).
"""

from typing import Any

from django.core.mail import EmailMultiAlternatives
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from ortaq.accounts.models import User
from ortaq.core.links import absolute_url
from ortaq.core.mail import message_to
from ortaq.events.choices import TeamStatus
from ortaq.events.ics import calendar
from ortaq.events.models import Event, Registration, Team

SUBJECTS = {
    "registered": lambda: _("You are registered: %(title)s"),
    "waiting": lambda: _("On the waiting list: %(title)s"),
    "offered": lambda: _("A seat is free for you: %(title)s"),
    "lapsed": lambda: _("Your offered seat has passed on: %(title)s"),
    "reminder": lambda: _("Reminder: %(title)s"),
}
WITH_CALENDAR = frozenset({"registered", "reminder"})


def registration_mail(registration: Registration, kind: str) -> EmailMultiAlternatives:
    """Tell her about her registration: confirmed, waiting, a seat offered (with the time to
    take it), an offer that lapsed, or a reminder the day before."""
    event = registration.event
    person = registration.user

    def context() -> dict[str, Any]:
        token = registration.join_token() if event.is_online else ""
        return {
            "event": event,
            "registration": registration,
            "kind": kind,
            "starts": timezone.localtime(event.starts_at),
            "ends": timezone.localtime(event.ends_at),
            "expires": (
                timezone.localtime(registration.offer_expires_at)
                if registration.offer_expires_at
                else None
            ),
            "url": absolute_url(reverse("events:event", args=[event.slug])),
            "join_url": absolute_url(reverse("events_join", args=[token])) if token else "",
            "checkin_code": registration.checkin_code,
        }

    message = message_to(
        person,
        lambda: SUBJECTS[kind]() % {"title": event.title},
        "events/email/registration.txt",
        context,
    )
    if kind in WITH_CALENDAR:
        message.attach(f"{event.slug}.ics", calendar([event]), "text/calendar")
        # Her QR code for the door (events.attendance): it opens the check-in page with her code.
        from ortaq.events.attendance import checkin_qr_png

        message.attach("check-in.png", checkin_qr_png(registration), "image/png")
    return message


def cancelled_mail(person: User, event: Event) -> EmailMultiAlternatives:
    """Tell someone registered (or waiting) that the event is cancelled, and why."""
    return message_to(
        person,
        lambda: _("Cancelled: %(title)s") % {"title": event.title},
        "events/email/cancelled.txt",
        lambda: {
            "event": event,
            "starts": timezone.localtime(event.starts_at),
            "url": absolute_url(reverse("events:event", args=[event.slug])),
        },
    )


TEAM_SUBJECTS = {
    TeamStatus.ACCEPTED: lambda: _("Your team is accepted: %(team)s"),
    TeamStatus.DECLINED: lambda: _("Your team is declined: %(team)s"),
}


def team_decided_mail(team: Team, person: User) -> EmailMultiAlternatives:
    """Tell one of a school team's leading teachers whether the organisers accepted it."""

    def context() -> dict[str, Any]:
        return {
            "team": team,
            "event": team.event,
            "accepted": team.status == TeamStatus.ACCEPTED,
            "url": absolute_url(reverse("events:teams", args=[team.event.slug])),
        }

    return message_to(
        person,
        lambda: TEAM_SUBJECTS[TeamStatus(team.status)]() % {"team": team.name},
        "events/email/team_decided.txt",
        context,
    )
