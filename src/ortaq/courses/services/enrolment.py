"""Enrolling: a teacher herself, or a methodologist enrolling a region at once into a cohort."""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.validators import validate_email
from django.db import IntegrityError, connection, transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from ortaq.accounts.choices import Language
from ortaq.accounts.models import User
from ortaq.accounts.queries import people_visible_to
from ortaq.accounts.services import iin_lookups_record, role_grant
from ortaq.core.audit import audit_record
from ortaq.core.csvimport import CsvSource, chunks, read_rows
from ortaq.core.errors import DomainError, NotAllowed
from ortaq.core.jobs import ProgressFn, job_start, no_progress
from ortaq.core.kz import is_valid_id_number
from ortaq.core.models import AuditAction, Job, JobKind
from ortaq.core.roles import Role, holds
from ortaq.core.uploads import read_csv_upload
from ortaq.courses.choices import CourseStatus, EnrollmentStatus, SchoolKind
from ortaq.courses.models import Cohort, Course, CourseGroup, Enrollment
from ortaq.courses.models.learning import report_scope_of
from ortaq.courses.queries.catalogue import enrollment_elsewhere
from ortaq.courses.services.tallies import tallies_touch_matching, tallies_touch_users
from ortaq.schools.choices import Locality
from ortaq.schools.models import District, Region


def _lock_group(course: Course) -> None:
    """Take the lock of the course's group of translations for this transaction.

    Every enrolment (by herself or in bulk, in any language version) takes it first, so that two
    requests at once cannot enrol one teacher in two versions of one course: the rule "one
    enrolment per course, whatever its language" has no database constraint of its own.
    """
    list(
        CourseGroup.objects.select_for_update(of=("self",))
        .filter(pk=course.group_id)
        .values_list("pk")
    )


def language_name(code: str) -> str:
    """The name of a course's language in the language of the page ("Russian")."""
    return str(Language(code).label)


@transaction.atomic
def enrollment_create(*, actor: User, course: Course) -> Enrollment:
    """Enrol herself in an open course; enrolling again returns (or resumes) her enrolment.

    Translations are one course: while she is enrolled in another language version (learning
    or completed), she is refused, and the message names that version.
    """
    if not actor.has_perm("courses.enroll", course):
        raise NotAllowed(_("Sign in to enrol."))
    _lock_group(course)
    existing = (
        Enrollment.objects.select_for_update(of=("self",)).filter(user=actor, course=course).first()
    )
    if existing is not None and existing.status != EnrollmentStatus.LEFT:
        return existing
    other = enrollment_elsewhere(user=actor, course=course)
    if other is not None:
        raise DomainError(
            _(
                "You are already enrolled in this course in its %(language)s version: "
                "continue there. A course counts once, whatever its language."
            )
            % {"language": language_name(other.course.language)},
            code="enrolled_in_translation",
        )
    if existing is not None:
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
def enrollment_leave(*, actor: User, enrollment: Enrollment) -> Enrollment:
    """Leave a course: no more reminders; her progress stays should she come back."""
    if enrollment.user_id != actor.pk:
        raise NotAllowed(_("You can only leave your own courses."))
    enrollment = Enrollment.objects.select_for_update(of=("self",)).get(pk=enrollment.pk)
    if enrollment.status == EnrollmentStatus.ACTIVE:
        enrollment.status, enrollment.left_at = EnrollmentStatus.LEFT, timezone.now()
        enrollment.save(update_fields=["status", "left_at", "updated_at"])
    return enrollment


def _check_organiser(actor: User | None, course: Course) -> None:
    if actor is not None and not actor.has_perm("courses.manage_cohorts", course):
        raise NotAllowed(_("You may not organise cohorts of this course."))


@transaction.atomic
def cohort_save(
    *,
    actor: User | None,
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


def cohort_facilitator_add(*, actor: User | None, cohort: Cohort, user: User) -> None:
    """Make someone a facilitator of a cohort: she reviews its reflections and reads its report."""
    _check_organiser(actor, cohort.course)
    role_grant(actor=None, user=user, role=Role.FACILITATOR, target=cohort)


@dataclass(slots=True)
class BulkResult:
    """What a bulk enrolment did, and who could not be enrolled and why.

    ``came_back`` counts teachers who had left the course and are enrolled again; ``failed``
    includes those already enrolled in another language version of the course.
    """

    enrolled: int = 0
    already: int = 0
    moved: int = 0
    came_back: int = 0
    failed: list[tuple[int, str, str]] = field(default_factory=list)

    @property
    def total(self) -> int:
        return self.enrolled + self.already + self.moved + self.came_back


def bulk_enrolment_refusal(course: Course) -> str | None:
    """Why no one may be enrolled in the course in bulk now, or None when they may.

    A draft is not there for teachers yet, an archived course is over, and a course past its
    closing date is closed for everyone. Before its opening date teachers may be enrolled (a
    cohort is prepared ahead); they can begin at once.
    """
    if course.status == CourseStatus.DRAFT:
        return _("This course is a draft: publish it before enrolling teachers.")
    if course.status == CourseStatus.ARCHIVED:
        return _("This course is archived: no one can be enrolled in it any more.")
    if course.closes_on is not None and course.has_closed():
        return _("This course closed for enrolment on %(date)s.") % {
            "date": date_format(course.closes_on, "DATE_FORMAT")
        }
    return None


def _check_open_for_bulk(course: Course) -> None:
    refusal = bulk_enrolment_refusal(course)
    if refusal is not None:
        raise DomainError(refusal, code="closed")


def _enrol(
    actor: User | None,
    course: Course,
    cohort: Cohort | None,
    user_ids: Iterable[int],
    progress: ProgressFn = no_progress,
    matching: QuerySet[Any] | None = None,
) -> tuple[BulkResult, dict[int, str]]:
    """Enrol these people once each: new ones are added, those already enrolled stay (and join
    the cohort if they had none), those who had left come back. Safe to repeat and to run twice
    at once. Also returns, for whoever is enrolled in another language version of the course
    (and so is not enrolled here), the language of that version."""
    wanted = sorted(set(user_ids))
    _lock_group(course)
    result = BulkResult()
    here: dict[int, tuple[int | None, str]] = {}
    elsewhere: dict[int, str] = {}
    # Given the query that found the people (``matching``), their enrolments are read in one
    # query; ids alone, a few thousand at a time.
    parts = [matching] if matching is not None else chunks(wanted)
    for part in parts:
        for user_id, course_id, cohort_id, status, language in Enrollment.objects.filter(
            course__group_id=course.group_id, user_id__in=part
        ).values_list("user_id", "course_id", "cohort_id", "status", "course__language"):
            if course_id == course.pk:
                here[user_id] = (cohort_id, status)
            elif status != EnrollmentStatus.LEFT:
                elsewhere[user_id] = language
        progress("checking", len(here) + len(elsewhere), len(wanted))
    # She is enrolled here (learning or done): nothing to do but perhaps join the cohort. She
    # left here and is enrolled in another version: she stays there. She left, and is nowhere
    # else: she comes back. Not enrolled here, but in another version: she stays there.
    present = [uid for uid, (_c, status) in here.items() if status != EnrollmentStatus.LEFT]
    returning = [
        uid
        for uid, (_c, status) in here.items()
        if status == EnrollmentStatus.LEFT and uid not in elsewhere
    ]
    new = [uid for uid in wanted if uid not in here and uid not in elsewhere]
    refused = {
        uid: language
        for uid, language in elsewhere.items()
        if uid not in here or here[uid][1] == EnrollmentStatus.LEFT
    }
    now = timezone.now()
    _insert_enrolments(actor, course, cohort, new, now, progress)
    for part in chunks(returning):
        result.came_back += Enrollment.objects.filter(
            course=course, user_id__in=part, status=EnrollmentStatus.LEFT
        ).update(status=EnrollmentStatus.ACTIVE, left_at=None, updated_at=now)
    if cohort is not None:
        for part in chunks([uid for uid in returning if here[uid][0] is None]):
            Enrollment.objects.filter(course=course, user_id__in=part, cohort__isnull=True).update(
                cohort=cohort, updated_at=now
            )
        without = [uid for uid in present if here[uid][0] is None]
        for part in chunks(without):
            result.moved += Enrollment.objects.filter(
                course=course, user_id__in=part, cohort__isnull=True
            ).update(cohort=cohort, updated_at=now)
    result.enrolled = len(new)
    result.already = len(present) - result.moved
    # Rows written in bulk send no signals: the totals are told here.
    if matching is not None:
        tallies_touch_matching(course.group_id, matching)
    else:
        tallies_touch_users(course.group_id, [*new, *returning])
    return result, refused


INSERT_BATCH = 20_000


def _insert_enrolments(
    actor: User | None,
    course: Course,
    cohort: Cohort | None,
    user_ids: list[int],
    now: datetime,
    progress: ProgressFn,
) -> None:
    """Add an enrolment for each of these people (none of whom has one in the course's group).

    On PostgreSQL the ids go to the database as arrays, twenty thousand per ``INSERT … SELECT
    unnest(…)``, with no model object per row (300,000 teachers in a few seconds rather than a
    minute). Elsewhere ``bulk_create``. Either way no signal is sent: the caller tells the totals.
    """
    if connection.vendor != "postgresql":
        for start in range(0, len(user_ids), 2000):
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
                    for user_id in user_ids[start : start + 2000]
                ],
                ignore_conflicts=True,
            )
            progress("writing", min(start + 2000, len(user_ids)), len(user_ids))
        return
    table = Enrollment._meta.db_table
    sql = (
        f"INSERT INTO {table} (user_id, course_id, cohort_id, enrolled_by_id, status, "  # noqa: S608
        "created_at, updated_at) SELECT id, %s, %s, %s, %s, %s, %s FROM unnest(%s::bigint[]) "
        "AS wanted(id) ON CONFLICT DO NOTHING"
    )
    with connection.cursor() as cursor:
        for start in range(0, len(user_ids), INSERT_BATCH):
            cursor.execute(
                sql,
                [
                    course.pk,
                    cohort.pk if cohort is not None else None,
                    actor.pk if actor is not None else None,
                    EnrollmentStatus.ACTIVE.value,
                    now,
                    now,
                    user_ids[start : start + INSERT_BATCH],
                ],
            )
            progress("writing", min(start + INSERT_BATCH, len(user_ids)), len(user_ids))


def _already_elsewhere(language: str) -> str:
    return _("already enrolled in the %(language)s version of this course") % {
        "language": language_name(language)
    }


@transaction.atomic
def enrol_from_csv(
    *,
    actor: User | None,
    course: Course,
    cohort: Cohort | None,
    data: CsvSource,
    progress: ProgressFn = no_progress,
) -> BulkResult:
    """Enrol the teachers a CSV file names by ``email`` or ``iin`` (one column or both).

    Unlike an import, the people found are enrolled and the others are reported line by line:
    no such account among the people she looks after, or a malformed value. A line with both is
    matched by its e-mail, else by its IIN; one whose e-mail and IIN name two different people
    is refused rather than guessed.

    Accounts are looked for only among the people ``actor`` looks after, so that a line answers
    the same for an IIN or e-mail nobody has and for one of somebody outside her places: the
    file cannot tell her whether an IIN is registered. Look-ups that find nobody of hers count
    against her daily IIN quota (``iin_lookups_record``).
    """
    _check_organiser(actor, course)
    _check_cohort(course, cohort)
    _check_open_for_bulk(course)
    rows = read_rows(data, columns=("email", "iin"), required=())
    if "email" not in rows.columns and "iin" not in rows.columns:
        raise DomainError(_("The file needs an email or an iin column."))
    failed: list[tuple[int, str, str]] = []
    # Each distinct line: its number, the e-mail and IIN it gives (when well formed), and what
    # was wrong with either (said when no account is found through the other).
    lines: list[tuple[int, str, str, str, str]] = []
    seen: set[tuple[str, str]] = set()
    for count, row in enumerate(rows, 1):
        if count % 1000 == 0:
            progress("checking", count)
        email, iin = row.get("email").lower(), row.get("iin").replace(" ", "")
        if not email and not iin:
            failed.append((row.line, "", _("no e-mail or IIN on this line")))
            continue
        if (email, iin) in seen:
            continue
        seen.add((email, iin))
        problem, shown = "", email or iin
        if email:
            try:
                validate_email(email)
            except ValidationError:
                problem, email = _("not an e-mail address"), ""
        if iin and not is_valid_id_number(iin):
            if not problem:
                problem, shown = _("not a valid IIN"), iin
            iin = ""
        lines.append((row.line, shown, email, iin, problem))
    by_email: dict[str, tuple[int, bool]] = {}
    by_iin: dict[str, tuple[int, bool]] = {}
    emails = sorted({email for _l, _s, email, _i, _p in lines if email})
    numbers = sorted({iin for _l, _s, _e, iin, _p in lines if iin})
    visible = (
        people_visible_to(viewer=actor) if actor is not None else User.objects.all()
    ).order_by()
    for part in chunks(emails):
        for user_id, found_email, active in visible.filter(email__in=part).values_list(
            "id", "email", "is_active"
        ):
            by_email[found_email] = (user_id, active)
    for part in chunks(numbers):
        for user_id, number, active in visible.filter(profile__iin__in=part).values_list(
            "id", "profile__iin", "is_active"
        ):
            by_iin[str(number)] = (user_id, active)
    iin_lookups_record(
        actor=actor,
        looked_up=len(numbers),
        probing=len([n for n in numbers if n not in by_iin]),
        purpose="enrolment",
    )
    user_ids: list[int] = []
    line_of: dict[int, tuple[int, str]] = {}
    for line, shown, email, iin, problem in lines:
        matches = [m for m in (by_email.get(email), by_iin.get(iin)) if m is not None]
        if not matches:
            failed.append(
                (line, shown, problem or _("nobody you look after has this e-mail or IIN"))
            )
        elif len({user_id for user_id, _active in matches}) > 1:
            failed.append((line, shown, _("the e-mail and the IIN belong to different people")))
        elif not matches[0][1]:
            failed.append((line, shown, _("the account is closed")))
        else:
            user_ids.append(matches[0][0])
            line_of.setdefault(matches[0][0], (line, shown))
    result, refused = _enrol(actor, course, cohort, user_ids, progress)
    failed += [(*line_of[uid], _already_elsewhere(language)) for uid, language in refused.items()]
    result.failed = sorted(failed)
    _audit_bulk(actor, course, cohort, result, how="csv")
    return result


@dataclass(frozen=True, slots=True)
class Criteria:
    """Whom to enrol by place and kind: all teachers matching every criterion given."""

    region: Region | None = None
    district: District | None = None
    school_kinds: tuple[str, ...] = ()
    role: str = Role.TEACHER


@transaction.atomic
def enrol_by_criteria(
    *,
    actor: User | None,
    course: Course,
    cohort: Cohort | None,
    criteria: Criteria,
    progress: ProgressFn = no_progress,
) -> BulkResult:
    """Enrol every teacher of a region or district (and of small-scale, rural or urban schools,
    and holding a role such as school head), within the places the methodologist looks after.

    Teachers enrolled in another language version of the course are listed (by e-mail, with no
    line number) as not enrolled here."""
    _check_organiser(actor, course)
    _check_cohort(course, cohort)
    _check_open_for_bulk(course)
    scope = report_scope_of(actor, course) if actor is not None else None
    if scope is not None and not scope.places().covers(
        region=criteria.region, district=criteria.district
    ):
        raise NotAllowed(_("You may enrol only the teachers of the places you look after."))
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
    matching = people.order_by().values("pk")
    user_ids = list(people.order_by().values_list("pk", flat=True).distinct())
    result, refused = _enrol(actor, course, cohort, user_ids, progress, matching=matching)
    emails: dict[int, str] = {}
    for part in chunks(sorted(refused)):
        emails.update(User.objects.filter(pk__in=part).values_list("pk", "email"))
    result.failed = sorted(
        (0, emails.get(uid, ""), _already_elsewhere(language)) for uid, language in refused.items()
    )
    _audit_bulk(actor, course, cohort, result, how="criteria")
    return result


def _bulk_label(course: Course, cohort: Cohort | None) -> str:
    return f"{course.title} — {cohort.name}" if cohort is not None else course.title


def enrol_from_csv_start(
    *, actor: User, course: Course, cohort: Cohort | None, upload: UploadedFile[bytes]
) -> Job:
    """Check the request and the file's type and size, and queue ``enrol_from_csv`` as a job
    (run in the background, as ``actor``); the same file sent again while it runs is that job."""
    _check_organiser(actor, course)
    _check_cohort(course, cohort)
    _check_open_for_bulk(course)
    data = read_csv_upload(upload)
    return job_start(
        actor=actor,
        kind=JobKind.ENROL_CSV,
        label=_bulk_label(course, cohort),
        params={"course": course.pk, "cohort": cohort.pk if cohort is not None else None},
        data=data,
        file_name=upload.name or "",
    )


def enrol_by_criteria_start(
    *, actor: User, course: Course, cohort: Cohort | None, criteria: Criteria
) -> Job:
    """Check the request and queue ``enrol_by_criteria`` as a job (run in the background, as
    ``actor``); the same criteria sent again while it runs are that job."""
    _check_organiser(actor, course)
    _check_cohort(course, cohort)
    _check_open_for_bulk(course)
    return job_start(
        actor=actor,
        kind=JobKind.ENROL_CRITERIA,
        label=_bulk_label(course, cohort),
        params={
            "course": course.pk,
            "cohort": cohort.pk if cohort is not None else None,
            "region": criteria.region.pk if criteria.region is not None else None,
            "district": criteria.district.pk if criteria.district is not None else None,
            "school_kinds": sorted(criteria.school_kinds),
            "role": criteria.role,
        },
    )


def _audit_bulk(
    actor: User | None, course: Course, cohort: Cohort | None, result: BulkResult, *, how: str
) -> None:
    audit_record(
        actor=actor,
        action=AuditAction.BULK_ENROL,
        target=course,
        label=_bulk_label(course, cohort),
        enrolled=result.enrolled,
        already=result.already,
        moved=result.moved,
        failed=len(result.failed),
        how=how,
    )


def _check_cohort(course: Course, cohort: Cohort | None) -> None:
    if cohort is not None and cohort.course_id != course.pk:
        raise DomainError(_("This cohort belongs to another course."))
