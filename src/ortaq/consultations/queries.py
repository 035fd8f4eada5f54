"""Reads of consultations shared by the pages and the API, and the figures the reports use."""

import statistics
from dataclasses import dataclass
from datetime import datetime

from django.contrib.auth.models import AnonymousUser
from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.http import Http404

from ortaq.accounts.models import User
from ortaq.accounts.queries import holders_over
from ortaq.consultations.choices import QuestionStatus
from ortaq.consultations.models import Answer, Question
from ortaq.core.roles import Role, Scope
from ortaq.schools.models import District


def questions_of(*, user: User | AnonymousUser) -> QuerySet[Question]:
    """Her own questions, newest first."""
    return Question.objects.visible_to(user).filter(asker_id=user.pk).order_by("-created_at", "-pk")


def queue(
    *,
    user: User | AnonymousUser,
    status: str = QuestionStatus.OPEN,
    topic: str = "",
    district_id: int | None = None,
    small_scale: bool | None = None,
) -> QuerySet[Question]:
    """The questions in her region or district (``Question.objects.in_queue_of``), oldest
    waiting first, with where they come from; empty for anyone who answers none."""
    found = Question.objects.in_queue_of(user).select_related("school", "district", "region")
    if status:
        found = found.filter(status=status)
    if topic:
        found = found.filter(topic=topic)
    if district_id:
        found = found.filter(district_id=district_id)
    if small_scale is not None:
        found = found.filter(small_scale=small_scale)
    return found.order_by("created_at", "pk")


def question_get_for_user(*, question_id: int, user: User | AnonymousUser) -> Question:
    """The question with its conversation, for its asker or a methodologist over it; 404 for
    anyone else (a question is private until published, and then only its public version is
    shown, by ``published_get``)."""
    question = (
        Question.objects.select_related("asker", "school", "district", "region")
        .prefetch_related(Prefetch("answers", Answer.objects.select_related("author")))
        .filter(pk=question_id)
        .first()
    )
    if question is None or not user.has_perm("consultations.view_question", question):
        raise Http404
    return question


def published(*, q: str = "", topic: str = "") -> QuerySet[Question]:
    """Questions published with their answer, newest first, matching the words and topic.

    Only the public versions are searched (title, question and answer as the methodologist
    cleared them): a word of the original conversation, such as the asker's name, finds
    nothing."""
    found = Question.objects.published().select_related("region")
    if topic:
        found = found.filter(topic=topic)
    for word in q.split()[:8]:
        found = found.filter(
            Q(public_title__icontains=word)
            | Q(public_body__icontains=word)
            | Q(public_answer__icontains=word)
        )
    return found.order_by("-published_at", "-pk")


def published_get(*, question_id: int) -> Question:
    question = published().filter(pk=question_id).first()
    if question is None:
        raise Http404
    return question


def districts_answered(*, user: User | AnonymousUser) -> QuerySet[District]:
    """The districts whose questions she answers, for the queue's filter."""
    districts = District.objects.filter(
        Exists(Question.objects.in_queue_of(user).filter(district_id=OuterRef("pk")))
    )
    return districts.order_by("name_kk")


def open_count(*, user: User | AnonymousUser) -> int:
    """How many questions wait for her answer (the count beside her queue's heading)."""
    return queue(user=user).count()


def methodologists_to_tell(*, question: Question) -> QuerySet[User]:
    """The active methodologists (coordinators) of the question's district and region, who are
    e-mailed when it is asked; the asker is left out if she is one. National coordinators and
    administrators see it in their queue but are not e-mailed about every question."""
    scopes = [Scope.region(question.region_id)]
    if question.district_id:
        scopes.append(Scope.district(question.district_id))
    found = holders_over(roles=[Role.COORDINATOR], scopes=scopes)
    if question.asker_id is not None:
        found = found.exclude(pk=question.asker_id)
    return found


@dataclass(frozen=True)
class AnswerStats:
    asked: int
    answered: int
    median_hours: float | None


def answer_stats(
    *,
    region_id: int | None = None,
    district_id: int | None = None,
    school_id: int | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
) -> AnswerStats:
    """Questions asked in a place and period, how many were answered, and the median time to
    the first answer, in hours. One query: the durations are read and the median taken here,
    which works on SQLite and PostgreSQL alike (a region asks thousands, not millions)."""
    found = Question.objects.all()
    if region_id:
        found = found.filter(region_id=region_id)
    if district_id:
        found = found.filter(district_id=district_id)
    if school_id:
        found = found.filter(school_id=school_id)
    if since:
        found = found.filter(created_at__gte=since)
    if until:
        found = found.filter(created_at__lt=until)
    return _summarise(list(found.values_list("created_at", "answered_at")))


def _summarise(rows: list[tuple[datetime, datetime | None]]) -> AnswerStats:
    waits = [(a - c).total_seconds() / 3600 for c, a in rows if a is not None]
    return AnswerStats(
        asked=len(rows),
        answered=len(waits),
        median_hours=round(statistics.median(waits), 1) if waits else None,
    )


def answer_stats_by(
    *, field: str, ids: list[int], since: datetime | None = None, until: datetime | None = None
) -> dict[int, AnswerStats]:
    """``answer_stats`` for each school or district (``field`` is ``school_id`` or
    ``district_id``) in one query."""
    found = Question.objects.filter(**{f"{field}__in": ids})
    if since:
        found = found.filter(created_at__gte=since)
    if until:
        found = found.filter(created_at__lt=until)
    grouped: dict[int, list[tuple[datetime, datetime | None]]] = {}
    for key, created, answered in found.values_list(field, "created_at", "answered_at"):
        grouped.setdefault(key, []).append((created, answered))
    return {key: _summarise(rows) for key, rows in grouped.items()}
