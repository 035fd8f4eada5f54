"""The running totals give exactly the figures counted from the raw rows, whatever happened:
enrolments one by one and in bulk, progress, self-assessments, leaving and coming back,
completions taken back and a certificate revoked, teachers moving school, and a teacher
enrolled in two language versions."""

import dataclasses
import random
from typing import Any

import pytest

from ortaq.accounts.services import profile_set_school, role_grant
from ortaq.certificates.models import Certificate
from ortaq.certificates.services import certificate_revoke
from ortaq.core.roles import Role
from ortaq.courses.choices import ActivityKind, Phase
from ortaq.courses.models import (
    ActivityCompletion,
    Enrollment,
    Metric,
    SchoolTally,
    TallyChange,
)
from ortaq.courses.models.learning import ReportScope
from ortaq.courses.queries.reports import (
    REPORT_SECONDS,
    Report,
    report_cached,
    report_from_rows,
    report_from_tallies,
    report_key,
)
from ortaq.courses.services import (
    CourseFields,
    Criteria,
    activity_complete,
    activity_open,
    course_create,
    enrol_by_criteria,
    enrollment_create,
    enrollment_leave,
    self_assessment_submit,
)
from ortaq.courses.services.tallies import tallies_rebuild, tallies_refresh
from ortaq.testing.factories import make_course, make_school, make_user

pytestmark = pytest.mark.django_db
K = ActivityKind


def figures(report: Report) -> dict[str, Any]:
    """Everything a report shows but the moment it was counted."""
    shown = dataclasses.asdict(report)
    shown.pop("computed_at")
    shown.pop("waiting")
    return shown


def scopes(world: dict[str, Any]) -> list[tuple[str, ReportScope, dict[str, Any]]]:
    region, district = world["region"], world["district"]
    return [
        ("the country", ReportScope(everything=True), {}),
        ("one language version", ReportScope(everything=True), {"whole_group": False}),
        ("a region's methodologist", ReportScope(False, regions=(region.pk,)), {}),
        ("a district's methodologist", ReportScope(False, districts=(district.pk,)), {}),
        ("two places", ReportScope(False, (world["far_region"].pk,), (district.pk,)), {}),
        ("narrowed to a region", ReportScope(everything=True), {"region": region}),
        ("narrowed to a district", ReportScope(everything=True), {"district": district}),
    ]


def assert_totals_match_rows(world: dict[str, Any]) -> None:
    course = world["course"]
    for name, scope, narrowing in scopes(world):
        raw = figures(report_from_rows(course=course, scope=scope, **narrowing))
        kept = figures(report_from_tallies(course=course, scope=scope, **narrowing))
        assert kept == raw, name


@pytest.fixture
def world(people: dict[str, Any]) -> dict[str, Any]:
    """Teachers in eight schools of two regions (one school under a city, with no district, one
    small-scale) and two with no school, in a course of two language versions."""
    rng = random.Random(7)
    built = make_course(kinds=(K.PAGE, K.VIDEO, K.PAGE), modules=2, self_assessment=True)
    course = built.course
    russian = course_create(
        actor=built.trainer, language="ru", translation_of=course,
        data=CourseFields("Инклюзия", "", 24, self_assessment=True),
    )  # fmt: skip
    region, district = people["region"], people["district"]
    schools = [
        people["school"],
        people["other_school"],
        make_school(region=region, district=district, small_scale=True),
        make_school(region=region),
        make_school(region=region, district=None),
        people["far_school"],
        make_school(region=people["far_school"].region),
        make_school(region=people["far_school"].region),
    ]
    teachers = [make_user(profile__school=rng.choice(schools)) for _ in range(36)]
    teachers += [make_user(profile__school=None) for _ in range(2)]
    for teacher in teachers:
        role_grant(actor=None, user=teacher, role=Role.TEACHER, target=teacher.profile.school)
    return {
        "rng": rng,
        "built": built,
        "course": course,
        "russian": russian,
        "teachers": teachers,
        "schools": schools,
        "region": region,
        "district": district,
        "far_region": people["far_school"].region,
        "coordinator": people["coordinator"],
    }


def learn(world: dict[str, Any], teacher: Any, *, steps: int, after: bool) -> None:
    course = world["course"]
    items = {item.pk: 1 + teacher.pk % 4 for item in course.assessment_items.all()}
    enrollment = Enrollment.objects.get(user=teacher, course=course)
    self_assessment_submit(actor=teacher, enrollment=enrollment, phase=Phase.BEFORE, levels=items)
    for activity in world["built"].activities[:steps]:
        if activity.kind == K.PAGE:
            activity_open(actor=teacher, activity=activity)
        else:
            activity_complete(actor=teacher, activity=activity)
    if after and steps == len(world["built"].activities):
        late = {pk: min(4, level + 1) for pk, level in items.items()}
        self_assessment_submit(actor=teacher, enrollment=enrollment, phase=Phase.AFTER, levels=late)


def test_running_totals_read_back_the_figures_of_the_raw_rows(world: dict[str, Any]) -> None:
    rng, course, teachers = world["rng"], world["course"], world["teachers"]
    everyone = len(world["built"].activities)
    # One by one, and the rest of the first region in bulk.
    for teacher in teachers[:20]:
        enrollment_create(actor=teacher, course=course)
    enrol_by_criteria(
        actor=world["coordinator"], course=course, cohort=None,
        criteria=Criteria(region=world["region"]),
    )  # fmt: skip
    for teacher in teachers[20:30]:
        if not Enrollment.objects.filter(user=teacher).exists():
            enrollment_create(actor=teacher, course=course)
    enrolled = [t for t in teachers if Enrollment.objects.filter(user=t, course=course).exists()]
    for teacher in enrolled:
        learn(world, teacher, steps=rng.choice([0, 1, 3, everyone]), after=rng.random() < 0.7)
    assert_totals_match_rows(world)

    # Some leave, one comes back; a certificate is revoked.
    for teacher in enrolled[:4]:
        enrollment_leave(actor=teacher, enrollment=Enrollment.objects.get(user=teacher))
    enrollment_create(actor=enrolled[0], course=course)
    revoked = Certificate.objects.first()
    assert revoked is not None
    certificate_revoke(actor=world["built"].trainer, certificate=revoked, reason="Copied")
    assert_totals_match_rows(world)

    # Teachers move school, across districts and regions, and one to no school at all.
    for teacher in enrolled[4:10]:
        profile_set_school(actor=teacher, user=teacher, school=rng.choice(world["schools"]))
    profile_set_school(actor=enrolled[10], user=enrolled[10], school=None)
    assert_totals_match_rows(world)

    # A teacher enrolled in both language versions (as could happen before one enrolment per
    # course): she counts once for the group, in each version's own report.
    doubled = enrolled[11]
    Enrollment.objects.create(user=doubled, course=world["russian"])
    assert_totals_match_rows(world)

    # Completions taken back (an administrator's correction in the administration site).
    for completion in ActivityCompletion.objects.order_by("pk")[:3]:
        completion.delete()
    assert_totals_match_rows(world)

    # Rebuilt from nothing, the totals are the same.
    SchoolTally.objects.all().delete()
    tallies_rebuild(group_id=course.group_id)
    assert_totals_match_rows(world)


def test_a_report_costs_the_same_queries_for_one_school_or_eight(
    world: dict[str, Any], django_assert_max_num_queries: Any
) -> None:
    course = world["course"]
    for teacher in world["teachers"][:3]:
        enrollment_create(actor=teacher, course=course)
    tallies_refresh(group_id=course.group_id)
    # PostgreSQL needs one more than SQLite (a savepoint); the kinds of school and the largest
    # schools are two queries; what matters is the second count.
    with django_assert_max_num_queries(18) as few:
        report_from_tallies(course=course, scope=ReportScope(everything=True))
    for teacher in world["teachers"][3:]:
        enrollment_create(actor=teacher, course=course)
        learn(world, teacher, steps=2, after=False)
    tallies_refresh(group_id=course.group_id)
    with django_assert_max_num_queries(len(few.captured_queries)):
        report_from_tallies(course=course, scope=ReportScope(everything=True))


def test_a_read_counts_a_short_backlog_and_leaves_a_long_one_to_the_worker(
    world: dict[str, Any], settings: Any
) -> None:
    from ortaq.courses.queries import reports

    course = world["course"]
    for teacher in world["teachers"][:10]:
        enrollment_create(actor=teacher, course=course)
    waiting = TallyChange.objects.filter(group_id=course.group_id)
    assert waiting.exists()
    scope = ReportScope(everything=True)
    before = report_from_tallies(course=course, scope=scope)
    assert before.totals.enrolled == 10 and not waiting.exists()
    reports.READ_REPAIR_SCHOOLS, kept = 0, reports.READ_REPAIR_SCHOOLS
    try:
        enrollment_create(actor=world["teachers"][10], course=course)
        late = report_from_tallies(course=course, scope=scope)
        assert late.totals.enrolled == 10 and late.waiting == 1
        assert waiting.exists()
        tallies_refresh(group_id=course.group_id)
        assert report_from_tallies(course=course, scope=scope).totals.enrolled == 11
    finally:
        reports.READ_REPAIR_SCHOOLS = kept
    counted = SchoolTally.objects.filter(metric=Metric.ENROLLED, counted=True)
    assert sum(counted.values_list("n", flat=True)) == 11


def test_while_one_reader_recounts_a_report_the_others_are_shown_the_last_figures(
    world: dict[str, Any],
) -> None:
    from datetime import timedelta

    from django.core.cache import cache

    course, scope = world["course"], ReportScope(everything=True)
    enrollment_create(actor=world["teachers"][0], course=course)
    first = report_cached(course=course, scope=scope)
    enrollment_create(actor=world["teachers"][1], course=course)
    # Within the minute: the same figures.
    assert report_cached(course=course, scope=scope).totals.enrolled == 1
    # A minute later, while another reader recounts it, this one is shown the figures already
    # counted, with their age (the page shows ``computed_at``), not counting them a second time.
    key = report_key(course, scope, {})
    first.computed_at -= timedelta(seconds=REPORT_SECONDS + 1)
    cache.set(key, first)
    cache.add(f"{key}:counting", 1)
    stale = report_cached(course=course, scope=scope)
    assert stale.totals.enrolled == 1 and stale.computed_at == first.computed_at
    # Once nobody is counting, the next reader recounts.
    cache.delete(f"{key}:counting")
    assert report_cached(course=course, scope=scope).totals.enrolled == 2


def test_the_self_assessment_compares_the_same_teachers_before_and_after(
    world: dict[str, Any],
) -> None:
    course, teachers = world["course"], world["teachers"][:4]
    everyone = len(world["built"].activities)
    for teacher in teachers:
        enrollment_create(actor=teacher, course=course)
    learn(world, teachers[0], steps=everyone, after=True)
    for teacher in teachers[1:]:
        learn(world, teacher, steps=1, after=False)
    items = course.assessment_items.count()
    tallies_refresh(group_id=course.group_id)
    for read in (report_from_rows, report_from_tallies):
        found = read(course=course, scope=ReportScope(everything=True))
        assert found.paired == 1
        same, every = found.assessment_total, found.assessment_all_total
        assert same is not None and every is not None
        # Only the one who answered both times: her "before" against her "after".
        assert sum(same.before) == sum(same.after) == items
        assert same.before[teachers[0].pk % 4] == items
        # Everyone who answered: four teachers before, one after.
        assert sum(every.before) == 4 * items and sum(every.after) == items
