"""Who may ask, read, answer and publish consultations.

Methodologists (coordinators) answer the questions placed within their region or district (a
national one, all of them); administrators too. A question is read by its asker and by them;
once published, its anonymised version is read by everyone.

Whose queue a question is in, who reads its conversation and who reads its public version are
each one rule: ``Question.objects.in_queue_of``, ``visible_to`` and ``published`` in SQL for
every list, ``consultations.view_in_queue``, ``view_question`` and ``view_published`` here for
one question. A test holds each pair together for every role on questions of every place and
state (``tests/test_visibility.py``).
"""

import rules
from django.contrib.auth.models import AnonymousUser

from ortaq.accounts.models import User
from ortaq.consultations.choices import QuestionStatus
from ortaq.consultations.models import ANSWERERS, Question
from ortaq.core.roles import holds_anywhere, predicate, role_over

__all__ = ["ANSWERERS"]

answers_there = role_over(*ANSWERERS)


@predicate
def is_signed_in(user: User | AnonymousUser) -> bool:
    return bool(user.is_authenticated and user.is_active)


@predicate
def asked_it(user: User | AnonymousUser, question: object) -> bool:
    return isinstance(question, Question) and question.asker_id == user.pk


@predicate
def is_not_closed(user: User | AnonymousUser, question: object) -> bool:
    return isinstance(question, Question) and question.status != QuestionStatus.CLOSED


@predicate
def answers_somewhere(user: User | AnonymousUser) -> bool:
    return holds_anywhere(user, ANSWERERS)


@predicate
def is_published(user: User | AnonymousUser, question: object) -> bool:
    return isinstance(question, Question) and question.is_published


rules.add_perm("consultations.ask", is_signed_in)
rules.add_perm("consultations.view_queue", is_signed_in & answers_somewhere)
rules.add_perm("consultations.view_in_queue", is_signed_in & answers_there)
rules.add_perm("consultations.view_question", is_signed_in & (asked_it | answers_there))
# The public version alone (title, question and answer cleared of names), to anyone.
rules.add_perm("consultations.view_published", is_published)
rules.add_perm("consultations.answer", is_signed_in & answers_there & is_not_closed)
rules.add_perm("consultations.follow_up", is_signed_in & asked_it & is_not_closed)
rules.add_perm("consultations.close", is_signed_in & (asked_it | answers_there) & is_not_closed)
rules.add_perm("consultations.publish", is_signed_in & answers_there)
