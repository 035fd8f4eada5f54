"""The e-mails of the call for contributions: the decision told to each author (in her
language: her account's, or the contribution's for an author without one), and a review asked
of a reviewer. Neither names a reviewer; a blind call's request names no author."""

from dataclasses import dataclass
from typing import Any

from django.core.mail import EmailMultiAlternatives
from django.urls import reverse
from django.utils.translation import gettext as _

from ortaq.core.links import absolute_url
from ortaq.core.mail import message_to
from ortaq.events.choices import ContributionStatus
from ortaq.events.models import Contribution, ContributionAuthor, ReviewAssignment


@dataclass(frozen=True)
class Guest:
    """An author without an account: her address, her name, and the language she wrote in."""

    email: str
    language: str
    name: str

    def get_short_name(self) -> str:
        return self.name


def decision_mail(
    author: ContributionAuthor, contribution: Contribution, comments: list[str]
) -> EmailMultiAlternatives:
    """Tell one author that the contribution is accepted or declined, with the reviewers'
    comments to authors (never their names)."""
    person: Any = author.user if author.user is not None and author.user.is_active else None
    if person is None:
        person = Guest(author.email, contribution.language, author.name)
    accepted = contribution.status == ContributionStatus.ACCEPTED
    event = contribution.event

    def subject() -> str:
        if accepted:
            return _("Accepted: %(title)s") % {"title": contribution.title}
        return _("Not accepted: %(title)s") % {"title": contribution.title}

    return message_to(
        person,
        subject,
        "events/programme/email/decision.txt",
        lambda: {
            "contribution": contribution,
            "event": event,
            "accepted": accepted,
            "comments": comments,
            "url": absolute_url(reverse("events:event", args=[event.slug])),
        },
    )


def review_request_mail(assignment: ReviewAssignment) -> EmailMultiAlternatives:
    """Ask a reviewer for her review (the title only: a blind call names no author)."""
    contribution = assignment.contribution
    return message_to(
        assignment.reviewer,
        lambda: _("A contribution to review: %(title)s") % {"title": contribution.title},
        "events/programme/email/review_request.txt",
        lambda: {
            "contribution": contribution,
            "event": contribution.event,
            "url": absolute_url(
                reverse("events:review", args=[contribution.event.slug, assignment.pk])
            ),
        },
    )
