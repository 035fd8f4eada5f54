"""The e-mails of the courses app: what each says and to whom (``core.mail.message_to``).

Each function returns the message, made in its recipient's language; the tasks send it.
"""

from django.core.mail import EmailMultiAlternatives
from django.urls import reverse
from django.utils.translation import gettext as _

from ortaq.accounts.models import User
from ortaq.core.links import absolute_url
from ortaq.core.mail import message_to
from ortaq.courses.models import Enrollment, ReflectionSubmission


def _link(name: str, **kwargs: int) -> str:
    return absolute_url(reverse(name, kwargs=kwargs))


def reminder(enrollment: Enrollment) -> EmailMultiAlternatives:
    """Remind a teacher that her course waits for her (``services.reminders`` says when)."""
    user = enrollment.user
    return message_to(
        user,
        lambda: _("Your course is waiting for you"),
        "courses/email/reminder.txt",
        lambda: {
            "enrollment": enrollment,
            "user": user,
            "url": _link("courses:course", course_id=enrollment.course_id),
        },
    )


def reflection_waiting(person: User, submission: ReflectionSubmission) -> EmailMultiAlternatives:
    """Tell a facilitator (or a trainer) that a reflection waits for her review."""
    course = submission.activity.module.course
    return message_to(
        person,
        lambda: _("A reflection to review: %(title)s") % {"title": course.title},
        "courses/email/reflection_waiting.txt",
        lambda: {
            "submission": submission,
            "course": course,
            "url": _link("courses:review", course_id=course.pk, submission_id=submission.pk),
        },
    )


def completed(enrollment: Enrollment) -> EmailMultiAlternatives:
    """Tell a teacher that she has completed the course, and where her certificates are."""
    course = enrollment.course
    return message_to(
        enrollment.user,
        lambda: _("You have completed the course: %(title)s") % {"title": course.title},
        "courses/email/completed.txt",
        lambda: {
            "course": course,
            "url": _link("courses:course", course_id=course.pk),
            "certificates": absolute_url(reverse("certificates:mine")),
        },
    )


def reflection_returned(submission: ReflectionSubmission) -> EmailMultiAlternatives:
    """Tell the teacher her reflection came back for changes, with what to change."""
    user = submission.enrollment.user
    activity = submission.activity
    course = activity.module.course
    return message_to(
        user,
        lambda: _("Your reflection came back for changes: %(title)s") % {"title": course.title},
        "courses/email/reflection_returned.txt",
        lambda: {
            "submission": submission,
            "course": course,
            "url": _link("courses:activity", course_id=course.pk, activity_id=activity.pk),
        },
    )
