"""Taking a course through the API: the self-assessment before and after, quiz attempts (marked
on the server; the right answers never leave it), and reflections with their review."""

from datetime import datetime

from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Field, File, Form, Router, Schema, UploadedFile
from ninja.errors import HttpError
from ninja.responses import Status

from ortaq.accounts.queries import current_user
from ortaq.core.files import file_response
from ortaq.core.links import absolute_url
from ortaq.courses import queries, services
from ortaq.courses.api.common import activity_of, invalid, my_enrollment
from ortaq.courses.choices import ActivityKind, EnrollmentStatus, Level, Phase, QuestionKind
from ortaq.courses.models import (
    Activity,
    Enrollment,
    Question,
    QuizAnswer,
    QuizAttempt,
    ReflectionSubmission,
)

router = Router(tags=["taking a course"])


# The self-assessment


class LevelOut(Schema):
    value: int
    label: str


class SelfAssessmentItemOut(Schema):
    id: int
    text: str


class RatingOut(Schema):
    item_id: int
    level: int


class RatingsOut(Schema):
    answered_at: datetime
    ratings: list[RatingOut]


class SelfAssessmentOut(Schema):
    required: bool = Field(description="The course asks for it before and after.")
    levels: list[LevelOut]
    items: list[SelfAssessmentItemOut]
    before: RatingsOut | None
    after: RatingsOut | None
    before_due: bool = Field(description="She must rate herself before her first activity.")
    after_due: bool = Field(description="Her activities are done; the ratings after are owed.")
    status: str = Field(description="Her enrolment: active, completed or left.")


class RatingIn(Schema):
    item_id: int
    level: int = Field(ge=Level.POOR, le=Level.EXCELLENT, description="1 poor … 4 excellent")


class RatingsIn(Schema):
    ratings: list[RatingIn]


def _self_assessment(
    request: HttpRequest, course_id: int
) -> tuple[Enrollment, list[SelfAssessmentItemOut]]:
    course = queries.course_get_for_user(course_id=course_id, user=request.user)
    enrollment = my_enrollment(request, course)
    items = [SelfAssessmentItemOut(id=i.pk, text=i.text) for i in course.assessment_items.all()]
    if not course.self_assessment or not items:
        raise HttpError(404, _("This course has no self-assessment."))
    return enrollment, items


def _self_assessment_out(
    enrollment: Enrollment, items: list[SelfAssessmentItemOut]
) -> SelfAssessmentOut:
    given: dict[str, RatingsOut] = {}
    for answer in enrollment.assessment_answers.order_by("item__position", "item_id"):
        phase = given.setdefault(
            answer.phase, RatingsOut(answered_at=answer.answered_at, ratings=[])
        )
        phase.ratings.append(RatingOut(item_id=answer.item_id, level=answer.level))
    outline = queries.outline_for(
        course=enrollment.course, user=enrollment.user, enrollment=enrollment
    )
    activities_done = outline.required_done == outline.required_total
    return SelfAssessmentOut(
        required=True,
        levels=[LevelOut(value=v, label=str(label)) for v, label in Level.choices],
        items=items,
        before=given.get(Phase.BEFORE),
        after=given.get(Phase.AFTER),
        before_due=enrollment.is_active and Phase.BEFORE not in given,
        after_due=enrollment.is_active and activities_done and Phase.AFTER not in given,
        status=enrollment.status,
    )


@router.get(
    "/courses/{course_id}/self-assessment",
    response=SelfAssessmentOut,
    summary="The self-assessment: its statements, the scale and my ratings before and after",
)
def self_assessment(request: HttpRequest, course_id: int) -> SelfAssessmentOut:
    enrollment, items = _self_assessment(request, course_id)
    return _self_assessment_out(enrollment, items)


@router.post(
    "/courses/{course_id}/self-assessment/{phase}",
    response=SelfAssessmentOut,
    summary="Rate myself before the course or after it (each once; again changes nothing)",
)
def self_assessment_rate(
    request: HttpRequest, course_id: int, phase: Phase, data: RatingsIn
) -> SelfAssessmentOut:
    """Every statement rated once; the ratings after are taken once the required activities are
    done, and may complete the course. A phase already rated keeps its first ratings."""
    enrollment, items = _self_assessment(request, course_id)
    levels = {r.item_id: r.level for r in data.ratings}
    if len(levels) != len(data.ratings):
        raise invalid("body", "ratings", _("Rate each statement once."))
    services.self_assessment_submit(
        actor=current_user(request), enrollment=enrollment, phase=phase, levels=levels
    )
    enrollment.refresh_from_db()
    return _self_assessment_out(enrollment, items)


# Quizzes


class AttemptSummaryOut(Schema):
    id: int
    number: int
    started_at: datetime
    submitted_at: datetime | None
    score: int | None
    passed: bool | None


class QuizOut(Schema):
    activity_id: int
    pass_mark: int
    max_attempts: int | None
    attempts_left: int | None = Field(description="null: as many as she likes")
    questions: int
    passed: bool
    attempts: list[AttemptSummaryOut]


class OptionOut(Schema):
    id: int = Field(description="For true/false: 1 is true, 0 is false.")
    text: str
    chosen: bool | None = Field(description="After submitting: whether she chose it.")
    feedback: str | None = Field(description="After submitting: the feedback on her choice.")


class ResultOut(Schema):
    correct: bool
    text: str | None = Field(description="Her short answer.")
    feedback: str


class QuizQuestionOut(Schema):
    id: int
    kind: str
    text: str = Field(description="Markdown.")
    options: list[OptionOut] = Field(description="In the order drawn for this attempt.")
    result: ResultOut | None = Field(description="After submitting.")


class AttemptOut(Schema):
    id: int
    activity_id: int
    number: int
    started_at: datetime
    submitted_at: datetime | None
    score: int | None
    passed: bool | None
    pass_mark: int
    course_completed: bool
    questions: list[QuizQuestionOut]


class QuizAnswerIn(Schema):
    question_id: int
    option_ids: list[int] = Field(
        default_factory=list, description="Chosen options (true/false: [1] or [0])."
    )
    text: str | None = Field(None, max_length=500, description="A short answer.")


class SubmissionIn(Schema):
    answers: list[QuizAnswerIn] = Field(description="A question left out counts as wrong.")


def _quiz(request: HttpRequest, course_id: int, activity_id: int) -> Activity:
    return activity_of(
        request, course_id, activity_id, kind=ActivityKind.QUIZ,
        wrong_kind=_("This activity is not a quiz."),
    )  # fmt: skip


def _attempt(request: HttpRequest, course_id: int, attempt_id: int) -> QuizAttempt:
    """Her own attempt at a quiz of the course; anyone else's is not found, as on the page."""
    queries.course_get_for_user(course_id=course_id, user=request.user)
    found = get_object_or_404(
        QuizAttempt.objects.select_related("activity__module__course", "enrollment__course"),
        pk=attempt_id,
        activity__module__course_id=course_id,
    )
    if found.enrollment.user_id != request.user.pk:
        raise HttpError(404, _("Not found."))
    return found


def _true_false() -> list[tuple[int, str]]:
    return [(1, _("true")), (0, _("false"))]


def _attempt_out(attempt: QuizAttempt) -> AttemptOut:
    """The attempt as the page shows it: the questions and options in its own order; once
    submitted, for each question whether she was right and the feedback on what she chose."""
    questions = {
        q.pk: q
        for q in Question.objects.filter(pk__in=attempt.question_ids()).prefetch_related("choices")
    }
    submitted = attempt.submitted_at is not None
    answers: dict[int, QuizAnswer] = (
        {a.question_id: a for a in attempt.answers.all()} if submitted else {}
    )
    rows = []
    for question_id in attempt.question_ids():
        question = questions.get(question_id)
        if question is None:  # removed by the trainer since
            continue
        answer = answers.get(question_id)
        chosen = set(answer.choices) if answer is not None else set()
        if question.kind == QuestionKind.TRUE_FALSE:
            offered = _true_false()
            feedback_of: dict[int, str] = {}
        else:
            by_id = {c.pk: c for c in question.choices.all()}
            ids = attempt.choice_ids(question_id)
            offered = [(c, by_id[c].text) for c in ids if c in by_id]
            feedback_of = {c: by_id[c].feedback for c in ids if c in by_id}
        options = [
            OptionOut(
                id=option_id,
                text=text,
                chosen=option_id in chosen if submitted else None,
                feedback=(feedback_of.get(option_id) or None)
                if submitted and option_id in chosen
                else None,
            )
            for option_id, text in offered
        ]
        result = None
        if submitted:
            correct = bool(answer and answer.correct)
            result = ResultOut(
                correct=correct,
                text=answer.text if answer and question.kind == QuestionKind.SHORT else None,
                feedback=question.feedback_correct if correct else question.feedback_incorrect,
            )
        rows.append(
            QuizQuestionOut(
                id=question.pk,
                kind=question.kind,
                text=question.text,
                options=options,
                result=result,
            )  # fmt: skip
        )
    return AttemptOut(
        id=attempt.pk,
        activity_id=attempt.activity_id,
        number=attempt.number,
        started_at=attempt.started_at,
        submitted_at=attempt.submitted_at,
        score=attempt.score,
        passed=attempt.passed,
        pass_mark=attempt.activity.pass_mark,
        course_completed=attempt.enrollment.status == EnrollmentStatus.COMPLETED,
        questions=rows,
    )


@router.get(
    "/courses/{course_id}/activities/{activity_id}/attempts",
    response=QuizOut,
    summary="A quiz: its pass mark, my attempts and how many are left",
)
def quiz(request: HttpRequest, course_id: int, activity_id: int) -> QuizOut:
    activity = _quiz(request, course_id, activity_id)
    enrollment = my_enrollment(request, activity.module.course)
    attempts = list(QuizAttempt.objects.filter(enrollment=enrollment, activity=activity))
    used = sum(1 for a in attempts if a.submitted_at)
    left = None if activity.max_attempts is None else max(activity.max_attempts - used, 0)
    return QuizOut(
        activity_id=activity.pk,
        pass_mark=activity.pass_mark,
        max_attempts=activity.max_attempts,
        attempts_left=left,
        questions=activity.questions.count(),
        passed=any(a.passed for a in attempts),
        attempts=[AttemptSummaryOut.from_orm(a) for a in attempts],
    )


@router.post(
    "/courses/{course_id}/activities/{activity_id}/attempts",
    response={200: AttemptOut, 201: AttemptOut},
    summary="Start an attempt at a quiz (201), or resume the one I have open (200)",
)
def quiz_start(request: HttpRequest, course_id: int, activity_id: int) -> Status[AttemptOut]:
    """Refused (400) past the quiz's number of attempts, and before the self-assessment when the
    course asks for it first."""
    activity = _quiz(request, course_id, activity_id)
    was_open = (
        QuizAttempt.objects.filter(
            enrollment__user=current_user(request), activity=activity, submitted_at__isnull=True
        )
        .values_list("pk", flat=True)
        .first()
    )
    started = services.quiz_start(actor=current_user(request), activity=activity)
    attempt = _attempt(request, course_id, started.pk)
    return Status(200 if started.pk == was_open else 201, _attempt_out(attempt))


@router.get(
    "/courses/{course_id}/attempts/{attempt_id}",
    response=AttemptOut,
    summary="One of my attempts: its questions, or once submitted its result and feedback",
)
def attempt(request: HttpRequest, course_id: int, attempt_id: int) -> AttemptOut:
    return _attempt_out(_attempt(request, course_id, attempt_id))


@router.post(
    "/courses/{course_id}/attempts/{attempt_id}/submission",
    response=AttemptOut,
    summary="Submit my answers to an attempt, marked on the server (once)",
)
def attempt_submit(
    request: HttpRequest, course_id: int, attempt_id: int, data: SubmissionIn
) -> AttemptOut:
    """The result: the score, whether she passed, and the feedback for each answer. A second
    submission of the attempt, a question not in it or an option not in the question is refused
    (400) and nothing is recorded."""
    found = _attempt(request, course_id, attempt_id)
    kinds = dict(Question.objects.filter(pk__in=found.question_ids()).values_list("pk", "kind"))
    answers: dict[int, list[int] | str] = {}
    for given in data.answers:
        if given.question_id in answers:
            raise invalid("body", "answers", _("Answer each question once."))
        if kinds.get(given.question_id) == QuestionKind.SHORT:
            answers[given.question_id] = given.text or ""
        else:
            answers[given.question_id] = given.option_ids
    services.quiz_submit(actor=current_user(request), attempt=found, answers=answers)
    return _attempt_out(_attempt(request, course_id, attempt_id))


# Reflections


class SubmissionOut(Schema):
    id: int
    status: str = Field(description="submitted (waiting for review), accepted or returned")
    text: str
    file_name: str | None
    file_url: str | None
    submitted_at: datetime
    reviewed_at: datetime | None
    feedback: str


class ReflectionOut(Schema):
    activity_id: int
    question: str = Field(description="Markdown.")
    review_required: bool
    allow_file: bool
    course_completed: bool
    submission: SubmissionOut | None


def _reflection(request: HttpRequest, course_id: int, activity_id: int) -> Activity:
    return activity_of(
        request, course_id, activity_id, kind=ActivityKind.REFLECTION,
        wrong_kind=_("This activity is not a reflection."),
    )  # fmt: skip


def _reflection_out(activity: Activity, enrollment: Enrollment) -> ReflectionOut:
    found = ReflectionSubmission.objects.filter(enrollment=enrollment, activity=activity).first()
    submission = None
    if found is not None:
        name = found.file.name or ""
        submission = SubmissionOut(
            id=found.pk,
            status=found.status,
            text=found.text,
            file_name=(found.file_name or name.rsplit("/", 1)[-1]) if name else None,
            file_url=absolute_url(
                reverse("api:course_reflection_file", args=[enrollment.course_id, found.pk])
            )
            if name
            else None,
            submitted_at=found.submitted_at,
            reviewed_at=found.reviewed_at,
            feedback=found.feedback,
        )
    return ReflectionOut(
        activity_id=activity.pk,
        question=activity.body,
        review_required=activity.review_required,
        allow_file=activity.allow_file,
        course_completed=enrollment.status == EnrollmentStatus.COMPLETED,
        submission=submission,
    )


@router.get(
    "/courses/{course_id}/activities/{activity_id}/reflection",
    response=ReflectionOut,
    summary="A reflection: the question and my answer with its review and feedback",
)
def reflection(request: HttpRequest, course_id: int, activity_id: int) -> ReflectionOut:
    activity = _reflection(request, course_id, activity_id)
    return _reflection_out(activity, my_enrollment(request, activity.module.course))


@router.post(
    "/courses/{course_id}/activities/{activity_id}/reflection",
    response=ReflectionOut,
    summary="Hand in my reflection (multipart: text and an optional file), or hand it in again",
)
def reflection_submit(
    request: HttpRequest,
    course_id: int,
    activity_id: int,
    text: Form[str] = "",
    file: File[UploadedFile | None] = None,
) -> ReflectionOut:
    """Without review it completes the activity at once; with review, when a facilitator accepts
    it. A returned reflection may be handed in again, an accepted one not. The file is checked
    by its content (PDF, Word, PowerPoint, JPEG or PNG) and size, as on the page."""
    activity = _reflection(request, course_id, activity_id)
    services.reflection_submit(actor=current_user(request), activity=activity, text=text, file=file)
    return _reflection_out(activity, my_enrollment(request, activity.module.course))


@router.get(
    "/courses/{course_id}/reflections/{submission_id}/file",
    url_name="course_reflection_file",
    response={200: None},
    summary="The file of a reflection (its author and those who review her)",
)
def reflection_file(request: HttpRequest, course_id: int, submission_id: int) -> HttpResponseBase:
    submission = queries.reflection_with_file(
        course_id=course_id, submission_id=submission_id, user=request.user
    )
    name = submission.file.name or ""
    return file_response(
        request,
        name,
        storage=submission.file.storage,
        download_name=submission.file_name or name.rsplit("/", 1)[-1],
    )
