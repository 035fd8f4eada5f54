"""The catalogue: published courses, each in the reader's language where it has one."""

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import get_language

from ortaq.accounts.models import User
from ortaq.core.roles import Role, ScopeKind, grants_of, object_ids_where
from ortaq.courses.choices import CourseStatus
from ortaq.courses.models import Course, Enrollment


@dataclass(frozen=True, slots=True)
class CatalogueEntry:
    course: Course
    languages: tuple[str, ...]
    enrollment: Enrollment | None


def _preferred(versions: list[Course], language: str) -> Course:
    for wanted in (language, "kk", "ru", "en"):
        for course in versions:
            if course.language == wanted:
                return course
    return versions[0]


def catalogue(
    *,
    user: Any,
    language: str = "",
    subject_id: int | None = None,
    role: str = "",
    school_kind: str = "",
    q: str = "",
) -> list[CatalogueEntry]:
    """Published courses, one per group of translations (in the page's language where there is
    one, unless ``language`` asks for a language), filtered by subject, audience and words."""
    courses = (
        Course.objects.filter(status=CourseStatus.PUBLISHED)
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
    page_language = (get_language() or "kk")[:2]
    chosen = [_preferred(versions, language or page_language) for versions in groups.values()]
    # Her enrolment in any language version of a course counts for the whole group.
    enrolled: dict[int, Enrollment] = {}
    if user.is_authenticated and chosen:
        enrolled = {
            e.course.group_id: e
            for e in Enrollment.objects.filter(
                user=user, course__group__in=list(groups)
            ).select_related("course")
        }
    entries = []
    for course in chosen:
        mine = enrolled.get(course.group_id)
        entries.append(
            CatalogueEntry(
                course=course,
                languages=tuple(sorted(c.language for c in groups[course.group_id])),
                enrollment=mine,
            )
        )
    return entries


def course_get_for_user(*, course_id: int, user: Any, for_write: bool = False) -> Course:
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
    """The courses she may change: the ones she trains, or all for a national trainer."""
    grants = grants_of(user)
    if any(
        role in (Role.TRAINER, Role.ADMIN) and scope.kind == ScopeKind.COUNTRY
        for role, scope in grants
    ):
        return Course.objects.all().order_by("-updated_at")
    ids = object_ids_where(user, (Role.TRAINER,), "courses.course")
    return Course.objects.filter(pk__in=ids).order_by("-updated_at")
