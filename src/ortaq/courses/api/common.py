"""What the courses API's endpoints share: finding a course's activity for the caller, her
enrolment, and refusing a bad filter or field in the same JSON shape as a schema error."""

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja.errors import HttpError, ValidationError

from ortaq.accounts.queries import current_user
from ortaq.core.errors import NotAllowed
from ortaq.courses import queries
from ortaq.courses.models import Activity, Course, Enrollment


def activity_of(
    request: HttpRequest, course_id: int, activity_id: int, *, kind: str, wrong_kind: str
) -> Activity:
    """The course's activity of ``kind`` if the caller may see the course; 404 (with
    ``wrong_kind`` as the reason) for an activity of another kind."""
    course = queries.course_get_for_user(course_id=course_id, user=request.user)
    activity = queries.activity_get_for_user(
        course=course, activity_id=activity_id, user=request.user
    )
    if activity.kind != kind:
        raise HttpError(404, wrong_kind)
    return activity


def my_enrollment(request: HttpRequest, course: Course) -> Enrollment:
    """Her enrolment in the course (in any state); 403 when she has none."""
    enrollment = (
        Enrollment.objects.select_related("course", "user")
        .filter(user=current_user(request), course=course)
        .first()
    )
    if enrollment is None:
        raise NotAllowed(_("You are not enrolled in this course."), code="not_enrolled")
    return enrollment


def invalid(where: str, field: str, message: str) -> ValidationError:
    """A 422 naming the field (``where`` is ``query``, ``body`` or ``form``), shaped like the
    errors of the schemas themselves."""
    error: dict[str, Any] = {"loc": [where, field], "msg": message, "type": "value_error"}
    return ValidationError([error])
