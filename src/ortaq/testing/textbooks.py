"""Build e-textbooks for tests, written straight to the database (the writing services have
their own tests): a published textbook with a unit whose lessons are library resources of the
kind ``textbook`` with a published version carrying tasks of every kind.

What a pupil's tests use is prefixed ``pupil_``."""

from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from django.utils import timezone

from ortaq.accounts.models import User
from ortaq.core.models import Subject
from ortaq.library.choices import Kind, Status
from ortaq.library.models import Resource, ResourceGroup, Version
from ortaq.testing.factories import make_user
from ortaq.textbooks.choices import ExerciseKind
from ortaq.textbooks.models import (
    Accepted,
    ClassSession,
    Exercise,
    Lesson,
    LessonGuide,
    Option,
    Textbook,
    TextbookGroup,
    Unit,
    new_class_code,
)

# The right answers of ``pupil_tasks``, as a pupil would type or choose them; a test asserts
# that none of them is in a lesson page's source.
PUPIL_SHORT = "Абай Құнанбайұлы"
PUPIL_GAPS = ("көл", "шың")
PUPIL_GUIDE = "Мұғалімге: сабақты топпен бастаңыз."


@dataclass
class PupilBook:
    textbook: Textbook
    unit: Unit
    lessons: list[Lesson] = field(default_factory=list)

    @property
    def lesson(self) -> Lesson:
        return self.lessons[0]

    @property
    def version(self) -> Version:
        resource = self.lesson.resource
        assert resource is not None and resource.current is not None
        return resource.current

    def exercises(self, lesson: Lesson | None = None) -> list[Exercise]:
        resource = (lesson or self.lesson).resource
        assert resource is not None
        assert resource.current_id is not None
        return list(Exercise.objects.filter(version_id=resource.current_id).order_by("position"))


def pupil_tasks(version: Version) -> list[Exercise]:
    """One task of each kind on ``version``: single and multiple choice, matching, ordering,
    gaps and a short answer."""
    made: list[Exercise] = []

    def task(kind: str, prompt: str, **extra: Any) -> Exercise:
        exercise = Exercise.objects.create(
            version=version, position=len(made) + 1, kind=kind, prompt=prompt, **extra
        )
        made.append(exercise)
        return exercise

    single = task(
        ExerciseKind.SINGLE,
        "Қазақстанның астанасы қай қала?",
        hint="Елорда 1997 жылы көшірілді.",
        feedback_right="Жарайсың!",
        feedback_wrong="Картаға қара.",
    )
    for position, (text, right, feedback) in enumerate(
        [("Алматы", False, "Бұл — бұрынғы астана."), ("Астана", True, ""), ("Шымкент", False, "")]
    ):
        Option.objects.create(
            exercise=single, position=position, text=text, is_right=right, feedback=feedback
        )
    multiple = task(ExerciseKind.MULTIPLE, "Қайсысы — өзен?")
    for position, (text, right) in enumerate(
        [("Ертіс", True), ("Балқаш", False), ("Іле", True), ("Алатау", False)]
    ):
        Option.objects.create(exercise=multiple, position=position, text=text, is_right=right)
    matching = task(ExerciseKind.MATCHING, "Сәйкестендір.")
    for position, (text, match) in enumerate(
        [("Абай", "ақын"), ("Құрманғазы", "күйші"), ("Шоқан", "ғалым")]
    ):
        Option.objects.create(exercise=matching, position=position, text=text, match=match)
    ordering = task(ExerciseKind.ORDERING, "Ретімен қой.")
    for position, text in enumerate(["таң", "түс", "кеш", "түн"]):
        Option.objects.create(exercise=ordering, position=position, text=text)
    gaps = task(ExerciseKind.GAPS, "Балқаш — [1]. Хан Тәңірі — [2].")
    for gap, text in enumerate(PUPIL_GAPS, 1):
        Accepted.objects.create(exercise=gaps, gap=gap, text=text)
    short = task(ExerciseKind.SHORT, "«Қара сөздердің» авторы кім?", feedback_wrong="Ойлан.")
    Accepted.objects.create(exercise=short, text=PUPIL_SHORT)
    Accepted.objects.create(exercise=short, text="Абай")
    return made


def pupil_lesson(unit: Unit, position: int, title: str, *, tasks: bool = True) -> Lesson:
    """A lesson of ``unit`` with a published version (its text, a teacher's guide and, unless
    asked not to, ``pupil_tasks``)."""
    textbook = unit.textbook
    resource = Resource.objects.create(
        group=ResourceGroup.objects.create(),
        language=textbook.language,
        kind=Kind.TEXTBOOK,
        subject=Subject.objects.order_by("pk")[0],
    )
    version = Version.objects.create(
        resource=resource,
        number=1,
        status=Status.PUBLISHED,
        title=title,
        body="## Кіріспе\n\nҚазақстанның табиғаты **алуан түрлі**.",
        published_at=timezone.now(),
    )
    resource.current = version
    resource.save(update_fields=["current"])
    LessonGuide.objects.create(version=version, text=PUPIL_GUIDE)
    if tasks:
        pupil_tasks(version)
    return Lesson.objects.create(unit=unit, position=position, title=title, resource=resource)


def pupil_book(*, slug: str = "tabigat-5", lessons: int = 2, language: str = "kk") -> PupilBook:
    """A published textbook with one unit of ``lessons`` published lessons, each with a task of
    every kind."""
    textbook = Textbook.objects.create(
        group=TextbookGroup.objects.create(),
        slug=slug,
        language=language,
        title="Мәдениетаралық диалог",
        grade_from=5,
        grade_to=7,
        is_published=True,
    )
    unit = Unit.objects.create(textbook=textbook, position=1, title="Туған өлке")
    book = PupilBook(textbook=textbook, unit=unit)
    for n in range(1, lessons + 1):
        book.lessons.append(pupil_lesson(unit, n, f"Туған өлкенің табиғаты {n}"))
    return book


def pupil_session(
    book: PupilBook, *, teacher: User | None = None, hours: int = 2, **fields: Any
) -> ClassSession:
    now = timezone.now()
    return ClassSession.objects.create(
        lesson=book.lesson,
        version=book.version,
        teacher=teacher or make_user(),
        code=fields.pop("code", new_class_code()),
        label=fields.pop("label", "6 «Ә»"),
        opened_at=now,
        closes_at=now + timedelta(hours=hours),
        **fields,
    )
