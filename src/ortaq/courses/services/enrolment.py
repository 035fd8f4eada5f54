"""Enrolling: a teacher herself, or a methodologist enrolling a region at once into a cohort."""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from ortaq.accounts.models import User
from ortaq.accounts.queries import people_visible_to
from ortaq.accounts.services import role_grant
from ortaq.core.csvimport import chunks, read_rows
from ortaq.core.errors import DomainError, NotAllowed
from ortaq.core.kz import is_valid_id_number
from ortaq.core.roles import Role, holds
from ortaq.courses.choices import EnrollmentStatus, SchoolKind
from ortaq.courses.models import Cohort, Course, Enrollment
from ortaq.schools.choices import Locality
from ortaq.schools.models import District, Region


@transaction.atomic
def enrollment_create(*, actor: Any, course: Course) -> Enrollment:
    """Enrol herself in an open course; enrolling again returns (or resumes) her enrolment."""
    if not actor.has_perm("courses.enroll", course):
        raise NotAllowed(_("Sign in to enrol."))
    existing = Enrollment.objects.select_for_update().filter(user=actor, course=course).first()
    if existing is not None:
        if existing.status == EnrollmentStatus.LEFT:
            existing.status, existing.left_at = EnrollmentStatus.ACTIVE, None
            existing.save(update_fields=["status", "left_at", "updated_at"])
        return existing
    if not course.is_open():
        raise DomainError(_("This course is not open for enrolment."), code="closed")
    try:
        with transaction.atomic():
            return Enrollment.objects.create(user=actor, course=course, enrolled_by=actor)
    except IntegrityError:
        return Enrollment.objects.get(user=actor, course=course)


@transaction.atomic
def enrollment_leave(*, actor: Any, enrollment: Enrollment) -> Enrollment:
    """Leave a course: no more reminders; her progress stays should she come back."""
    if enrollment.user_id != actor.pk:
        raise NotAllowed(_("You can only leave your own courses."))
    enrollment = Enrollment.objects.select_for_update().get(pk=enrollment.pk)
    if enrollment.status == EnrollmentStatus.ACTIVE:
        enrollment.status, enrollment.left_at = EnrollmentStatus.LEFT, timezone.now()
        enrollment.save(update_fields=["status", "left_at", "updated_at"])
    return enrollment


def _check_organiser(actor: Any, course: Course) -> None:
    if actor is not None and not actor.has_perm("courses.manage_cohorts", course):
        raise NotAllowed(_("You may not organise cohorts of this course."))


@transaction.atomic
def cohort_save(
    *,
    actor: Any,
    course: Course,
    name: str,
    region: Region | None = None,
    starts_on: date | None = None,
    ends_on: date | None = None,
    cohort: Cohort | None = None,
) -> Cohort:
    """Create or change a cohort; a methodologist's cohort is for her own region."""
    _check_organiser(actor, course)
    if (
        actor is not None
        and region is not None
        and not holds(actor, (Role.ADMIN, Role.COORDINATOR, Role.TRAINER), [*region.scope_chain()])
        and not actor.has_perm("courses.change_course", course)
    ):
        raise NotAllowed(_("You may not organise a cohort for this region."))
    cohort = cohort or Cohort(course=course, created_by=actor)
    cohort.name, cohort.region, cohort.starts_on, cohort.ends_on = (
        name.strip(),
        region,
        starts_on,
        ends_on,
    )
    try:
        cohort.full_clean(exclude=["course", "created_by"])
    except ValidationError as exc:
        raise DomainError(" ".join(exc.messages)) from exc
    cohort.save()
    return cohort


def cohort_facilitator_add(*, actor: Any, cohort: Cohort, user: User) -> None:
    """Make someone a facilitator of a cohort: she reviews its reflections and reads its report."""
    _check_organiser(actor, cohort.course)
    role_grant(actor=None, user=user, role=Role.FACILITATOR, target=cohort)


@dataclass(slots=True)
class BulkResult:
    """What a bulk enrolment did, and who could not be enrolled and why."""

    enrolled: int = 0
    already: int = 0
    moved: int = 0
    failed: list[tuple[int, str, str]] = field(default_factory=list)

    @property
    def total(self) -> int:
        return self.enrolled + self.already + self.moved


def _enrol(
    actor: Any, course: Course, cohort: Cohort | None, user_ids: Iterable[int]
) -> BulkResult:
    """Enrol these people once each: new ones are added, those already enrolled stay (and join
    the cohort if they had none). Safe to repeat and to run twice at once."""
    wanted = sorted(set(user_ids))
    result = BulkResult()
    existing: dict[int, tuple[int | None, str]] = {}
    for part in chunks(wanted):
        existing.update(
            (user_id, (cohort_id, status))
            for user_id, cohort_id, status in Enrollment.objects.filter(
                course=course, user_id__in=part
            ).values_list("user_id", "cohort_id", "status")
        )
    new = [user_id for user_id in wanted if user_id not in existing]
    now = timezone.now()
    Enrollment.objects.bulk_create(
        [
            Enrollment(
                user_id=user_id,
                course=course,
                cohort=cohort,
                enrolled_by=actor,
                created_at=now,
                updated_at=now,
            )
            for user_id in new
        ],
        batch_size=2000,
        ignore_conflicts=True,
    )
    if cohort is not None:
        without = [uid for uid, (cohort_id, _status) in existing.items() if cohort_id is None]
        for part in chunks(without):
            result.moved += Enrollment.objects.filter(
                course=course, user_id__in=part, cohort__isnull=True
            ).update(cohort=cohort, updated_at=now)
    result.enrolled = len(new)
    result.already = len(existing) - result.moved
    return result


@transaction.atomic
def enrol_from_csv(*, actor: Any, course: Course, cohort: Cohort | None, data: bytes) -> BulkResult:
    """Enrol the teachers a CSV file names by ``email`` or ``iin`` (one column or both).

    Unlike an import, the people found are enrolled and the others are reported line by line:
    no such account, an account outside the methodologist's region, or a malformed value.
    """
    _check_organiser(actor, course)
    _check_cohort(course, cohort)
    rows = read_rows(data, columns=("email", "iin"), required=())
    if "email" not in rows[0].cells and "iin" not in rows[0].cells:
        raise DomainError(_("The file needs an email or an iin column."))
    failed: list[tuple[int, str, str]] = []
    by_email: dict[str, int] = {}
    by_iin: dict[str, int] = {}
    for row in rows:
        email, iin = row.get("email").lower(), row.get("iin").replace(" ", "")
        if email:
            try:
                validate_email(email)
            except ValidationError:
                failed.append((row.line, email, _("not an e-mail address")))
                continue
            by_email.setdefault(email, row.line)
        elif iin:
            if not is_valid_id_number(iin):
                failed.append((row.line, iin, _("not a valid IIN")))
                continue
            by_iin.setdefault(iin, row.line)
        else:
            failed.append((row.line, "", _("no e-mail or IIN on this line")))
    visible = people_visible_to(viewer=actor) if actor is not None else User.objects.all()
    found: dict[str, tuple[int, bool]] = {}
    for part in chunks(list(by_email)):
        for user_id, email, active in User.objects.filter(email__in=part).values_list(
            "id", "email", "is_active"
        ):
            found[email] = (user_id, active)
    for part in chunks(list(by_iin)):
        for user_id, number, active in User.objects.filter(profile__iin__in=part).values_list(
            "id", "profile__iin", "is_active"
        ):
            found[str(number)] = (user_id, active)
    allowed = _allowed_ids(visible, [uid for uid, _active in found.values()])
    user_ids = []
    for value, line in [*by_email.items(), *by_iin.items()]:
        if value not in found:
            failed.append((line, value, _("no account with this e-mail or IIN")))
        elif not found[value][1]:
            failed.append((line, value, _("the account is closed")))
        elif found[value][0] not in allowed:
            failed.append((line, value, _("this teacher is outside the places you look after")))
        else:
            user_ids.append(found[value][0])
    result = _enrol(actor, course, cohort, user_ids)
    result.failed = sorted(failed)
    return result


def _allowed_ids(visible: Any, user_ids: list[int]) -> set[int]:
    allowed: set[int] = set()
    for part in chunks(user_ids):
        allowed.update(visible.filter(pk__in=part).values_list("pk", flat=True))
    return allowed


@dataclass(frozen=True, slots=True)
class Criteria:
    """Whom to enrol by place and kind: all teachers matching every criterion given."""

    region: Region | None = None
    district: District | None = None
    school_kinds: tuple[str, ...] = ()
    role: str = Role.TEACHER


@transaction.atomic
def enrol_by_criteria(
    *, actor: Any, course: Course, cohort: Cohort | None, criteria: Criteria
) -> BulkResult:
    """Enrol every teacher of a region or district (and of small-scale, rural or urban schools,
    and holding a role such as school head), within the places the methodologist looks after."""
    _check_organiser(actor, course)
    _check_cohort(course, cohort)
    people = (people_visible_to(viewer=actor) if actor is not None else User.objects.all()).filter(
        is_active=True, profile__school__isnull=False
    )
    if criteria.district is not None:
        people = people.filter(profile__school__district=criteria.district)
    elif criteria.region is not None:
        people = people.filter(profile__school__region=criteria.region)
    kinds = Q()
    if SchoolKind.SMALL_SCALE in criteria.school_kinds:
        kinds |= Q(profile__school__small_scale=True)
    if SchoolKind.RURAL in criteria.school_kinds:
        kinds |= Q(profile__school__locality=Locality.RURAL)
    if SchoolKind.URBAN in criteria.school_kinds:
        kinds |= Q(profile__school__locality=Locality.URBAN)
    if kinds:
        people = people.filter(kinds)
    if criteria.role:
        # The role is held at her own school (or above it, for a methodologist).
        people = people.filter(role_assignments__role=criteria.role)
    user_ids = list(people.order_by().values_list("pk", flat=True).distinct())
    return _enrol(actor, course, cohort, user_ids)


def _check_cohort(course: Course, cohort: Cohort | None) -> None:
    if cohort is not None and cohort.course_id != course.pk:
        raise DomainError(_("This cohort belongs to another course."))
