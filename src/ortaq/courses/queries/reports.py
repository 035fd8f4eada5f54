"""Reports on a course (with its translations added up) for trainers, methodologists and
facilitators: each sees the enrolments she looks after, in a fixed number of queries."""

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from hashlib import sha256
from typing import Any, TypedDict, Unpack

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db.models import (
    BooleanField,
    Count,
    DurationField,
    ExpressionWrapper,
    F,
    Q,
    QuerySet,
    Sum,
)
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from ortaq.accounts.models import User
from ortaq.core.cache import counted_once
from ortaq.core.replica import on_replica
from ortaq.courses.choices import EnrollmentStatus, Level, Phase
from ortaq.courses.models import (
    Activity,
    ActivityCompletion,
    Cohort,
    Course,
    DistrictTally,
    Enrollment,
    Metric,
    SchoolTally,
    SelfAssessmentAnswer,
    SelfAssessmentItem,
)
from ortaq.courses.models.learning import ReportScope, report_scope_of
from ortaq.courses.services.tallies import (
    PAIRED_CODE,
    PHASE_CODE,
    tallies_pending,
    tallies_refresh,
    tenths_of_days,
)
from ortaq.schools.models import District, Region, School

SCHOOLS_SHOWN = 100


def report_scope(*, viewer: User | AnonymousUser, course: Course) -> ReportScope:
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
    # The self-assessment of the same teachers before and after (those who answered both, of
    # whom there are ``paired``), and of everyone who answered each time.
    assessment: list[AssessmentRow] = field(default_factory=list)
    assessment_total: AssessmentRow | None = None
    paired: int = 0
    assessment_all: list[AssessmentRow] = field(default_factory=list)
    assessment_all_total: AssessmentRow | None = None
    levels: tuple[str, ...] = ()
    computed_at: datetime = field(default_factory=timezone.now)
    # Changes made to enrolments that the running totals have not counted yet (the worker
    # counts them within a minute).
    waiting: int = 0


PLACE = "user__profile__school__"
PLACES_DIRECT = ("region", "district", "school")


@dataclass(frozen=True, slots=True)
class _Row:
    """One enrolment as the report needs it (11,000 of these fit in a few megabytes)."""

    pk: int
    completed: bool
    started: bool
    tenths: int | None
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
        school, region, district, locality, small_scale, user_id = place
        rows.append(
            _Row(
                pk,
                done,
                bool(was_started),
                tenths_of_days(duration) if done else None,
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


def median_of_tenths(tenths: Counter[int]) -> float | None:
    """The median of days given in tenths with how many enrolments took each, in days to one
    decimal; the same arithmetic as ``statistics.median`` over the values themselves."""
    total = sum(tenths.values())
    if not total:
        return None
    wanted = [(total - 1) // 2, total // 2]
    found: list[float] = []
    seen = 0
    for value in sorted(tenths):
        count = tenths[value]
        for position in wanted[len(found) :]:
            if position < seen + count:
                found.append(value / 10)
            else:
                break
        seen += count
        if len(found) == 2:
            break
    return round((found[0] + found[1]) / 2, 1)


# A report is recounted when it is older than this; meanwhile the figures already counted are
# shown with their age, and one reader (not each) recounts them.
REPORT_SECONDS = 60
REPORT_KEPT_SECONDS = 3600
# A report read brings its group's totals up to date itself when so few schools wait; a longer
# backlog is the worker's (the page says how many changes are still to be counted).
READ_REPAIR_SCHOOLS = 50


class Narrowing(TypedDict, total=False):
    """What a report may be narrowed to, beyond the viewer's scope (see ``report_for``)."""

    whole_group: bool
    cohort: Cohort | None
    region: Region | None
    district: District | None
    school: School | None


def report_key(course: Course, scope: ReportScope, narrowing: Narrowing) -> str:
    """Where a report is kept in the cache: per course version, scope, narrowing and language."""
    asked = sorted((name, getattr(value, "pk", value)) for name, value in narrowing.items())
    digest = sha256(repr((scope, asked, get_language())).encode()).hexdigest()
    return f"ortaq:report:{course.pk}.{course.content_version}:{digest}"


def report_cached(*, course: Course, scope: ReportScope, **narrowing: Unpack[Narrowing]) -> Report:
    """``report_for``, recounted at most once a minute per report, by one reader at a time.

    Within a minute of its counting a report is served as counted (the page says when). Older,
    the first reader recounts it while the others are shown the figures already counted, with
    their age; only when there are none yet does a reader wait for the one counting them.
    """
    return counted_once(
        report_key(course, scope, narrowing),
        lambda: report_for(course=course, scope=scope, **narrowing),
        counted_at=lambda report: report.computed_at,
        fresh_seconds=REPORT_SECONDS,
        kept_seconds=REPORT_KEPT_SECONDS,
    )


@on_replica
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
    and to the cohort or place asked for.

    A report of regions and districts (the country's, a methodologist's) reads the running
    totals (``ortaq.courses.models.tallies``): what it costs grows with the number of districts
    it covers, not of enrolments. A cohort's or a school's, or a facilitator's, counts its own
    few hundred enrolments from the raw rows, and so does a school head's. Both give the same
    figures (a test holds them).
    """
    if cohort is not None or school is not None or scope.cohorts or scope.schools:
        return report_from_rows(
            course=course, scope=scope, whole_group=whole_group, cohort=cohort,
            region=region, district=district, school=school,
        )  # fmt: skip
    return report_from_tallies(
        course=course, scope=scope, whole_group=whole_group, region=region, district=district
    )


def _new_report() -> Report:
    return Report(
        totals=Counts(str(_("All"))),
        median_days=None,
        levels=tuple(str(label) for label in Level.labels),
    )


def report_from_rows(
    *,
    course: Course,
    scope: ReportScope,
    whole_group: bool = True,
    cohort: Cohort | None = None,
    region: Region | None = None,
    district: District | None = None,
    school: School | None = None,
) -> Report:
    """The report counted from every enrolment it covers (see ``report_for``)."""
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
    report = _new_report()
    totals = _count(rows, lambda r: [None]).get(None)
    if totals is not None:
        totals.label = report.totals.label
        report.totals = totals
    report.median_days = median_of_tenths(Counter(r.tenths for r in rows if r.tenths is not None))
    _fill_places(
        report,
        by_region=_count(rows, lambda r: [r.region_id]),
        by_district=_count(rows, lambda r: [r.district_id]),
        by_school=_count(rows, lambda r: [r.school_id]),
        by_kind=_count(
            rows,
            lambda r: ([r.locality] if r.locality else []) + (["small"] if r.small_scale else []),
        ),
    )
    # A subquery, not the ids already read: thousands of parameters cost more to send than the
    # database takes to repeat the filter.
    done = Counter(
        dict(
            ActivityCompletion.objects.filter(enrollment__in=enrollments.values("pk"))
            .values_list("activity_id")
            .annotate(n=Count("pk"))
            .order_by()
        )
    )
    stopped = Counter(
        r.last_activity_id for r in rows if not r.completed and r.last_activity_id is not None
    )
    _fill_steps(report, course, done, stopped)
    if course.self_assessment:
        answered = SelfAssessmentAnswer.objects.filter(enrollment__in=enrollments.values("pk"))
        both = enrollments.filter(
            pk__in=answered.filter(phase=Phase.BEFORE).values("enrollment_id")
        ).filter(pk__in=answered.filter(phase=Phase.AFTER).values("enrollment_id"))
        report.paired = both.count()
        counted: list[tuple[int, int, int, int]] = []
        for extra, chosen in ((0, answered), (PAIRED_CODE, answered.filter(enrollment__in=both))):
            counted += [
                (item, PHASE_CODE[phase] + extra, level, n)
                for item, phase, level, n in chosen.values_list("item_id", "phase", "level")
                .annotate(n=Count("pk"))
                .order_by()
            ]
        _fill_assessment(report, course, counted)
    return report


def report_from_tallies(
    *,
    course: Course,
    scope: ReportScope,
    whole_group: bool = True,
    region: Region | None = None,
    district: District | None = None,
) -> Report:
    """The report read from the running totals (see ``report_for``)."""
    tallies_refresh(group_id=course.group_id, limit=READ_REPAIR_SCHOOLS)
    if whole_group:
        courses: Q = Q(course__group_id=course.group_id, counted=True)
    else:
        courses = Q(course=course)
    places = Q()
    school_places = Q()
    if not scope.everything:
        places = Q(region_id__in=scope.regions) | Q(district_id__in=scope.districts)
        school_places = Q(school__region_id__in=scope.regions) | Q(
            school__district_id__in=scope.districts
        )
    if district is not None:
        places &= Q(district=district)
        school_places &= Q(school__district=district)
    elif region is not None:
        places &= Q(region=region)
        school_places &= Q(school__region=region)
    in_districts = DistrictTally.objects.filter(courses, places)
    report = _new_report()
    tenths: Counter[int] = Counter()
    done: Counter[int] = Counter()
    stopped: Counter[int] = Counter()
    answers: list[tuple[int, int, int, int]] = []
    for metric, key, sub, n in (
        in_districts.exclude(metric__in=COUNTS)
        .values_list("metric", "key", "sub")
        .annotate(total=Sum("n"))
        .order_by()
    ):
        if metric == Metric.DAYS:
            tenths[key] += n
        elif metric == Metric.DONE:
            done[key] += n
        elif metric == Metric.STOPPED:
            stopped[key] += n
        elif metric == Metric.ANSWER:
            answers.append((key, sub // 10, sub % 10, n))
        elif metric == Metric.PAIRED:
            report.paired += n
    by_region: dict[Any, Counts] = {}
    by_district: dict[Any, Counts] = {}
    for region_id, district_id, metric, n in (
        in_districts.filter(metric__in=COUNTS)
        .values_list("region_id", "district_id", "metric")
        .annotate(total=Sum("n"))
        .order_by()
    ):
        for table, value in ((by_region, region_id), (by_district, district_id)):
            _add(table.setdefault(value, Counts("")), metric, n)
        _add(report.totals, metric, n)
    # Kinds of school summed, and the largest schools chosen, in the database: the country
    # holds 7,900 schools, of which the report shows a few.
    in_schools = SchoolTally.objects.filter(courses, school_places, metric__in=COUNTS)
    by_kind: dict[Any, Counts] = {}
    for locality, small_scale, metric, n in (
        in_schools.values_list("school__locality", "school__small_scale", "metric")
        .annotate(total=Sum("n"))
        .order_by()
    ):
        for kind in ([locality] if locality else []) + (["small"] if small_scale else []):
            _add(by_kind.setdefault(kind, Counts("")), metric, n)
    largest = list(
        in_schools.filter(metric=Metric.ENROLLED)
        .values("school_id")
        .annotate(total=Sum("n"))
        .order_by("-total", F("school_id").asc(nulls_last=True))
        .values_list("school_id", flat=True)[:SCHOOLS_SHOWN]
    )
    shown = Q(school_id__in=[k for k in largest if k is not None])
    if None in largest:
        shown |= Q(school__isnull=True)
    by_school: dict[Any, Counts] = {}
    for school_id, metric, n in (
        in_schools.filter(shown)
        .values_list("school_id", "metric")
        .annotate(total=Sum("n"))
        .order_by()
    ):
        _add(by_school.setdefault(school_id, Counts("")), metric, n)
    report.median_days = median_of_tenths(tenths)
    report.waiting = tallies_pending(course.group_id).changes
    _fill_places(
        report, by_region=by_region, by_district=by_district, by_school=by_school, by_kind=by_kind
    )
    _fill_steps(report, course, done, stopped)
    if course.self_assessment:
        _fill_assessment(report, course, answers)
    return report


COUNTS = (Metric.ENROLLED, Metric.STARTED, Metric.COMPLETED)


def _add(counts: Counts, metric: int, n: int) -> None:
    if metric == Metric.ENROLLED:
        counts.enrolled += n
    elif metric == Metric.STARTED:
        counts.started += n
    else:
        counts.completed += n


def _fill_places(
    report: Report,
    *,
    by_region: dict[Any, Counts],
    by_district: dict[Any, Counts],
    by_school: dict[Any, Counts],
    by_kind: dict[Any, Counts],
) -> None:
    regions = {r.pk: r.name for r in Region.objects.all()}
    report.by_region = _labelled(by_region, regions, _("No school given"))
    districts = {
        d.pk: f"{d.name}, {regions.get(d.region_id, '')}"
        for d in District.objects.filter(pk__in=[k for k in by_district if k is not None])
    }
    report.by_district = _labelled(by_district, districts, _("No district"))
    # The largest schools, the same ones whichever way the figures were counted.
    largest = sorted(by_school, key=lambda k: (-by_school[k].enrolled, k is None, k or 0))
    largest = largest[:SCHOOLS_SHOWN]
    shown = School.objects.filter(pk__in=[k for k in largest if k is not None])
    schools = {s.pk: s.name for s in shown.only("name_kk", "name_ru", "languages")}
    report.by_school = _labelled({k: by_school[k] for k in largest}, schools, _("No school given"))
    kinds = {
        "urban": _("Urban schools"),
        "rural": _("Rural schools"),
        "small": _("Small-scale schools"),
    }
    report.by_kind = [by_kind.get(key) or Counts("") for key in kinds]
    for key, entry in zip(kinds, report.by_kind, strict=True):
        entry.label = str(kinds[key])


def _fill_steps(report: Report, course: Course, done: Counter[int], stopped: Counter[int]) -> None:
    """How many completed each activity, and how many stopped there without finishing."""
    # Translations share the structure: an activity's place (module, position) identifies it.
    activities = list(
        Activity.objects.filter(module__course__group_id=course.group_id)
        .select_related("module")
        .order_by("module__position", "module__pk", "position", "pk")
    )
    place_of = {a.pk: (a.module.position, a.position) for a in activities}
    completed: Counter[tuple[int, int]] = Counter()
    stopped_at: Counter[tuple[int, int]] = Counter()
    for table, source in ((completed, done), (stopped_at, stopped)):
        for activity_id, n in source.items():
            place = place_of.get(activity_id)
            if place is not None:
                table[place] += n
    report.steps = [
        StepRow(a.title, a.module.title, completed[place_of[a.pk]], stopped_at[place_of[a.pk]])
        for a in activities
        if a.module.course_id == course.pk
    ]


def _fill_assessment(
    report: Report, course: Course, answers: Iterable[tuple[int, int, int, int]]
) -> None:
    """The self-assessment before and after: ``answers`` are (item, phase code, level, count),
    the codes of every answer (1 before, 2 after) and of the same teachers' (3, 4)."""
    items = list(SelfAssessmentItem.objects.filter(course=course))
    positions = dict(
        SelfAssessmentItem.objects.filter(course__group_id=course.group_id).values_list(
            "pk", "position"
        )
    )
    tables = []
    for _paired in (False, True):
        rows = {item.position: AssessmentRow(item.text, [0] * 4, [0] * 4) for item in items}
        tables.append((rows, AssessmentRow(_("All statements"), [0] * 4, [0] * 4)))
    for item_id, phase, level, n in answers:
        rows, total = tables[phase > PAIRED_CODE]
        target = rows.get(positions.get(item_id, -1))
        for counted in (target, total):
            if counted is not None:
                side = counted.before if phase % 2 else counted.after
                side[level - 1] += n
    (every, every_total), (same, same_total) = tables
    report.assessment = [same[position] for position in sorted(same)]
    report.assessment_total = same_total
    report.assessment_all = [every[position] for position in sorted(every)]
    report.assessment_all_total = every_total
