"""What trainers do: write courses, their modules, activities, quizzes and self-assessment, and
publish them."""

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import F, Max
from django.utils import timezone
from django.utils.translation import gettext as _

from ortaq.accounts.models import User
from ortaq.accounts.services import role_grant
from ortaq.core.embeds import check_embed_url
from ortaq.core.errors import DomainError, NotAllowed
from ortaq.core.models import Subject, TimeStampedModel
from ortaq.core.roles import Role
from ortaq.core.uploads import CAPTIONS, DOCUMENT, IMAGE, VIDEO, UploadKind, check_upload
from ortaq.courses.choices import ActivityKind, CourseStatus, QuestionKind
from ortaq.courses.models import (
    Activity,
    Choice,
    Course,
    CourseGroup,
    Module,
    Question,
    QuizAttempt,
    SelfAssessmentItem,
)
from ortaq.courses.services.tallies import tallies_touch_course

UPLOAD_KINDS: dict[str, UploadKind] = {
    "video_file": VIDEO,
    "captions": CAPTIONS,
    "poster": IMAGE,
    "file": DOCUMENT,
}


def _check_author(actor: User | None, course: Course) -> None:
    if actor is not None and not actor.has_perm("courses.change_course", course):
        raise NotAllowed(_("You may not change this course."))


def _validated(obj: Any, exclude: Sequence[str] = ()) -> None:
    try:
        obj.full_clean(exclude=list(exclude))
    except ValidationError as exc:
        raise DomainError(" ".join(exc.messages)) from exc


def _save(obj: Any, edited: Sequence[str]) -> None:
    """Insert a new row, or write only the edited columns of an existing one, so that an edit
    made from a stale copy cannot undo a publication or a move made in the meantime."""
    if obj._state.adding:
        obj.save()
        return
    stamped = ["updated_at"] if isinstance(obj, TimeStampedModel) else []
    obj.save(update_fields=[*edited, *stamped])


def content_changed(course: Course) -> None:
    """Note that the course's content changed: outlines and offline packs are rebuilt."""
    Course.objects.filter(pk=course.pk).update(
        content_version=F("content_version") + 1, updated_at=timezone.now()
    )
    course.refresh_from_db(fields=["content_version"])


@dataclass(frozen=True, slots=True)
class CourseFields:
    """What a trainer edits about a course."""

    title: str
    summary: str
    hours: int
    subjects: tuple[Subject, ...] = ()
    school_kinds: tuple[str, ...] = ()
    audience_roles: tuple[str, ...] = ()
    opens_on: date | None = None
    closes_on: date | None = None
    self_assessment: bool = False
    reminder_days: int | None = None


@transaction.atomic
def course_create(
    *, actor: User | None, language: str, data: CourseFields, translation_of: Course | None = None
) -> Course:
    """Start a course (a draft) in ``language``, or a translation of another course.

    Its author becomes a trainer of the course. Translations share a group, one per language.
    """
    if actor is not None and not actor.has_perm("courses.add_course"):
        raise NotAllowed(_("You may not create courses."))
    if translation_of is not None:
        _check_author(actor, translation_of)
        group = translation_of.group
        if group.courses.filter(language=language).exists():
            raise DomainError(_("This course already has a version in that language."))
    else:
        group = CourseGroup.objects.create()
    course = Course(group=group, language=language, created_by=actor)
    _apply(course, data)
    _validated(course, exclude=["group", "created_by"])
    try:
        with transaction.atomic():
            course.save()
    except IntegrityError as exc:
        raise DomainError(_("This course already has a version in that language.")) from exc
    course.subjects.set(data.subjects)
    if actor is not None:
        role_grant(actor=None, user=actor, role=Role.TRAINER, target=course)
    return course


_COURSE_EDITED = (
    "title", "summary", "hours", "school_kinds", "audience_roles", "opens_on", "closes_on",
    "self_assessment", "reminder_days",
)  # fmt: skip


def _apply(course: Course, data: CourseFields) -> None:
    course.title = data.title.strip()
    course.summary = data.summary
    course.hours = data.hours
    course.school_kinds = list(data.school_kinds)
    course.audience_roles = list(data.audience_roles)
    course.opens_on = data.opens_on
    course.closes_on = data.closes_on
    course.self_assessment = data.self_assessment
    course.reminder_days = data.reminder_days


@transaction.atomic
def course_update(*, actor: User, course: Course, data: CourseFields) -> Course:
    """Change a course's description, audience, dates and rules."""
    _check_author(actor, course)
    _apply(course, data)
    _validated(course, exclude=["group", "created_by"])
    _save(course, _COURSE_EDITED)
    course.subjects.set(data.subjects)
    content_changed(course)
    return course


def publication_problems(course: Course) -> list[str]:
    """Say what keeps a course from being published; empty when it is ready."""
    problems: list[str] = []
    activities = list(
        Activity.objects.filter(module__course=course).prefetch_related("questions__choices")
    )
    if not activities:
        problems.append(_("Add at least one module with an activity."))
    if not any(a.required for a in activities):
        problems.append(_("Mark at least one activity as required."))
    if course.self_assessment and not course.assessment_items.exists():
        problems.append(_("Write the self-assessment's items, or switch it off."))
    for activity in activities:
        if activity.kind != ActivityKind.QUIZ:
            continue
        questions = list(activity.questions.all())
        if not questions:
            problems.append(_("The quiz “%(title)s” has no questions.") % {"title": activity.title})
        for question in questions:
            problem = question_problem(question, list(question.choices.all()))
            if problem:
                problems.append(f"{activity.title}: {problem}")
    return problems


@transaction.atomic
def course_publish(*, actor: User, course: Course) -> Course:
    """Publish a course so that teachers find it in the catalogue and can enrol."""
    _check_author(actor, course)
    problems = publication_problems(course)
    if problems:
        raise DomainError(" ".join(problems), code="not_ready")
    if course.status != CourseStatus.PUBLISHED:
        course.status = CourseStatus.PUBLISHED
        course.published_at = course.published_at or timezone.now()
        course.save(update_fields=["status", "published_at", "updated_at"])
    return course


@transaction.atomic
def course_archive(*, actor: User, course: Course) -> Course:
    """Take a course out of the catalogue; enrolled teachers keep their progress and
    certificates, and no one new can enrol."""
    _check_author(actor, course)
    if course.status != CourseStatus.ARCHIVED:
        course.status = CourseStatus.ARCHIVED
        course.save(update_fields=["status", "updated_at"])
    return course


def _next_position(queryset: Any) -> int:
    highest = queryset.aggregate(highest=Max("position"))["highest"]
    return 0 if highest is None else highest + 1


@transaction.atomic
def module_save(
    *, actor: User, course: Course, title: str, summary: str = "", module: Module | None = None
) -> Module:
    """Add a module at the end of the course, or rename one."""
    _check_author(actor, course)
    if module is None:
        module = Module(course=course, position=_next_position(course.modules.all()))
    elif module.course_id != course.pk:
        raise DomainError(_("This module belongs to another course."))
    module.title, module.summary = title.strip(), summary
    _validated(module)
    _save(module, ["title", "summary"])
    content_changed(course)
    return module


def _move(items: list[Any], item: Any, offset: int) -> None:
    index = next(i for i, other in enumerate(items) if other.pk == item.pk)
    target = index + offset
    if 0 <= target < len(items):
        items[index], items[target] = items[target], items[index]
    for position, other in enumerate(items):
        if other.position != position:
            other.position = position
            other.save(update_fields=["position"])


@transaction.atomic
def module_move(*, actor: User, module: Module, offset: int) -> None:
    """Move a module up (-1) or down (+1) among its course's modules."""
    course = module.course
    _check_author(actor, course)
    _move(list(course.modules.select_for_update(of=("self",))), module, offset)
    content_changed(course)


@transaction.atomic
def module_delete(*, actor: User, module: Module) -> None:
    """Delete a module with its activities; refused once teachers have done one of them."""
    course = module.course
    _check_author(actor, course)
    if Activity.objects.filter(module=module, completions__isnull=False).exists():
        raise DomainError(_("Teachers have already done activities of this module."))
    module.delete()
    content_changed(course)
    # Its activities' completions went with it.
    tallies_touch_course(course)


@dataclass(slots=True)
class ActivityFields:
    """What a trainer edits about an activity; uploads replace the stored file when given, and
    the files named in ``cleared`` are taken away (the old file goes from storage either way)."""

    kind: str
    title: str
    required: bool = True
    minutes: int | None = None
    body: str = ""
    video_url: str = ""
    transcript: str = ""
    embed_url: str = ""
    pass_mark: int = 70
    max_attempts: int | None = None
    shuffle: bool = True
    review_required: bool = False
    allow_file: bool = True
    uploads: dict[str, UploadedFile[bytes]] = field(default_factory=dict)
    cleared: tuple[str, ...] = ()


_ACTIVITY_EDITED = (
    "title", "required", "minutes", "body", "video_url", "transcript", "pass_mark",
    "max_attempts", "shuffle", "review_required", "allow_file",
)  # fmt: skip


@transaction.atomic
def activity_save(
    *, actor: User, module: Module, data: ActivityFields, activity: Activity | None = None
) -> Activity:
    """Add an activity at the end of a module, or change one (its kind stays as it was).

    Uploads are checked by content and size and stored under names the server makes (a
    handout's own name is kept for its download); an interactive exercise must come from an
    allowed host. A replaced or cleared file is deleted from storage once this commits.
    """
    course = module.course
    _check_author(actor, course)
    if data.kind not in ActivityKind.values:
        raise DomainError(_("Unknown kind of activity."))
    checked = {
        name: check_upload(upload, UPLOAD_KINDS[name]) for name, upload in data.uploads.items()
    }
    if activity is None:
        activity = Activity(
            module=module, kind=data.kind, position=_next_position(module.activities.all())
        )
    elif activity.kind != data.kind:
        raise DomainError(_("The kind of an activity cannot change; add a new activity."))
    embed_url = check_embed_url(data.embed_url) if data.embed_url else ""
    for name in _ACTIVITY_EDITED:
        setattr(activity, name, getattr(data, name))
    activity.embed_url = embed_url
    files = [name for name in UPLOAD_KINDS if name in checked or name in data.cleared]
    for name in files:
        setattr(activity, name, checked[name].file if name in checked else "")
    if "file" in files:
        activity.file_name = checked["file"].original_name if "file" in checked else ""
        files.append("file_name")
    _validated(activity, exclude=["module", "created_at", "updated_at"])
    _save(activity, [*_ACTIVITY_EDITED, "embed_url", *files])
    content_changed(course)
    return activity


@transaction.atomic
def activity_move(*, actor: User, activity: Activity, offset: int) -> None:
    """Move an activity up (-1) or down (+1) within its module."""
    course = activity.module.course
    _check_author(actor, course)
    _move(list(activity.module.activities.select_for_update(of=("self",))), activity, offset)
    content_changed(course)


@transaction.atomic
def activity_delete(*, actor: User, activity: Activity) -> None:
    """Delete an activity; refused once a teacher has done it (make it optional instead)."""
    course = activity.module.course
    _check_author(actor, course)
    if activity.completions.exists():
        raise DomainError(
            _("Teachers have already done this activity; make it optional instead of deleting it.")
        )
    activity.delete()
    content_changed(course)
    tallies_touch_course(course)


@dataclass(frozen=True, slots=True)
class ChoiceFields:
    text: str
    correct: bool = False
    feedback: str = ""


@dataclass(frozen=True, slots=True)
class QuestionFields:
    kind: str
    text: str
    choices: tuple[ChoiceFields, ...] = ()
    true_false_answer: bool | None = None
    accepted_answers: tuple[str, ...] = ()
    feedback_correct: str = ""
    feedback_incorrect: str = ""


def question_problem(question: Question, choices: Sequence[Choice | ChoiceFields]) -> str:
    """Say what is wrong with a question, or return an empty string."""
    correct = sum(1 for c in choices if c.correct)
    if question.kind == QuestionKind.SINGLE and (len(choices) < 2 or correct != 1):
        return _("A one-answer question needs two options or more, exactly one of them correct.")
    if question.kind == QuestionKind.MULTIPLE and (len(choices) < 2 or correct < 1):
        return _("A several-answer question needs two options or more, at least one correct.")
    if question.kind == QuestionKind.TRUE_FALSE and question.true_false_answer is None:
        return _("Say whether the statement is true or false.")
    if question.kind == QuestionKind.SHORT and not question.accepted_answers:
        return _("Give at least one accepted answer.")
    return ""


_QUESTION_EDITED = (
    "kind", "text", "true_false_answer", "accepted_answers", "feedback_correct",
    "feedback_incorrect",
)  # fmt: skip


@transaction.atomic
def question_save(
    *, actor: User, activity: Activity, data: QuestionFields, question: Question | None = None
) -> Question:
    """Add a question to a quiz, or change one with all its options."""
    _check_author(actor, activity.module.course)
    if activity.kind != ActivityKind.QUIZ:
        raise DomainError(_("Questions belong to quizzes."))
    if question is None:
        question = Question(activity=activity, position=_next_position(activity.questions.all()))
    question.kind = data.kind
    question.text = data.text.strip()
    question.true_false_answer = data.true_false_answer
    question.accepted_answers = [a.strip() for a in data.accepted_answers if a.strip()]
    question.feedback_correct = data.feedback_correct
    question.feedback_incorrect = data.feedback_incorrect
    choices = [c for c in data.choices if c.text.strip()]
    if data.kind not in (QuestionKind.SINGLE, QuestionKind.MULTIPLE):
        choices = []
    problem = question_problem(question, choices)
    if problem:
        raise DomainError(problem)
    _validated(question, exclude=["activity"])
    _save(question, _QUESTION_EDITED)
    # Open attempts list the options by id, and the options are written anew: those attempts
    # are dropped (nothing was submitted in them) and start again with the question as it is.
    QuizAttempt.objects.filter(activity=activity, submitted_at__isnull=True).delete()
    question.choices.all().delete()
    Choice.objects.bulk_create(
        Choice(
            question=question,
            position=i,
            text=c.text.strip(),
            correct=c.correct,
            feedback=c.feedback,
        )
        for i, c in enumerate(choices)
    )
    content_changed(activity.module.course)
    return question


@transaction.atomic
def question_delete(*, actor: User, question: Question) -> None:
    course = question.activity.module.course
    _check_author(actor, course)
    QuizAttempt.objects.filter(activity=question.activity, submitted_at__isnull=True).delete()
    question.delete()
    content_changed(course)


@transaction.atomic
def assessment_items_set(*, actor: User, course: Course, items: Sequence[str]) -> None:
    """Replace the self-assessment's items; refused once teachers have answered them."""
    _check_author(actor, course)
    texts = [t.strip() for t in items if t.strip()]
    current = list(course.assessment_items.all())
    if [i.text for i in current] == texts:
        return
    if any(item.answers.exists() for item in current):
        raise DomainError(_("Teachers have already rated themselves on these items."))
    course.assessment_items.all().delete()
    SelfAssessmentItem.objects.bulk_create(
        SelfAssessmentItem(course=course, position=i, text=t[:300]) for i, t in enumerate(texts)
    )


def trainer_add(*, actor: User, course: Course, user: User) -> None:
    """Make another person a trainer of the course."""
    _check_author(actor, course)
    role_grant(actor=None, user=user, role=Role.TRAINER, target=course)
