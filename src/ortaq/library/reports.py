"""The library's report for a district, a region or the country (``/library/report/``).

For the place it looks at: resources by kind and by subject (all, and published), versions by
where they are in review, published resources by level of approval, the median days from a
version's submission to its publication, the schools whose teachers wrote a published resource
(urban, rural, small-scale), the most downloaded resources, and the resources of each region
(the country's report) or district (a region's).

``report`` reads the running totals kept per place of resources, a district or a region's
resources outside any district (``LibraryTally``, ``LibrarySchoolTally``; kept exact by
``services.tallies``, docs/decisions/0013): the country's report sums about 200 districts'
rows, a region's only its own districts', a district's its own, in a fixed number of queries.
The median is read from a histogram of days in tenths. The ten most downloaded are the one
query over resources, top down along an index per region and per district. ``report_cached``
is what the page and its CSV and XLSX read: it counts a small backlog of changes first, and a
place's report is counted at most once a minute by one reader (``core.cache.counted_once``),
the others shown the figures already counted, with their time. ``report_from_rows`` counts
the same figures from every raw row: the reference a test holds the totals to.
"""

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db.models import Count, Q, QuerySet, Sum
from django.utils import formats, timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from ortaq.accounts.models import User
from ortaq.core.cache import counted_once
from ortaq.core.models import Subject
from ortaq.core.replica import on_replica
from ortaq.core.roles import COUNTRY, Scope, ScopeKind, holds, scopes_where
from ortaq.library.choices import Kind, Level, Status
from ortaq.library.models import (
    Author,
    LibrarySchoolTally,
    LibraryTally,
    Resource,
    TallyMetric,
    Version,
)
from ortaq.library.permissions import REPORT_READERS
from ortaq.library.services.tallies import (
    PUBLISHED,
    DaysInTenths,
    library_tallies_pending,
    library_tallies_refresh,
)
from ortaq.schools.choices import Locality
from ortaq.schools.models import District, Region

COUNTRY_CHOICE = "country"
SMALL_SCALE = "small"
TOP = 10
# A report read counts the changes of so many places itself; a longer backlog is the worker's
# (the page says how many changes are still to be counted).
BACKLOG_COUNTED_HERE = 50
# A place's report is counted again when older than this (by one reader; the others are shown
# the figures already counted), and kept this long.
REPORT_SECONDS = 60
REPORT_KEPT_SECONDS = 3600


@dataclass(frozen=True)
class Place:
    """What a report looks at: the country, a region or a district."""

    kind: str
    label: str
    region: Region | None = None
    district: District | None = None

    @property
    def value(self) -> str:
        if self.district is not None:
            return f"district:{self.district.pk}"
        if self.region is not None:
            return f"region:{self.region.pk}"
        return COUNTRY_CHOICE

    def within(self, path: str = "") -> Q:
        """The rows (over ``path``, the lookup from them to their resource) of the place's
        resources: joined on the resource's own district or region, nothing for the
        country."""
        prefix = f"{path}__" if path else ""
        if self.district is not None:
            return Q(**{f"{prefix}district_id": self.district.pk})
        if self.region is not None:
            return Q(**{f"{prefix}region_id": self.region.pk})
        return Q()

    def resources(self) -> QuerySet[Resource]:
        return Resource.objects.filter(self.within())


def places_of(user: User | AnonymousUser) -> list[tuple[str, str]]:
    """The places whose report ``user`` may read, as choices: the country and every region
    for a reader of the whole country; her regions and districts otherwise. Readers are the
    methodologists, moderators and administrators (``permissions.REPORT_READERS``)."""
    held = scopes_where(user, REPORT_READERS)
    choices: list[tuple[str, str]] = []
    if COUNTRY in held:
        choices.append((COUNTRY_CHOICE, _("Kazakhstan")))
        regions = Region.objects.order_by("code")
    else:
        mine = [int(s.key) for s in held if s.kind == ScopeKind.REGION]
        regions = Region.objects.filter(pk__in=mine).order_by("code")
    choices += [(f"region:{region.pk}", region.name) for region in regions]
    districts = [int(s.key) for s in held if s.kind == ScopeKind.DISTRICT]
    if districts:
        found = District.objects.filter(pk__in=districts).order_by("name_kk", "pk")
        choices += [(f"district:{d.pk}", d.name) for d in found]
    return choices


def place_from(value: str, user: User | AnonymousUser) -> Place | None:
    """The place ``value`` (as ``places_of`` writes it) names, if ``user`` may read its
    report; None otherwise."""
    kind, _sep, key = value.partition(":")
    if kind == COUNTRY_CHOICE and not key:
        return (
            Place(ScopeKind.COUNTRY, _("Kazakhstan"))
            if holds(user, REPORT_READERS, [COUNTRY])
            else None
        )
    if not key.isdigit():
        return None
    if kind == "region":
        region = Region.objects.filter(pk=int(key)).first()
        if region is None or not holds(user, REPORT_READERS, [COUNTRY, Scope.region(region.pk)]):
            return None
        return Place(ScopeKind.REGION, region.name, region=region)
    if kind == "district":
        district = District.objects.select_related("region").filter(pk=int(key)).first()
        if district is None:
            return None
        chain = [COUNTRY, Scope.region(district.region_id), Scope.district(district.pk)]
        if not holds(user, REPORT_READERS, chain):
            return None
        return Place(ScopeKind.DISTRICT, district.name, region=district.region, district=district)
    return None


@dataclass
class Line:
    """A row of a table: its label, resources, published resources."""

    label: str
    resources: int = 0
    published: int = 0
    key: Any = None


@dataclass
class Used:
    """A resource among the most downloaded."""

    pk: int
    title: str
    kind: str
    downloads: int


@dataclass
class LibraryReport:
    place: Place
    counted_on: date
    total: Line
    by_kind: list[Line]
    by_subject: list[Line]
    by_status: list[tuple[str, int]]
    by_level: list[tuple[str, int]]
    median_days: float | None
    versions_published: int
    schools: dict[str, int]
    most_used: list[Used]
    rows_heading: str = ""
    rows: list[Line] = field(default_factory=list)
    # When these figures were read, when the running totals were last brought up to date, and
    # the changes still waiting to be counted in them (None and 0 when counted from the rows).
    counted_at: datetime = field(default_factory=timezone.now)
    tallied_at: datetime | None = None
    waiting: int = 0

    @property
    def schools_total(self) -> int:
        return self.schools["total"]


def median_of_tenths(tenths: Counter[int]) -> float | None:
    """The median of durations given in tenths of days with how many versions took each, in
    days to one decimal (``statistics.median`` over the durations themselves)."""
    total = sum(tenths.values())
    if not total:
        return None
    wanted = [(total - 1) // 2, total // 2]
    found: list[int] = []
    seen = 0
    for value in sorted(tenths):
        count = tenths[value]
        while len(found) < 2 and wanted[len(found)] < seen + count:  # noqa: PLR2004
            found.append(value)
        seen += count
        if len(found) == 2:  # noqa: PLR2004
            break
    return round((found[0] + found[1]) / 20, 1)


Counted = tuple[Any, int, int]  # a key (kind, subject, region, district), resources, published


def _lines(rows: Iterable[Counted], names: dict[Any, str]) -> list[Line]:
    lines = [Line(names.get(key, str(key)), n, published, key=key) for key, n, published in rows]
    return sorted(lines, key=lambda line: (-line.resources, line.label))


def _counted(resources: QuerySet[Resource], key: str) -> list[Counted]:
    return list(
        resources.values_list(key)
        .annotate(n=Count("pk"), published=Count("pk", filter=Q(current__isnull=False)))
        .values_list(key, "n", "published")
        .order_by()
    )


def _rows_column(place: Place) -> str:
    """The column that splits the place into rows: regions in the country, districts in a
    region; none in a district."""
    if place.district is not None:
        return ""
    return "region_id" if place.region is None else "district_id"


def _schools(rows: Iterable[tuple[str, bool, int]]) -> dict[str, int]:
    """Contributing schools from (locality, small-scale, schools) rows."""
    schools = {Locality.URBAN: 0, Locality.RURAL: 0, SMALL_SCALE: 0, "total": 0}
    for locality, small_scale, n in rows:
        # A school has one locality and one size: each school is in one row.
        schools["total"] += n
        if locality in schools:
            schools[locality] += n
        if small_scale:
            schools[SMALL_SCALE] += n
    return schools


def _most_used(place: Place) -> list[Used]:
    """The ten most downloaded published resources of the place: read top down along
    ``library_resource_downloads`` (the country) or ``library_resource_used_region`` and
    ``…_district``, whatever the number of resources."""
    return [
        Used(pk, title, kind, downloads)
        for pk, title, kind, downloads in place.resources()
        .filter(current__isnull=False, downloads__gt=0)
        .order_by("-downloads", "pk")
        .values_list("pk", "current__title", "kind", "downloads")[:TOP]
    ]


def _assemble(
    place: Place,
    *,
    by_kind: Iterable[Counted],
    by_subject: Iterable[Counted],
    by_place: Iterable[Counted],
    statuses: dict[str, int],
    levels: dict[str, int],
    tenths: Counter[int],
    schools: dict[str, int],
) -> LibraryReport:
    """The report from its figures, labelled and in order (the same whichever way they were
    counted)."""
    kinds = {value: str(label) for value, label in Kind.choices}
    subjects = {s.pk: s.name for s in Subject.objects.all()}
    kind_lines = _lines(by_kind, kinds)
    rows_heading, rows = "", []
    column = _rows_column(place)
    if column == "region_id":
        rows_heading = _("Region")
        rows = _lines(by_place, {r.pk: r.name for r in Region.objects.all()})
    elif column == "district_id":
        rows_heading = _("District")
        names = {d.pk: d.name for d in District.objects.filter(region=place.region)}
        rows = _lines(by_place, names)
    for line in rows:
        if line.key is None:
            line.label = _("No place")
    return LibraryReport(
        place=place,
        counted_on=timezone.localdate(),
        total=Line(
            _("Total"),
            sum(line.resources for line in kind_lines),
            sum(line.published for line in kind_lines),
        ),
        by_kind=kind_lines,
        by_subject=_lines(by_subject, subjects),
        by_status=[(str(label), statuses.get(value, 0)) for value, label in Status.choices],
        by_level=[(str(label), levels.get(value, 0)) for value, label in Level.choices],
        median_days=median_of_tenths(tenths),
        versions_published=sum(tenths.values()),
        schools=schools,
        most_used=_most_used(place),
        rows_heading=rows_heading,
        rows=rows,
    )


@on_replica
def report(place: Place) -> LibraryReport:
    """The report of ``place`` read from the running totals as last counted (see the module's
    docstring): eight queries, whatever the number of resources."""
    tallies = LibraryTally.objects.filter(place.within()).order_by()
    by_kind: list[Counted] = []
    by_subject: list[Counted] = []
    statuses: dict[str, int] = {}
    levels: dict[str, int] = {}
    tenths: Counter[int] = Counter()
    for metric, key, n, published in (
        tallies.values_list("metric", "key")
        .annotate(n=Sum("n"), published=Sum("published"))
        .values_list("metric", "key", "n", "published")
    ):
        if metric == TallyMetric.KIND:
            by_kind.append((key, n, published))
        elif metric == TallyMetric.SUBJECT:
            by_subject.append((int(key), n, published))
        elif metric == TallyMetric.STATUS:
            statuses[key] = n
        elif metric == TallyMetric.LEVEL:
            levels[key] = n
        elif metric == TallyMetric.DAYS:
            tenths[int(key)] += n
    by_place: list[Counted] = []
    column = _rows_column(place)
    if column:
        by_place = list(
            tallies.filter(metric=TallyMetric.KIND)
            .values_list(column)
            .annotate(n=Sum("n"), published=Sum("published"))
            .values_list(column, "n", "published")
        )
    schools = _schools(
        LibrarySchoolTally.objects.filter(place.within())
        .values_list("school__locality", "school__small_scale")
        .annotate(n=Count("school_id", distinct=True))
        .order_by()
    )
    found = _assemble(
        place,
        by_kind=by_kind,
        by_subject=by_subject,
        by_place=by_place,
        statuses=statuses,
        levels=levels,
        tenths=tenths,
        schools=schools,
    )
    pending = library_tallies_pending()
    found.tallied_at, found.waiting = pending.counted_at, pending.changes
    return found


def report_cached(place: Place) -> LibraryReport:
    """``report`` of ``place`` as the page and its exports read it: a backlog of changes of up
    to ``BACKLOG_COUNTED_HERE`` places counted first, and the whole counted at most once a
    minute per place and language, by one reader at a time (``core.cache.counted_once``)."""

    def count() -> LibraryReport:
        library_tallies_refresh(limit=BACKLOG_COUNTED_HERE)
        return report(place)

    return counted_once(
        f"ortaq:library-report:{place.value}:{get_language()}",
        count,
        counted_at=lambda found: found.counted_at,
        fresh_seconds=REPORT_SECONDS,
        kept_seconds=REPORT_KEPT_SECONDS,
    )


def report_from_rows(place: Place) -> LibraryReport:
    """The report of ``place`` counted from every raw row of its resources and versions: the
    reference the running totals are checked against (``report`` reads those)."""
    resources = place.resources()
    statuses = dict(
        Version.objects.filter(place.within("resource"))
        .values_list("status")
        .annotate(n=Count("pk"))
        .order_by()
    )
    levels = dict(
        resources.filter(current__isnull=False)
        .values_list("current__level")
        .annotate(n=Count("pk"))
        .order_by()
    )
    durations = (
        Version.objects.filter(
            place.within("resource"),
            status__in=PUBLISHED,
            submitted_at__isnull=False,
            published_at__isnull=False,
        )
        .annotate(tenths=DaysInTenths("published_at", "submitted_at"))
        .values_list("tenths")
        .annotate(n=Count("pk"))
        .order_by()
    )
    tenths: Counter[int] = Counter()
    for value, count in durations:
        tenths[max(0, int(value))] += count
    schools = _schools(
        Author.objects.filter(
            place.within("resource"), resource__current__isnull=False, school__isnull=False
        )
        .values_list("school__locality", "school__small_scale")
        .annotate(n=Count("school_id", distinct=True))
        .order_by()
    )
    column = _rows_column(place)
    return _assemble(
        place,
        by_kind=_counted(resources, "kind"),
        by_subject=_counted(resources, "subject_id"),
        by_place=_counted(resources, column) if column else [],
        statuses=statuses,
        levels=levels,
        tenths=tenths,
        schools=schools,
    )


def table(found: LibraryReport) -> list[list[Any]]:
    """The whole report as rows for CSV and XLSX: its title, place and date, then each table
    with its heading row."""
    header = [_("Resources"), _("Published")]
    rows: list[list[Any]] = [
        [
            _("Methodological library"),
            found.place.label,
            formats.date_format(found.counted_on, "SHORT_DATE_FORMAT"),
        ],
        [],
        [_("In total"), *header],
        [found.total.label, found.total.resources, found.total.published],
    ]
    for title, lines in (
        (_("By kind"), found.by_kind),
        (_("By subject"), found.by_subject),
        *(((found.rows_heading, found.rows),) if found.rows_heading else ()),
    ):
        rows += [[], [title, *header]]
        rows += [[line.label, line.resources, line.published] for line in lines]
    rows += [[], [_("Versions by status"), _("Versions")]]
    rows += [[label, count] for label, count in found.by_status]
    rows += [[], [_("Published resources by level of approval"), _("Resources")]]
    rows += [[label, count] for label, count in found.by_level]
    rows += [
        [],
        [_("Median days from submission to publication"), _("Versions published")],
        ["" if found.median_days is None else found.median_days, found.versions_published],
        [],
        [_("Contributing schools"), _("Urban"), _("Rural"), _("Small-scale")],
        [
            found.schools["total"],
            found.schools[Locality.URBAN],
            found.schools[Locality.RURAL],
            found.schools[SMALL_SCALE],
        ],
        [],
        [_("Most used resources"), _("Kind"), _("Downloads")],
    ]
    kinds = dict(Kind.choices)
    rows += [
        [used.title, str(kinds.get(used.kind, used.kind)), used.downloads]
        for used in found.most_used
    ]
    return rows
