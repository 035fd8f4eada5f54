"""The catalogue: published courses, each in the reader's language where it has one."""

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import get_language

from ortaq.accounts.models import User
from ortaq.courses.choices import CourseStatus, EnrollmentStatus
from ortaq.courses.models import Course, Enrollment


@dataclass(frozen=True, slots=True)
class CatalogueEntry:
    course: Course
    languages: tuple[str, ...]
    enrollment: Enrollment | None

    @property
    def opens_later(self) -> bool:
        """Not open for enrolment yet: the card says from when."""
        return self.course.opens_later()


def _preferred(versions: list[Course], language: str) -> Course:
    for wanted in (language, "kk", "ru", "en"):
        for course in versions:
            if course.language == wanted:
                return course
    return versions[0]


def catalogue(
    *,
    user: User | AnonymousUser,
    language: str = "",
    subject_id: int | None = None,
    role: str = "",
    school_kind: str = "",
    q: str = "",
) -> list[CatalogueEntry]:
    """Published courses (among ``Course.objects.visible_to``), one per group of translations
    (in the page's language where there is one, unless ``language`` asks for a language),
    filtered by subject, audience and words."""
    courses = (
        Course.objects.visible_to(user)
        .filter(status=CourseStatus.PUBLISHED)
        .prefetch_related("subjects")
        .order_by("-published_at", "pk")
    )
    if language:
        courses = courses.filter(language=language)
    if subject_id:
        # Courses for that subject, and courses for every subject (those that name none).
        courses = courses.filter(Q(subjects=subject_id) | Q(subjects__isnull=True)).distinct()
    if q:
        courses = courses.filter(Q(title__icontains=q) | Q(summary__icontains=q))
    groups: dict[int, list[Course]] = {}
    for course in courses:
        if role and course.audience_roles and role not in course.audience_roles:
            continue
        if school_kind and course.school_kinds and school_kind not in course.school_kinds:
            continue
        groups.setdefault(course.group_id, []).append(course)
    # Her enrolment in any language version of a course counts for the whole group.
    enrolled: dict[int, Enrollment] = {}
    if user.is_authenticated and groups:
        for mine in Enrollment.objects.filter(
            user=user, course__group__in=list(groups)
        ).select_related("course"):
            kept = enrolled.get(mine.course.group_id)
            # One enrolment per course; where an old one she left remains, the other counts.
            if kept is None or kept.status == EnrollmentStatus.LEFT:
                enrolled[mine.course.group_id] = mine
    # A version past its closing date is no longer offered (no one can enrol in it); a course
    # she is enrolled in stays listed under her courses, whatever its dates.
    today = timezone.localdate()
    for group_id in list(groups):
        if group_id not in enrolled:
            groups[group_id] = [c for c in groups[group_id] if not c.has_closed(today)]
            if not groups[group_id]:
                del groups[group_id]
    page_language = (get_language() or "kk")[:2]
    entries = []
    for versions in groups.values():
        taking = enrolled.get(versions[0].group_id)
        course = _preferred(versions, language or page_language)
        if taking is not None and taking.course in versions:
            # Her card leads to the version she is taking.
            course = next(c for c in versions if c == taking.course)
        entries.append(
            CatalogueEntry(
                course=course,
                languages=tuple(sorted(c.language for c in versions)),
                enrollment=taking,
            )
        )
    return entries


def enrollment_elsewhere(*, user: User | AnonymousUser, course: Course) -> Enrollment | None:
    """Her enrolment (learning or completed) in another language version of the course."""
    if not user.is_authenticated:
        return None
    return (
        Enrollment.objects.filter(user=user, course__group_id=course.group_id)
        .exclude(course=course)
        .exclude(status=EnrollmentStatus.LEFT)
        .select_related("course")
        .first()
    )


@dataclass(frozen=True, slots=True)
class Version:
    """A published language version of a course, for "Also in" links."""

    course_id: int
    language: str

    @property
    def name(self) -> str:
        """The language's own name ("Русский"), as language switchers show it."""
        return str(dict(settings.LANGUAGES).get(self.language, self.language))


VERSIONS_SECONDS = 600


def versions_cache_key(group_id: int) -> str:
    return f"ortaq:course-versions:{group_id}"


def other_versions(course: Course, *, prefetched: Mapping[str, Any] | None = None) -> list[Version]:
    """The course's other published language versions, in the order kk, ru, en.

    Kept in the cache (dropped whenever a course of the group is saved, see ``signals``), so the
    busy course page asks the database nothing more for them; ``prefetched`` is what that page
    read from the cache in one round trip with other keys (``cache.get_many``), if it did.
    """
    key = versions_cache_key(course.group_id)
    versions: list[Version] | None = (
        prefetched.get(key) if prefetched is not None else cache.get(key)
    )
    if versions is None:
        order = {code: n for n, (code, _name) in enumerate(settings.LANGUAGES)}
        versions = sorted(
            (
                Version(pk, language)
                for pk, language in Course.objects.filter(
                    group_id=course.group_id, status=CourseStatus.PUBLISHED
                ).values_list("pk", "language")
            ),
            key=lambda v: order.get(v.language, len(order)),
        )
        cache.set(key, versions, VERSIONS_SECONDS)
    return [v for v in versions if v.course_id != course.pk]


def course_get_for_user(
    *, course_id: int, user: User | AnonymousUser, for_write: bool = False
) -> Course:
    """The course, if ``user`` may see it (or change it, ``for_write``); 404 or 403 otherwise."""
    course = get_object_or_404(Course, pk=course_id)
    perm = "courses.change_course" if for_write else "courses.view_course"
    if not user.has_perm(perm, course):
        if not course.is_published and not for_write:
            # A draft is not there for anyone but its authors.
            raise Http404
        raise PermissionDenied
    return course


def courses_authored_by(*, user: User) -> QuerySet[Course]:
    """The courses she may change (``Course.objects.authored_by``): the ones she trains, or all
    for a national trainer."""
    return Course.objects.authored_by(user).order_by("-updated_at")
