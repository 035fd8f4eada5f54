"""Every write in consultations: ask, answer or follow up, close, publish and unpublish."""

import uuid

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ortaq.accounts.models import Profile, User
from ortaq.consultations.choices import QuestionStatus, Topic
from ortaq.consultations.models import Answer, Question
from ortaq.core.background import enqueue_on_commit
from ortaq.core.errors import DomainError, NotAllowed
from ortaq.core.once import create_once, made_before


def _refuse_unless(actor: User, perm: str, question: Question | None = None) -> None:
    if not actor.has_perm(perm, question):
        raise NotAllowed(_("You may not do this with this question."))


def question_ask(
    *, actor: User, topic: str, title: str, body: str, client_key: uuid.UUID | None = None
) -> Question:
    """Ask a question, placed at the school her profile names; the methodologists of its
    district and region hear of it by e-mail. Asking again with the same one-time key (a double
    click) returns the first question and tells no one again."""
    _refuse_unless(actor, "consultations.ask")
    found = made_before(Question, client_key, asker=actor)
    if found is not None:
        return found
    if topic not in Topic.values:
        raise DomainError(_("Choose a topic."), code="topic")
    if not title.strip() or not body.strip():
        raise DomainError(_("Write your question and its details."), code="empty")
    profile = Profile.objects.select_related("school").filter(user=actor).first()
    school = profile.school if profile is not None else None
    if school is None:
        raise DomainError(
            _("Name your school on your profile first: it tells which methodologists answer."),
            code="no_school",
        )

    def create() -> Question:
        question = Question.objects.create(
            asker=actor,
            topic=topic,
            title=title.strip(),
            body=body.strip(),
            region_id=school.region_id,
            district_id=school.district_id,
            school=school,
            small_scale=school.small_scale,
            created_at=timezone.now(),
            client_key=client_key,
        )
        # Only a question made here is announced: a repeated key returned above sends nothing,
        # and a sending that loses the race is rolled back with its announcement.
        enqueue_on_commit("ortaq.consultations.tasks.send_new_question", question.pk)
        return question

    return create_once(create, model=Question, key=client_key, asker=actor)


@transaction.atomic
def answer_add(
    *, actor: User, question: Question, body: str, client_key: uuid.UUID | None = None
) -> Answer:
    """Answer a question (a methodologist) or follow it up (its asker).

    A methodologist's first answer records ``answered_at``; her answers mark it answered, the
    asker's follow-up opens it again. The asker hears of each answer by e-mail.
    """
    locked = Question.objects.select_for_update(of=("self",)).get(pk=question.pk)
    by_asker = locked.asker_id == actor.pk
    _refuse_unless(actor, "consultations.follow_up" if by_asker else "consultations.answer", locked)
    found_answer = made_before(Answer, client_key, author=actor)
    if found_answer is not None:
        return found_answer
    if not body.strip():
        raise DomainError(_("Write the answer."), code="empty")
    now = timezone.now()
    answer = Answer.objects.create(
        question=locked,
        author=actor,
        by_asker=by_asker,
        body=body.strip(),
        created_at=now,
        client_key=client_key,
    )
    fields = ["status"]
    if by_asker:
        locked.status = QuestionStatus.OPEN
    else:
        locked.status = QuestionStatus.ANSWERED
        if locked.answered_at is None:
            locked.answered_at = now
            fields.append("answered_at")
        if locked.asker_id is not None:
            enqueue_on_commit("ortaq.consultations.tasks.send_answer", answer.pk)
    locked.save(update_fields=fields)
    question.status, question.answered_at = locked.status, locked.answered_at
    return answer


@transaction.atomic
def question_close(*, actor: User, question: Question) -> Question:
    """Close a question: nothing more is expected of it. Closing it again changes nothing."""
    if question.status == QuestionStatus.CLOSED:
        return question
    _refuse_unless(actor, "consultations.close", question)
    question.status = QuestionStatus.CLOSED
    question.closed_at = timezone.now()
    question.save(update_fields=["status", "closed_at"])
    return question


@transaction.atomic
def question_publish(
    *,
    actor: User,
    question: Question,
    answer: Answer,
    public_title: str,
    public_body: str,
    public_answer: str,
) -> Question:
    """Publish the question, anonymised, with one methodologist's answer, for everyone to read.

    The public title, question and answer are hers to clear of names (the form prefills them
    with the question's and the chosen answer's own): only they are shown, never the asker, her
    school or the answer as it was written to her. Publishing again replaces them.
    """
    _refuse_unless(actor, "consultations.publish", question)
    if answer.question_id != question.pk or answer.by_asker:
        raise DomainError(_("Choose one of the methodologists' answers."), code="answer")
    if not public_title.strip() or not public_body.strip():
        raise DomainError(_("Write the public title and text of the question."), code="empty")
    if not public_answer.strip():
        raise DomainError(_("Write the public text of the answer."), code="empty")
    question.public_title = public_title.strip()
    question.public_body = public_body.strip()
    question.public_answer = public_answer.strip()
    question.published_answer = answer
    question.published_by = actor
    question.published_at = question.published_at or timezone.now()
    question.save(
        update_fields=[
            "public_title",
            "public_body",
            "public_answer",
            "published_answer",
            "published_by",
            "published_at",
        ]
    )
    return question


@transaction.atomic
def question_unpublish(*, actor: User, question: Question) -> Question:
    """Take the question off the public list; it stays as it was for its asker."""
    _refuse_unless(actor, "consultations.publish", question)
    if question.published_at is not None:
        question.published_at = None
        question.published_by = None
        question.save(update_fields=["published_at", "published_by"])
    return question
