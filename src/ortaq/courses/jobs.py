"""How the worker runs a bulk enrolment queued as a job (``ortaq.core.jobs``)."""

from typing import IO

from django.urls import reverse

from ortaq.core.jobs import Outcome, ProgressFn, register
from ortaq.core.models import Job, JobKind
from ortaq.courses.models import Cohort, Course, Enrollment, TallyChange
from ortaq.courses.services.enrolment import (
    BulkResult,
    Criteria,
    enrol_by_criteria,
    enrol_from_csv,
)
from ortaq.schools.models import District, Region


def _course_and_cohort(job: Job) -> tuple[Course, Cohort | None]:
    course = Course.objects.get(pk=job.params["course"])
    cohort_id = job.params.get("cohort")
    return course, Cohort.objects.get(pk=cohort_id) if cohort_id else None


def _outcome(result: BulkResult) -> Outcome:
    return Outcome(
        summary={
            "enrolled": result.enrolled,
            "already": result.already,
            "moved": result.moved,
            "came_back": result.came_back,
        },
        failed=result.failed,
        grown=[Enrollment, TallyChange],
    )


def run_csv(job: Job, data: IO[bytes] | None, progress: ProgressFn) -> Outcome:
    assert data is not None  # noqa: S101 - an enrolment from a file always keeps its file
    course, cohort = _course_and_cohort(job)
    return _outcome(
        enrol_from_csv(
            actor=job.started_by, course=course, cohort=cohort, data=data, progress=progress
        )
    )


def run_criteria(job: Job, data: IO[bytes] | None, progress: ProgressFn) -> Outcome:
    course, cohort = _course_and_cohort(job)
    params = job.params
    criteria = Criteria(
        region=Region.objects.get(pk=params["region"]) if params.get("region") else None,
        district=District.objects.get(pk=params["district"]) if params.get("district") else None,
        school_kinds=tuple(params.get("school_kinds") or ()),
        role=params.get("role") or "",
    )
    return _outcome(
        enrol_by_criteria(
            actor=job.started_by,
            course=course,
            cohort=cohort,
            criteria=criteria,
            progress=progress,
        )
    )


def _back(job: Job) -> str:
    return reverse("courses:enrolment", kwargs={"course_id": job.params["course"]})


register(JobKind.ENROL_CSV, run_csv, back=_back)
register(JobKind.ENROL_CRITERIA, run_criteria, back=_back)
