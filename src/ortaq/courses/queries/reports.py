"""Reports on a course (with its translations added up) for trainers, methodologists and
facilitators: each sees the enrolments she looks after, in a fixed number of queries."""

from dataclasses import dataclass, field
from datetime import datetime
from hashlib import sha256
from statistics import median
from typing import Any, TypedDict, Unpack

from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.db.models import (
    BooleanField,
    Count,
    DurationField,
    ExpressionWrapper,
    F,
    Q,
    QuerySet,
)
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from ortaq.courses.choices import EnrollmentStatus, Level, Phase
from ortaq.courses.models import (
    Activity,
    ActivityCompletion,
    Cohort,
    Course,
    Enrollment,
    SelfAssessmentAnswer,
    SelfAssessmentItem,
)
from ortaq.courses.models.learning import ReportScope, report_scope_of
from ortaq.schools.models import District, Region, School

SCHOOLS_SHOWN = 100


def report_scope(*, viewer: Any, course: Course) -> ReportScope:
    """What ``viewer`` may see of ``course``'s enrolments (``report_scope_of``);
    PermissionDenied if nothing."""
    scope = report_scope_of(viewer, course)
    if scope is None:
        raise PermissionDenied
    return scope


@dataclass(slots=True)
class Counts:
    label: str
    enrolled: int = 0
    started: int = 0
    completed: int = 0

    @property
    def rate(self) -> float:
        return round(100 * self.completed / self.enrolled, 1) if self.enrolled else 0.0


@dataclass(slots=True)
class StepRow:
    label: str
    module: str
    completed: int
    stopped_here: int


@dataclass(slots=True)
class AssessmentRow:
    """One statement of the self-assessment: how many chose each level before and after."""

    label: str
    before: list[int]
    after: list[int]

    @staticmethod
    def shares(counts: list[int]) -> list[float]:
        total = sum(counts)
        return [round(100 * n / total, 1) if total else 0.0 for n in counts]

    @property
    def before_shares(self) -> list[float]:
        return self.shares(self.before)

    @property
    def after_shares(self) -> list[float]:
        return self.shares(self.after)

    @property
    def change(self) -> list[float]:
        return [round(a - b, 1) for a, b in zip(self.after_shares, self.before_shares, strict=True)]


@dataclass(slots=True)
class Report:
    totals: Counts
    median_days: float | None
    by_region: list[Counts] = field(default_factory=list)
    by_district: list[Counts] = field(default_factory=list)
    by_school: list[Counts] = field(default_factory=list)
    by_kind: list[Counts] = field(default_factory=list)
    steps: list[StepRow] = field(default_factory=list)
    assessment: list[AssessmentRow] = field(default_factory=list)
    assessment_total: AssessmentRow | None = None
    levels: tuple[str, ...] = ()
    computed_at: datetime = field(default_factory=timezone.now)


PLACE = "user__profile__school__"


@dataclass(frozen=True, slots=True)
class _Row:
    """One enrolment as the report needs it (11,000 of these fit in a few megabytes)."""

    pk: int
    completed: bool
    started: bool
    days: float | None
    last_activity_id: int | None
    school_id: int | None
    region_id: int | None
    district_id: int | None
    locality: str | None
    small_scale: bool | None
    user_id: int = 0


def _rows(enrollments: QuerySet[Enrollment]) -> tuple[list[_Row], list[int]]:
    """Every enrolment in one query; the report's tables are counted from these in Python,
    which is cheaper than one grouped query (each a join over all enrolments) per table.

    A person counts once: should she hold enrolments in two language versions of the course
    (as teachers could before the rule of one enrolment per course), the one that went furthest
    is counted (completed, else started, else the latest). Also returns the enrolments left out.
    """
    rows = []
    # Booleans and one duration rather than three timestamps: parsing timestamps was a
    # noticeable part of a report on thousands of teachers.
    started = ExpressionWrapper(Q(started_at__isnull=False), output_field=BooleanField())
    took = ExpressionWrapper(F("completed_at") - F("created_at"), output_field=DurationField())
    columns = enrollments.values_list(
        "pk", "status", started, took, "last_activity_id",
        PLACE + "id", PLACE + "region_id", PLACE + "district_id", PLACE + "locality",
        PLACE + "small_scale", "user_id",
    )  # fmt: skip
    for pk, status, was_started, duration, last, *place in columns:
        done = status == EnrollmentStatus.COMPLETED
        days = duration.total_seconds() / 86400 if done and duration is not None else None
        school, region, district, locality, small_scale, user_id = place
        rows.append(
            _Row(
                pk,
                done,
                bool(was_started),
                days,
                last,
                school,
                region,
                district,
                locality,
                small_scale,
                user_id,
            )
        )
    best: dict[int, _Row] = {}
    for row in rows:
        kept = best.get(row.user_id)
        if kept is None or _reach(row) > _reach(kept):
            best[row.user_id] = row
    if len(best) == len(rows):
        return rows, []
    counted = {row.pk for row in best.values()}
    return [r for r in rows if r.pk in counted], [r.pk for r in rows if r.pk not in counted]


def _reach(row: _Row) -> tuple[bool, bool, int]:
    """How far an enrolment went: completed, else started, else the latest."""
    return row.completed, row.started, row.pk


def _count(rows: list[_Row], key: Any) -> dict[Any, Counts]:
    counted: dict[Any, Counts] = {}
    for row in rows:
        for value in key(row):
            entry = counted.setdefault(value, Counts(""))
            entry.enrolled += 1
            entry.started += row.started
            entry.completed += row.completed
    return counted


def _labelled(counted: dict[Any, Counts], names: dict[Any, str], missing: str) -> list[Counts]:
    for value, entry in counted.items():
        entry.label = names.get(value, missing)
    return sorted(counted.values(), key=lambda c: (-c.enrolled, c.label))


REPORT_SECONDS = 60


class Narrowing(TypedDict, total=False):
    """What a report may be narrowed to, beyond the viewer's scope (see ``report_for``)."""

    whole_group: bool
    cohort: Cohort | None
    region: Region | None
    district: District | None
    school: School | None


def report_cached(*, course: Course, scope: ReportScope, **narrowing: Unpack[Narrowing]) -> Report:
    """``report_for``, kept for a minute: the page says when its figures were counted.

    Counting thousands of enrolments takes tens of milliseconds; methodologists refreshing a
    report during a busy week should not make the database count them again every time.
    """
    asked = sorted((name, getattr(value, "pk", value)) for name, value in narrowing.items())
    key = sha256(repr((scope, asked, get_language())).encode()).hexdigest()
    key = f"ortaq:report:{course.pk}.{course.content_version}:{key}"
    report: Report | None = cache.get(key)
    if report is None:
        report = report_for(course=course, scope=scope, **narrowing)
        cache.set(key, report, REPORT_SECONDS)
    return report


def report_for(
    *,
    course: Course,
    scope: ReportScope,
    whole_group: bool = True,
    cohort: Cohort | None = None,
    region: Region | None = None,
    district: District | None = None,
    school: School | None = None,
) -> Report:
    """Enrolment, progress, completion, where teachers stop, and the self-assessment before and
    after, for the course (and its translations when ``whole_group``), narrowed to the scope
    and to the cohort or place asked for."""
    courses = Q(course__group_id=course.group_id) if whole_group else Q(course=course)
    enrollments = Enrollment.objects.in_report(scope).filter(courses)
    if cohort is not None:
        enrollments = enrollments.filter(cohort=cohort)
    if school is not None:
        enrollments = enrollments.filter(user__profile__school=school)
    elif district is not None:
        enrollments = enrollments.filter(user__profile__school__district=district)
    elif region is not None:
        enrollments = enrollments.filter(user__profile__school__region=region)
    enrollments = enrollments.order_by()

    rows, doubles = _rows(enrollments)
    if doubles:
        # Her other enrolments count neither in the steps nor in the self-assessment.
        enrollments = enrollments.exclude(pk__in=doubles)
    totals = _count(rows, lambda r: [None]).get(None, Counts(""))
    totals.label = _("All")
    durations = [r.days for r in rows if r.days is not None]
    report = Report(
        totals=totals,
        median_days=round(median(durations), 1) if durations else None,
        levels=tuple(str(label) for label in Level.labels),
    )
    _places(report, rows)
    _steps(report, course, rows, enrollments)
    _assessment(report, course, enrollments)
    return report


def _places(report: Report, rows: list[_Row]) -> None:
    regions = {r.pk: r.name for r in Region.objects.all()}
    report.by_region = _labelled(
        _count(rows, lambda r: [r.region_id]), regions, _("No school given")
    )
    by_district = _count(rows, lambda r: [r.district_id])
    districts = {
        d.pk: f"{d.name}, {regions.get(d.region_id, '')}"
        for d in District.objects.filter(pk__in=[k for k in by_district if k is not None])
    }
    report.by_district = _labelled(by_district, districts, _("No district"))
    by_school = _count(rows, lambda r: [r.school_id])
    largest = sorted(by_school, key=lambda k: -by_school[k].enrolled)[:SCHOOLS_SHOWN]
    shown = School.objects.filter(pk__in=[k for k in largest if k is not None])
    schools = {s.pk: s.name for s in shown.only("name_kk", "name_ru", "languages")}
    report.by_school = _labelled({k: by_school[k] for k in largest}, schools, _("No school given"))
    kinds = {
        "urban": _("Urban schools"),
        "rural": _("Rural schools"),
        "small": _("Small-scale schools"),
    }
    by_kind = _count(
        rows, lambda r: ([r.locality] if r.locality else []) + (["small"] if r.small_scale else [])
    )
    report.by_kind = [by_kind.get(key) or Counts("") for key in kinds]
    for key, entry in zip(kinds, report.by_kind, strict=True):
        entry.label = str(kinds[key])


def _steps(
    report: Report, course: Course, rows: list[_Row], enrollments: QuerySet[Enrollment]
) -> None:
    """How many completed each activity, and how many stopped there without finishing."""
    # Translations share the structure: an activity's place (module, position) identifies it.
    activities = list(
        Activity.objects.filter(module__course__group_id=course.group_id)
        .select_related("module")
        .order_by("module__position", "module__pk", "position", "pk")
    )
    place_of = {a.pk: (a.module.position, a.position) for a in activities}
    completed: dict[tuple[int, int], int] = {}
    # A subquery, not the ids already read: thousands of parameters cost more to send than the
    # database takes to repeat the filter.
    for row in (
        ActivityCompletion.objects.filter(enrollment__in=enrollments.values("pk"))
        .values("activity_id")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        place = place_of.get(row["activity_id"])
        if place is not None:
            completed[place] = completed.get(place, 0) + row["n"]
    stopped: dict[tuple[int, int], int] = {}
    for enrolment in rows:
        if not enrolment.completed and enrolment.last_activity_id is not None:
            place = place_of.get(enrolment.last_activity_id)
            if place is not None:
                stopped[place] = stopped.get(place, 0) + 1
    report.steps = [
        StepRow(
            a.title,
            a.module.title,
            completed.get(place_of[a.pk], 0),
            stopped.get(place_of[a.pk], 0),
        )
        for a in activities
        if a.module.course_id == course.pk
    ]


def _assessment(report: Report, course: Course, enrollments: QuerySet[Enrollment]) -> None:
    if not course.self_assessment:
        return
    items = list(SelfAssessmentItem.objects.filter(course=course))
    positions = dict(
        SelfAssessmentItem.objects.filter(course__group_id=course.group_id).values_list(
            "pk", "position"
        )
    )
    rows = {item.position: AssessmentRow(item.text, [0] * 4, [0] * 4) for item in items}
    total = AssessmentRow(_("All statements"), [0] * 4, [0] * 4)
    answers = (
        SelfAssessmentAnswer.objects.filter(enrollment__in=enrollments.values("pk"))
        .values("item_id", "phase", "level")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for row in answers:
        target = rows.get(positions.get(row["item_id"], -1))
        for counted in (target, total):
            if counted is not None:
                side = counted.before if row["phase"] == Phase.BEFORE else counted.after
                side[row["level"] - 1] += row["n"]
    report.assessment = [rows[position] for position in sorted(rows)]
    report.assessment_total = total
