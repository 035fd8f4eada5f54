"""Certificates in the API: absolute links, the PDF for its holder only, and only when ready."""

from typing import Any

import pytest
from django.core.files.base import ContentFile
from django.test import Client

from ortaq.certificates.models import Certificate
from ortaq.certificates.services import certificate_issue, certificate_revoke
from ortaq.testing.factories import make_user
from ortaq.testing.http import bearer

pytestmark = pytest.mark.django_db


def _issued(holder: Any) -> Certificate:
    # An achievement is any row; the holder's own user row stands in for one here.
    return certificate_issue(
        holder=holder, achievement=holder, title="A course", description="done", hours=8,
        language="en",
    )  # fmt: skip


def test_links_are_absolute_and_the_pdf_is_the_holders(client: Client, settings: Any) -> None:
    settings.ORTAQ_BASE_URL = "https://ortaq.example.kz"
    holder, other, admin = make_user(), make_user(), make_user(is_superuser=True)
    issued = _issued(holder)
    mine = client.get("/api/v1/certificates", headers=bearer(holder, language="en")).json()[
        "items"
    ][0]
    assert mine["verify_url"] == f"https://ortaq.example.kz/verify/{issued.code}"
    assert mine["pdf_url"] is None  # not drawn yet
    pdf_path = f"/api/v1/certificates/{issued.code}/pdf"
    waiting = client.get(pdf_path, headers=bearer(holder, language="en"))
    assert waiting.status_code == 404
    assert waiting.json() == {"detail": "The PDF is still being prepared. Try again in a minute."}
    issued.pdf.save("x.pdf", ContentFile(b"%PDF-1.4 test"))
    mine = client.get("/api/v1/certificates", headers=bearer(holder, language="en")).json()[
        "items"
    ][0]
    assert mine["pdf_url"] == f"https://ortaq.example.kz{pdf_path}"
    got = client.get(pdf_path, headers=bearer(holder, language="en"))
    assert got.status_code == 200 and got.headers["Content-Type"] == "application/pdf"
    assert got["Content-Security-Policy"].startswith("sandbox; default-src 'none'")
    assert b"".join(got.streaming_content) == b"%PDF-1.4 test"  # type: ignore[attr-defined]
    # Not for another teacher, nor anonymously; the public check names no PDF.
    refused = client.get(pdf_path, headers=bearer(other, language="en"))
    assert refused.status_code == 404 and refused.json() == {"detail": "Not found."}
    assert client.get(pdf_path).status_code == 401
    public = client.get(f"/api/v1/certificates/verify/{issued.code}").json()
    assert public["pdf_url"] is None and public["verify_url"].endswith(issued.code)
    assert (
        client.get(
            f"/api/v1/certificates/verify/{issued.code}", headers=bearer(other, language="en")
        ).json()["pdf_url"]
        is None
    )
    assert (
        client.get("/api/v1/certificates", headers=bearer(other, language="en")).json()["count"]
        == 0
    )
    assert client.get(pdf_path, headers=bearer(admin, language="en")).status_code == 200


def test_the_public_check_says_revoked_and_when_but_not_why(client: Client) -> None:
    holder = make_user()
    issued = _issued(holder)
    admin = make_user(is_superuser=True)
    certificate_revoke(actor=admin, certificate=issued, reason="Plagiarised reflection")
    issued.refresh_from_db()
    public = client.get(f"/api/v1/certificates/verify/{issued.code}").json()
    assert public["valid"] is False and public["revoked_at"] is not None
    assert public["revoke_reason"] is None
    assert "Plagiarised" not in str(public)
    # Its holder reads the reason in her own list.
    mine = client.get("/api/v1/certificates", headers=bearer(holder, language="en")).json()[
        "items"
    ][0]
    assert mine["revoke_reason"] == "Plagiarised reflection"
    assert (
        client.get(
            "/api/v1/certificates/NOSUCHCODE/pdf", headers=bearer(holder, language="en")
        ).status_code
        == 404
    )
