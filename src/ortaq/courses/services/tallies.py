"""Keep the running totals that course reports read (see ``ortaq.courses.models.tallies``).

Writers call ``tallies_touch`` (one enrolment) or ``tallies_touch_schools`` (many) inside their
transaction: it appends a change for each (group, school) and queues a recount once the
transaction commits. ``tallies_refresh`` recounts the schools of every pending change from the
raw rows, one group at a time (concurrent refreshers of a group take turns), and then the
districts those schools belong to. A school holds a few hundred enrolments of a course, so a
recount costs what that school holds, whatever the size of the country.
"""

import logging
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import timedelta
from functools import partial
from typing import Any

from django.core.cache import cache
from django.db import transaction
from django.db.models import Count, Q, QuerySet, Sum
from django.utils import timezone

from ortaq.core.background import enqueue
from ortaq.core.locks import take_turns
from ortaq.courses.choices import EnrollmentStatus, Phase
from ortaq.courses.models import (
    ActivityCompletion,
    Course,
    DistrictTally,
    Enrollment,
    Metric,
    SchoolTally,
    SelfAssessmentAnswer,
    TallyChange,
    TallyState,
)
from ortaq.schools.models import School

logger = logging.getLogger(__name__)

# A refresh queued by a change runs this long after it, so that the steps of a busy minute are
# recounted together rather than one by one.
REFRESH_DELAY = timedelta(seconds=20)
PHASE_CODE: dict[str, int] = {Phase.BEFORE: 1, Phase.AFTER: 2}
# The same answers again, counted only for teachers who answered both before and after.
PAIRED_CODE = 2
QUEUED = "ortaq:tallies:queued:"


def tenths_of_days(duration: timedelta | None) -> int | None:
    """Days from enrolment to completion, in tenths (the unit of the median reported)."""
    if duration is None:
        return None
    return round(duration.total_seconds() / 8640)


def _queue_on_commit(group_ids: Iterable[int]) -> None:
    """Queue a recount of each group once the transaction commits, unless one is already
    queued: the steps of a busy minute are recounted together, not one by one."""

    def queue(group_id: int) -> None:
        if cache.add(f"{QUEUED}{group_id}", 1, int(REFRESH_DELAY.total_seconds())):
            enqueue("ortaq.courses.tasks.refresh_tallies", group_id, delay=REFRESH_DELAY)

    for group_id in set(group_ids):
        transaction.on_commit(partial(queue, group_id))


def tallies_touch(enrollment: Enrollment) -> None:
    """Note that ``enrollment``'s figures changed (``courses.signals`` calls it for every saved
    or deleted enrolment). Reads her course and school from what is loaded (``select_related``
    of ``course`` and ``user__profile``), else with one query."""
    cached = enrollment._state.fields_cache
    user = cached.get("user")
    if "course" in cached and user is not None and "profile" in user._state.fields_cache:
        group_id, school_id = enrollment.course.group_id, user.profile.school_id
    else:
        found = (
            Enrollment.objects.filter(pk=enrollment.pk)
            .values_list("course__group_id", "user__profile__school_id")
            .first()
        )
        if found is None:
            # Deleted, and her school no longer known: recount the whole course.
            tallies_touch_course(enrollment.course)
            return
        group_id, school_id = found
    TallyChange.objects.create(group_id=group_id, school_id=school_id)
    _queue_on_commit([group_id])


def tallies_touch_enrollment_id(enrollment_id: int) -> None:
    """The same for a row that points at an enrolment (a completion)."""
    found = (
        Enrollment.objects.filter(pk=enrollment_id)
        .values_list("course__group_id", "user__profile__school_id")
        .first()
    )
    if found is not None:
        TallyChange.objects.create(group_id=found[0], school_id=found[1])
        _queue_on_commit([found[0]])


def tallies_touch_schools(pairs: Iterable[tuple[int, int | None]]) -> None:
    """Note that the figures of these (group, school) pairs changed (bulk enrolment, teachers
    moving school)."""
    changes = [TallyChange(group_id=g, school_id=s) for g, s in set(pairs)]
    TallyChange.objects.bulk_create(changes, batch_size=1000)
    _queue_on_commit(change.group_id for change in changes)


def tallies_touch_users(group_id: int, user_ids: Iterable[int]) -> None:
    """Note that these teachers' figures changed in a group (a bulk enrolment)."""
    from ortaq.accounts.models import Profile

    ids = sorted(set(user_ids))
    schools: set[int | None] = set()
    with_profile = 0
    # A few thousand ids a query (SQLite takes at most 32,766 parameters), each answering its
    # schools with how many of the people are there: 300,000 teachers are 60 small queries.
    for part in range(0, len(ids), 5000):
        found = (
            Profile.objects.filter(user_id__in=ids[part : part + 5000])
            .order_by()
            .values_list("school_id")
            .annotate(people=Count("pk"))
        )
        for school_id, people in found:
            schools.add(school_id)
            with_profile += people
    if with_profile < len(ids):
        schools.add(None)  # an account without a profile has no school
    if schools:
        tallies_touch_schools((group_id, school) for school in schools)


# Past this many schools, a bulk change marks the whole group for a recount: one row rather than
# thousands, and the recount costs about the same.
MANY_SCHOOLS = 1000


def tallies_touch_matching(group_id: int, user_ids: QuerySet[Any]) -> None:
    """Note that the teachers of ``user_ids`` (a query of ids, such as everyone a bulk
    enrolment by criteria matched) changed in a group, reading their schools in one query."""
    from ortaq.accounts.models import Profile

    schools = set(
        Profile.objects.filter(user_id__in=user_ids)
        .order_by()
        .values_list("school_id", flat=True)
        .distinct()
    )
    if len(schools) > MANY_SCHOOLS:
        TallyChange.objects.create(group_id=group_id, everything=True)
        _queue_on_commit([group_id])
    elif schools:
        tallies_touch_schools((group_id, school) for school in schools)


def tallies_touch_course(course: Course) -> None:
    """Recount the whole course (its content changed: completions went with an activity)."""
    TallyChange.objects.create(group_id=course.group_id, everything=True)
    _queue_on_commit([course.group_id])


def tallies_touch_people(user_ids: Iterable[int], old_schools: dict[int, int | None]) -> None:
    """Teachers moved school (``old_schools``: each one's school before): recount, in every
    course they are enrolled in, the school they left and the one they joined."""
    ids = list(user_ids)
    pairs: set[tuple[int, int | None]] = set()
    for part in range(0, len(ids), 1000):
        rows = Enrollment.objects.filter(user_id__in=ids[part : part + 1000]).values_list(
            "course__group_id", "user_id", "user__profile__school_id"
        )
        for group_id, user_id, school_id in rows:
            pairs.add((group_id, school_id))
            pairs.add((group_id, old_schools.get(user_id)))
    if pairs:
        tallies_touch_schools(pairs)


@dataclass
class Pending:
    """What a refresh left to do, for the report to say."""

    changes: int
    counted_at: Any


def tallies_pending(group_id: int) -> Pending:
    """How many changes wait to be counted in a group, and when it was last brought up to date."""
    state = TallyState.objects.filter(group_id=group_id).first()
    return Pending(
        changes=TallyChange.objects.filter(group_id=group_id).count(),
        counted_at=state.counted_at if state is not None else None,
    )


def tallies_refresh(*, group_id: int, limit: int | None = None) -> int:
    """Recount the schools of a group's pending changes; return how many were recounted.

    With ``limit``, do nothing when more schools than that are waiting (a report read asks
    for the small backlogs and leaves the large ones to the worker). Refreshers of one group
    take turns; each counts what was pending when it took its turn.
    """
    # Changes from now on need a refresh of their own: this one may have read past them.
    cache.delete(f"{QUEUED}{group_id}")
    with transaction.atomic():
        take_turns(f"courses.tallies.{group_id}")
        changes = TallyChange.objects.filter(group_id=group_id)
        last = changes.order_by("-pk").values_list("pk", flat=True).first()
        if last is None:
            return 0
        pending = changes.filter(pk__lte=last)
        if pending.filter(everything=True).exists():
            schools = _schools_of_group(group_id)
        else:
            schools = set(pending.values_list("school_id", flat=True).distinct())
        if limit is not None and len(schools) > limit:
            return 0
        courses = list(Course.objects.filter(group_id=group_id).values_list("pk", flat=True))
        for school_id in schools:
            _recount_school(group_id, courses, school_id)
        _recount_districts(courses, schools)
        pending.delete()
        TallyState.objects.update_or_create(
            group_id=group_id, defaults={"counted_at": timezone.now()}
        )
        return len(schools)


def tallies_rebuild(*, group_id: int) -> int:
    """Recount a whole group from its raw rows (after a bulk load, or to check the totals)."""
    TallyChange.objects.create(group_id=group_id, everything=True)
    return tallies_refresh(group_id=group_id)


def _schools_of_group(group_id: int) -> set[int | None]:
    enrolled: set[int | None] = set(
        Enrollment.objects.filter(course__group_id=group_id)
        .values_list("user__profile__school_id", flat=True)
        .distinct()
    )
    # Schools that had totals and have none now (everyone moved away) are recounted to zero.
    tallied: set[int | None] = set(
        SchoolTally.objects.filter(course__group_id=group_id)
        .values_list("school_id", flat=True)
        .distinct()
    )
    return enrolled | tallied


def _school_filter(school_id: int | None) -> Q:
    if school_id is None:
        return Q(user__profile__school__isnull=True)
    return Q(user__profile__school_id=school_id)


def _recount_school(group_id: int, courses: list[int], school_id: int | None) -> None:
    """Replace the school's tally rows of every course of the group with a fresh count."""
    enrollments = Enrollment.objects.filter(course__group_id=group_id).filter(
        _school_filter(school_id)
    )
    rows = list(
        enrollments.values_list(
            "pk",
            "course_id",
            "user_id",
            "status",
            "started_at",
            "created_at",
            "completed_at",
            "last_activity_id",
        )  # fmt: skip
    )
    # The enrolment of each teacher that went furthest counts for the group (see reports).
    best: dict[int, tuple[Any, ...]] = {}
    for row in rows:
        kept = best.get(row[2])
        if kept is None or _reach(row) > _reach(kept):
            best[row[2]] = row
    counted_ids = {row[0] for row in best.values()}
    figures: Counter[tuple[int, bool, int, int, int]] = Counter()
    for pk, course_id, _user, status, started_at, created_at, completed_at, last in rows:
        counted = pk in counted_ids
        done = status == EnrollmentStatus.COMPLETED
        figures[(course_id, counted, Metric.ENROLLED, 0, 0)] += 1
        if started_at is not None:
            figures[(course_id, counted, Metric.STARTED, 0, 0)] += 1
        if done:
            figures[(course_id, counted, Metric.COMPLETED, 0, 0)] += 1
            tenths = tenths_of_days(completed_at - created_at if completed_at else None)
            if tenths is not None:
                figures[(course_id, counted, Metric.DAYS, tenths, 0)] += 1
        elif last is not None:
            figures[(course_id, counted, Metric.STOPPED, last, 0)] += 1
    enrollment_ids = [row[0] for row in rows]
    course_of = {row[0]: row[1] for row in rows}
    for part in range(0, len(enrollment_ids), 1000):
        ids = enrollment_ids[part : part + 1000]
        for enrollment_id, activity_id, n in (
            ActivityCompletion.objects.filter(enrollment_id__in=ids)
            .values_list("enrollment_id", "activity_id")
            .annotate(n=Count("pk"))
            .order_by()
        ):
            key = (course_of[enrollment_id], enrollment_id in counted_ids, Metric.DONE)
            figures[(*key, activity_id, 0)] += n
        answers = list(
            SelfAssessmentAnswer.objects.filter(enrollment_id__in=ids).values_list(
                "enrollment_id", "item_id", "phase", "level"
            )
        )
        phases: dict[int, set[str]] = {}
        for enrollment_id, _item, phase, _level in answers:
            phases.setdefault(enrollment_id, set()).add(phase)
        paired = {e for e, seen in phases.items() if len(seen) == len(PHASE_CODE)}
        for enrollment_id in paired:
            key = (course_of[enrollment_id], enrollment_id in counted_ids, Metric.PAIRED)
            figures[(*key, 0, 0)] += 1
        for enrollment_id, item_id, phase, level in answers:
            key = (course_of[enrollment_id], enrollment_id in counted_ids, Metric.ANSWER)
            code = PHASE_CODE[phase]
            figures[(*key, item_id, 10 * code + level)] += 1
            if enrollment_id in paired:
                figures[(*key, item_id, 10 * (code + PAIRED_CODE) + level)] += 1
    SchoolTally.objects.filter(_nullable("school_id", school_id), course_id__in=courses).delete()
    SchoolTally.objects.bulk_create(
        (
            SchoolTally(
                course_id=course_id,
                school_id=school_id,
                counted=counted,
                metric=metric,
                key=key,
                sub=sub,
                n=n,
            )  # fmt: skip
            for (course_id, counted, metric, key, sub), n in figures.items()
        ),
        batch_size=1000,
    )


def _reach(row: tuple[Any, ...]) -> tuple[bool, bool, int]:
    """How far an enrolment went: completed, else started, else the latest."""
    return row[3] == EnrollmentStatus.COMPLETED, row[4] is not None, row[0]


def _recount_districts(courses: list[int], schools: set[int | None]) -> None:
    """Sum the school totals again for each district (or city, or no school) touched."""
    places: set[tuple[int | None, int | None]] = set()
    known = [s for s in schools if s is not None]
    for part in range(0, len(known), 1000):
        places.update(
            School.objects.filter(pk__in=known[part : part + 1000]).values_list(
                "region_id", "district_id"
            )
        )
    if None in schools:
        places.add((None, None))
    by_place: dict[tuple[int | None, int | None], list[DistrictTally]] = defaultdict(list)
    for region_id, district_id in places:
        if region_id is None:
            where = Q(school__isnull=True)
        elif district_id is None:
            where = Q(school__region_id=region_id, school__district__isnull=True)
        else:
            where = Q(school__district_id=district_id)
        sums = (
            SchoolTally.objects.filter(where, course_id__in=courses)
            .values_list("course_id", "counted", "metric", "key", "sub")
            .annotate(total=Sum("n"))
            .order_by()
        )
        by_place[(region_id, district_id)] = [
            DistrictTally(
                course_id=course_id,
                region_id=region_id,
                district_id=district_id,
                counted=counted,
                metric=metric,
                key=key,
                sub=sub,
                n=total,
            )  # fmt: skip
            for course_id, counted, metric, key, sub, total in sums
        ]
    for (region_id, district_id), rows in by_place.items():
        DistrictTally.objects.filter(
            _nullable("region_id", region_id),
            _nullable("district_id", district_id),
            course_id__in=courses,
        ).delete()
        DistrictTally.objects.bulk_create(rows, batch_size=1000)


def _nullable(field: str, value: int | None) -> Q:
    return Q(**{f"{field}__isnull": True}) if value is None else Q(**{field: value})
