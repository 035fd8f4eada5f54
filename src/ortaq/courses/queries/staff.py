"""Reads for a course's staff: the completions with their certificates, and the reflections and
reported posts waiting for them."""

from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser
from django.core.paginator import Page, Paginator
from django.db.models import Count, Q

from ortaq.accounts.models import User
from ortaq.certificates.models import Certificate
from ortaq.certificates.queries import certificates_by_achievement
from ortaq.core.roles import Role, grants_of, holds
from ortaq.courses.choices import EnrollmentStatus, ReflectionStatus
from ortaq.courses.models import Cohort, Course, Enrollment, ReflectionSubmission
from ortaq.courses.models.content import MODERATORS
from ortaq.courses.models.learning import ReportScope, reviewed_by_q
from ortaq.courses.queries.discussion import reported_in_courses, reported_posts

__all__ = ["reported_posts"]
from ortaq.courses.queries.reviews import reflections_to_review

COMPLETIONS_PER_PAGE = 50


@dataclass(slots=True)
class CompletionRow:
    """A completed enrolment and its certificate (None only while it is being issued)."""

    enrollment: Enrollment
    certificate: Certificate | None

    @property
    def status(self) -> str:
        """``valid``, ``revoked`` or ``preparing`` (issued, its PDF not drawn yet)."""
        if self.certificate is None:
            return "preparing"
        if not self.certificate.is_valid:
            return "revoked"
        return "valid" if self.certificate.pdf else "preparing"


def completions_page(
    *,
    course: Course,
    scope: ReportScope,
    q: str = "",
    cohort: Cohort | None = None,
    page_number: str | int | None = 1,
) -> tuple[Page[Enrollment], list[CompletionRow]]:
    """One page of the course's completions that ``scope`` lets her see, latest first, with
    their certificates: three queries (count, page, certificates) whatever the number."""
    completed = (
        Enrollment.objects.in_report(scope)
        .filter(course=course, status=EnrollmentStatus.COMPLETED)
        .select_related("user", "cohort")
        .order_by("-completed_at", "-pk")
    )
    if cohort is not None:
        completed = completed.filter(cohort=cohort)
    words = q.split()
    for word in words:
        completed = completed.filter(
            Q(user__email__icontains=word)
            | Q(user__first_name__icontains=word)
            | Q(user__last_name__icontains=word)
        )
    page = Paginator(completed, COMPLETIONS_PER_PAGE).get_page(page_number)
    enrollments = list(page.object_list)
    certificates = certificates_by_achievement(
        achievement_type="courses.enrollment", object_ids=[e.pk for e in enrollments]
    )
    rows = []
    for enrollment in enrollments:
        certificate = certificates.get(enrollment.pk)
        if certificate is not None:
            # Its achievement is this enrolment: the revoke rule reads it without a query.
            certificate.achievement = enrollment
        rows.append(CompletionRow(enrollment=enrollment, certificate=certificate))
    return page, rows


@dataclass(slots=True)
class Waiting:
    """What waits for one person in one course; ``None`` where she may not do that work."""

    course: Course
    reflections: int | None
    reports: int | None


def waiting_in_course(*, course: Course, user: User | AnonymousUser) -> Waiting:
    """How many reflections wait for her review and posts for her moderation in ``course``
    (None where the permission is not hers): a query for each count she may see."""
    reflections = (
        reflections_to_review(course=course, user=user).count()
        if user.has_perm("courses.review_course", course)
        else None
    )
    reports = (
        reported_posts(course=course).count() if user.has_perm("courses.moderate", course) else None
    )
    return Waiting(course=course, reflections=reflections, reports=reports)


STAFF_ROLES = (Role.FACILITATOR, Role.MODERATOR, Role.TRAINER, Role.ADMIN)


def waiting_for(*, user: User | AnonymousUser) -> list[Waiting]:
    """Every course where reflections wait for her review (``Enrollment.objects.reviewed_by``)
    or posts for her moderation, with the counts: no query for someone without a staff role, at
    most three otherwise, whatever the number of courses."""
    if not any(role in STAFF_ROLES for role, _scope in grants_of(user)):
        return []
    by_course: dict[int, int] = dict(
        ReflectionSubmission.objects.filter(
            reviewed_by_q(user, via="enrollment__"), status=ReflectionStatus.SUBMITTED
        )
        .values_list("activity__module__course_id")
        .annotate(count=Count("pk"))
        .order_by()
    )
    reported = dict(
        reported_in_courses()
        .values_list("discussion__activity__module__course_id")
        .annotate(count=Count("pk"))
        .order_by()
    )
    ids = set(by_course) | set(reported)
    if not ids:
        return []
    found = []
    for course in Course.objects.filter(pk__in=ids).order_by("title", "pk"):
        reflections = by_course.get(course.pk, 0)
        reports = reported.get(course.pk, 0) if holds(user, MODERATORS, course.scope_chain()) else 0
        if reflections or reports:
            found.append(Waiting(course=course, reflections=reflections, reports=reports))
    return found


def returned_to(*, user: User) -> list[ReflectionSubmission]:
    """Her reflections returned for changes, in the courses she is still taking (one query)."""
    return list(
        ReflectionSubmission.objects.filter(
            enrollment__user=user,
            enrollment__status=EnrollmentStatus.ACTIVE,
            status=ReflectionStatus.RETURNED,
        )
        .select_related("activity__module")
        .order_by("-reviewed_at", "-pk")
    )
