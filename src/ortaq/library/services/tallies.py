"""Keep the running totals the library report reads (``LibraryTally``, ``LibrarySchoolTally``).

The services that change what the report counts (a resource written, a version started,
submitted, returned, put in review, published or withdrawn) call ``library_tallies_touch``
with the resource inside their transaction, after their writes: it appends a change for the
resource's place (its region and district) and queues a recount once the transaction commits.
A resource moving place would touch both its places. ``library_tallies_refresh`` recounts the
places of the pending changes from the raw rows, one refresher at a time, in a fixed number of
queries whatever the number of places; a district holds a few hundred resources, so a recount
costs what the districts touched hold, not the country (docs/decisions/0013).
"""

import datetime
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.core.cache import cache
from django.db import transaction
from django.db.models import Count, Func, IntegerField, Q
from django.utils import timezone

from ortaq.core.background import enqueue
from ortaq.core.locks import take_turns
from ortaq.library.choices import Status
from ortaq.library.models import (
    Author,
    LibrarySchoolTally,
    LibraryTally,
    LibraryTallyChange,
    LibraryTallyState,
    Resource,
    TallyMetric,
    Version,
)

LOCK = "library.tallies"
QUEUED = "ortaq:library-tallies:queued"
# A refresh queued by a change runs this long after it, so that a busy minute's changes are
# recounted together rather than one by one.
REFRESH_DELAY = datetime.timedelta(seconds=20)
# The statuses of a version that has been published (the current one, and earlier ones).
PUBLISHED = (Status.PUBLISHED, Status.SUPERSEDED)

Place = tuple[int | None, int | None]  # region, district: the resource's own columns


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


def _queue_on_commit() -> None:
    def queue() -> None:
        if cache.add(QUEUED, 1, int(REFRESH_DELAY.total_seconds())):
            enqueue("ortaq.library.tasks_reports.refresh_library_tallies", delay=REFRESH_DELAY)

    transaction.on_commit(queue)


def library_tallies_touch_places(places: Iterable[Place]) -> None:
    """Note that the report's figures of these places (region, district) changed."""
    changes = [LibraryTallyChange(region_id=r, district_id=d) for r, d in set(places)]
    if changes:
        LibraryTallyChange.objects.bulk_create(changes, batch_size=1000)
        _queue_on_commit()


def library_tallies_touch(resource: Resource) -> None:
    """Note that something the report counts of ``resource`` changed (a version's status, its
    publication, a new version): its place is recounted."""
    library_tallies_touch_places([(resource.region_id, resource.district_id)])


@dataclass
class Pending:
    """What a refresh left to do, for the report to say."""

    changes: int
    counted_at: datetime.datetime | None


def library_tallies_pending() -> Pending:
    """How many changes wait to be counted, and when the totals were last brought up to date."""
    state = LibraryTallyState.objects.order_by("pk").first()
    return Pending(
        changes=LibraryTallyChange.objects.count(),
        counted_at=state.counted_at if state is not None else None,
    )


def library_tallies_refresh(*, limit: int | None = None) -> int:
    """Recount the places of the pending changes; return how many were recounted.

    With ``limit``, do nothing when more places than that are waiting (a report read counts a
    small backlog itself and leaves a large one to the worker). Refreshers take turns; each
    counts what was pending when it took its turn.
    """
    # Changes from now on need a refresh of their own: this one may have read past them.
    cache.delete(QUEUED)
    with transaction.atomic():
        take_turns(LOCK)
        last = LibraryTallyChange.objects.order_by("-pk").values_list("pk", flat=True).first()
        if last is None:
            return 0
        pending = LibraryTallyChange.objects.filter(pk__lte=last)
        everything = pending.filter(everything=True).exists()
        places: set[Place] | None
        if everything:
            places = None
            count = len(_every_place())
        else:
            places = set(pending.values_list("region_id", "district_id").distinct())
            count = len(places)
        if limit is not None and count > limit:
            return 0
        _recount(places)
        pending.delete()
        state = LibraryTallyState.objects.order_by("pk").first()
        if state is None:
            LibraryTallyState.objects.create(counted_at=timezone.now())
        else:
            LibraryTallyState.objects.filter(pk=state.pk).update(counted_at=timezone.now())
        return count


def library_tallies_rebuild() -> int:
    """Recount every place from the raw rows (after a bulk load, or to check the totals)."""
    LibraryTallyChange.objects.create(everything=True)
    return library_tallies_refresh()


def _every_place() -> set[Place]:
    """Every place with resources, or with totals (recounted to nothing if none is left)."""
    found: set[Place] = set(
        Resource.objects.order_by().values_list("region_id", "district_id").distinct()
    )
    found |= set(LibraryTally.objects.order_by().values_list("region_id", "district_id").distinct())
    return found


def places_q(places: Iterable[Place] | None, prefix: str = "") -> Q:
    """The rows (through ``prefix``, the path to their resource's columns) of these places:
    every district's by its id, a region's resources outside any district by the region."""
    if places is None:
        return Q()
    places = set(places)
    districts = sorted(d for _r, d in places if d is not None)
    bare = sorted(r for r, d in places if d is None and r is not None)
    found = Q(**{f"{prefix}district_id__in": districts})
    if bare:
        found |= Q(**{f"{prefix}region_id__in": bare, f"{prefix}district_id__isnull": True})
    if (None, None) in places:
        found |= Q(**{f"{prefix}region_id__isnull": True, f"{prefix}district_id__isnull": True})
    return found


def _recount(places: set[Place] | None) -> None:
    """Replace the totals of ``places`` (of every place, for None) with a fresh count from the
    raw rows: six grouped queries, whatever the number of places."""
    figures: dict[tuple[Any, ...], list[int]] = {}

    def add(region: Any, district: Any, metric: int, key: Any, n: int, published: int = 0) -> None:
        row = figures.setdefault((region, district, metric, str(key)), [0, 0])
        row[0] += n
        row[1] += published

    resources = Resource.objects.filter(places_q(places)).order_by()
    for column, metric in (("kind", TallyMetric.KIND), ("subject_id", TallyMetric.SUBJECT)):
        for region, district, key, n, published in (
            resources.values_list("region_id", "district_id", column)
            .annotate(n=Count("pk"), published=Count("pk", filter=Q(current__isnull=False)))
            .values_list("region_id", "district_id", column, "n", "published")
        ):
            add(region, district, metric, key, n, published)
    for region, district, level, n in (
        resources.filter(current__isnull=False)
        .values_list("region_id", "district_id", "current__level")
        .annotate(n=Count("pk"))
    ):
        add(region, district, TallyMetric.LEVEL, level, n)
    at = ("resource__region_id", "resource__district_id")
    versions = Version.objects.filter(places_q(places, "resource__")).order_by()
    for region, district, status, n in versions.values_list(*at, "status").annotate(n=Count("pk")):
        add(region, district, TallyMetric.STATUS, status, n)
    for region, district, tenths, n in (
        versions.filter(
            status__in=PUBLISHED, submitted_at__isnull=False, published_at__isnull=False
        )
        .annotate(tenths=DaysInTenths("published_at", "submitted_at"))
        .values_list(*at, "tenths")
        .annotate(n=Count("pk"))
    ):
        add(region, district, TallyMetric.DAYS, max(0, int(tenths)), n)
    schools: Counter[tuple[Any, Any, int]] = Counter()
    for region, district, school, n in (
        Author.objects.filter(
            places_q(places, "resource__"), resource__current__isnull=False, school__isnull=False
        )
        .order_by()
        .values_list(*at, "school_id")
        .annotate(n=Count("resource_id", distinct=True))
    ):
        schools[(region, district, school)] += n

    LibraryTally.objects.filter(places_q(places)).delete()
    LibrarySchoolTally.objects.filter(places_q(places)).delete()
    LibraryTally.objects.bulk_create(
        (
            LibraryTally(
                region_id=r, district_id=d, metric=m, key=k, n=counts[0], published=counts[1]
            )
            for (r, d, m, k), counts in figures.items()
            if counts[0]
        ),
        batch_size=2000,
    )
    LibrarySchoolTally.objects.bulk_create(
        (
            LibrarySchoolTally(region_id=r, district_id=d, school_id=s, n=n)
            for (r, d, s), n in schools.items()
            if n
        ),
        batch_size=2000,
    )
