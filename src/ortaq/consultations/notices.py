"""The e-mails of consultations: what each says and to whom (``core.mail.message_to``)."""

from django.core.mail import EmailMultiAlternatives
from django.urls import reverse
from django.utils.translation import gettext as _

from ortaq.accounts.models import User
from ortaq.consultations.models import Answer, Question
from ortaq.core.links import absolute_url
from ortaq.core.mail import message_to


def _question_url(question: Question) -> str:
    return absolute_url(reverse("consultations:question", args=[question.pk]))


def answered(answer: Answer, asker: User) -> EmailMultiAlternatives:
    """Give the asker a methodologist's answer to her question."""
    question = answer.question
    return message_to(
        asker,
        lambda: _("Your question is answered: %(title)s") % {"title": question.title},
        "consultations/email/answer.txt",
        lambda: {
            "asker": asker,
            "question": question,
            "answer": answer,
            "url": _question_url(question),
        },
    )


def new_question(question: Question, person: User) -> EmailMultiAlternatives:
    """Tell a methodologist of the question's district or region that it waits for an answer."""
    return message_to(
        person,
        lambda: _("A new question for the methodologists: %(title)s") % {"title": question.title},
        "consultations/email/new_question.txt",
        lambda: {"question": question, "url": _question_url(question)},
    )
