"""A certificate's PDF, read back as text: worded in its language, Kazakh letters intact."""

import io

import pypdf
import pytest

from ortaq.certificates.models import Certificate
from ortaq.certificates.pdf import render_pdf
from ortaq.courses.choices import ActivityKind
from ortaq.courses.services import activity_open
from ortaq.testing.factories import enrol, make_course, make_user

pytestmark = pytest.mark.django_db


def test_a_kazakh_certificate_reads_in_kazakh() -> None:
    built = make_course(kinds=(ActivityKind.PAGE,), title="Инклюзивті білім беру")
    teacher = make_user(language="kk", first_name="Әсел", last_name="Құрманғалиқызы")
    enrol(teacher, built.course)
    activity_open(actor=teacher, activity=built.activities[0])
    certificate = Certificate.objects.get()
    assert certificate.language == "kk"
    reader = pypdf.PdfReader(io.BytesIO(render_pdf(certificate)))
    assert len(reader.pages) == 1
    text = " ".join(reader.pages[0].extract_text().split())
    assert "Сертификат" in text and "Осы сертификат берілді:" in text
    assert certificate.holder_name in text and "Құрманғалиқызы" in certificate.holder_name
    assert "«Инклюзивті білім беру»" in text
    assert certificate.code in text
    assert "This certifies" not in text


def test_the_ready_e_mail_speaks_the_certificates_language() -> None:
    from django.core import mail

    from ortaq.certificates.tasks import render_certificate

    built = make_course(kinds=(ActivityKind.PAGE,))
    teacher = make_user(language="kk", first_name="Әсел")
    enrol(teacher, built.course)
    activity_open(actor=teacher, activity=built.activities[0])
    certificate = Certificate.objects.get()
    # She reads Russian now; the certificate was written in Kazakh, and so is its e-mail.
    type(teacher).objects.filter(pk=teacher.pk).update(language="ru")
    mail.outbox.clear()
    render_certificate.call(certificate.pk)
    [message] = mail.outbox
    assert message.to == [teacher.email] and message.subject == "Сертификатыңыз дайын"
    assert "Әсел" in message.body and f"/verify/{certificate.code}" in message.body
