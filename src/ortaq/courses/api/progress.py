"""Progress person by person in the API: the list the progress page shows, with its filters,
and reminders to the chosen teachers or to all who match.

The list is cut by keyset, like the page: ``after`` is the ``next`` of the previous answer
(``null`` on the last page). There is no total: counting a region's 20,000 teachers on every
page is the cost the keyset avoids. ``page_size`` has the bounds of every other list
(``core.pagination``).
"""

from datetime import datetime
from typing import Literal

from django.core.exceptions import PermissionDenied
from django.db.models import Model
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema

from ortaq.accounts.queries import current_user
from ortaq.core.pagination import MAX_PAGE_SIZE, PAGE_SIZE
from ortaq.courses import queries
from ortaq.courses.api.common import invalid
from ortaq.courses.models import Cohort, Course
from ortaq.courses.queries.progress import (
    ProgressFilter,
    ProgressRow,
    filters_to_data,
    progress_page,
    progress_queryset,
)
from ortaq.courses.services import reminder_days_of, reminders_send_chosen
from ortaq.courses.tasks import remind_matching
from ortaq.schools.models import District, Region, School

router = Router(tags=["course reports"])

Status = Literal["not_started", "in_progress", "completed"]
Sort = Literal["name", "last_step", "progress"]
# More teachers than this are reminded in the background (the answer says ``queued``).
REMIND_AT_ONCE = 200


class ProgressPlaceOut(Schema):
    id: int
    name: str


class ProgressSchoolOut(ProgressPlaceOut):
    bin: str | None


class ProgressOut(Schema):
    enrollment_id: int
    user_id: int
    name: str
    email: str
    school: ProgressSchoolOut | None
    district: ProgressPlaceOut | None
    region: ProgressPlaceOut | None
    cohort: ProgressPlaceOut | None
    status: Status
    done: int = Field(description="Required activities done.")
    required: int = Field(description="Required activities of her course.")
    last_activity: ProgressPlaceOut | None = Field(description="Where she stopped (id and title).")
    last_step_at: datetime | None
    days_idle: int | None = Field(description="Days since her last step; null once completed.")
    completed_at: datetime | None
    reminded_at: datetime | None

    @classmethod
    def of(cls, row: ProgressRow) -> "ProgressOut":
        enrollment, person, school = row.enrollment, row.enrollment.user, row.school

        def place(obj: Model | None, name: str) -> ProgressPlaceOut | None:
            return ProgressPlaceOut(id=obj.pk, name=name) if obj is not None else None

        return cls(
            enrollment_id=enrollment.pk,
            user_id=person.pk,
            name=person.get_full_name() or person.email,
            email=person.email,
            school=ProgressSchoolOut(id=school.pk, name=school.name, bin=school.bin or None)
            if school
            else None,
            district=place(school.district, str(school.district))
            if school and school.district
            else None,
            region=place(school.region, str(school.region)) if school else None,
            cohort=place(enrollment.cohort, enrollment.cohort.name) if enrollment.cohort else None,
            status=row.status,  # type: ignore[arg-type]
            done=row.done,
            required=row.required,
            last_activity=place(enrollment.last_activity, enrollment.last_activity.title)
            if enrollment.last_activity
            else None,
            last_step_at=enrollment.last_progress_at,
            days_idle=row.days_idle,
            completed_at=enrollment.completed_at,
            reminded_at=enrollment.reminded_at,
        )


class ProgressPageOut(Schema):
    items: list[ProgressOut]
    next: str | None = Field(description="Pass as `after` for the next page; null on the last.")


class ProgressFilters(Schema):
    status: Status | None = None
    region: str | None = Field(None, description="The region's ISO code, such as KZ-19.")
    district: int | None = None
    school_bin: str | None = None
    cohort: int | None = None
    idle_days: int | None = Field(
        None, ge=1, le=3650, description="Still learning, with no step for this many days."
    )
    q: str = Field("", max_length=100, description="Words of the name or e-mail.")
    sort: Sort = "name"


class ProgressQuery(ProgressFilters):
    after: str | None = None
    page_size: int = Field(PAGE_SIZE, ge=1, le=MAX_PAGE_SIZE)


class RemindersIn(ProgressFilters):
    enrollment_ids: list[int] | None = Field(
        None,
        max_length=1000,
        description="The teachers to remind (enrolment ids); leave out to remind all who match.",
    )


class RemindersOut(Schema):
    sent: int
    skipped_recent: int = Field(description="Reminded within the course's reminder period.")
    skipped_finished: int = Field(description="Completed, or the account is closed.")
    period_days: int
    queued: bool = Field(description="Sent in the background: the counts are not known yet.")


def _course(request: HttpRequest, course_id: int) -> tuple[Course, queries.ReportScope]:
    course = queries.course_get_for_user(course_id=course_id, user=request.user)
    if not request.user.has_perm("courses.view_report", course):
        raise PermissionDenied
    return course, queries.report_scope(viewer=request.user, course=course)


def _found[M: Model](found: M | None, where: str, field: str, message: str) -> M:
    if found is None:
        raise invalid(where, field, message)
    return found


def _filters(course: Course, data: ProgressFilters, where: str) -> ProgressFilter:
    """The filter asked for; a region, district, school or cohort that does not exist is a 422
    naming it (one outside her places narrows the list to nobody)."""
    region = district = school = cohort = None
    if data.region:
        region = _found(
            Region.objects.filter(code=data.region.upper()).first(),
            where,
            "region",
            _("No region has this code."),
        )
    if data.district is not None:
        district = _found(
            District.objects.filter(pk=data.district).first(),
            where,
            "district",
            _("No district has this number."),
        )
    if data.school_bin:
        school = _found(
            School.objects.filter(bin=data.school_bin).first(),
            where,
            "school_bin",
            _("No school has this BIN."),
        )
    if data.cohort is not None:
        cohort = _found(
            Cohort.objects.filter(pk=data.cohort, course__group_id=course.group_id).first(),
            where,
            "cohort",
            _("This course has no cohort with this number."),
        )
    return ProgressFilter(
        status=data.status or "",
        region=region,
        district=district,
        school=school,
        cohort=cohort,
        idle_days=data.idle_days,
        q=data.q,
        sort=data.sort,
    )


@router.get(
    "/courses/{course_id}/progress",
    response=ProgressPageOut,
    summary="Progress of the teachers the caller looks after, one by one",
)
def progress(request: HttpRequest, course_id: int, query: Query[ProgressQuery]) -> object:
    """The teachers of the course (and its translations) whom the caller's report shows, with
    status, the last activity, days since the last step and required activities done; by
    keyset (``after``). 403 for someone who may not read the course's report."""
    course, scope = _course(request, course_id)
    filters = _filters(course, query, "query")
    page = progress_page(
        course=course, scope=scope, filters=filters, after=query.after, per_page=query.page_size
    )
    return ProgressPageOut(items=[ProgressOut.of(row) for row in page.rows], next=page.next_after)


@router.post(
    "/courses/{course_id}/reminders",
    response=RemindersOut,
    summary="Remind the chosen teachers, or all who match a filter",
)
def reminders(request: HttpRequest, course_id: int, data: RemindersIn) -> object:
    """The course's reminder e-mail to each teacher named (or matching), at most once per the
    course's reminder period: a repeat sends nothing more and counts them as
    ``skipped_recent``. Teachers outside the caller's places are never reminded. More than 200
    matching a filter are reminded in the background (``queued``)."""
    course, scope = _course(request, course_id)
    filters = _filters(course, data, "body")
    actor = current_user(request)
    if data.enrollment_ids is None:
        many = progress_queryset(course=course, scope=scope, filters=filters)[
            : REMIND_AT_ONCE + 1
        ].count()
        if many > REMIND_AT_ONCE:
            remind_matching.enqueue(actor.pk, course.pk, filters_to_data(filters))
            return RemindersOut(
                sent=0,
                skipped_recent=0,
                skipped_finished=0,
                period_days=reminder_days_of(course),
                queued=True,
            )
    result = reminders_send_chosen(
        actor=actor, course=course, filters=filters, enrollment_ids=data.enrollment_ids
    )
    return RemindersOut(
        sent=result.sent,
        skipped_recent=result.recent,
        skipped_finished=result.finished,
        period_days=result.days,
        queued=False,
    )
