"""A course as a teacher sees it: the outline, the state of each activity, her progress and
where to continue; in a fixed number of queries whatever the size of the course."""

from dataclasses import dataclass, field
from typing import Any

from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.db.models import Max
from django.http import Http404
from django.shortcuts import get_object_or_404

from ortaq.certificates.models import Certificate
from ortaq.certificates.queries import certificate_for
from ortaq.courses.choices import ActivityKind, EnrollmentStatus, Phase, ReflectionStatus
from ortaq.courses.models import (
    Activity,
    ActivityCompletion,
    Course,
    Enrollment,
    Module,
    QuizAttempt,
    ReflectionSubmission,
    SelfAssessmentAnswer,
)

STRUCTURE_SECONDS = 3600


def course_structure(course: Course) -> list[tuple[Module, list[Activity]]]:
    """The course's modules with their activities, in order.

    Cached per version of the content (every change of content raises the version), so a busy
    course page reads its outline from memory.
    """
    key = f"courses:structure:{course.pk}:{course.content_version}"
    structure: list[tuple[Module, list[Activity]]] | None = cache.get(key)
    if structure is None:
        modules = list(Module.objects.filter(course=course))
        by_module: dict[int, list[Activity]] = {m.pk: [] for m in modules}
        for activity in Activity.objects.filter(module__course=course).defer("body", "transcript"):
            by_module[activity.module_id].append(activity)
        structure = [(m, by_module[m.pk]) for m in modules]
        cache.set(key, structure, STRUCTURE_SECONDS)
    return structure


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


def outline_for(*, course: Course, user: Any) -> Outline:
    """The outline with her progress; without an enrolment, the outline alone."""
    structure = course_structure(course)
    enrollment = None
    if user.is_authenticated:
        enrollment = (
            Enrollment.objects.filter(user=user, course=course)
            .select_related("last_activity")
            .first()
        )
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
    _fill_states(enrollment, structure, states)
    outline.required_done = sum(1 for s in required if s.done)
    outline.next_activity = _next(enrollment, structure, states)
    if course.self_assessment:
        phases = set(
            SelfAssessmentAnswer.objects.filter(enrollment=enrollment)
            .values_list("phase", flat=True)
            .distinct()
        )
        outline.owes_before = Phase.BEFORE not in phases
        outline.owes_after = Phase.AFTER not in phases
    if outline.completed:
        outline.certificate = certificate_for(
            achievement_type="courses.enrollment", object_id=enrollment.pk
        )
    return outline


def _fill_states(
    enrollment: Enrollment,
    structure: list[tuple[Module, list[Activity]]],
    states: dict[int, ActivityState],
) -> None:
    for activity_id in ActivityCompletion.objects.filter(enrollment=enrollment).values_list(
        "activity_id", flat=True
    ):
        if activity_id in states:
            states[activity_id].done = True
    kinds = {s.activity.kind for s in states.values()}
    if ActivityKind.QUIZ in kinds:
        for row in (
            QuizAttempt.objects.filter(enrollment=enrollment, submitted_at__isnull=False)
            .values("activity_id")
            .annotate(best=Max("score"), attempts=Max("number"))
        ):
            state = states.get(row["activity_id"])
            if state is not None:
                state.best_score, state.attempts = row["best"], row["attempts"]
    if ActivityKind.REFLECTION in kinds:
        for activity_id, status in ReflectionSubmission.objects.filter(
            enrollment=enrollment
        ).values_list("activity_id", "status"):
            state = states.get(activity_id)
            if state is not None:
                state.waiting_review = status == ReflectionStatus.SUBMITTED
                state.returned = status == ReflectionStatus.RETURNED


def _next(
    enrollment: Enrollment,
    structure: list[tuple[Module, list[Activity]]],
    states: dict[int, ActivityState],
) -> Activity | None:
    """Where to continue: the first activity not done after the one she was last on, else the
    first not done at all."""
    ordered = [a for _m, acts in structure for a in acts]
    start = 0
    if enrollment.last_activity_id is not None:
        start = next((i for i, a in enumerate(ordered) if a.pk == enrollment.last_activity_id), 0)
    for activity in ordered[start:] + ordered[:start]:
        if not states[activity.pk].done:
            return activity
    return None


def activity_get_for_user(*, course: Course, activity_id: int, user: Any) -> Activity:
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
