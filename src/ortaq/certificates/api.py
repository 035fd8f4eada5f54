"""Certificates in the API: mine with their PDFs, and public verification."""

from datetime import datetime
from typing import Any

from django.http import Http404, HttpRequest
from django.http.response import HttpResponseBase
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema
from ninja.errors import HttpError
from ninja.pagination import paginate

from ortaq.accounts.queries import current_user
from ortaq.certificates import queries
from ortaq.certificates.models import Certificate
from ortaq.core.files import file_response
from ortaq.core.links import absolute_url
from ortaq.core.pagination import Pages

router = Router(tags=["certificates"])


class CertificateOut(Schema):
    code: str
    holder_name: str
    title: str
    hours: int | None
    language: str
    issued_at: datetime
    valid: bool
    revoked_at: datetime | None
    revoke_reason: str | None = Field(
        description="Why it was revoked: for its holder and those who may revoke it; null for "
        "anyone else (the public verification says only whether and when)."
    )
    verify_url: str = Field(description="The public page the QR code on the PDF leads to.")
    pdf_url: str | None = Field(
        description="The PDF, for its holder: null while it is being prepared (a minute or so) "
        "and for anyone else."
    )

    @staticmethod
    def resolve_valid(certificate: Certificate) -> bool:
        return certificate.is_valid

    @staticmethod
    def resolve_revoke_reason(certificate: Certificate, context: dict[str, Any]) -> str | None:
        user = context["request"].user
        if not user.has_perm("certificates.read_revoke_reason", certificate):
            return None
        return certificate.revoke_reason

    @staticmethod
    def resolve_verify_url(certificate: Certificate) -> str:
        return absolute_url(certificate.verify_path())

    @staticmethod
    def resolve_pdf_url(certificate: Certificate, context: dict[str, Any]) -> str | None:
        if not certificate.pdf:
            return None
        if not context["request"].user.has_perm("certificates.download_certificate", certificate):
            return None
        return absolute_url(reverse("api:certificate_pdf", args=[certificate.code]))


@router.get("/certificates", response=list[CertificateOut], summary="My certificates")
@paginate(Pages)
def my_certificates(request: HttpRequest) -> object:
    return queries.certificates_of(user=current_user(request))


@router.get(
    "/certificates/verify/{code}",
    response=CertificateOut,
    auth=None,
    summary="Verify a certificate (public)",
)
def verify_certificate(request: HttpRequest, code: str) -> Certificate:
    certificate = queries.certificate_by_code(code=code)
    if certificate is None:
        raise Http404
    return certificate


@router.get(
    "/certificates/{code}/pdf",
    url_name="certificate_pdf",
    response={200: None},
    summary="The PDF of my certificate (404 for anyone else, and while it is being prepared)",
)
def certificate_pdf(request: HttpRequest, code: str) -> HttpResponseBase:
    certificate = queries.certificate_to_download(code=code, user=request.user)
    if not certificate.pdf:
        raise HttpError(404, _("The PDF is still being prepared. Try again in a minute."))
    return file_response(
        request,
        certificate.pdf.name or "",
        storage=certificate.pdf.storage,
        download_name=f"ortaq-{certificate.code}.pdf",
    )
