"""Consultations in the API: ask, my questions, the methodologists' queue, answers,
publication, and the published answers (public)."""

import uuid
from datetime import datetime

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from ninja import Field, FilterSchema, Query, Router, Schema
from ninja.pagination import paginate
from ninja.responses import Status

from ortaq.accounts.queries import current_user
from ortaq.consultations import queries, services
from ortaq.consultations.choices import QuestionStatus
from ortaq.consultations.models import Answer, Question
from ortaq.core.pagination import Pages

router = Router(tags=["consultations"])


class AnswerOut(Schema):
    id: int
    author: str
    by_asker: bool
    body: str
    created_at: datetime

    @staticmethod
    def resolve_author(answer: Answer) -> str:
        return answer.author.get_full_name() if answer.author else ""


class QuestionOut(Schema):
    id: int
    topic: str
    title: str
    body: str
    status: str
    created_at: datetime
    answered_at: datetime | None
    published_at: datetime | None
    public_title: str
    public_body: str
    public_answer: str


class QuestionDetailOut(QuestionOut):
    answers: list[AnswerOut]


class QuestionIn(Schema):
    topic: str
    title: str
    body: str
    client_key: uuid.UUID | None = None


class AnswerIn(Schema):
    body: str
    client_key: uuid.UUID | None = None


class PublicationIn(Schema):
    """One methodologist's answer, and the public title, question and answer, cleared of the
    names of the teacher, her school and anyone else; only these three texts are published."""

    answer_id: int
    public_title: str
    public_body: str
    public_answer: str


class PublishedOut(Schema):
    """A published question: its public title, question and answer as the methodologist cleared
    them of names, and the region the question was asked in (the asker's region, never her
    school or district)."""

    id: int
    topic: str
    title: str
    question: str
    answer: str
    region: str = Field(description="The region where the question was asked (the asker's).")
    published_at: datetime

    @staticmethod
    def resolve_title(question: Question) -> str:
        return question.public_title

    @staticmethod
    def resolve_question(question: Question) -> str:
        return question.public_body

    @staticmethod
    def resolve_answer(question: Question) -> str:
        return question.public_answer

    @staticmethod
    def resolve_region(question: Question) -> str:
        return question.region.name


class QueueFilters(FilterSchema):
    status: str = QuestionStatus.OPEN
    topic: str | None = None
    district: int | None = None
    small_scale: bool | None = None


class PublishedFilters(FilterSchema):
    q: str | None = None
    topic: str | None = None


@router.get("/consultations/mine", response=list[QuestionOut], summary="My questions")
@paginate(Pages)
def mine(request: HttpRequest) -> object:
    return queries.questions_of(user=current_user(request))


@router.post(
    "/consultations",
    response={201: QuestionDetailOut},
    summary="Ask a methodologist (the same client_key twice asks once)",
)
def ask(request: HttpRequest, data: QuestionIn) -> Status[Question]:
    question = services.question_ask(
        actor=current_user(request),
        topic=data.topic,
        title=data.title,
        body=data.body,
        client_key=data.client_key,
    )
    return Status(201, queries.question_get_for_user(question_id=question.pk, user=request.user))


@router.get(
    "/consultations/queue",
    response=list[QuestionOut],
    summary="Questions in my region or district (methodologists)",
)
@paginate(Pages)
def queue(request: HttpRequest, filters: Query[QueueFilters]) -> object:
    user = current_user(request)
    if not user.has_perm("consultations.view_queue"):
        raise PermissionDenied
    return queries.queue(
        user=user,
        status=filters.status,
        topic=filters.topic or "",
        district_id=filters.district,
        small_scale=filters.small_scale,
    )


@router.get(
    "/consultations/answered",
    response=list[PublishedOut],
    auth=None,
    summary="Published answers, anonymised (public)",
)
@paginate(Pages)
def answered(request: HttpRequest, filters: Query[PublishedFilters]) -> object:
    return queries.published(q=filters.q or "", topic=filters.topic or "")


@router.get(
    "/consultations/{question_id}",
    response=QuestionDetailOut,
    summary="A question with its answers (its asker and the methodologists over it)",
)
def question(request: HttpRequest, question_id: int) -> Question:
    return queries.question_get_for_user(question_id=question_id, user=current_user(request))


@router.post(
    "/consultations/{question_id}/answers",
    response={201: AnswerOut},
    summary="Answer (a methodologist) or follow up (the asker)",
)
def answer(request: HttpRequest, question_id: int, data: AnswerIn) -> Status[Answer]:
    user = current_user(request)
    found = queries.question_get_for_user(question_id=question_id, user=user)
    return Status(
        201,
        services.answer_add(actor=user, question=found, body=data.body, client_key=data.client_key),
    )


@router.put(
    "/consultations/{question_id}/publication",
    response=QuestionOut,
    summary="Publish the question with one answer, both as cleared of names (public_*)",
)
def publish(request: HttpRequest, question_id: int, data: PublicationIn) -> Question:
    user = current_user(request)
    found = queries.question_get_for_user(question_id=question_id, user=user)
    chosen = found.answers.filter(pk=data.answer_id).first()
    if chosen is None:
        raise Http404
    return services.question_publish(
        actor=user,
        question=found,
        answer=chosen,
        public_title=data.public_title,
        public_body=data.public_body,
        public_answer=data.public_answer,
    )


@router.delete(
    "/consultations/{question_id}/publication",
    response=QuestionOut,
    summary="Take the question off the public list",
)
def unpublish(request: HttpRequest, question_id: int) -> Question:
    user = current_user(request)
    found = queries.question_get_for_user(question_id=question_id, user=user)
    return services.question_unpublish(actor=user, question=found)
