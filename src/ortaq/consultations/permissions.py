"""Who may ask, read, answer and publish consultations.

Methodologists (coordinators) answer the questions placed within their region or district (a
national one, all of them); administrators too. A question is read by its asker and by them;
once published, its anonymised version is read by everyone.
"""

from typing import Any

import rules

from ortaq.consultations.choices import QuestionStatus
from ortaq.consultations.models import Question
from ortaq.core.roles import Role, holds_anywhere, predicate, role_over

ANSWERERS = (Role.COORDINATOR, Role.ADMIN)
answers_there = role_over(*ANSWERERS)


@predicate
def is_signed_in(user: Any) -> bool:
    return bool(user.is_authenticated and user.is_active)


@predicate
def asked_it(user: Any, question: Any) -> bool:
    return isinstance(question, Question) and question.asker_id == user.pk


@predicate
def is_not_closed(user: Any, question: Any) -> bool:
    return isinstance(question, Question) and question.status != QuestionStatus.CLOSED


@predicate
def answers_somewhere(user: Any) -> bool:
    return holds_anywhere(user, ANSWERERS)


rules.add_perm("consultations.ask", is_signed_in)
rules.add_perm("consultations.view_queue", is_signed_in & answers_somewhere)
rules.add_perm("consultations.view_question", is_signed_in & (asked_it | answers_there))
rules.add_perm("consultations.answer", is_signed_in & answers_there & is_not_closed)
rules.add_perm("consultations.follow_up", is_signed_in & asked_it & is_not_closed)
rules.add_perm("consultations.close", is_signed_in & (asked_it | answers_there) & is_not_closed)
rules.add_perm("consultations.publish", is_signed_in & answers_there)
