"""A certificate's PDF, read back as text: worded in its language, Kazakh letters intact."""

import io

import pypdf
import pytest
import qrcode

from ortaq.certificates.models import Certificate
from ortaq.certificates.pdf import render_pdf, verify_url
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


def test_the_qr_code_leads_to_the_public_page_square_at_any_size() -> None:
    """The QR code is embedded one pixel per module and drawn without smoothing, so that it
    prints as sharp squares however large; its modules are those of the verification link."""
    built = make_course(kinds=(ActivityKind.PAGE,))
    teacher = make_user(language="ru")
    enrol(teacher, built.course)
    activity_open(actor=teacher, activity=built.activities[0])
    certificate = Certificate.objects.get()
    page = pypdf.PdfReader(io.BytesIO(render_pdf(certificate))).pages[0]
    [image] = page.images
    assert image.indirect_reference is not None
    drawn = image.indirect_reference.get_object()
    assert isinstance(drawn, pypdf.generic.DictionaryObject)
    assert drawn["/Interpolate"] == pypdf.generic.BooleanObject(False)
    code = qrcode.QRCode(border=1, mask_pattern=0)
    code.add_data(verify_url(certificate))
    modules = code.get_matrix()
    assert image.image is not None and image.image.size == (len(modules), len(modules))
    size = len(modules)
    dark = [value < 128 for value in image.image.convert("L").tobytes()]
    assert [dark[row * size : (row + 1) * size] for row in range(size)] == modules


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
