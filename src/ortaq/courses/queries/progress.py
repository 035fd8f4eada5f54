"""Progress person by person: the teachers of a course that a methodologist, school head,
facilitator or trainer looks after (``report_scope_of``), with where each stands, for the page,
its downloads, the reminders and the API.

The list is cut by keyset (``after``: the last row's sort key, signed), never by counting or
skipping rows, so a regional list of 20,000 teachers costs the same per page as one of twenty:
one query for the page, one for the required activities of the courses on it.
"""

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, cast

from django.contrib.auth.models import AnonymousUser
from django.core import signing
from django.db.models import (
    Count,
    DateTimeField,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ortaq.accounts.models import User
from ortaq.core.search import Unindexed, finds_by_trigrams
from ortaq.courses.choices import EnrollmentStatus
from ortaq.courses.models import Activity, ActivityCompletion, Cohort, Course, Enrollment
from ortaq.courses.models.learning import ReportScope, report_scope_of
from ortaq.schools.models import District, Region, School

PROGRESS_PER_PAGE = 50
# When a course sets no reminder period, a teacher is reminded by hand at most once a week.
DEFAULT_REMINDER_DAYS = 7
_CURSOR_SALT = "courses.progress"

NOT_STARTED = "not_started"
IN_PROGRESS = "in_progress"
COMPLETED = "completed"
STATUSES = (
    (NOT_STARTED, _("Not started")),
    (IN_PROGRESS, _("In progress")),
    (COMPLETED, _("Completed")),
)
STATUS_LABELS = dict(STATUSES)
SORTS = (
    ("name", _("Name")),
    ("last_step", _("Longest idle first")),
    ("progress", _("Least progress first")),
)
_ORDER = {
    "name": ("user__last_name", "user__first_name", "pk"),
    "last_step": ("since", "pk"),
    "progress": ("done", "since", "pk"),
}


@dataclass(frozen=True, slots=True)
class ProgressFilter:
    """What a progress list is narrowed to and how it is sorted (every field optional)."""

    status: str = ""
    region: Region | None = None
    district: District | None = None
    school: School | None = None
    cohort: Cohort | None = None
    idle_days: int | None = None
    q: str = ""
    sort: str = "name"


@dataclass(slots=True)
class ProgressRow:
    """Where one teacher stands in the course."""

    enrollment: Enrollment
    status: str
    done: int
    required: int
    days_idle: int | None  # None once completed
    since: datetime

    @property
    def status_label(self) -> str:
        return str(STATUS_LABELS[self.status])

    @property
    def percent(self) -> int:
        if self.status == COMPLETED or not self.required:
            return 100 if self.status == COMPLETED else 0
        return min(100, round(100 * self.done / self.required))

    @property
    def school(self) -> School | None:
        return self.enrollment.user.profile.school if _has_profile(self.enrollment) else None


def _has_profile(enrollment: Enrollment) -> bool:
    try:
        enrollment.user.profile  # noqa: B018 - read to know whether it exists
    except Exception:  # noqa: BLE001 - RelatedObjectDoesNotExist
        return False
    return True


@dataclass(slots=True)
class ProgressPage:
    rows: list[ProgressRow]
    next_after: str | None = None
    first: bool = True
    extra: dict[str, Any] = field(default_factory=dict)


def _done_subquery() -> Subquery:
    return Subquery(
        ActivityCompletion.objects.filter(enrollment=OuterRef("pk"), activity__required=True)
        .order_by()
        .values("enrollment")
        .annotate(n=Count("pk"))
        .values("n"),
        output_field=IntegerField(),
    )


def progress_queryset(
    *, course: Course, scope: ReportScope, filters: ProgressFilter, now: datetime | None = None
) -> QuerySet[Enrollment]:
    """The enrolments of the course (and its translations) that ``scope`` lets her see,
    narrowed by ``filters``, sorted by their key, annotated with ``since`` (her last step, or
    her enrolment) and ``done`` (required activities done when sorting by progress)."""
    now = now or timezone.now()
    searched = finds_by_trigrams(filters.q)
    # A search by name meets the matching people (20,000 namesakes among 400,000) by their
    # enrolments, so PostgreSQL must know how many enrolments the courses hold: named by id,
    # it reads that from each course's statistics; through the group, it guesses an average
    # course's and reads every enrolment of the national course instead.
    of_group = (
        Q(course_id__in=course_ids_of_group(course.group_id))
        if searched
        else Q(course__group_id=course.group_id)
    )
    rows = (
        Enrollment.objects.in_report(scope)
        .filter(of_group)
        .exclude(status=EnrollmentStatus.LEFT)
        .annotate(
            since=Coalesce(
                "last_progress_at", "started_at", "created_at", output_field=DateTimeField()
            )
        )
    )
    if filters.status == NOT_STARTED:
        rows = rows.filter(status=EnrollmentStatus.ACTIVE, started_at__isnull=True)
    elif filters.status == IN_PROGRESS:
        rows = rows.filter(status=EnrollmentStatus.ACTIVE, started_at__isnull=False)
    elif filters.status == COMPLETED:
        rows = rows.filter(status=EnrollmentStatus.COMPLETED)
    if filters.region is not None:
        rows = rows.filter(user__profile__school__region=filters.region)
    if filters.district is not None:
        rows = rows.filter(user__profile__school__district=filters.district)
    if filters.school is not None:
        rows = rows.filter(user__profile__school=filters.school)
    if filters.cohort is not None:
        rows = rows.filter(cohort=filters.cohort)
    if filters.idle_days is not None:
        # Idle: still learning, with no step for that many days (counted from enrolment for
        # those who have not begun).
        rows = rows.filter(
            status=EnrollmentStatus.ACTIVE, since__lte=now - timedelta(days=filters.idle_days)
        )
    for word in filters.q.split():
        rows = rows.filter(
            Q(user__email__icontains=word)
            | Q(user__first_name__icontains=word)
            | Q(user__last_name__icontains=word)
        )
    if filters.sort == "progress":
        rows = rows.annotate(done=Coalesce(_done_subquery(), Value(0)))
    order: list[Any] = list(_ORDER.get(filters.sort, _ORDER["name"]))
    if searched and order[0] == "user__last_name":
        # The matches found by the trigram indexes, then sorted: not by walking the index of
        # names past everyone before the first namesake (``ortaq.core.search``).
        order[0] = Unindexed(F("user__last_name")).asc()
    return rows.order_by(*order)


def course_ids_of_group(group_id: int) -> list[int]:
    """The ids of a course and its translations."""
    return list(Course.objects.filter(group_id=group_id).values_list("pk", flat=True))


def _after_q(sort: str, key: list[Any]) -> Q:
    """Rows after ``key`` in the order of ``sort``: (a > x) or (a = x and b > y) or …"""
    names = _ORDER.get(sort, _ORDER["name"])
    values = [
        datetime.fromisoformat(v) if n == "since" and isinstance(v, str) else v
        for n, v in zip(names, key, strict=True)
    ]
    q = Q()
    for index, name in enumerate(names):
        equal = {names[i]: values[i] for i in range(index)}
        q |= Q(**equal, **{f"{name}__gt": values[index]})
    return q


def _decode(after: str | None, sort: str) -> list[Any] | None:
    if not after:
        return None
    try:
        key = signing.loads(after, salt=_CURSOR_SALT)
    except signing.BadSignature:
        return None
    names = _ORDER.get(sort, _ORDER["name"])
    if not isinstance(key, list) or len(key) != len(names):
        return None
    return key


def _rows_of(enrollments: list[Enrollment], now: datetime) -> list[ProgressRow]:
    """Rows for a page of enrolments: one query for the required activities of their courses
    and one for what each has done (unless the sort already counted it)."""
    course_ids = {e.course_id for e in enrollments}
    required = dict(
        Activity.objects.filter(module__course_id__in=course_ids, required=True)
        .values_list("module__course_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    missing = [e.pk for e in enrollments if getattr(e, "done", None) is None]
    done: dict[int, int] = {}
    if missing:
        done = dict(
            ActivityCompletion.objects.filter(enrollment_id__in=missing, activity__required=True)
            .values_list("enrollment_id")
            .annotate(n=Count("pk"))
            .order_by()
        )
    rows = []
    for enrollment in enrollments:
        since: datetime = enrollment.since  # type: ignore[attr-defined]
        if enrollment.status == EnrollmentStatus.COMPLETED:
            status, days = COMPLETED, None
        else:
            status = IN_PROGRESS if enrollment.started_at else NOT_STARTED
            days = max(0, (now - since).days)
        rows.append(
            ProgressRow(
                enrollment=enrollment,
                status=status,
                done=getattr(enrollment, "done", None) or done.get(enrollment.pk, 0),
                required=required.get(enrollment.course_id, 0),
                days_idle=days,
                since=since,
            )
        )
    return rows


def _with_relations(rows: QuerySet[Enrollment]) -> QuerySet[Enrollment]:
    return rows.select_related(
        "user__profile__school__district",
        "user__profile__school__region",
        "last_activity",
        "cohort",
    )


def progress_page(
    *,
    course: Course,
    scope: ReportScope,
    filters: ProgressFilter,
    after: str | None = None,
    per_page: int = PROGRESS_PER_PAGE,
    now: datetime | None = None,
) -> ProgressPage:
    """One page of the list, after the row ``after`` names (the first page without it): three
    queries whatever the number of teachers, and no count of them."""
    now = now or timezone.now()
    rows = progress_queryset(course=course, scope=scope, filters=filters, now=now)
    key = _decode(after, filters.sort)
    if key is not None:
        rows = rows.filter(_after_q(filters.sort, key))
    # First the keys of the page alone, narrow rows sorted in the database; then the page's
    # details by primary key: sorting 20,000 rows as wide as every relation of the page took
    # several times longer than sorting their keys.
    names = _ORDER.get(filters.sort, _ORDER["name"])
    keys = list(rows.values_list(*names)[: per_page + 1])
    more = len(keys) > per_page
    keys = keys[:per_page]
    ids = [k[-1] for k in keys]
    details = _with_relations(
        Enrollment.objects.filter(pk__in=ids).annotate(
            since=Coalesce(
                "last_progress_at", "started_at", "created_at", output_field=DateTimeField()
            )
        )
    ).in_bulk(ids)
    found = [details[pk] for pk in ids if pk in details]
    if filters.sort == "progress":
        for enrollment, k in zip(found, keys, strict=False):
            enrollment.done = k[0]  # type: ignore[attr-defined]
    next_after = (
        signing.dumps(
            [v.isoformat() if isinstance(v, datetime) else v for v in keys[-1]],
            salt=_CURSOR_SALT,
            compress=True,
        )
        if more and keys
        else None
    )
    return ProgressPage(rows=_rows_of(found, now), next_after=next_after, first=key is None)


def progress_all(
    *, course: Course, scope: ReportScope, filters: ProgressFilter, chunk: int = 1000
) -> Iterator[ProgressRow]:
    """Every row of the list, a thousand at a time (for the downloads): three queries per
    thousand teachers."""
    now = timezone.now()
    after: str | None = None
    while True:
        page = progress_page(
            course=course, scope=scope, filters=filters, after=after, per_page=chunk, now=now
        )
        yield from page.rows
        if page.next_after is None:
            return
        after = page.next_after


def progress_of_person(*, person_id: int, viewer: User | AnonymousUser) -> list[ProgressRow]:
    """The courses of one teacher, latest enrolment first, that ``viewer`` may follow her in:
    all of them for herself; for anyone else those whose report (``report_scope_of``) shows
    her. Three queries, and one more per course for a facilitator's cohorts."""
    now = timezone.now()
    enrollments = list(
        _with_relations(
            Enrollment.objects.filter(user_id=person_id)
            .exclude(status=EnrollmentStatus.LEFT)
            .annotate(
                since=Coalesce(
                    "last_progress_at", "started_at", "created_at", output_field=DateTimeField()
                )
            )
            .select_related("course")
            .order_by("-created_at", "-pk")
        )
    )
    shown = []
    for enrollment in enrollments:
        if viewer.pk != person_id:
            scope = report_scope_of(viewer, enrollment.course)
            if scope is None or not (scope.everything or _in_scope(enrollment, scope)):
                continue
        shown.append(enrollment)
    return _rows_of(shown, now) if shown else []


def _in_scope(enrollment: Enrollment, scope: ReportScope) -> bool:
    """``ReportScope.q()`` of one enrolment whose school is already read."""
    school = enrollment.user.profile.school if _has_profile(enrollment) else None
    return (
        enrollment.cohort_id in scope.cohorts
        or (school is not None and school.pk in scope.schools)
        or (school is not None and school.region_id in scope.regions)
        or (school is not None and school.district_id in scope.districts)
    )


def filters_to_data(filters: ProgressFilter) -> dict[str, Any]:
    """The filter as JSON (ids for places and cohorts), for a background task."""
    return {
        "status": filters.status,
        "region": filters.region.pk if filters.region else None,
        "district": filters.district.pk if filters.district else None,
        "school": filters.school.pk if filters.school else None,
        "cohort": filters.cohort.pk if filters.cohort else None,
        "idle_days": filters.idle_days,
        "q": filters.q,
        "sort": filters.sort,
    }


def filters_from_data(data: dict[str, Any]) -> ProgressFilter:
    """The filter ``filters_to_data`` wrote (a place since removed narrows to nobody's)."""

    def get[M: Region | District | School | Cohort](model: type[M], pk: int | None) -> M | None:
        return cast("M | None", model._default_manager.filter(pk=pk).first() if pk else None)

    return ProgressFilter(
        status=data.get("status") or "",
        region=get(Region, data.get("region")),
        district=get(District, data.get("district")),
        school=get(School, data.get("school")),
        cohort=get(Cohort, data.get("cohort")),
        idle_days=data.get("idle_days"),
        q=data.get("q") or "",
        sort=data.get("sort") or "name",
    )


__all__ = [
    "COMPLETED",
    "DEFAULT_REMINDER_DAYS",
    "IN_PROGRESS",
    "NOT_STARTED",
    "PROGRESS_PER_PAGE",
    "SORTS",
    "STATUSES",
    "ProgressFilter",
    "ProgressPage",
    "ProgressRow",
    "progress_all",
    "progress_of_person",
    "progress_page",
    "progress_queryset",
    "filters_from_data",
    "filters_to_data",
]
