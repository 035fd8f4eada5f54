"""The textbooks in the API: the textbooks, a textbook's units and lessons, and a lesson's
tasks. A lesson's tasks carry their answers (right options, pairs, accepted answers, feedback)
only for its writers, its textbook's staff and its reviewers; everyone else gets what the
pupil's page carries: the task's salt and the SHA-256 hashes of its right answers
(``textbooks.checking``), the options without saying which is right, the ordering items
shuffled (decision 0025)."""

import datetime
from typing import Any, Literal

from django.contrib.auth.models import AnonymousUser
from django.http import Http404, HttpRequest
from ninja import Query, Router, Schema
from ninja.pagination import paginate
from pydantic import Field

from ortaq.accounts.models import User
from ortaq.accounts.queries import api_caller
from ortaq.core.pagination import Mapped, Pages
from ortaq.library.models import Version
from ortaq.textbooks import checking, queries
from ortaq.textbooks.choices import ExerciseKind
from ortaq.textbooks.models import Exercise, Lesson, Textbook

router = Router(tags=["textbooks"])


class TextbookOut(Schema):
    slug: str
    title: str
    language: str
    grade_from: int
    grade_to: int
    description: str
    association: str | None = Field(description="The association's address (slug), if any.")
    is_published: bool

    @classmethod
    def of(cls, textbook: Textbook, association: str | None = None) -> "TextbookOut":
        return cls(
            slug=textbook.slug,
            title=textbook.title,
            language=textbook.language,
            grade_from=textbook.grade_from,
            grade_to=textbook.grade_to,
            description=textbook.description,
            association=association,
            is_published=textbook.is_published,
        )


class TextbookFilters(Schema):
    grade: int | None = Field(None, ge=1, le=11, description="A grade the textbook covers.")
    language: Literal["kk", "ru"] | None = None


@router.get(
    "/textbooks",
    response=list[TextbookOut],
    auth=None,
    summary="The textbooks open to readers (and the caller's drafts), by grade and language",
)
@paginate(Pages)
def textbooks(request: HttpRequest, filters: Query[TextbookFilters]) -> Mapped[Textbook, Any]:
    found = queries.textbooks_listed(
        api_caller(request), grade=filters.grade, language=filters.language or ""
    ).select_related("association")
    return Mapped(
        found,
        lambda t: TextbookOut.of(t, t.association.slug if t.association else None),
    )


class TextbookLessonOut(Schema):
    id: int
    position: int
    title: str
    published: bool
    status: str | None = Field(
        description=(
            "Where its content stands (not_started, draft, submitted, in_review, changes, "
            "published): for the textbook's staff only."
        )
    )
    resource_id: int | None = Field(description="Its content in the library, once published.")
    due_on: datetime.date | None = Field(description="For the textbook's staff only.")


class UnitOut(Schema):
    id: int
    position: int
    title: str
    description: str
    lessons: list[TextbookLessonOut]


class TextbookDetailOut(TextbookOut):
    translations: list[str] = Field(description="The addresses of its translations.")
    units: list[UnitOut]


@router.get(
    "/textbooks/{book}",
    response=TextbookDetailOut,
    auth=None,
    summary="A textbook with its units and lessons (published lessons for readers)",
)
def textbook(request: HttpRequest, book: str) -> TextbookDetailOut:
    user = api_caller(request)
    found = queries.textbook_get(user, book)
    staff = user.has_perm("textbooks.see_status", found)
    units = [
        UnitOut(
            id=row.unit.pk,
            position=row.unit.position,
            title=row.unit.title,
            description=row.unit.description,
            lessons=[
                TextbookLessonOut(
                    id=item.lesson.pk,
                    position=item.lesson.position,
                    title=item.lesson.title,
                    published=bool(item.url),
                    status=item.status if staff else None,
                    resource_id=item.lesson.resource_id if (staff or item.url) else None,
                    due_on=item.lesson.due_on if staff else None,
                )
                for item in row.lessons
                if staff or item.url
            ],
        )
        for row in queries.outline(found, user)
    ]
    base = TextbookOut.of(found, found.association.slug if found.association else None)
    return TextbookDetailOut(
        **base.model_dump(),
        translations=[t.slug for t in queries.translations_of(found, user)],
        units=units,
    )


class TextbookOptionOut(Schema):
    id: int
    text: str
    match: str | None = Field(None, description="A matching pair's right side (with answers).")
    is_right: bool | None = Field(None, description="With answers only.")
    feedback: str | None = Field(None, description="With answers only.")


class AcceptedOut(Schema):
    gap: int
    text: str


class TextbookTaskOut(Schema):
    id: int
    position: int
    kind: str
    prompt: str = Field(description="Markdown; gaps are written [1], [2]…")
    hint: str
    options: list[TextbookOptionOut] = Field(
        description=(
            "Choices; a matching task's left sides; an ordering task's items (shuffled, "
            "unless with answers, where they are in the right order)."
        )
    )
    matches: list[str] = Field(description="A matching task's right sides, sorted.")
    gaps: list[int] = Field(description="A gaps task's gap numbers.")
    salt: str
    hashes: list[Any] = Field(
        description=(
            "SHA-256 of salt + ':' + the canonical right answer (one for choices, matching and "
            "ordering; the accepted answers' for a short answer; a list per gap for gaps)."
        )
    )
    feedback_right: str | None = Field(None, description="With answers only.")
    feedback_wrong: str | None = Field(None, description="With answers only.")
    accepted: list[AcceptedOut] | None = Field(None, description="With answers only.")


def _task(exercise: Exercise, answers: bool) -> TextbookTaskOut:
    options = sorted(exercise.options.all(), key=lambda o: (o.position, o.pk))
    shown = options
    if exercise.kind == ExerciseKind.ORDERING and not answers:
        shown = checking.shuffled(exercise, options)
    return TextbookTaskOut(
        id=exercise.pk,
        position=exercise.position,
        kind=exercise.kind,
        prompt=exercise.prompt,
        hint=exercise.hint,
        options=[
            TextbookOptionOut(
                id=o.pk,
                text=o.text,
                match=o.match if answers else None,
                is_right=o.is_right if answers else None,
                feedback=o.feedback if answers else None,
            )
            for o in shown
        ],
        matches=checking.match_choices(options) if exercise.kind == ExerciseKind.MATCHING else [],
        gaps=checking.gap_numbers(exercise) if exercise.kind == ExerciseKind.GAPS else [],
        salt=exercise.salt,
        hashes=checking.hashes(exercise),
        feedback_right=exercise.feedback_right if answers else None,
        feedback_wrong=exercise.feedback_wrong if answers else None,
        accepted=[AcceptedOut(gap=a.gap, text=a.text) for a in exercise.accepted.all()]
        if answers
        else None,
    )


class LessonDetailOut(Schema):
    id: int
    unit_id: int
    position: int
    title: str
    version: int = Field(description="The number of the version given.")
    status: str
    body: str = Field(description="The lesson's text, Markdown.")
    answers: bool = Field(description="Whether the tasks carry their answers.")
    tasks: list[TextbookTaskOut]


class LessonFilters(Schema):
    open: bool = Field(
        False,
        description=(
            "The version being written or reviewed instead of the published one (its writers, "
            "its textbook's staff and its reviewers)."
        ),
    )


def _lesson_version(user: User | AnonymousUser, lesson: Lesson, want_open: bool) -> Version:
    answers = user.has_perm("textbooks.see_answers", lesson)
    if want_open and answers:
        version = queries.open_version(lesson)
        if version is not None:
            return version
    resource = lesson.resource
    if resource is None or resource.current_id is None:
        raise Http404
    return Version.objects.get(pk=resource.current_id)


@router.get(
    "/textbooks/{book}/lessons/{lesson_id}",
    response=LessonDetailOut,
    auth=None,
    summary="A lesson's text and tasks (answers only for its writers, staff and reviewers)",
)
def lesson(
    request: HttpRequest, book: str, lesson_id: int, filters: Query[LessonFilters]
) -> LessonDetailOut:
    user = api_caller(request)
    found = queries.lesson_get(queries.textbook_get(user, book), lesson_id)
    version = _lesson_version(user, found, filters.open)
    answers = user.has_perm("textbooks.see_answers", found)
    return LessonDetailOut(
        id=found.pk,
        unit_id=found.unit_id,
        position=found.position,
        title=version.title,
        version=version.number,
        status=version.status,
        body=version.body,
        answers=answers,
        tasks=[_task(e, answers) for e in queries.exercises_of(version)],
    )
