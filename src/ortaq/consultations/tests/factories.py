from typing import Any

from ortaq.accounts.models import User
from ortaq.consultations.choices import Topic
from ortaq.consultations.models import Question
from ortaq.consultations.services import answer_add, question_ask


def ask(asker: User, **fields: Any) -> Question:
    """A question from ``asker`` (who must name a school on her profile)."""
    return question_ask(
        actor=asker,
        topic=fields.pop("topic", Topic.MULTIGRADE),
        title=fields.pop("title", "Біріктірілген сыныпта сабақты қалай жоспарлаймын?"),
        body=fields.pop("body", "2 және 4 сыныптар бірге оқиды, Айгерім Сейітова, Жандосов."),
    )


def answered(asker: User, methodologist: User, **fields: Any) -> Question:
    question = ask(asker, **fields)
    answer_add(actor=methodologist, question=question, body="Ортақ тақырып алыңыз.")
    question.refresh_from_db()
    return question
