"""Fixtures of the courses' tests (found by pytest, never imported)."""

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from ortaq.courses.choices import ActivityKind
from ortaq.courses.models import Enrollment
from ortaq.courses.services import activity_complete, cohort_facilitator_add, cohort_save
from ortaq.testing.factories import enrol, make_course, make_school, make_user

K = ActivityKind


def _ago(enrollment: Enrollment, days: int, *, progress: bool) -> None:
    """Move an enrolment's dates ``days`` into the past (her last step, or her enrolment)."""
    moment = timezone.now() - timedelta(days=days)
    fields: dict[str, Any] = {"created_at": moment}
    if progress:
        fields["created_at"] = moment - timedelta(days=1)
        fields |= {"last_progress_at": moment, "started_at": moment}
    Enrollment.objects.filter(pk=enrollment.pk).update(**fields)


@pytest.fixture
def scene(people: dict[str, Any]) -> dict[str, Any]:
    """Five teachers of a two-activity course (reminded every 7 days): in Almaty region, Ainur
    has not started (enrolled 10 days ago), Bota stopped after the first activity 9 days ago,
    Dana stepped yesterday, Erlan completed; in Atyrau, Farida has not started."""
    built = make_course(kinds=(K.PAGE, K.VIDEO), reminder_days=7)
    course = built.course
    page, video = built.activities
    other_district = make_school(region=people["region"])
    ainur = make_user(first_name="Ainur", last_name="Abenova", profile__school=people["school"])
    bota = make_user(first_name="Bota", last_name="Bekova", profile__school=people["other_school"])
    dana = make_user(first_name="Dana", last_name="Dosova", profile__school=other_district)
    erlan = make_user(first_name="Erlan", last_name="Esov", profile__school=people["school"])
    farida = make_user(
        first_name="Farida", last_name="Fazylova", profile__school=people["far_school"]
    )
    enrolments = {name: enrol(user, course) for name, user in locals().items() if name in (
        "ainur", "bota", "dana", "erlan", "farida")}  # fmt: skip
    activity_complete(actor=bota, activity=page)
    activity_complete(actor=dana, activity=page)
    activity_complete(actor=erlan, activity=page)
    activity_complete(actor=erlan, activity=video)
    _ago(enrolments["ainur"], 10, progress=False)
    _ago(enrolments["bota"], 9, progress=True)
    _ago(enrolments["dana"], 1, progress=True)
    _ago(enrolments["farida"], 3, progress=False)
    cohort = cohort_save(actor=people["coordinator"], course=course, name="Алматы")
    Enrollment.objects.filter(pk=enrolments["bota"].pk).update(cohort=cohort)
    cohort_facilitator_add(actor=people["coordinator"], cohort=cohort, user=people["facilitator"])
    return {
        "built": built,
        "course": course,
        "cohort": cohort,
        "enrolments": enrolments,
        "other_district": other_district,
        **people,
    }
