"""The terminal shows e-mails as a person reads them: Kazakh text and its links, not base64."""

import io

from django.core.mail import EmailMultiAlternatives

from ortaq.core.console_mail import EmailBackend


def test_kazakh_text_and_links_are_readable_in_the_terminal() -> None:
    stream = io.StringIO()
    message = EmailMultiAlternatives(
        subject="Ortaq: сертификатыңыз дайын",
        body="Құттықтаймыз! Сертификат: http://127.0.0.1:8000/kk/me/certificates/",
        from_email="Ortaq <no-reply@ortaq.kz>",
        to=["aigerim@example.kz"],
    )
    message.attach_alternative("<p>Құттықтаймыз!</p>", "text/html")
    message.attach("certificate.pdf", b"%PDF-1.7 ...", "application/pdf")
    EmailBackend(stream=stream).send_messages([message])
    printed = stream.getvalue()
    assert "Subject: Ortaq: сертификатыңыз дайын" in printed
    assert "To: aigerim@example.kz" in printed
    assert "Құттықтаймыз! Сертификат: http://127.0.0.1:8000/kk/me/certificates/" in printed
    assert "[application/pdf: certificate.pdf, 12 bytes]" in printed
    assert "<p>" not in printed  # the HTML alternative repeats the text
