"""The API's operations as its OpenAPI schema lists them, and the demo's objects to fill their
paths with, for tests that go through every endpoint (with the ``demo`` fixture)."""

import json
from typing import Any
from urllib.parse import quote

from ortaq.api.api import api
from ortaq.certificates.models import Certificate
from ortaq.communities.models import Circle, LogEntry, Meeting, Membership, Project, Thread
from ortaq.consultations.models import Question
from ortaq.core.models import Job
from ortaq.courses.models import Activity, Course, QuizAttempt, ReflectionSubmission
from ortaq.discussions.models import Post
from ortaq.lessonstudy.models import Cycle, Group, ResearchLesson
from ortaq.networks.models import NewsPost
from ortaq.schools.models import School

# As served: JSON, where the statuses are strings.
SCHEMA: dict[str, Any] = json.loads(json.dumps(api.get_openapi_schema()))
OPERATIONS = [
    (method.upper(), path, operation)
    for path, methods in SCHEMA["paths"].items()
    for method, operation in methods.items()
]
OPERATION_IDS = [f"{method} {path}" for method, path, _operation in OPERATIONS]


def _first_pk(queryset: Any) -> int:
    return int(queryset.order_by("pk").values_list("pk", flat=True)[0])


def _library_ids() -> dict[str, int]:
    from ortaq.library.models import Assignment, Resource, Version

    def first_or_none(queryset: Any) -> int:
        pk = queryset.order_by("pk").values_list("pk", flat=True).first()
        return int(pk) if pk is not None else 1

    return {
        "resource_id": first_or_none(Resource.objects),
        "version_id": first_or_none(Version.objects),
        "expert_review_id": first_or_none(Assignment.objects),
    }


def path_values(path: str) -> dict[str, Any]:
    """Real objects of the demo for each path parameter, so that a request gets past the
    lookups to the endpoint's own work (a list's offset, a search)."""
    thread = Thread.objects.order_by("pk").select_related("circle").first()
    assert thread is not None
    circle: Circle = thread.circle
    course = Course.objects.order_by("pk").first()
    assert course is not None
    in_courses = path.startswith("/api/v1/courses")
    return {
        "school_id": _first_pk(School.objects),
        "course_id": course.pk,
        "activity_id": _first_pk(Activity.objects.filter(module__course=course)),
        "attempt_id": _first_pk(QuizAttempt.objects),
        "submission_id": _first_pk(ReflectionSubmission.objects),
        "phase": "before",
        "circle_id": circle.pk,
        "thread_id": thread.pk,
        "meeting_id": _first_pk(Meeting.objects.filter(circle=circle)),
        "user_id": Membership.objects.filter(circle=circle).order_by("pk")[0].user_id,
        "post_id": _first_pk(Post.objects.filter(discussion__activity__module__course=course))
        if in_courses
        else _first_pk(Post.objects.filter(discussion__thread=thread)),
        "project_id": _first_pk(Project.objects),
        "stage": 1,
        "kind": "log",
        "item_id": _first_pk(LogEntry.objects),
        "question_id": _first_pk(Question.objects),
        "job_id": _first_pk(Job.objects) if Job.objects.exists() else 1,
        "slug": "karasai-talgar",
        "group_id": _first_pk(Group.objects),
        "cycle_id": _first_pk(Cycle.objects),
        "lesson_id": _first_pk(ResearchLesson.objects),
        "news_id": _first_pk(NewsPost.objects.filter(association__slug="karasai-talgar")),
        # The library's (none in the demo yet: a number that finds nothing).
        **_library_ids(),
        "code": "KZ-19"
        if path.startswith("/api/v1/regions")
        else Certificate.objects.order_by("pk")[0].code,
    }


def fill(path: str, values: dict[str, Any], override: dict[str, Any] | None = None) -> str:
    """``path`` with its parameters replaced by ``values`` (and ``override``), quoted."""
    given = {**values, **(override or {})}
    for name, value in given.items():
        path = path.replace("{" + name + "}", quote(str(value)))
    return path
