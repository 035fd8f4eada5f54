"""Reads of a textbook's structure and writing that pages and the API share, each in a fixed
number of queries whatever the number of units and lessons."""

from dataclasses import dataclass
from datetime import date

from django.contrib.auth.models import AnonymousUser
from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ortaq.accounts.models import Profile, User
from ortaq.core.roles import COUNTRY, Role, holds, holds_anywhere
from ortaq.core.visibility import is_signed_in
from ortaq.library.choices import Status
from ortaq.library.models import Version
from ortaq.networks.models import Association
from ortaq.schools.models import School
from ortaq.textbooks.choices import StaffRole
from ortaq.textbooks.models import Exercise, Lesson, Media, Staff, Textbook, Unit

OPEN = (Status.DRAFT, Status.SUBMITTED, Status.IN_REVIEW, Status.CHANGES)
# What the textbook page says of a lesson's content, to its staff.
NOT_STARTED = "not_started"
STATUS_LABELS = {
    NOT_STARTED: _("Not started"),
    Status.DRAFT: _("Draft"),
    Status.SUBMITTED: _("In review"),
    Status.IN_REVIEW: _("In review"),
    Status.CHANGES: _("Changes requested"),
    Status.PUBLISHED: _("Published"),
}


def founds_without_association(user: User | AnonymousUser) -> bool:
    """A methodologist or an administrator may start a textbook of no association."""
    return holds_anywhere(user, [Role.COORDINATOR, Role.ADMIN])


def associations_offered(user: User | AnonymousUser) -> QuerySet[Association]:
    """The associations a textbook she starts may belong to: those she runs."""
    return Association.objects.run_by(user).order_by("slug")


def schools_offered(textbook: Textbook, user: User | AnonymousUser) -> QuerySet[School]:
    """The schools a lesson may be commissioned from: the association's members; for a
    textbook of no association, the schools of her own region (all for one without a school)."""
    schools = School.objects.order_by("name_kk", "pk")
    if textbook.association_id is not None:
        return schools.filter(association_memberships__association_id=textbook.association_id)
    school = getattr(getattr(user, "profile", None), "school", None)
    if school is not None:
        return schools.filter(region_id=school.region_id)
    return schools


def is_admin(user: User | AnonymousUser) -> bool:
    return holds(user, [Role.ADMIN], [COUNTRY])


def textbooks_listed(
    user: User | AnonymousUser, *, grade: int | None = None, language: str = ""
) -> QuerySet[Textbook]:
    """The textbooks ``user`` may open (published ones; her own drafts), filtered by a grade
    they cover and their language."""
    found = Textbook.objects.visible_to(user)
    if grade is not None:
        found = found.filter(grade_from__lte=grade, grade_to__gte=grade)
    if language:
        found = found.filter(language=language)
    return found.annotate(unit_count=Count("units", distinct=True)).order_by(
        "grade_from", "title", "pk"
    )


def textbook_get(user: User | AnonymousUser, slug: str) -> Textbook:
    """The textbook ``slug`` if ``user`` may read it, else 404."""
    textbook = Textbook.objects.filter(slug=slug).select_related("association").first()
    if textbook is None or not user.has_perm("textbooks.view_textbook", textbook):
        raise Http404
    return textbook


def translations_of(textbook: Textbook, user: User | AnonymousUser) -> list[Textbook]:
    return list(
        Textbook.objects.visible_to(user)
        .filter(group_id=textbook.group_id)
        .exclude(pk=textbook.pk)
        .order_by("language")
    )


def lesson_url(textbook: Textbook, lesson: Lesson) -> str:
    """Where a reader opens a published lesson: the pupil's page."""
    return reverse("textbooks:lesson", args=[textbook.slug, lesson.pk])


@dataclass
class LessonRow:
    lesson: Lesson
    status: str
    status_label: str
    url: str


@dataclass
class UnitRow:
    unit: Unit
    lessons: list[LessonRow]


def outline(textbook: Textbook, user: User | AnonymousUser) -> list[UnitRow]:
    """The textbook's units and lessons with each lesson's status (three queries): readers get
    the published lessons linked, its staff every lesson with where its content stands."""
    units = list(
        Unit.objects.filter(textbook=textbook)
        .order_by("position")
        .prefetch_related(
            Prefetch(
                "lessons",
                queryset=Lesson.objects.order_by("position").select_related(
                    "resource", "commissioned_teacher", "commissioned_school"
                ),
            )
        )
    )
    resource_ids = [
        lesson.resource_id for unit in units for lesson in unit.lessons.all() if lesson.resource_id
    ]
    open_status = dict(
        Version.objects.filter(resource_id__in=resource_ids, status__in=OPEN).values_list(
            "resource_id", "status"
        )
    )
    rows = []
    for unit in units:
        lessons = []
        for lesson in unit.lessons.all():
            resource = lesson.resource
            if resource is None:
                status = NOT_STARTED
            elif resource.pk in open_status and (
                resource.current_id is None or open_status[resource.pk] != Status.DRAFT
            ):
                status = open_status[resource.pk]
            elif resource.current_id is not None:
                status = Status.PUBLISHED
            else:
                status = Status.DRAFT
            published = resource is not None and resource.current_id is not None
            lessons.append(
                LessonRow(
                    lesson=lesson,
                    status=status,
                    status_label=str(STATUS_LABELS.get(status, status)),
                    url=lesson_url(textbook, lesson) if published else "",
                )
            )
        rows.append(UnitRow(unit=unit, lessons=lessons))
    return rows


def staff_of(textbook: Textbook) -> list[Staff]:
    return list(
        Staff.objects.filter(textbook=textbook).select_related("user").order_by("role", "pk")
    )


def staff_kept(staff: list[Staff]) -> set[int]:
    """Of a textbook's whole ``staff``, the one ``services.books.staff_remove`` would refuse to
    take off: its last coordinator. The textbook's page offers no button to remove her."""
    coordinators = [row.pk for row in staff if row.role == StaffRole.COORDINATOR]
    return set(coordinators) if len(coordinators) == 1 else set()


def unit_get(textbook: Textbook, unit_id: int) -> Unit:
    unit = Unit.objects.filter(textbook=textbook, pk=unit_id).first()
    if unit is None:
        raise Http404
    unit.textbook = textbook
    return unit


def lesson_get(textbook: Textbook, lesson_id: int) -> Lesson:
    lesson = (
        Lesson.objects.filter(unit__textbook=textbook, pk=lesson_id)
        .select_related("unit", "resource", "commissioned_teacher", "commissioned_school")
        .first()
    )
    if lesson is None:
        raise Http404
    lesson.unit.textbook = textbook
    return lesson


def open_version(lesson: Lesson) -> Version | None:
    """The version of the lesson's content being written or reviewed, if any."""
    if lesson.resource_id is None:
        return None
    return (
        Version.objects.filter(resource_id=lesson.resource_id, status__in=OPEN)
        .select_related("resource", "teacher_guide")
        .first()
    )


def exercises_of(version: Version) -> list[Exercise]:
    return list(
        Exercise.objects.filter(version=version)
        .order_by("position")
        .prefetch_related("options", "accepted")
    )


def media_of(version: Version) -> list[Media]:
    return list(Media.objects.filter(version=version).order_by("position", "pk"))


@dataclass
class Waiting:
    """A lesson commissioned from her, not yet sent for review."""

    lesson: Lesson
    textbook: Textbook
    due_on: date | None
    started: bool


def waiting_for(user: User | AnonymousUser) -> list[Waiting]:
    """The lessons commissioned from ``user`` (or from her school) whose content is not yet
    started or is a draft or returned for changes (one query)."""
    if not is_signed_in(user):
        return []
    # Her school is read inside the same statement (her profile is not read on its own).
    her_school = Profile.objects.filter(user_id=user.pk, school__isnull=False).values("school_id")
    mine = Q(commissioned_teacher_id=user.pk) | Q(
        commissioned_school_id__in=her_school, commissioned_teacher__isnull=True
    )
    editable = Version.objects.filter(status__in=(Status.DRAFT, Status.CHANGES))
    lessons = (
        Lesson.objects.filter(mine)
        .filter(
            Q(resource__isnull=True)
            | Q(resource__versions__in=editable, resource__authors__user_id=user.pk)
        )
        .select_related("unit__textbook")
        .distinct()
        .order_by("due_on", "pk")[:50]
    )
    return [
        Waiting(
            lesson=lesson,
            textbook=lesson.unit.textbook,
            due_on=lesson.due_on,
            started=lesson.resource_id is not None,
        )
        for lesson in lessons
    ]
