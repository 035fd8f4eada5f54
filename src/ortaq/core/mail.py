"""E-mails written in each recipient's language."""

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import translation

if TYPE_CHECKING:
    from ortaq.core.actors import Account


def message_to(
    person: "Account",
    subject: Callable[[], str],
    template: str,
    context: Callable[[], dict[str, Any]] = dict,
) -> EmailMultiAlternatives:
    """One e-mail to ``person``: its subject, its body and the links its context builds are all
    made in her language (``subject`` and ``context`` are called inside it, so that URLs and
    translated words follow it). The template gets her as ``to``."""
    with translation.override(person.language):
        body = render_to_string(template, {**context(), "to": person})
        title = subject()
    return EmailMultiAlternatives(subject=title, body=body, to=[person.email])
