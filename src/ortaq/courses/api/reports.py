"""A course's report in the API: what the report page shows, narrowed to what the caller
looks after."""

from datetime import datetime

from django.core.exceptions import PermissionDenied
from django.db.models import Model
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, FilterSchema, Query, Router, Schema

from ortaq.courses import queries
from ortaq.courses.api.common import invalid
from ortaq.courses.models import Cohort
from ortaq.schools.models import District, Region, School

router = Router(tags=["course reports"])


class CountsOut(Schema):
    label: str
    enrolled: int
    started: int
    completed: int
    rate: float


class StepOut(Schema):
    label: str
    module: str
    completed: int
    stopped_here: int


class AssessmentOut(Schema):
    label: str
    before: list[int]
    after: list[int]
    before_shares: list[float]
    after_shares: list[float]
    change: list[float]


class CourseReportOut(Schema):
    computed_at: datetime
    totals: CountsOut
    median_days: float | None
    by_region: list[CountsOut]
    by_district: list[CountsOut]
    by_school: list[CountsOut]
    by_kind: list[CountsOut]
    steps: list[StepOut]
    levels: list[str]
    assessment: list[AssessmentOut] = Field(
        description="The same teachers before and after: those who answered both times."
    )
    assessment_total: AssessmentOut | None
    paired: int = Field(description="How many teachers answered both before and after.")
    assessment_all: list[AssessmentOut] = Field(
        description="Everyone who answered before, and everyone who answered after."
    )
    assessment_all_total: AssessmentOut | None


class ReportFilters(FilterSchema):
    whole_group: bool = True
    cohort: int | None = None
    region: str | None = None
    district: int | None = None
    school_bin: str | None = None


def _found[M: Model](found: M | None, field: str, message: str) -> M:
    if found is None:
        raise invalid("query", field, message)
    return found


@router.get("/courses/{course_id}/report", response=CourseReportOut, summary="A course's report")
def report(request: HttpRequest, course_id: int, filters: Query[ReportFilters]) -> object:
    """What the report page shows, for the places and cohorts the caller looks after.

    A cohort, region, district or school that does not exist is refused with 422 naming the
    filter.
    """
    course = queries.course_get_for_user(course_id=course_id, user=request.user)
    if not request.user.has_perm("courses.view_report", course):
        raise PermissionDenied
    scope = queries.report_scope(viewer=request.user, course=course)
    cohort = region = district = school = None
    if filters.cohort is not None:
        cohort = _found(
            Cohort.objects.filter(pk=filters.cohort, course__group_id=course.group_id).first(),
            "cohort",
            _("This course has no cohort with this number."),
        )
    if filters.region:
        region = _found(
            Region.objects.filter(code=filters.region.upper()).first(),
            "region",
            _("No region has this code."),
        )
    if filters.district is not None:
        district = _found(
            District.objects.filter(pk=filters.district).first(),
            "district",
            _("No district has this number."),
        )
    if filters.school_bin:
        school = _found(
            School.objects.filter(bin=filters.school_bin).first(),
            "school_bin",
            _("No school has this BIN."),
        )
    return queries.report_cached(
        course=course,
        scope=scope,
        whole_group=filters.whole_group,
        cohort=cohort,
        region=region,
        district=district,
        school=school,
    )
