import io
from typing import Any

import pypdf
import pytest
from django.core.files.base import ContentFile
from django.test import Client
from django.utils.formats import date_format
from django.utils.timezone import localtime

from ortaq.accounts.services import role_grant
from ortaq.certificates.models import Certificate, new_code, normalise_code
from ortaq.certificates.pdf import render_pdf
from ortaq.certificates.services import certificate_issue, certificate_revoke
from ortaq.core.errors import DomainError, NotAllowed
from ortaq.core.roles import Role
from ortaq.courses.choices import ActivityKind
from ortaq.courses.services import activity_open
from ortaq.testing.factories import enrol, make_course, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def certificate() -> tuple[Certificate, Any]:
    built = make_course(kinds=(ActivityKind.PAGE,))
    teacher = make_user(language="ru")
    enrol(teacher, built.course)
    activity_open(actor=teacher, activity=built.activities[0])
    return Certificate.objects.get(), built


def test_codes_are_random_and_typed_loosely() -> None:
    codes = {new_code() for _ in range(1000)}
    assert len(codes) == 1000
    code = next(iter(codes))
    assert len(code) == 14 and code.count("-") == 2
    assert normalise_code(code.lower().replace("-", "")) == code
    assert normalise_code("0ooo-1111-2222") == "0000-1111-2222"


def test_issuing_twice_gives_the_same_certificate(certificate: tuple[Certificate, Any]) -> None:
    issued, _built = certificate
    achievement = issued.achievement
    assert achievement is not None
    again = certificate_issue(
        holder=issued.holder, achievement=achievement, title="x", description="y",
        hours=1, language="kk",
    )  # fmt: skip
    assert again.pk == issued.pk and Certificate.objects.count() == 1


def pdf_text(pdf: bytes) -> str:
    """The words of every page of ``pdf``, with runs of white space made one space."""
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def test_the_pdf_is_in_the_holders_language_with_a_qr_code(
    certificate: tuple[Certificate, Any],
) -> None:
    issued, built = certificate
    assert issued.language == "ru"
    pdf = render_pdf(issued)
    text = pdf_text(pdf)
    assert issued.holder_name in text and f"«{built.course.title}»" in text
    assert "24 часа" in text and issued.code in text  # the course's hours, in Russian
    assert len(pypdf.PdfReader(io.BytesIO(pdf)).pages[0].images) == 1  # the QR code


def test_a_kazakh_certificate_names_her_the_course_and_the_day_in_kazakh() -> None:
    built = make_course(kinds=(ActivityKind.PAGE,), title="Инклюзивті білім беру")
    teacher = make_user(language="kk", last_name="Сейітова", first_name="Айгерім")
    enrol(teacher, built.course)
    activity_open(actor=teacher, activity=built.activities[0])
    issued = Certificate.objects.get()
    assert issued.language == "kk"
    text = pdf_text(render_pdf(issued))
    day = localtime(issued.issued_at)
    months = (
        "қаңтар", "ақпан", "наурыз", "сәуір", "мамыр", "маусым",
        "шілде", "тамыз", "қыркүйек", "қазан", "қараша", "желтоқсан",
    )  # fmt: skip
    assert "Сейітова Айгерім" in text and "«Инклюзивті білім беру»" in text
    assert f"{day.day} {months[day.month - 1]} {day.year}" in text, text


def test_public_verification_valid_then_revoked(
    certificate: tuple[Certificate, Any], client: Client, people: dict[str, Any]
) -> None:
    issued, built = certificate
    short = client.get(f"/verify/{issued.code}")
    assert short.status_code == 302 and short.headers["Location"].endswith(
        f"/verify/{issued.code}/"
    )
    page = client.get(f"/en/verify/{issued.code}/").content.decode()
    assert "Valid." in page and issued.holder_name in page
    assert client.get(f"/en/verify/{issued.code.lower()}/").status_code == 302
    unknown = client.get("/en/verify/AAAA-BBBB-CCCC/")
    assert unknown.status_code == 404
    # Not a bare "page not found": the look-up form, the code she followed, and what to do.
    text = unknown.content.decode()
    assert 'value="AAAA-BBBB-CCCC"' in text
    assert "No certificate has this code. Check it and try again." in text
    with pytest.raises(NotAllowed, match="may not revoke this certificate"):
        certificate_revoke(actor=people["teacher"], certificate=issued, reason="no")
    with pytest.raises(DomainError) as no_reason:
        certificate_revoke(actor=built.trainer, certificate=issued, reason=" ")
    assert no_reason.value.code == "reason_required"
    certificate_revoke(actor=built.trainer, certificate=issued, reason="Plagiarised reflection")
    issued.refresh_from_db()
    page = client.get(f"/en/verify/{issued.code}/").content.decode()
    day = date_format(localtime(issued.revoked_at), "DATE_FORMAT")
    revoked_on = f"This certificate was revoked on {day}."
    assert "Revoked." in page and revoked_on in page


def test_the_public_page_keeps_the_reason_for_revoking_from_the_public(
    certificate: tuple[Certificate, Any], client: Client, people: dict[str, Any]
) -> None:
    issued, built = certificate
    certificate_revoke(actor=built.trainer, certificate=issued, reason="Plagiarised reflection")
    path = f"/en/verify/{issued.code}/"
    # Anyone, signed in or not, learns that it was revoked, not why.
    for visitor in (None, people["teacher"]):
        if visitor is not None:
            client.force_login(visitor)
        page = client.get(path).content.decode()
        assert "Revoked." in page and "Plagiarised reflection" not in page
    # Its holder, those who award the course and the administrators read the reason.
    for reader in (issued.holder, built.trainer, make_user(is_superuser=True)):
        client.force_login(reader)
        assert "Reason: Plagiarised reflection" in client.get(path).content.decode()


@pytest.mark.parametrize("role", [Role.FACILITATOR, Role.ORGANISER, Role.EDITOR])
def test_only_those_who_award_a_course_revoke_its_certificates(
    certificate: tuple[Certificate, Any], role: str
) -> None:
    issued, built = certificate
    other = make_user()
    role_grant(actor=None, user=other, role=role)  # held in the whole country
    with pytest.raises(NotAllowed, match="may not revoke this certificate"):
        certificate_revoke(actor=other, certificate=issued, reason="no")
    assert Certificate.objects.get(pk=issued.pk).is_valid


def test_revoking_from_the_public_page(
    certificate: tuple[Certificate, Any], client: Client
) -> None:
    issued, built = certificate
    client.force_login(built.trainer)
    assert "Revoke this certificate" in client.get(f"/en/verify/{issued.code}/").content.decode()
    client.post(f"/en/verify/{issued.code}/revoke/", {"reason": "Issued by mistake"})
    issued.refresh_from_db()
    assert issued.revoke_reason == "Issued by mistake" and not issued.is_valid


def test_only_the_holder_downloads_the_pdf(
    certificate: tuple[Certificate, Any], client: Client
) -> None:
    issued, _built = certificate
    issued.pdf.save("x.pdf", ContentFile(b"%PDF-1.4"))
    client.force_login(make_user())
    assert client.get(f"/en/me/certificates/{issued.code}.pdf").status_code == 404
    client.force_login(issued.holder)
    response = client.get(f"/en/me/certificates/{issued.code}.pdf")
    assert response.status_code == 200 and response.headers["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'attachment; filename="ortaq-{issued.code}.pdf"'
    assert response["Content-Security-Policy"].startswith("sandbox; default-src 'none'")
    assert issued.code in client.get("/en/me/certificates/").content.decode()


def test_the_ready_e_mail_goes_once_and_only_to_an_active_account(
    certificate: tuple[Certificate, Any],
) -> None:
    from django.core import mail

    from ortaq.certificates.tasks import render_certificate

    issued, _built = certificate
    holders = type(issued.holder).objects.filter(pk=issued.holder_id)
    mail.outbox.clear()
    holders.update(is_active=False)
    assert render_certificate.call(issued.pk) == issued.code
    issued.refresh_from_db()
    assert mail.outbox == [] and issued.pdf
    drawn = issued.pdf.name
    holders.update(is_active=True)
    # Run again (a retry, or queued twice): the PDF is not drawn again, the e-mail goes once.
    for _ in range(2):
        render_certificate.call(issued.pk)
    issued.refresh_from_db()
    assert [m.to for m in mail.outbox] == [[issued.holder.email]]
    assert issued.pdf.name == drawn
