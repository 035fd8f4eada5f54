"""The library's review e-mails, each in its recipient's language (``core.mail.message_to``):
a moderator told of a submission, an expert of her assignment, the authors of changes asked
or of publication. An expert is never named in them unless she agreed."""

from django.core.mail import EmailMultiAlternatives
from django.urls import reverse
from django.utils.translation import gettext as _

from ortaq.accounts.models import User
from ortaq.core.links import absolute_url
from ortaq.core.mail import message_to
from ortaq.library.models import Assignment, Version


def _resource_url(version: Version) -> str:
    return absolute_url(reverse("library:resource", kwargs={"resource_id": version.resource_id}))


def submitted(version: Version, moderator: User) -> EmailMultiAlternatives:
    return message_to(
        moderator,
        lambda: _("A library resource to check: “%(title)s”") % {"title": version.title},
        "library/email/submitted.txt",
        lambda: {
            "version": version,
            "url": absolute_url(
                reverse("library:moderation_check", kwargs={"version_id": version.pk})
            ),
        },
    )


def assigned(assignment: Assignment) -> EmailMultiAlternatives:
    version = assignment.version
    return message_to(
        assignment.expert,
        lambda: _("A library resource to review: “%(title)s”") % {"title": version.title},
        "library/email/assigned.txt",
        lambda: {
            "version": version,
            "assignment": assignment,
            "url": absolute_url(
                reverse("library:review", kwargs={"expert_review_id": assignment.pk})
            ),
        },
    )


def changes(version: Version, author: User) -> EmailMultiAlternatives:
    return message_to(
        author,
        lambda: _("Changes are asked in “%(title)s”") % {"title": version.title},
        "library/email/changes.txt",
        lambda: {"version": version, "url": _resource_url(version)},
    )


def published(version: Version, author: User) -> EmailMultiAlternatives:
    return message_to(
        author,
        lambda: _("“%(title)s” is published in the library") % {"title": version.title},
        "library/email/published.txt",
        lambda: {"version": version, "url": _resource_url(version)},
    )
