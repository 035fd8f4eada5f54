"""Background work of consultations: telling a teacher her question is answered, and the
methodologists of her district and region that a question waits for them."""

from django.core.mail import EmailMultiAlternatives, mailers
from django.tasks import task
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from ortaq.consultations.choices import QuestionStatus
from ortaq.consultations.models import Answer, Question
from ortaq.consultations.queries import methodologists_to_tell
from ortaq.core.links import absolute_url


@task(queue_name="email")
def send_answer(answer_id: int) -> bool:
    """E-mail the asker a methodologist's answer, in her language; nothing if it is gone."""
    answer = Answer.objects.select_related("question__asker").filter(pk=answer_id).first()
    if answer is None or answer.question.asker is None or not answer.question.asker.is_active:
        return False
    asker = answer.question.asker
    with translation.override(asker.language):
        url = absolute_url(reverse("consultations:question", args=[answer.question_id]))
        subject = _("Your question is answered: %(title)s") % {"title": answer.question.title}
        body = render_to_string(
            "consultations/email/answer.txt",
            {"asker": asker, "question": answer.question, "answer": answer, "url": url},
        )
    EmailMultiAlternatives(subject=subject, body=body, to=[asker.email]).send()
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
    messages = []
    for person in methodologists_to_tell(question=question):
        with translation.override(person.language):
            url = absolute_url(reverse("consultations:question", args=[question.pk]))
            subject = _("A new question for the methodologists: %(title)s") % {
                "title": question.title
            }
            body = render_to_string(
                "consultations/email/new_question.txt",
                {"to": person, "question": question, "url": url},
            )
        messages.append(EmailMultiAlternatives(subject=subject, body=body, to=[person.email]))
    if not messages:
        return 0
    return mailers.default.send_messages(messages) or 0
