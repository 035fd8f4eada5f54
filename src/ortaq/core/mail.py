"""E-mails written in each recipient's language.

Every e-mail of the product is made by ``message_to``, called from the ``notices`` module of
its app (``ortaq.courses.notices``…), which says what it is about; the app's ``tasks`` send
them, so that nothing waits for the mail server inside a request or a transaction.
"""

from collections.abc import Callable
from typing import Any, Protocol

from django.core.mail import EmailMessage, EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation


class Recipient(Protocol):
    """Whoever receives an e-mail: an address and the language she reads."""

    @property
    def email(self) -> str: ...

    @property
    def language(self) -> str: ...


def message_to(
    person: Recipient,
    subject: Callable[[], str],
    template: str,
    context: Callable[[], dict[str, Any]] = dict,
    *,
    language: str | None = None,
) -> EmailMultiAlternatives:
    """One e-mail to ``person``: its subject, its body and the links its context builds are all
    made in her language, or in ``language`` when the e-mail carries a document written in
    another (``subject`` and ``context`` are called inside it, so that URLs and translated
    words follow it). The template gets her as ``to``."""
    written_in = language or person.language
    with translation.override(written_in):
        body = render_to_string(template, {**context(), "to": person})
        title = subject()
    return EmailMultiAlternatives(
        subject=title, body=body, to=[person.email], headers={"Content-Language": written_in}
    )


def send_once(key: str, message: EmailMessage) -> bool:
    """Send ``message`` unless the e-mail that ``key`` names (``"certificate-ready:12"``) was
    sent already; say whether it went. A task run again (retried after a crash, or queued twice
    at once) sends nothing more. The key is taken in the same transaction as the sending, so an
    e-mail that could not be sent leaves it free for the retry; a second task sending at the
    same moment waits for the first and then sends nothing."""
    from ortaq.core.models import SentMail

    with transaction.atomic():
        _sent, new = SentMail.objects.get_or_create(key=key)
        if new:
            message.send()
    return new
