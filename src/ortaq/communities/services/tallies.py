"""Keep the running totals that the circles report reads (``ortaq.communities.models.tallies``).

Writers (through ``ortaq.communities.signals``, and the bulk writers themselves) call
``circle_tallies_touch_circles`` or ``circle_tallies_touch_schools`` inside their transaction: it
appends a change per place and queues a recount once the transaction commits.
``circle_tallies_refresh`` recounts the places of the pending changes from the raw rows, one
refresher at a time; each place holds a school's circles, so a recount costs what it holds.
"""

import datetime
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.core.cache import cache
from django.db import transaction
from django.db.models import Count, F, Q
from django.db.models.functions import TruncDate
from django.utils import timezone

from ortaq.communities.choices import MembershipStatus, ProjectStatus
from ortaq.communities.models import (
    Attendance,
    Circle,
    CircleMetric,
    CircleTally,
    CircleTallyChange,
    CircleTallyState,
    Meeting,
    Membership,
    Project,
)
from ortaq.core.background import enqueue, task_named
from ortaq.core.locks import take_turns
from ortaq.discussions.models import Post
from ortaq.schools.models import School

LOCK = "communities.tallies"
QUEUED = "ortaq:circle-tallies:queued"
REFRESH_DELAY = datetime.timedelta(seconds=20)
STATUS_CODE = {status: n for n, status in enumerate(ProjectStatus.values)}

Place = tuple[int | None, int | None, int | None]  # region, district, school


def day_key(day: datetime.date) -> int:
    return day.toordinal()


def _queue_on_commit() -> None:
    task_named("ortaq.communities.tasks.tallies.refresh_circle_tallies")  # fails here if wrong

    def queue() -> None:
        if cache.add(QUEUED, 1, int(REFRESH_DELAY.total_seconds())):
            enqueue("ortaq.communities.tasks.tallies.refresh_circle_tallies", delay=REFRESH_DELAY)

    transaction.on_commit(queue)


def circle_tallies_touch_places(places: Iterable[Place]) -> None:
    """Note that the figures of these places changed."""
    changes = [
        CircleTallyChange(region_id=r, district_id=d, school_id=s) for r, d, s in set(places)
    ]
    if changes:
        CircleTallyChange.objects.bulk_create(changes, batch_size=1000)
        _queue_on_commit()


def circle_tallies_touch_circles(circle_ids: Iterable[int]) -> None:
    """Note that something of these circles changed (a member, a post, a meeting…)."""
    ids = list(set(circle_ids))
    circle_tallies_touch_places(
        Circle.objects.filter(pk__in=ids).values_list("region_id", "district_id", "school_id")
    )


def circle_tallies_touch_schools(school_ids: Iterable[int | None]) -> None:
    """Note that these schools' teachers changed circles or moved (their ``TEACHERS``)."""
    ids = [s for s in set(school_ids) if s is not None]
    circle_tallies_touch_places(
        (r, d, s)
        for s, r, d in School.objects.filter(pk__in=ids).values_list(
            "pk", "region_id", "district_id"
        )
    )


def circle_tallies_touch_members(user_ids: Iterable[int]) -> None:
    """These teachers joined, left or moved: their schools' and their circles' figures."""
    from ortaq.accounts.models import Profile

    ids = list(set(user_ids))
    circle_tallies_touch_schools(
        Profile.objects.filter(user_id__in=ids).values_list("school_id", flat=True)
    )
    circle_tallies_touch_circles(
        Membership.objects.filter(user_id__in=ids).values_list("circle_id", flat=True)
    )


@dataclass
class Pending:
    changes: int
    counted_at: Any


def circle_tallies_pending() -> Pending:
    state = CircleTallyState.objects.order_by("pk").first()
    return Pending(
        changes=CircleTallyChange.objects.count(),
        counted_at=state.counted_at if state is not None else None,
    )


def circle_tallies_refresh(*, limit: int | None = None) -> int:
    """Recount the places of the pending changes; return how many were recounted. With
    ``limit``, do nothing when more places than that are waiting (a report read counts small
    backlogs itself and leaves large ones to the worker). Refreshers take turns."""
    cache.delete(QUEUED)
    with transaction.atomic():
        take_turns(LOCK)
        last = CircleTallyChange.objects.order_by("-pk").values_list("pk", flat=True).first()
        if last is None:
            return 0
        pending = CircleTallyChange.objects.filter(pk__lte=last)
        if pending.filter(everything=True).exists():
            _recount(None)
            count = CircleTally.objects.values("region", "district", "school").distinct().count()
        else:
            places = set(pending.values_list("region_id", "district_id", "school_id").distinct())
            if limit is not None and len(places) > limit:
                return 0
            for place in places:
                _recount(place)
            count = len(places)
        pending.delete()
        _stamp()
        return count


def circle_tallies_rebuild() -> int:
    """Recount every place from the raw rows (after a bulk load, or to check the totals)."""
    CircleTallyChange.objects.create(everything=True)
    return circle_tallies_refresh()


def _stamp() -> None:
    state = CircleTallyState.objects.order_by("pk").first()
    if state is None:
        CircleTallyState.objects.create(counted_at=timezone.now())
    else:
        CircleTallyState.objects.filter(pk=state.pk).update(counted_at=timezone.now())


def _at(prefix: str, place: Place | None) -> Q:
    """The rows (through ``prefix``, the path to their circle) lying at ``place``."""
    if place is None:
        return Q()
    return Q(
        **{
            f"{prefix}{name}{'__isnull' if value is None else ''}": True if value is None else value
            for name, value in zip(("region_id", "district_id", "school_id"), place, strict=True)
        }
    )


def _recount(place: Place | None) -> None:
    """Replace the tally rows of ``place`` (of every place, for None) with a fresh count."""
    figures = _figures(place)
    CircleTally.objects.filter(_at("", place)).delete()
    CircleTally.objects.bulk_create(
        (
            CircleTally(region_id=r, district_id=d, school_id=s, metric=m, key=k, sub=sub, n=n)
            for (r, d, s, m, k, sub), n in figures.items()
            if n
        ),
        batch_size=2000,
    )


def _day(value: Any) -> int:
    return day_key(value) if value is not None else 0


def _figures(place: Place | None) -> Counter[tuple[Any, ...]]:
    """Every figure of ``place`` (or of every place) counted from the raw rows, grouped by
    place: a fixed number of queries."""
    zone = timezone.get_current_timezone()
    where = ("circle__region_id", "circle__district_id", "circle__school_id")
    figures: Counter[tuple[Any, ...]] = Counter()

    circles = Circle.objects.filter(_at("", place))
    for r, d, s, day, n in (
        circles.values_list("region_id", "district_id", "school_id")
        .annotate(day=TruncDate("last_activity_at", tzinfo=zone), n=Count("pk"))
        .values_list("region_id", "district_id", "school_id", "day", "n")
        .order_by()
    ):
        figures[(r, d, s, CircleMetric.CIRCLES, 0, 0)] += n
        if day is not None:
            figures[(r, d, s, CircleMetric.ACTIVE, _day(day), 0)] += n

    def grouped(queryset: Any, *extra: Any, **annotations: Any) -> Any:
        return queryset.values_list(*where, *extra).annotate(**annotations).order_by()

    members = Membership.objects.filter(_at("circle__", place))
    for r, d, s, status, n in grouped(
        members.filter(status__in=[MembershipStatus.ACTIVE, MembershipStatus.LEFT]),
        "status",
        n=Count("pk"),
    ):
        metric = CircleMetric.MEMBERS if status == MembershipStatus.ACTIVE else CircleMetric.LEFT
        figures[(r, d, s, metric, 0, 0)] += n

    meetings = Meeting.objects.filter(_at("circle__", place), cancelled_at__isnull=True)
    for r, d, s, day, n in grouped(
        meetings.annotate(day=TruncDate("starts_at", tzinfo=zone)), "day", n=Count("pk")
    ):
        figures[(r, d, s, CircleMetric.MEETINGS, _day(day), 0)] += n
    marks = Attendance.objects.filter(
        _at("meeting__circle__", place), meeting__cancelled_at__isnull=True
    ).annotate(day=TruncDate("meeting__starts_at", tzinfo=zone))
    for r, d, s, day, recorded, present in marks.values_list(
        "meeting__circle__region_id", "meeting__circle__district_id",
        "meeting__circle__school_id", "day",
    ).annotate(
        recorded=Count("pk"), present=Count("pk", filter=Q(present=True))
    ).order_by():  # fmt: skip
        figures[(r, d, s, CircleMetric.RECORDED, _day(day), 0)] += recorded
        figures[(r, d, s, CircleMetric.PRESENT, _day(day), 0)] += present

    projects = Project.objects.filter(_at("circle__", place))
    for r, d, s, stage, status, n in grouped(projects, "stage", "status", n=Count("pk")):
        figures[(r, d, s, CircleMetric.PROJECTS, stage, STATUS_CODE.get(status, 0))] += n
    accepted = projects.filter(status=ProjectStatus.ACCEPTED, accepted_at__isnull=False)
    for r, d, s, day, n in grouped(
        accepted.annotate(day=TruncDate("accepted_at", tzinfo=zone)), "day", n=Count("pk")
    ):
        figures[(r, d, s, CircleMetric.ACCEPTED, _day(day), 0)] += n

    posts = Post.objects.filter(_at("discussion__thread__circle__", place), hidden_at__isnull=True)
    for r, d, s, day, n in (
        posts.annotate(day=TruncDate("created_at", tzinfo=zone))
        .values_list(
            "discussion__thread__circle__region_id",
            "discussion__thread__circle__district_id",
            "discussion__thread__circle__school_id",
            "day",
        )  # fmt: skip
        .annotate(n=Count("pk"))
        .order_by()
    ):
        figures[(r, d, s, CircleMetric.POSTS, _day(day), 0)] += n

    # Teachers of a school who are active members of at least one circle, at the school's place.
    teachers = Membership.objects.filter(
        status=MembershipStatus.ACTIVE, user__profile__school__isnull=False
    )
    if place is not None:
        region, district, school = place
        if school is None or region is None:
            teachers = teachers.none()  # a network's place has no teachers of its own
        else:
            teachers = teachers.filter(
                user__profile__school_id=school,
                user__profile__school__region_id=region,
                **(
                    {"user__profile__school__district__isnull": True}
                    if district is None
                    else {"user__profile__school__district_id": district}
                ),
            )
    for r, d, s, n in (
        teachers.values_list(
            F("user__profile__school__region_id"),
            F("user__profile__school__district_id"),
            F("user__profile__school_id"),
        )
        .annotate(n=Count("user_id", distinct=True))
        .order_by()
    ):
        figures[(r, d, s, CircleMetric.TEACHERS, 0, 0)] += n
    return figures
