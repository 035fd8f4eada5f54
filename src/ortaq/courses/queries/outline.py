"""A course as a teacher sees it: the outline, the state of each activity, her progress and
where to continue; in a fixed number of queries whatever the size of the course."""

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import F
from django.http import Http404
from django.shortcuts import get_object_or_404

from ortaq.accounts.models import User
from ortaq.certificates.models import Certificate
from ortaq.certificates.queries import certificate_for
from ortaq.core.reads import JoinedRead, hot_cursor
from ortaq.courses.choices import EnrollmentStatus, Phase, ReflectionStatus
from ortaq.courses.models import (
    Activity,
    Course,
    Enrollment,
    Module,
    OfflinePack,
)
from ortaq.courses.queries.catalogue import course_get_for_user

Structure = list[tuple[Module, list[Activity]]]
# Her progress in a course as the database gives it: (activity id, what, best score, attempts)
# for each activity she has done, tried or written in, and (0, phase, None, None) for each phase
# of the self-assessment she has answered. Everything the outline shows of her work.
ProgressRows = list[tuple[int, str, int | None, int | None]]
PACKS_SECONDS = 24 * 3600


@lru_cache(maxsize=256)
def _structure(course_id: int, version: int) -> Structure:
    modules = list(Module.objects.filter(course_id=course_id))
    by_module: dict[int, list[Activity]] = {m.pk: [] for m in modules}
    for activity in Activity.objects.filter(module__course_id=course_id).defer(
        "body", "transcript"
    ):
        by_module[activity.module_id].append(activity)
    return [(m, by_module[m.pk]) for m in modules]


def course_structure(course: Course) -> Structure:
    """The course's modules with their activities, in order.

    Kept in each process's memory per version of the content (every change of content raises
    the version, so a stale outline is never served): a busy course page reads it without a
    query, a network round trip or unpickling. Callers must not change what it returns.
    """
    if transaction.get_connection().in_atomic_block:
        # Inside a transaction the content may yet be rolled back: read it, do not keep it.
        return _structure.__wrapped__(course.pk, course.content_version)
    return _structure(course.pk, course.content_version)


@dataclass(slots=True)
class ActivityState:
    activity: Activity
    done: bool = False
    waiting_review: bool = False
    returned: bool = False
    best_score: int | None = None
    attempts: int = 0


@dataclass(slots=True)
class ModuleOutline:
    module: Module
    activities: list[ActivityState]

    @property
    def done(self) -> int:
        return sum(1 for a in self.activities if a.done)


@dataclass(slots=True)
class Outline:
    course: Course
    modules: list[ModuleOutline]
    enrollment: Enrollment | None
    required_done: int = 0
    required_total: int = 0
    next_activity: Activity | None = None
    owes_before: bool = False
    owes_after: bool = False
    certificate: Certificate | None = None
    states: dict[int, ActivityState] = field(default_factory=dict)

    @property
    def percent(self) -> int:
        if not self.required_total:
            return 0
        return round(100 * self.required_done / self.required_total)

    @property
    def completed(self) -> bool:
        return self.enrollment is not None and self.enrollment.status == EnrollmentStatus.COMPLETED

    @property
    def certificate_pending(self) -> bool:
        """She completed the course and her certificate's PDF is still being drawn."""
        return self.completed and not (self.certificate and self.certificate.pdf)


def course_and_enrollment(
    *, course_id: int, user: User | AnonymousUser
) -> tuple[Course, Enrollment | None]:
    """The course (404 or 403 as ``course_get_for_user``) and her enrolment in it.

    The enrolled teacher, the page's usual reader, costs one query for both.
    """
    if user.is_authenticated:
        enrollment = _enrollment_with_course(user_id=user.pk, course_id=course_id)
        if enrollment is not None and user.has_perm("courses.view_course", enrollment.course):
            return enrollment.course, enrollment
    course = course_get_for_user(course_id=course_id, user=user)
    return course, None


@lru_cache(maxsize=1)
def _enrollment_read() -> JoinedRead:
    """Her enrolment in a course with the course's row, in one statement built once per
    process: the page every teacher comes back to after each activity reads it first."""
    return JoinedRead.build(
        ((Enrollment, "e"), (Course, "c")),
        "FROM courses_enrollment e JOIN courses_course c ON c.id = e.course_id "
        "WHERE e.user_id = %s AND e.course_id = %s",
    )


def _enrollment_with_course(*, user_id: int, course_id: int) -> Enrollment | None:
    """Her enrolment in the course (one at most), its ``course`` read with it."""
    for enrollment, course in _enrollment_read().rows([user_id, course_id]):
        assert isinstance(enrollment, Enrollment) and isinstance(course, Course)  # noqa: S101 - its two models
        enrollment.course = course
        return enrollment
    return None


def outline_for(
    *,
    course: Course,
    user: User | AnonymousUser,
    enrollment: Enrollment | None = None,
    rows: ProgressRows | None = None,
) -> Outline:
    """The outline with her progress; without an enrolment, the outline alone.

    Pass ``enrollment`` when it is already known (it is then not read again), and ``rows``
    when her ``progress_rows`` in the course are.
    """
    structure = course_structure(course)
    if enrollment is None and user.is_authenticated:
        enrollment = Enrollment.objects.filter(user=user, course=course).first()
    states: dict[int, ActivityState] = {
        a.pk: ActivityState(activity=a) for _m, acts in structure for a in acts
    }
    outline = Outline(
        course=course,
        modules=[ModuleOutline(m, [states[a.pk] for a in acts]) for m, acts in structure],
        enrollment=enrollment,
        states=states,
    )
    required = [s for s in states.values() if s.activity.required]
    outline.required_total = len(required)
    if enrollment is None:
        return outline
    if rows is None:
        rows = progress_rows(enrollment, phases=course.self_assessment)
    phases = _fill_states(rows, states)
    outline.required_done = sum(1 for s in required if s.done)
    outline.next_activity = _next(enrollment, structure, states)
    if course.self_assessment:
        outline.owes_before = Phase.BEFORE not in phases
        outline.owes_after = Phase.AFTER not in phases
    if outline.completed:
        outline.certificate = certificate_for(
            achievement_type="courses.enrollment", object_id=enrollment.pk
        )
    return outline


# Her state in every activity of the course, in one statement. The course page is the busiest
# page of all, and building three ORM queries costs more than the database takes to answer them.
STATES_SQL = """
    SELECT activity_id, 'done', NULL, NULL
      FROM courses_activitycompletion WHERE enrollment_id = %(enrollment)s
    UNION ALL
    SELECT activity_id, 'quiz', MAX(score), MAX(number)
      FROM courses_quizattempt
     WHERE enrollment_id = %(enrollment)s AND submitted_at IS NOT NULL
     GROUP BY activity_id
    UNION ALL
    SELECT activity_id, status, NULL, NULL
      FROM courses_reflectionsubmission WHERE enrollment_id = %(enrollment)s
"""
# For a course with a self-assessment, the phases she has answered too (as activity 0).
PHASES_SQL = """
    UNION ALL
    SELECT 0, phase, NULL, NULL FROM (
        SELECT DISTINCT phase
          FROM courses_selfassessmentanswer WHERE enrollment_id = %(enrollment)s
    ) answered
"""


def progress_rows(enrollment: Enrollment, *, phases: bool) -> ProgressRows:
    """Her progress in the enrolment's course, in one statement, sorted; with the phases of
    the self-assessment she has answered when ``phases`` asks for them."""
    with hot_cursor() as cursor:
        cursor.execute(
            STATES_SQL + PHASES_SQL if phases else STATES_SQL, {"enrollment": enrollment.pk}
        )
        rows: ProgressRows = cursor.fetchall()
    rows.sort(key=lambda row: (row[0], row[1], row[2] or 0, row[3] or 0))
    return rows


def _fill_states(rows: ProgressRows, states: dict[int, ActivityState]) -> set[str]:
    """Fill in her state in each activity from her ``progress_rows``; return the phases of the
    self-assessment she has answered."""
    answered = set()
    for activity_id, what, best, attempts in rows:
        if activity_id == 0:
            answered.add(what)
            continue
        state = states.get(activity_id)
        if state is None:
            continue
        if what == "done":
            state.done = True
        elif what == "quiz":
            state.best_score, state.attempts = best, attempts or 0
        else:
            state.waiting_review = what == ReflectionStatus.SUBMITTED
            state.returned = what == ReflectionStatus.RETURNED
    return answered


def _next(
    enrollment: Enrollment,
    structure: list[tuple[Module, list[Activity]]],
    states: dict[int, ActivityState],
) -> Activity | None:
    """Where to continue: the first required activity not done after the one she was last on,
    else the first required one not done at all; an optional one only when every required one
    is done (an optional activity is not where she "stopped")."""
    ordered = [a for _m, acts in structure for a in acts]
    start = 0
    if enrollment.last_activity_id is not None:
        start = next((i for i, a in enumerate(ordered) if a.pk == enrollment.last_activity_id), 0)
    around = ordered[start:] + ordered[:start]
    for wanted in (True, False):
        for activity in around:
            if activity.required == wanted and not states[activity.pk].done:
                return activity
    return None


def activity_get_for_user(
    *, course: Course, activity_id: int, user: User | AnonymousUser
) -> Activity:
    """An activity of this course, with its module, if ``user`` may see the course."""
    activity = get_object_or_404(
        Activity.objects.select_related("module__course"),
        pk=activity_id,
        module__course=course,
    )
    if not user.has_perm("courses.view_course", course):
        if not course.is_published:
            raise Http404
        raise PermissionDenied
    return activity


def packs_of(course: Course, *, prefetched: Mapping[str, Any] | None = None) -> list[OfflinePack]:
    """The offline packs of the course's current content (being built, ready or failed): the
    whole course first, then module by module; each with and without videos. Cached until a
    pack changes, so that the course page's warm requests stay without a query; ``prefetched``
    is what that page read from the cache with other keys in one round trip, if it did."""
    key = OfflinePack.listed_key(course.pk, course.content_version)
    packs: list[OfflinePack] | None = (
        prefetched.get(key) if prefetched is not None else cache.get(key)
    )
    if packs is None:
        packs = list(
            OfflinePack.objects.filter(course=course, version=course.content_version)
            .select_related("course", "module")
            .order_by(F("module__position").asc(nulls_first=True), "module_id", "with_videos")
        )
        cache.set(key, packs, PACKS_SECONDS)
    return packs


@dataclass(slots=True)
class Learning:
    """Her courses for her own page: the ones she is taking (their outlines, the most recently
    progressed first), and how many she has completed."""

    taking: list[Outline]
    completed: int
    more: int  # courses she is taking beyond those listed


def learning_of(*, user: User, limit: int = 6) -> Learning:
    active = list(
        Enrollment.objects.filter(user=user, status=EnrollmentStatus.ACTIVE)
        .select_related("course")
        .order_by(F("last_progress_at").desc(nulls_last=True), "-pk")[: limit + 1]
    )
    completed = Enrollment.objects.filter(user=user, status=EnrollmentStatus.COMPLETED).count()
    taking = [outline_for(course=e.course, user=user, enrollment=e) for e in active[:limit]]
    return Learning(taking=taking, completed=completed, more=max(len(active) - limit, 0))
