"""Courses in the API: the catalogue, a course's outline with my progress, enrolment, and
marking the activities done that are done by opening them."""

from datetime import date, datetime

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, FilterSchema, Query, Router, Schema
from ninja.pagination import paginate

from ortaq.accounts.choices import Language
from ortaq.accounts.queries import current_user
from ortaq.core.pagination import Pages
from ortaq.courses import queries, services
from ortaq.courses.api.common import invalid
from ortaq.courses.choices import SchoolKind
from ortaq.courses.forms import AUDIENCE_ROLES
from ortaq.courses.models import Enrollment

router = Router(tags=["courses"])


class CourseOut(Schema):
    id: int
    title: str
    language: str
    languages: list[str]
    summary: str
    hours: int
    status: str
    opens_on: date | None
    closes_on: date | None
    my_status: str | None


class CatalogueFilters(FilterSchema):
    q: str | None = Field(None, max_length=100)
    language: Language | None = None
    subject: int | None = None
    role: str | None = Field(
        None, description="Who the course is for: " + ", ".join(r for r, _l in AUDIENCE_ROLES)
    )
    school_kind: SchoolKind | None = None


@router.get("/courses", response=list[CourseOut], auth=None, summary="The course catalogue")
@paginate(Pages)
def list_courses(request: HttpRequest, filters: Query[CatalogueFilters]) -> list[CourseOut]:
    """Published courses, one per group of translations, in the requested language if given.

    An unknown language, role or kind of school is refused (422), not ignored.
    """
    if filters.role and filters.role not in {str(r) for r, _l in AUDIENCE_ROLES}:
        raise invalid("query", "role", _("Choose one of the roles a course is meant for."))
    entries = queries.catalogue(
        user=request.user,
        language=str(filters.language or ""),
        subject_id=filters.subject,
        role=filters.role or "",
        school_kind=str(filters.school_kind or ""),
        q=filters.q or "",
    )
    return [
        CourseOut(
            id=e.course.pk,
            title=e.course.title,
            language=e.course.language,
            languages=list(e.languages),
            summary=e.course.summary,
            hours=e.course.hours,
            status=e.course.status,
            opens_on=e.course.opens_on,
            closes_on=e.course.closes_on,
            my_status=e.enrollment.status if e.enrollment else None,
        )
        for e in entries
    ]


class ActivityOut(Schema):
    id: int
    title: str
    kind: str
    required: bool
    minutes: int | None
    done: bool
    waiting_review: bool
    best_score: int | None


class ModuleOut(Schema):
    id: int
    title: str
    activities: list[ActivityOut]


class OutlineOut(Schema):
    id: int
    title: str
    language: str
    hours: int
    enrolled: bool
    status: str | None
    required_done: int
    required_total: int
    percent: int
    next_activity_id: int | None
    completed_at: datetime | None
    certificate_code: str | None
    modules: list[ModuleOut]


@router.get("/courses/{course_id}", response=OutlineOut, summary="A course with my progress")
def course_outline(request: HttpRequest, course_id: int) -> OutlineOut:
    course = queries.course_get_for_user(course_id=course_id, user=request.user)
    outline = queries.outline_for(course=course, user=request.user)
    enrollment = outline.enrollment
    return OutlineOut(
        id=course.pk,
        title=course.title,
        language=course.language,
        hours=course.hours,
        enrolled=enrollment is not None,
        status=enrollment.status if enrollment else None,
        required_done=outline.required_done,
        required_total=outline.required_total,
        percent=outline.percent,
        next_activity_id=outline.next_activity.pk if outline.next_activity else None,
        completed_at=enrollment.completed_at if enrollment else None,
        certificate_code=outline.certificate.code if outline.certificate else None,
        modules=[
            ModuleOut(
                id=part.module.pk,
                title=part.module.title,
                activities=[
                    ActivityOut(
                        id=s.activity.pk,
                        title=s.activity.title,
                        kind=s.activity.kind,
                        required=s.activity.required,
                        minutes=s.activity.minutes,
                        done=s.done,
                        waiting_review=s.waiting_review,
                        best_score=s.best_score,
                    )
                    for s in part.activities
                ],
            )
            for part in outline.modules
        ],
    )


class EnrollmentOut(Schema):
    course_id: int
    status: str
    created_at: datetime
    completed_at: datetime | None


@router.post(
    "/courses/{course_id}/enrollment",
    response={200: EnrollmentOut},
    summary="Enrol me (repeating it changes nothing)",
)
def enrol(request: HttpRequest, course_id: int) -> Enrollment:
    course = queries.course_get_for_user(course_id=course_id, user=request.user)
    return services.enrollment_create(actor=current_user(request), course=course)


@router.delete(
    "/courses/{course_id}/enrollment", response=EnrollmentOut, summary="Leave the course"
)
def leave(request: HttpRequest, course_id: int) -> Enrollment:
    enrollment = get_object_or_404(Enrollment, course_id=course_id, user=current_user(request))
    return services.enrollment_leave(actor=current_user(request), enrollment=enrollment)


class CompletionOut(Schema):
    activity_id: int
    done: bool
    course_completed: bool


@router.post(
    "/courses/{course_id}/activities/{activity_id}/completion",
    response=CompletionOut,
    summary="Mark a page, video, exercise or handout as done",
)
def complete(request: HttpRequest, course_id: int, activity_id: int) -> CompletionOut:
    """Quizzes, reflections and discussions complete by doing them; this refuses them (400)."""
    course = queries.course_get_for_user(course_id=course_id, user=request.user)
    activity = queries.activity_get_for_user(
        course=course, activity_id=activity_id, user=request.user
    )
    services.activity_complete(actor=current_user(request), activity=activity)
    enrollment = Enrollment.objects.get(user=current_user(request), course=course)
    return CompletionOut(
        activity_id=activity.pk,
        done=True,
        course_completed=enrollment.status == "completed",
    )
