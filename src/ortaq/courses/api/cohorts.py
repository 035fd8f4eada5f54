"""A course's cohorts through the API, for those who organise them: the list with its figures,
one cohort, creating and changing one, and adding a facilitator (as the cohort pages do)."""

from datetime import date

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema
from ninja.responses import Status

from ortaq.accounts.queries import active_user_by_email, current_user, holders_of_each
from ortaq.core.roles import Role
from ortaq.courses import queries, services
from ortaq.courses.api.common import invalid
from ortaq.courses.choices import EnrollmentStatus
from ortaq.courses.models import Cohort, Course
from ortaq.schools.models import Region

router = Router(tags=["cohorts"])


class CohortOut(Schema):
    id: int
    name: str
    region: str | None = Field(description="The region's ISO 3166-2 code, if it has one.")
    starts_on: date | None
    ends_on: date | None
    enrolled: int
    completed: int
    facilitators: list[str] = Field(description="Their names.")


class CohortIn(Schema):
    name: str = Field(min_length=1, max_length=200)
    region: str | None = Field(None, description="A region's ISO 3166-2 code, e.g. KZ-ALA.")
    starts_on: date | None = None
    ends_on: date | None = None


class FacilitatorIn(Schema):
    email: str = Field(max_length=254)


def _organised(request: HttpRequest, course_id: int) -> Course:
    course = queries.course_get_for_user(course_id=course_id, user=request.user)
    if not request.user.has_perm("courses.manage_cohorts", course):
        raise PermissionDenied
    return course


def _listed(course: Course, *, only: int | None = None) -> list[CohortOut]:
    """The course's cohorts (or the one numbered ``only``) with their figures and facilitators,
    in three queries however many there are."""
    done = Q(enrollments__status=EnrollmentStatus.COMPLETED)
    chosen = course.cohorts.all() if only is None else course.cohorts.filter(pk=only)
    cohorts = list(
        chosen.select_related("region")
        .annotate(enrolled=Count("enrollments"), completed=Count("enrollments", filter=done))
        .order_by("name", "pk")
    )
    facilitators = holders_of_each(role=Role.FACILITATOR, targets=cohorts)
    return [
        CohortOut(
            id=c.pk,
            name=c.name,
            region=c.region.code if c.region else None,
            starts_on=c.starts_on,
            ends_on=c.ends_on,
            enrolled=c.enrolled,  # type: ignore[attr-defined]
            completed=c.completed,  # type: ignore[attr-defined]
            facilitators=[p.get_full_name() for p in facilitators[c.pk]],
        )
        for c in cohorts
    ]


def _one(course: Course, cohort_id: int) -> CohortOut:
    found = _listed(course, only=cohort_id)
    if not found:
        raise Http404
    return found[0]


def _region(code: str | None) -> Region | None:
    if not code:
        return None
    region = Region.objects.filter(code=code.upper()).first()
    if region is None:
        raise invalid("body", "region", _("No region has this code."))
    return region


@router.get("/courses/{course_id}/cohorts", response=list[CohortOut], summary="A course's cohorts")
def cohorts(request: HttpRequest, course_id: int) -> list[CohortOut]:
    """Its cohorts with how many are enrolled and completed, for those who organise them."""
    return _listed(_organised(request, course_id))


@router.post("/courses/{course_id}/cohorts", response={201: CohortOut}, summary="Start a cohort")
def cohort_create(request: HttpRequest, course_id: int, data: CohortIn) -> Status[CohortOut]:
    course = _organised(request, course_id)
    cohort = services.cohort_save(
        actor=current_user(request),
        course=course,
        name=data.name,
        region=_region(data.region),
        starts_on=data.starts_on,
        ends_on=data.ends_on,
    )
    return Status(201, _one(course, cohort.pk))


@router.get("/courses/{course_id}/cohorts/{cohort_id}", response=CohortOut, summary="One cohort")
def cohort(request: HttpRequest, course_id: int, cohort_id: int) -> CohortOut:
    return _one(_organised(request, course_id), cohort_id)


@router.put(
    "/courses/{course_id}/cohorts/{cohort_id}", response=CohortOut, summary="Change a cohort"
)
def cohort_change(
    request: HttpRequest, course_id: int, cohort_id: int, data: CohortIn
) -> CohortOut:
    course = _organised(request, course_id)
    found = get_object_or_404(Cohort, pk=cohort_id, course=course)
    services.cohort_save(
        actor=current_user(request),
        course=course,
        cohort=found,
        name=data.name,
        region=_region(data.region),
        starts_on=data.starts_on,
        ends_on=data.ends_on,
    )
    return _one(course, found.pk)


@router.post(
    "/courses/{course_id}/cohorts/{cohort_id}/facilitators",
    response=CohortOut,
    summary="Make someone a facilitator of a cohort",
)
def facilitator_add(
    request: HttpRequest, course_id: int, cohort_id: int, data: FacilitatorIn
) -> CohortOut:
    """She then reviews the cohort's reflections and reads its report. Adding her again
    changes nothing."""
    course = _organised(request, course_id)
    found = get_object_or_404(Cohort, pk=cohort_id, course=course)
    person = active_user_by_email(data.email)
    if person is None:
        raise invalid("body", "email", _("No account has this e-mail."))
    services.cohort_facilitator_add(actor=current_user(request), cohort=found, user=person)
    return _one(course, found.pk)
