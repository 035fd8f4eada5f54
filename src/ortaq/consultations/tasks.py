"""Background work of consultations: telling a teacher her question is answered."""

from django.core.mail import EmailMultiAlternatives
from django.tasks import task
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from ortaq.consultations.models import Answer
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
