"""The journal's e-mails: what each says and to whom (``core.mail.message_to``).

A decision's e-mail quotes the reviewers' comments to the authors as "Reviewer 1", "Reviewer 2":
never their names or addresses."""

from dataclasses import dataclass

from django.core.mail import EmailMultiAlternatives
from django.urls import reverse
from django.utils.translation import gettext as _

from ortaq.accounts.models import User
from ortaq.core.links import absolute_url
from ortaq.core.mail import message_to
from ortaq.journal.models import Decision, Review


@dataclass(frozen=True)
class Person:
    email: str
    language: str


def review_link(review: Review, token: str) -> EmailMultiAlternatives:
    submission = review.submission
    slug = submission.journal.association.slug
    return message_to(
        Person(review.email, review.language),
        lambda: _("A manuscript to review for %(journal)s") % {"journal": submission.journal},
        "journal/email/review_link.txt",
        lambda: {
            "review": review,
            "journal": submission.journal,
            "title": submission.title,
            "url": absolute_url(
                reverse(
                    "journal:review_link",
                    kwargs={"slug": slug, "manuscript_id": submission.pk, "review_token": token},
                )
            ),
        },
    )


def decision(decision: Decision, author: User, reviews: list[Review]) -> EmailMultiAlternatives:
    submission = decision.submission
    slug = submission.journal.association.slug
    return message_to(
        author,
        lambda: _("The editor's decision on “%(title)s”") % {"title": submission.title},
        "journal/email/decision.txt",
        lambda: {
            "decision": decision,
            "submission": submission,
            "journal": submission.journal,
            "comments": [review.to_authors for review in reviews if review.to_authors],
            "url": absolute_url(
                reverse("journal:submission", kwargs={"slug": slug, "manuscript_id": submission.pk})
            ),
        },
    )
