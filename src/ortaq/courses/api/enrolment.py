"""Bulk enrolment in the API: from a file of e-mails or IINs, or by criteria. Either runs as a
background job: the answer is 202 with the job (``Location`` is its address, to poll)."""

from typing import Literal

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, File, Form, Router, Schema, Status, UploadedFile

from ortaq.accounts.queries import current_user
from ortaq.core.api import JobOut, accepted
from ortaq.courses import queries, services
from ortaq.courses.api.common import invalid
from ortaq.courses.choices import SchoolKind
from ortaq.courses.models import Cohort, Course
from ortaq.courses.services.enrolment import Criteria
from ortaq.schools.models import District, Region

router = Router(tags=["courses"])


def _course_and_cohort(
    request: HttpRequest, course_id: int, cohort_id: int | None
) -> tuple[Course, Cohort | None]:
    course = queries.course_get_for_user(course_id=course_id, user=request.user)
    cohort = get_object_or_404(Cohort, pk=cohort_id, course=course) if cohort_id else None
    return course, cohort


@router.post(
    "/courses/{course_id}/enrolments/file",
    response={202: JobOut},
    summary="Enrol the teachers a CSV file names (multipart: file, optional cohort)",
)
def enrol_file(
    request: HttpRequest,
    response: HttpResponse,
    course_id: int,
    file: File[UploadedFile],
    cohort: Form[int | None] = None,
) -> Status[JobOut]:
    """A column `email` or `iin` (or both), one teacher per line, as on the enrolment page. The
    people found among those the caller looks after are enrolled; the job's `errors` list the
    other lines with why. The same file sent again while its job runs answers that job."""
    course, found = _course_and_cohort(request, course_id, cohort)
    job = services.enrol_from_csv_start(
        actor=current_user(request), course=course, cohort=found, upload=file
    )
    return accepted(request, response, job)


class CriteriaIn(Schema):
    cohort: int | None = Field(None, description="the id of a cohort of the course")
    region: str | None = Field(None, max_length=10, description="a region's code (KZ-19)")
    district: int | None = Field(None, description="a district's id (within the region)")
    school_kinds: list[SchoolKind] = Field(default_factory=list, max_length=3)
    role: Literal["teacher", "principal", "facilitator", "coordinator"] = "teacher"


@router.post(
    "/courses/{course_id}/enrolments/criteria",
    response={202: JobOut},
    summary="Enrol everyone who matches: a region or district, kinds of school, a role",
)
def enrol_criteria(
    request: HttpRequest, response: HttpResponse, course_id: int, body: CriteriaIn
) -> Status[JobOut]:
    """Only people the caller looks after are enrolled. The same criteria sent again while
    their job runs answer that job."""
    course, cohort = _course_and_cohort(request, course_id, body.cohort)
    region = get_object_or_404(Region, code=body.region.upper()) if body.region else None
    district = get_object_or_404(District, pk=body.district) if body.district else None
    if region is not None and district is not None and district.region_id != region.pk:
        raise invalid("body", "district", _("This district is in another region."))
    job = services.enrol_by_criteria_start(
        actor=current_user(request),
        course=course,
        cohort=cohort,
        criteria=Criteria(
            region=region,
            district=district,
            school_kinds=tuple(body.school_kinds),
            role=body.role,
        ),
    )
    return accepted(request, response, job)
