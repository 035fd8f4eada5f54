"""The e-mails of circles and projects: what each says and to whom (``core.mail.message_to``).

Each function returns the message, made in its recipient's language; the tasks send it.
"""

from collections.abc import Callable
from typing import Any

from django.core.mail import EmailMultiAlternatives
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from ortaq.accounts.models import User
from ortaq.communities.choices import MeetingNews
from ortaq.communities.models import Assessment, Circle, Comment, Meeting, Membership, Project
from ortaq.core.links import absolute_url
from ortaq.core.mail import message_to


def circle_invitation(person: User, circle: Circle) -> EmailMultiAlternatives:
    """Invite someone to a circle."""
    return message_to(
        person,
        lambda: _("You are invited to the circle “%(name)s”") % {"name": circle.name},
        "communities/email/invitation.txt",
        lambda: {
            "circle": circle,
            "url": absolute_url(reverse("communities:circle", args=[circle.pk])),
        },
    )


def meeting_news(person: User, meeting: Meeting, news: str) -> EmailMultiAlternatives:
    """Tell a member that a meeting of her circle is planned, has moved, or is cancelled."""
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

    return message_to(person, subject, "communities/email/meeting.txt", context)


def join_request(person: User, asking: Membership) -> EmailMultiAlternatives:
    """Tell a facilitator that someone asks to join her circle."""
    return message_to(
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


def _about_project(
    person: User,
    project: Project,
    subject: Callable[[], str],
    template: str,
    **context: object,
) -> EmailMultiAlternatives:
    """One e-mail about ``project``, with its link, all of it in ``person``'s language."""
    return message_to(
        person,
        subject,
        template,
        lambda: {
            **context,
            "project": project,
            "url": absolute_url(reverse("communities:project", args=[project.pk])),
        },
    )


def project_submitted(person: User, project: Project) -> EmailMultiAlternatives:
    """Tell a facilitator (or a methodologist) that a portfolio waits for her assessment."""
    return _about_project(
        person,
        project,
        lambda: _("A portfolio to assess: %(title)s") % {"title": project.title},
        "communities/email/project_submitted.txt",
    )


def project_assessed(assessment: Assessment) -> EmailMultiAlternatives:
    """Tell the teacher that her portfolio was accepted or returned, with the comment."""
    project = assessment.project
    return _about_project(
        project.owner,
        project,
        lambda: (
            (
                _("Your portfolio is accepted: %(title)s")
                if assessment.accepted
                else _("Your portfolio is returned for changes: %(title)s")
            )
            % {"title": project.title}
        ),
        "communities/email/project_assessed.txt",
        assessment=assessment,
    )


def project_comment(person: User, comment: Comment) -> EmailMultiAlternatives:
    """Pass a comment on a project to its owner or her facilitators."""
    project = comment.project
    return _about_project(
        person,
        project,
        lambda: _("A comment on the project “%(title)s”") % {"title": project.title},
        "communities/email/project_comment.txt",
        comment=comment,
    )
