"""What a pupil reads: a published lesson with its tasks and media, a unit's published lessons
(for its offline pack and its printed edition). Pupils have no account: everything here is
public once the textbook is open to readers and the lesson's content is published."""

from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser
from django.db.models import Prefetch
from django.http import Http404
from django.urls import reverse

from ortaq.accounts.models import User
from ortaq.library.models import Version
from ortaq.textbooks.models import Exercise, Lesson, Media, Textbook, Unit


@dataclass
class Reading:
    """A published lesson as its page shows it: its place, its version (the published one)
    with the tasks, media and teacher's guide of that version."""

    textbook: Textbook
    unit: Unit
    lesson: Lesson
    version: Version
    exercises: list[Exercise]
    media: list[Media]
    guide: str


def _version_rows(version_ids: list[int]) -> list[Version]:
    """The versions with their tasks (options, accepted answers), media and guide: four queries
    whatever their number."""
    return list(
        Version.objects.filter(pk__in=version_ids)
        .select_related("teacher_guide")
        .prefetch_related(
            Prefetch(
                "exercises",
                queryset=Exercise.objects.order_by("position").prefetch_related(
                    "options", "accepted"
                ),
            ),
            "media",
        )
    )


def _reading(textbook: Textbook, unit: Unit, lesson: Lesson, version: Version) -> Reading:
    guide = getattr(version, "teacher_guide", None)
    return Reading(
        textbook=textbook,
        unit=unit,
        lesson=lesson,
        version=version,
        exercises=list(version.exercises.all()),
        media=list(version.media.all()),
        guide=guide.text if guide is not None else "",
    )


def textbook_get(*, slug: str, user: User | AnonymousUser) -> Textbook:
    textbook = Textbook.objects.visible_to(user).filter(slug=slug).first()
    if textbook is None:
        raise Http404
    return textbook


def lesson_reading(*, slug: str, lesson_id: int, user: User | AnonymousUser) -> Reading:
    """The published lesson ``lesson_id`` of the textbook ``slug``, or 404 when the textbook is
    not open to ``user`` or the lesson has no published content."""
    textbook = textbook_get(slug=slug, user=user)
    lesson = (
        Lesson.objects.filter(pk=lesson_id, unit__textbook=textbook)
        .select_related("unit", "resource")
        .first()
    )
    if lesson is None or lesson.resource is None or lesson.resource.current_id is None:
        raise Http404
    (version,) = _version_rows([lesson.resource.current_id])
    return _reading(textbook, lesson.unit, lesson, version)


def unit_readings(
    *, slug: str, unit_id: int, user: User | AnonymousUser
) -> tuple[Unit, list[Reading]]:
    """A unit of the textbook ``slug`` and its published lessons in order (a fixed number of
    queries); 404 when the textbook is not open to ``user``."""
    textbook = textbook_get(slug=slug, user=user)
    unit = Unit.objects.filter(pk=unit_id, textbook=textbook).first()
    if unit is None:
        raise Http404
    unit.textbook = textbook
    lessons = list(
        unit.lessons.filter(resource__current__isnull=False)
        .select_related("resource")
        .order_by("position")
    )
    current = {lesson.pk: _current_id(lesson) for lesson in lessons}
    versions = {v.pk: v for v in _version_rows(list(current.values()))}
    readings = [
        _reading(textbook, unit, lesson, versions[current[lesson.pk]]) for lesson in lessons
    ]
    return unit, readings


def _current_id(lesson: Lesson) -> int:
    """Its published version (the unit's lessons are filtered to those that have one)."""
    resource = lesson.resource
    if resource is None or resource.current_id is None:
        raise Http404
    return resource.current_id


def lesson_path(lesson: Lesson, textbook: Textbook) -> str:
    return reverse("textbooks:lesson", kwargs={"slug": textbook.slug, "lesson_id": lesson.pk})


def textbook_path(textbook: Textbook) -> str:
    """The textbook's own page (``textbooks:textbook``)."""
    return reverse("textbooks:textbook", kwargs={"book": textbook.slug})
