"""Background work of consultations: telling a teacher her question is answered, and the
methodologists of her district and region that a question waits for them."""

from django.core.mail import mailers
from django.tasks import task

from ortaq.consultations import notices
from ortaq.consultations.choices import QuestionStatus
from ortaq.consultations.models import Answer, Question
from ortaq.consultations.queries import methodologists_to_tell


@task(queue_name="email")
def send_answer(answer_id: int) -> bool:
    """E-mail the asker a methodologist's answer, in her language; nothing if it is gone."""
    answer = Answer.objects.select_related("question__asker").filter(pk=answer_id).first()
    if answer is None or answer.question.asker is None or not answer.question.asker.is_active:
        return False
    notices.answered(answer, answer.question.asker).send()
    return True


@task(queue_name="email")
def send_new_question(question_id: int) -> int:
    """Tell the methodologists of the question's district and region, each in her language,
    that it waits for an answer; nothing if it is gone or no longer waits (answered or closed
    meanwhile). One connection to the mail server for all of them."""
    question = (
        Question.objects.select_related("school", "district", "region")
        .filter(pk=question_id, status=QuestionStatus.OPEN, answered_at__isnull=True)
        .first()
    )
    if question is None:
        return 0
    messages = [
        notices.new_question(question, person)
        for person in methodologists_to_tell(question=question)
    ]
    if not messages:
        return 0
    return mailers.default.send_messages(messages) or 0
