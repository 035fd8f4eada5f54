"""The communities report for a school, a district, a region or the country: circles active in
the last 30 days, meetings held and attendance, projects by stage and status, portfolios
accepted, and consultations answered with the median time to answer. A fixed number of queries
whatever the data: every figure is an aggregate grouped by the rows' place."""

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db.models import Case, Count, F, Q, Sum, Value, When
from django.utils import timezone
from django.utils.translation import gettext as _

from ortaq.accounts.models import User
from ortaq.communities.choices import MembershipStatus, ProjectStatus, Stage
from ortaq.communities.models import (
    Attendance,
    Circle,
    CircleMetric,
    CircleTally,
    Meeting,
    Membership,
    Project,
)
from ortaq.consultations.queries import AnswerStats, answer_stats, answer_stats_by
from ortaq.core.replica import on_replica
from ortaq.core.roles import COUNTRY, Role, Scope, ScopeKind, holds, scopes_where
from ortaq.discussions.models import Post
from ortaq.schools.models import District, Region, School

ACTIVE_DAYS = 30
# Who reads the report of a place: methodologists and administrators over it, and a school
# head for her school.
READERS = (Role.COORDINATOR, Role.ADMIN)


@dataclass
class Place:
    """Where the report looks: the whole country, a region, a district or a school."""

    region: Region | None = None
    district: District | None = None
    school: School | None = None

    @property
    def label(self) -> str:
        if self.school is not None:
            return self.school.name
        if self.district is not None:
            return f"{self.district.name}, {self.district.region.name}"
        if self.region is not None:
            return self.region.name
        return _("Kazakhstan")

    def scope_chain(self) -> list[Scope]:
        chain = [COUNTRY]
        if self.region is not None:
            chain.append(Scope.region(self.region.pk))
        if self.district is not None:
            chain.append(Scope.district(self.district.pk))
        if self.school is not None:
            chain.append(Scope.school(self.school.pk))
        return chain

    def circles(self) -> Q:
        """The circles lying there (a network counts in its region and district)."""
        if self.school is not None:
            return Q(school=self.school) | Q(schools=self.school)
        if self.district is not None:
            return Q(district=self.district)
        if self.region is not None:
            return Q(region=self.region)
        return Q()

    def teachers(self) -> Q:
        """The memberships of the teachers working there (by their school)."""
        if self.school is not None:
            return Q(user__profile__school=self.school)
        if self.district is not None:
            return Q(user__profile__school__district=self.district)
        if self.region is not None:
            return Q(user__profile__school__region=self.region)
        return Q()

    def rows_by(self) -> tuple[str, str]:
        """The column that splits the report into rows, and its heading."""
        if self.school is not None:
            return "", ""
        if self.district is not None:
            return "school_id", str(_("School"))
        if self.region is not None:
            return "district_id", str(_("District"))
        return "region_id", str(_("Region"))

    def unplaced_label(self) -> str:
        """The row of the circles that have no value in the rows' column: in a district, the
        networks (no one school); in a region, the region-wide networks and the circles of
        schools that lie in no district."""
        if self.district is not None:
            return str(_("Networks of several schools"))
        return str(_("Region-wide networks and schools outside a district"))


def may_read(user: User | AnonymousUser, place: Place) -> bool:
    if holds(user, READERS, place.scope_chain()):
        return True
    return place.school is not None and holds(user, (Role.PRINCIPAL,), place.scope_chain())


def default_place(user: User | AnonymousUser) -> Place:
    """The widest place she looks after, where the report starts without a place chosen: the
    country for administrators and national methodologists, else her region, district or
    school."""
    scopes = scopes_where(user, (Role.ADMIN, Role.COORDINATOR, Role.PRINCIPAL))
    order: dict[str, int] = {
        ScopeKind.COUNTRY: 0,
        ScopeKind.REGION: 1,
        ScopeKind.DISTRICT: 2,
        ScopeKind.SCHOOL: 3,
    }
    for scope in sorted(scopes, key=lambda s: (order.get(s.kind, 9), s.key)):
        if scope.kind == ScopeKind.COUNTRY:
            return Place()
        if scope.kind == ScopeKind.REGION:
            return Place(region=Region.objects.get(pk=int(scope.key)))
        if scope.kind == ScopeKind.DISTRICT:
            district = District.objects.select_related("region").get(pk=int(scope.key))
            return Place(region=district.region, district=district)
        if scope.kind == ScopeKind.SCHOOL:
            school = School.objects.select_related("region", "district").get(pk=int(scope.key))
            return Place(region=school.region, district=school.district, school=school)
    return Place()


@dataclass
class Figures:
    """One row of the report (or its totals)."""

    label: str
    circles: int = 0
    active: int = 0
    meetings: int = 0
    present: int = 0
    recorded: int = 0
    stages: dict[int, int] = field(default_factory=dict)
    statuses: dict[str, int] = field(default_factory=dict)
    accepted: int = 0
    members: int = 0  # active memberships of the circles
    left: int = 0  # memberships ended by leaving
    posts: int = 0  # visible posts written in the period
    teachers: int = 0  # teachers of the place's schools active in a circle
    asked: int = 0
    answered: int = 0
    median_hours: float | None = None
    # False for the row of networks: consultations belong to a teacher's school or district,
    # not to a circle, so that row has no questions of its own.
    has_questions: bool = True

    @property
    def attendance(self) -> float | None:
        """The share of recorded places at meetings that were filled, in per cent."""
        return round(100 * self.present / self.recorded, 1) if self.recorded else None

    @property
    def projects(self) -> int:
        return sum(self.stages.values())

    @property
    def by_status(self) -> list[tuple[str, int]]:
        return [(str(s.label), self.statuses.get(s.value, 0)) for s in ProjectStatus]

    def add_answers(self, stats: AnswerStats) -> None:
        self.asked, self.answered, self.median_hours = (
            stats.asked,
            stats.answered,
            stats.median_hours,
        )


@dataclass
class Report:
    place: Place
    since: datetime.date
    until: datetime.date
    totals: Figures
    rows: list[Figures]
    rows_heading: str
    # Read from the running totals: when they were last counted, and the changes still
    # waiting to be counted (None: counted from the raw rows, up to the moment).
    counted_at: datetime.datetime | None = None
    pending: int = 0


SUMMED: tuple[str, ...] = ("circles", "active", "meetings", "present", "recorded", "accepted")
SUMMED += ("members", "left", "posts", "teachers")


def _grouped(queryset: Any, key: str, prefix: str, **aggregates: Any) -> dict[Any, dict[str, Any]]:
    """The aggregates per value of ``prefix + key`` (one query); without a key, in total."""
    if not key:
        return {None: queryset.aggregate(**aggregates)}
    grouped = queryset.values(k=F(f"{prefix}{key}")).annotate(**aggregates).order_by()
    return {row.pop("k"): row for row in grouped}


def _period(since: datetime.date, until: datetime.date) -> tuple[Any, Any]:
    start = timezone.make_aware(datetime.datetime.combine(since, datetime.time.min))
    end = timezone.make_aware(datetime.datetime.combine(until, datetime.time.max))
    return start, end


def active_since() -> datetime.datetime:
    """A circle is active when its last activity fell on one of the last 30 days (whole days,
    local time: the running totals count by day)."""
    day = timezone.localdate() - datetime.timedelta(days=ACTIVE_DAYS)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


@on_replica
def report(*, place: Place, since: datetime.date, until: datetime.date) -> Report:
    """The report of ``place`` for the days ``since`` to ``until`` (inclusive), counted from the
    raw rows (a school's; and the reference the running totals are checked against)."""
    start, end = _period(since, until)
    now = timezone.now()
    key, heading = place.rows_by()
    circles = Circle.objects.filter(place.circles()).distinct()
    circle_ids = circles.values("pk")

    rows: dict[Any, Figures] = {}

    def row(k: Any) -> Figures:
        return rows.setdefault(k, Figures(label=""))

    for k, found in _grouped(
        circles, key, "",
        circles=Count("pk", distinct=True),
        active=Count("pk", filter=Q(last_activity_at__gte=active_since()), distinct=True),
    ).items():  # fmt: skip
        row(k).circles, row(k).active = found["circles"], found["active"]

    for k, held in _meetings(circle_ids, key, start, min(end, now)).items():
        row(k).meetings, row(k).recorded, row(k).present = held

    members = Membership.objects.filter(circle__in=circle_ids)
    for k, found in _grouped(
        members, key, "circle__",
        members=Count("pk", filter=Q(status=MembershipStatus.ACTIVE)),
        left=Count("pk", filter=Q(status=MembershipStatus.LEFT)),
    ).items():  # fmt: skip
        row(k).members, row(k).left = found["members"], found["left"]
    posts = Post.objects.filter(
        discussion__thread__circle__in=circle_ids,
        hidden_at__isnull=True,
        created_at__range=(start, end),
    )
    for k, found in _grouped(posts, key, "discussion__thread__circle__", n=Count("pk")).items():
        row(k).posts = found["n"]
    teachers = Membership.objects.filter(
        place.teachers(), status=MembershipStatus.ACTIVE, user__profile__school__isnull=False
    )
    for k, found in _grouped(
        teachers, key.replace("school_id", "id"), "user__profile__school__",
        n=Count("user_id", distinct=True),
    ).items():  # fmt: skip
        row(k).teachers = found["n"]

    projects = Project.objects.filter(circle__in=circle_ids)
    by = f"circle__{key}" if key else None
    for field_name, target in (("stage", "stages"), ("status", "statuses")):
        values = [by, field_name] if by else [field_name]
        for found in projects.values(*values).annotate(n=Count("pk")).order_by():
            getattr(row(found[by] if by else None), target)[found[field_name]] = found["n"]
    accepted = projects.filter(status=ProjectStatus.ACCEPTED, accepted_at__range=(start, end))
    for k, found in _grouped(accepted, key, "circle__", n=Count("pk")).items():
        row(k).accepted = found["n"]
    return _finish(place, since, until, key, heading, rows)


def _meetings(circle_ids: Any, key: str, start: Any, end: Any) -> dict[Any, tuple[int, int, int]]:
    """Meetings held between ``start`` and ``end``, and their attendance marks (recorded,
    present), per value of the rows' column."""
    held = Meeting.objects.filter(
        circle__in=circle_ids, cancelled_at__isnull=True, starts_at__range=(start, end)
    )
    found: dict[Any, list[int]] = {}
    for k, figures in _grouped(held, key, "circle__", meetings=Count("pk")).items():
        found.setdefault(k, [0, 0, 0])[0] = figures["meetings"]
    marks = Attendance.objects.filter(meeting__in=held.values("pk"))
    for k, figures in _grouped(
        marks, key, "meeting__circle__",
        recorded=Count("pk"), present=Count("pk", filter=Q(present=True)),
    ).items():  # fmt: skip
        counts = found.setdefault(k, [0, 0, 0])
        counts[1], counts[2] = figures["recorded"], figures["present"]
    return {k: (v[0], v[1], v[2]) for k, v in found.items()}


def report_from_tallies(*, place: Place, since: datetime.date, until: datetime.date) -> Report:
    """The report of the country, a region or a district, read from the running totals
    (``CircleTally``): a few thousand rows whatever the number of members and posts. Today's
    meetings are counted from the raw rows (only those already begun count as held)."""
    from ortaq.communities.services.tallies import circle_tallies_pending, day_key

    if place.school is not None:
        raise ValueError("A school's report is counted from its own rows.")
    key, heading = place.rows_by()
    today = timezone.localdate()
    first, last = day_key(since), day_key(until)
    before_today = min(last, day_key(today) - 1)
    dated = [
        (CircleMetric.MEETINGS, first, before_today),
        (CircleMetric.RECORDED, first, before_today),
        (CircleMetric.PRESENT, first, before_today),
        (CircleMetric.POSTS, first, last),
        (CircleMetric.ACCEPTED, first, last),
        (CircleMetric.ACTIVE, day_key(today - datetime.timedelta(days=ACTIVE_DAYS)), 10**7),
    ]
    wanted = Q(
        metric__in=[
            CircleMetric.CIRCLES, CircleMetric.MEMBERS, CircleMetric.LEFT,
            CircleMetric.TEACHERS, CircleMetric.PROJECTS,
        ]
    )  # fmt: skip
    for metric, low, high in dated:
        wanted |= Q(metric=metric, key__range=(low, high))
    tallies = CircleTally.objects.filter(wanted)
    if place.district is not None:
        tallies = tallies.filter(district=place.district)
    elif place.region is not None:
        tallies = tallies.filter(region=place.region)
    grouped = (
        tallies.values_list(
            F(key) if key else Value(None),
            "metric",
            Case(When(metric=CircleMetric.PROJECTS, then=F("key")), default=Value(0)),
            "sub",
        )
        .annotate(total=Sum("n"))
        .order_by()
    )
    rows: dict[Any, Figures] = {}
    statuses = ProjectStatus.values
    names = {
        CircleMetric.CIRCLES: "circles",
        CircleMetric.ACTIVE: "active",
        CircleMetric.MEETINGS: "meetings",
        CircleMetric.RECORDED: "recorded",
        CircleMetric.PRESENT: "present",
        CircleMetric.ACCEPTED: "accepted",
        CircleMetric.MEMBERS: "members",
        CircleMetric.LEFT: "left",
        CircleMetric.POSTS: "posts",
        CircleMetric.TEACHERS: "teachers",
    }
    for k, metric, stage, sub, total in grouped:
        figures = rows.setdefault(k, Figures(label=""))
        if metric == CircleMetric.PROJECTS:
            figures.stages[stage] = figures.stages.get(stage, 0) + total
            status = statuses[sub] if sub < len(statuses) else statuses[0]
            figures.statuses[status] = figures.statuses.get(status, 0) + total
        else:
            setattr(figures, names[metric], getattr(figures, names[metric]) + total)
    if until >= today:
        start, _end = _period(today, today)
        circle_ids = Circle.objects.filter(place.circles()).values("pk")
        for k, (meetings, recorded, present) in _meetings(
            circle_ids, key, start, timezone.now()
        ).items():
            figures = rows.setdefault(k, Figures(label=""))
            figures.meetings += meetings
            figures.recorded += recorded
            figures.present += present
    found = _finish(place, since, until, key, heading, rows)
    pending = circle_tallies_pending()
    found.counted_at, found.pending = pending.counted_at, pending.changes
    return found


def _finish(
    place: Place,
    since: datetime.date,
    until: datetime.date,
    key: str,
    heading: str,
    rows: dict[Any, Figures],
) -> Report:
    """Add the consultations, the totals and the rows' labels, in order."""
    start, end = _period(since, until)
    totals = Figures(label=place.label)
    totals.add_answers(
        answer_stats(
            region_id=place.region.pk if place.region else None,
            district_id=place.district.pk if place.district else None,
            school_id=place.school.pk if place.school else None,
            since=start,
            until=end,
        )
    )
    if key:
        keys = [k for k in rows if k is not None]
        for k, stats in answer_stats_by(field=key, ids=keys, since=start, until=end).items():
            rows.setdefault(k, Figures(label="")).add_answers(stats)
    # Every row counts in the totals, the circles without a school (a district's networks) or
    # without a district (a region's networks) included: they have a row of their own.
    for figures in rows.values():
        for name in SUMMED:
            setattr(totals, name, getattr(totals, name) + getattr(figures, name))
        for stage, n in figures.stages.items():
            totals.stages[stage] = totals.stages.get(stage, 0) + n
        for status, n in figures.statuses.items():
            totals.statuses[status] = totals.statuses.get(status, 0) + n
    if not key and None in rows:
        only = rows[None]
        only.label = place.label
        only.add_answers(AnswerStats(totals.asked, totals.answered, totals.median_hours))
        totals = only

    labelled = [(k, f) for k, f in rows.items() if k is not None]
    names = _labels(key, [k for k, _f in labelled])
    for k, figures in labelled:
        figures.label = names.get(k, "—")
    ordered = sorted((f for _k, f in labelled), key=lambda f: f.label)
    if key and None in rows:
        unplaced = rows[None]
        unplaced.label, unplaced.has_questions = place.unplaced_label(), False
        ordered.append(unplaced)
    for figures in ordered:
        figures.stages = {s: figures.stages.get(s, 0) for s in Stage.values}
    totals.stages = {s: totals.stages.get(s, 0) for s in Stage.values}
    return Report(
        place=place, since=since, until=until, totals=totals, rows=ordered, rows_heading=heading
    )


def _labels(key: str, ids: list[Any]) -> dict[Any, str]:
    if not ids:
        return {}
    if key == "region_id":
        return {r.pk: r.name for r in Region.objects.filter(pk__in=ids)}
    if key == "district_id":
        return {d.pk: d.name for d in District.objects.filter(pk__in=ids)}
    return {s.pk: s.name for s in School.objects.filter(pk__in=ids)}
