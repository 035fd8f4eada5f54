"""Who may open a course, who may change it, whose reflections one reviews and whose report one
reads are one rule each: the SQL that the catalogue, a trainer's courses, the reflections to
review, the staff's dashboard, the report and the completions start from agrees with the
permission on one object, for every role of the role matrix (on courses and cohorts too) on
courses in every status and enrolments in and out of cohorts."""

from collections.abc import Iterator
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from ortaq.core.roles import Role
from ortaq.courses.choices import CourseStatus, EnrollmentStatus
from ortaq.courses.models import Cohort, Course, CourseGroup, Enrollment
from ortaq.courses.queries import report_scope
from ortaq.testing.visibility import assert_same_rule, make_places, role_matrix
from ortaq.testing.world import once_per_module

pytestmark = pytest.mark.django_db

World = tuple[dict[str, Any], dict[str, Course], dict[str, Enrollment]]


def _course(
    title: str, status: str, group: CourseGroup | None = None, language: str = "kk"
) -> Course:
    return Course.objects.create(
        group=group or CourseGroup.objects.create(),
        language=language,
        title=title,
        hours=12,
        status=status,
    )


@pytest.fixture(scope="module")
def world(django_db_setup: Any, django_db_blocker: Any) -> Iterator[World]:
    """Built once for the module: every test asks its questions of the same rows."""
    with once_per_module(django_db_blocker):
        yield _world()


def _world() -> World:
    places = make_places()
    published = _course("published", CourseStatus.PUBLISHED)
    courses = {
        "published": published,
        "its Russian draft": _course(
            "its Russian draft", CourseStatus.DRAFT, published.group, language="ru"
        ),
        "a draft": _course("a draft", CourseStatus.DRAFT),
        "archived": _course("archived", CourseStatus.ARCHIVED),
    }
    cohorts = {
        "published's regional cohort": Cohort.objects.create(
            course=published, name="Қарағанды", region=places.region
        ),
        "published's other cohort": Cohort.objects.create(course=published, name="Басқа"),
        "the Russian draft's cohort": Cohort.objects.create(
            course=courses["its Russian draft"], name="Орыс тобы"
        ),
        "archived's cohort": Cohort.objects.create(course=courses["archived"], name="Мұрағат"),
    }
    people = role_matrix(
        places,
        objects={
            "published": published,
            "a draft": courses["a draft"],
            "regional cohort": cohorts["published's regional cohort"],
            "Russian cohort": cohorts["the Russian draft's cohort"],
        },
    )
    learners = [name for name in people if name.startswith(("no role@", "teacher@"))]
    enrollments: dict[str, Enrollment] = {}
    n = 0
    for course_name, course in courses.items():
        for cohort in [None, *(c for c in cohorts.values() if c.course_id == course.pk)]:
            for status in (EnrollmentStatus.ACTIVE, EnrollmentStatus.COMPLETED):
                learner = learners[n % len(learners)]
                n += 1
                label = f"{learner} in {course_name}, {cohort or 'no cohort'}, {status}"
                enrollments[label] = Enrollment.objects.create(
                    user=people[learner],
                    course=course,
                    cohort=cohort,
                    status=status,
                    completed_at=timezone.now() if status == EnrollmentStatus.COMPLETED else None,
                )
    return people, courses, enrollments


def test_who_opens_a_course_is_one_rule(world: World) -> None:
    people, courses, _enrollments = world
    assert_same_rule(
        people=people,
        objects=courses,
        rows=lambda user: Course.objects.visible_to(user),
        allowed="courses.view_course",
    )


def test_who_changes_a_course_is_one_rule(world: World) -> None:
    people, courses, _enrollments = world
    assert_same_rule(
        people=people,
        objects=courses,
        rows=lambda user: Course.objects.authored_by(user),
        allowed="courses.change_course",
    )


def test_whose_reflections_she_reviews_is_one_rule(world: World) -> None:
    people, _courses, enrollments = world
    assert_same_rule(
        people=people,
        objects=enrollments,
        rows=lambda user: Enrollment.objects.reviewed_by(user),
        allowed="courses.review_reflection",
    )


def _report_opens(user: Any, course: Course) -> bool:
    try:
        report_scope(viewer=user, course=course)
    except PermissionDenied:
        return False
    return True


def test_the_report_opens_for_whoever_is_shown_its_link(world: World) -> None:
    """A methodologist held at a school (or on an object) was shown the report's link and the
    completions' link (any methodologist was), then refused both: the report reads regions and
    districts only."""
    people, courses, _enrollments = world
    wrong = [
        f"{name} × {label}: {perm}"
        for name, person in people.items()
        if person is not None
        for label, course in courses.items()
        for perm in ("courses.view_report", "courses.view_completions")
        if person.has_perm(perm, course) and not _report_opens(person, course)
    ]
    assert wrong == []
    shown = [
        name
        for name, person in people.items()
        if person is not None and person.has_perm("courses.view_report", courses["published"])
    ]
    assert "coordinator@district" in shown and "facilitator@regional cohort" in shown
    assert f"{Role.COORDINATOR}@school" not in shown
    missing = [
        f"{name} × {label}"
        for name, person in people.items()
        if person is not None
        for label, course in courses.items()
        if _report_opens(person, course) and not person.has_perm("courses.view_report", course)
    ]
    assert missing == []
