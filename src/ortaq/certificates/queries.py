"""Reads of certificates for their holders and for anyone verifying one."""

from collections.abc import Iterable

from django.contrib.auth.models import AnonymousUser
from django.db.models import QuerySet
from django.http import Http404

from ortaq.accounts.models import User
from ortaq.certificates.models import Certificate, normalise_code


def certificate_by_code(*, code: str) -> Certificate | None:
    """The certificate with this code (typed in any case, with or without dashes), or None."""
    return Certificate.objects.filter(code=normalise_code(code)).first()


def certificate_to_download(*, code: str, user: User | AnonymousUser) -> Certificate:
    """The certificate with this code, if ``user`` may download it (its holder, administrators);
    404 otherwise, so that no one learns whose code it is."""
    certificate = certificate_by_code(code=code)
    if certificate is None or not user.has_perm("certificates.download_certificate", certificate):
        raise Http404
    return certificate


def certificates_of(*, user: User) -> QuerySet[Certificate]:
    """Her own certificates, newest first."""
    return (
        Certificate.objects.downloadable_by(user).filter(holder_id=user.pk).order_by("-issued_at")
    )


def certificate_for(*, achievement_type: str, object_id: int) -> Certificate | None:
    """The certificate of one achievement (``app_label.model`` and its id), if issued."""
    app_label, model = achievement_type.split(".")
    return Certificate.objects.filter(
        content_type__app_label=app_label, content_type__model=model, object_id=object_id
    ).first()


def certificates_by_achievement(
    *, achievement_type: str, object_ids: Iterable[int]
) -> dict[int, Certificate]:
    """The certificates of several achievements of one kind, by achievement id: one query."""
    app_label, model = achievement_type.split(".")
    found = Certificate.objects.filter(
        content_type__app_label=app_label, content_type__model=model, object_id__in=object_ids
    )
    return {certificate.object_id: certificate for certificate in found}
