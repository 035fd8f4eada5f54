"""The library's report for a district, a region or the country (``/library/report/``).

For the place it looks at: resources by kind and by subject (all, and published), versions by
where they are in review, published resources by level of approval, the median days from a
version's submission to its publication, the schools whose teachers wrote a published resource
(urban, rural, small-scale), the most downloaded resources, and the resources of each region
(the country's report) or district (a region's).

Every figure is one aggregate grouped in SQL (ten queries, whatever the data): no row of a
resource is read in Python but the ten most downloaded. The resources of a place are found by
their own ``region``/``district`` columns (index ``library_resource_region``), versions through
them; the median is read from a histogram of days in tenths (one row per distinct duration, a
few hundred at most), so it costs what the place's published versions do to group, not to send.
At national size (100,000 resources, ``bench --only library_search``) the country's report
reads every resource once per figure: tens of milliseconds each.
"""

from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db.models import Count, Func, IntegerField, Q, QuerySet
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from ortaq.accounts.models import User
from ortaq.core.models import Subject
from ortaq.core.replica import on_replica
from ortaq.core.roles import COUNTRY, Scope, ScopeKind, holds, scopes_where
from ortaq.library.choices import Kind, Level, Status
from ortaq.library.models import Author, Resource, Version
from ortaq.library.permissions import REPORT_READERS
from ortaq.schools.choices import Locality
from ortaq.schools.models import District, Region

COUNTRY_CHOICE = "country"
SMALL_SCALE = "small"
TOP = 10
# The statuses of a version that has been published (the current one, and earlier ones).
PUBLISHED = (Status.PUBLISHED, Status.SUPERSEDED)


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

    @property
    def schools_total(self) -> int:
        return self.schools["total"]


class DaysInTenths(Func):
    """Tenths of days from ``submitted_at`` to ``published_at`` of a version, truncated."""

    output_field = IntegerField()

    def as_postgresql(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        return self.as_sql(
            compiler,
            connection,
            template=("FLOOR(EXTRACT(EPOCH FROM (%(expressions)s)) / 8640)::integer"),
            arg_joiner=" - ",
            **extra,
        )

    def as_sqlite(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        return self.as_sql(
            compiler,
            connection,
            template="CAST((julianday(%(expressions)s)) * 10 AS INTEGER)",
            arg_joiner=") - julianday(",
            **extra,
        )


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


def _lines(rows: QuerySet[Any], key: str, names: dict[Any, str]) -> list[Line]:
    lines = [
        Line(names.get(row[key], str(row[key])), row["n"], row["published"], key=row[key])
        for row in rows
    ]
    return sorted(lines, key=lambda line: (-line.resources, line.label))


def _counted(resources: QuerySet[Resource], key: str) -> QuerySet[Any]:
    counted: QuerySet[Any] = (
        resources.values(key)
        .annotate(n=Count("pk"), published=Count("pk", filter=Q(current__isnull=False)))
        .order_by()
    )
    return counted


@on_replica
def report(place: Place) -> LibraryReport:
    """The report of ``place`` (see the module's docstring)."""
    resources = place.resources()
    published = resources.filter(current__isnull=False)
    kinds = dict(Kind.choices)
    by_kind = _lines(_counted(resources, "kind"), "kind", {k: str(v) for k, v in kinds.items()})
    subjects = {s.pk: s.name for s in Subject.objects.all()}
    by_subject = _lines(_counted(resources, "subject_id"), "subject_id", subjects)
    statuses = dict(
        Version.objects.filter(place.within("resource"))
        .values_list("status")
        .annotate(n=Count("pk"))
        .order_by()
    )
    by_status = [(str(label), statuses.get(value, 0)) for value, label in Status.choices]
    levels = dict(published.values_list("current__level").annotate(n=Count("pk")).order_by())
    by_level = [(str(label), levels.get(value, 0)) for value, label in Level.choices]
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
    schools = {Locality.URBAN: 0, Locality.RURAL: 0, SMALL_SCALE: 0, "total": 0}
    kinds_of_schools = (
        Author.objects.filter(
            place.within("resource"), resource__current__isnull=False, school__isnull=False
        )
        .values("school__locality", "school__small_scale")
        .annotate(n=Count("school_id", distinct=True))
        .order_by()
    )
    for row in kinds_of_schools:
        # A school has one locality and one size: each school is in one row.
        schools["total"] += row["n"]
        if row["school__locality"] in schools:
            schools[row["school__locality"]] += row["n"]
        if row["school__small_scale"]:
            schools[SMALL_SCALE] += row["n"]
    most_used = [
        Used(pk, title, kind, downloads)
        for pk, title, kind, downloads in published.filter(downloads__gt=0)
        .order_by("-downloads", "pk")
        .values_list("pk", "current__title", "kind", "downloads")[:TOP]
    ]
    rows_heading, rows = "", []
    if place.district is None:
        if place.region is None:
            rows_heading = _("Region")
            names = {r.pk: r.name for r in Region.objects.all()}
            rows = _lines(_counted(resources, "region_id"), "region_id", names)
        else:
            rows_heading = _("District")
            names = {d.pk: d.name for d in District.objects.filter(region=place.region)}
            rows = _lines(_counted(resources, "district_id"), "district_id", names)
        for line in rows:
            if line.key is None:
                line.label = _("No place")
    total = Line(
        _("Total"),
        sum(line.resources for line in by_kind),
        sum(line.published for line in by_kind),
    )
    return LibraryReport(
        place=place,
        counted_on=timezone.localdate(),
        total=total,
        by_kind=by_kind,
        by_subject=by_subject,
        by_status=by_status,
        by_level=by_level,
        median_days=median_of_tenths(tenths),
        versions_published=sum(tenths.values()),
        schools=schools,
        most_used=most_used,
        rows_heading=rows_heading,
        rows=rows,
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
