"""Certificates in the API: mine, and public verification."""

from datetime import datetime

from django.http import Http404, HttpRequest
from ninja import Router, Schema
from ninja.pagination import PageNumberPagination, paginate

from ortaq.accounts.queries import current_user
from ortaq.certificates import queries
from ortaq.certificates.models import Certificate

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
    revoke_reason: str
    verify_url: str

    @staticmethod
    def resolve_valid(certificate: Certificate) -> bool:
        return certificate.is_valid

    @staticmethod
    def resolve_verify_url(certificate: Certificate) -> str:
        return certificate.verify_path() + "/"


@router.get("/certificates", response=list[CertificateOut], summary="My certificates")
@paginate(PageNumberPagination)
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
