"""The e-mails of the accounts app: what each says and to whom (``core.mail.message_to``)."""

from django.core.mail import EmailMultiAlternatives
from django.utils.translation import gettext as _

from ortaq.accounts.models import User
from ortaq.core.mail import message_to


def invitation(user: User, *, url: str, days: int) -> EmailMultiAlternatives:
    """Invite an imported teacher to choose her password through ``url`` (valid ``days``)."""
    return message_to(
        user,
        lambda: _("You are invited to Ortaq"),
        "accounts/email/invitation.txt",
        lambda: {"user": user, "url": url, "days": days},
    )
