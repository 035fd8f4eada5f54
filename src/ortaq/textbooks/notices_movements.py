"""The movement's e-mails (``core.mail.message_to``): the staff's decision on a team's
application and a moderator's decision on an entry, to each of its team's teachers in her own
language. ``tasks_movements`` sends them."""

from typing import Any

from django.core.mail import EmailMultiAlternatives
from django.urls import reverse
from django.utils.translation import gettext as _

from ortaq.accounts.models import User
from ortaq.core.i18n import localized
from ortaq.core.links import absolute_url
from ortaq.core.mail import message_to
from ortaq.textbooks.choices import EntryStatus, TeamStatus
from ortaq.textbooks.models import Entry, Team

SUBJECTS = {
    EntryStatus.ACCEPTED: lambda: _("Your entry is accepted: %(title)s"),
    EntryStatus.DECLINED: lambda: _("Your entry is declined: %(title)s"),
    EntryStatus.CHANGES: lambda: _("Changes are asked for your entry: %(title)s"),
}


def entry_decided_mail(entry: Entry, person: User) -> EmailMultiAlternatives:
    """Tell one of the team's teachers what the moderators decided, with their note."""

    def context() -> dict[str, Any]:
        return {
            "entry": entry,
            "movement_title": localized(entry.movement, "title"),
            "status": entry.get_status_display(),
            "url": absolute_url(reverse("textbooks:entry", args=[entry.movement.slug, entry.pk])),
            "edit_url": absolute_url(
                reverse("textbooks:entry_edit", args=[entry.movement.slug, entry.pk])
            ),
        }

    return message_to(
        person,
        lambda: SUBJECTS[EntryStatus(entry.status)]() % {"title": entry.title},
        "textbooks/movements/email/entry_decided.txt",
        context,
    )


TEAM_SUBJECTS = {
    TeamStatus.ACCEPTED: lambda: _("Your team is accepted: %(team)s"),
    TeamStatus.DECLINED: lambda: _("Your team is declined: %(team)s"),
}


def team_decided_mail(team: Team, person: User) -> EmailMultiAlternatives:
    """Tell one of the team's teachers whether the movement's staff accepted her team, and
    where she submits its entries once it is."""

    def context() -> dict[str, Any]:
        return {
            "team": team,
            "movement_title": localized(team.movement, "title"),
            "accepted": team.status == TeamStatus.ACCEPTED,
            "url": absolute_url(reverse("textbooks:movement", args=[team.movement.slug])),
        }

    return message_to(
        person,
        lambda: TEAM_SUBJECTS[TeamStatus(team.status)]() % {"team": team.name},
        "textbooks/movements/email/team_decided.txt",
        context,
    )
