"""Build courses for tests through the same services trainers use."""

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from ortaq.accounts.models import User
from ortaq.accounts.services import role_grant
from ortaq.accounts.tests.factories import make_user
from ortaq.core.roles import Role
from ortaq.courses.choices import ActivityKind, QuestionKind
from ortaq.courses.models import Activity, Course, Enrollment
from ortaq.courses.services import (
    ActivityFields,
    ChoiceFields,
    CourseFields,
    QuestionFields,
    activity_save,
    assessment_items_set,
    course_create,
    course_publish,
    enrollment_create,
    module_save,
    question_save,
)
from ortaq.schools.models import Region

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@dataclass
class Built:
    """A course with its trainer, and its activities by kind (the first of each kind)."""

    course: Course
    trainer: User
    activities: list[Activity] = field(default_factory=list)

    def first(self, kind: str) -> Activity:
        return next(a for a in self.activities if a.kind == kind)


def make_trainer(**kwargs: Any) -> User:
    """A trainer of a region: she may write courses and change her own, not other trainers'.

    (A trainer of the whole country would be a trainer of every course.)
    """
    trainer = make_user(**kwargs)
    role_grant(actor=None, user=trainer, role=Role.TRAINER, target=Region.objects.get(code="KZ-71"))
    return trainer


def activity_fields(kind: str, title: str, **extra: Any) -> ActivityFields:
    """Fields that make a valid activity of ``kind``."""
    kinds: dict[str, dict[str, Any]] = {
        ActivityKind.PAGE: {"body": "Read *this*."},
        ActivityKind.VIDEO: {"video_url": "https://video.example.kz/v.mp4", "transcript": "Words."},
        ActivityKind.QUIZ: {"pass_mark": 50},
        ActivityKind.REFLECTION: {"body": "What did you learn?"},
        ActivityKind.DISCUSSION: {"body": "Talk."},
        ActivityKind.INTERACTIVE: {"embed_url": "https://learningapps.org/watch?v=p1"},
        ActivityKind.FILE: {
            "uploads": {"file": SimpleUploadedFile("h.pdf", PDF, "application/pdf")}
        },
    }
    return ActivityFields(kind=kind, title=title, **{**kinds[kind], **extra})


def add_quiz_questions(trainer: User, quiz: Activity) -> None:
    """A one-answer question and a true/false one: both right gives 100%, one right 50%."""
    question_save(
        actor=trainer,
        activity=quiz,
        data=QuestionFields(
            kind=QuestionKind.SINGLE,
            text="2 + 2?",
            choices=(ChoiceFields("4", True), ChoiceFields("5", False)),
        ),
    )
    question_save(
        actor=trainer,
        activity=quiz,
        data=QuestionFields(
            kind=QuestionKind.TRUE_FALSE, text="The sky is green.", true_false_answer=False
        ),
    )


def make_course(
    *,
    kinds: Sequence[str] = (ActivityKind.PAGE, ActivityKind.VIDEO, ActivityKind.QUIZ),
    modules: int = 1,
    language: str = "kk",
    self_assessment: bool = False,
    publish: bool = True,
    trainer: User | None = None,
    title: str = "Инклюзивті білім беру",
    **course_fields: Any,
) -> Built:
    """A course with ``modules`` modules, each holding one activity of every kind in ``kinds``."""
    trainer = trainer or make_trainer()
    course = course_create(
        actor=trainer,
        language=language,
        data=CourseFields(
            title=title, summary="A course.", hours=24, self_assessment=self_assessment,
            **course_fields,
        ),
    )  # fmt: skip
    built = Built(course=course, trainer=trainer)
    if self_assessment:
        assessment_items_set(actor=trainer, course=course, items=["I know A", "I can do B"])
    for number in range(modules):
        module = module_save(actor=trainer, course=course, title=f"Module {number + 1}")
        for kind in kinds:
            activity = activity_save(
                actor=trainer, module=module, data=activity_fields(kind, f"{kind} {number + 1}")
            )
            if kind == ActivityKind.QUIZ:
                add_quiz_questions(trainer, activity)
            built.activities.append(activity)
    if publish:
        course_publish(actor=trainer, course=course)
    course.refresh_from_db()
    return built


def enrol(user: User, course: Course) -> Enrollment:
    return enrollment_create(actor=user, course=course)
