"""Issuing, rendering and revoking certificates. Other apps call these; people never issue one."""

from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ortaq.accounts.models import User
from ortaq.certificates.models import Certificate
from ortaq.core.audit import audit_record
from ortaq.core.background import enqueue_on_commit
from ortaq.core.errors import DomainError, NotAllowed
from ortaq.core.models import AuditAction


def certificate_issue(
    *,
    holder: User,
    achievement: models.Model,
    title: str,
    description: str,
    hours: int | None,
    language: str,
) -> Certificate:
    """Issue the certificate for ``achievement``, exactly once, and queue its PDF.

    Calling it again for the same achievement (a repeated or concurrent completion) returns the
    certificate already issued.
    """
    content_type = ContentType.objects.get_for_model(achievement)
    key = {"content_type": content_type, "object_id": achievement.pk}
    # get_or_create takes the row of a concurrent completion that won the race.
    certificate, created = Certificate.objects.get_or_create(
        **key,
        defaults={
            "holder": holder,
            "holder_name": str(holder),
            "title": title,
            "description": description,
            "hours": hours,
            "language": language,
            "issued_at": timezone.now(),
        },
    )
    if created:
        enqueue_on_commit("ortaq.certificates.tasks.render_certificate", certificate.pk)
    return certificate


def certificate_render(*, certificate: Certificate) -> Certificate:
    """Make the certificate's PDF (again, if it exists) and store it."""
    from ortaq.certificates.pdf import render_pdf

    pdf = render_pdf(certificate)
    if certificate.pdf:
        certificate.pdf.delete(save=False)
    certificate.pdf.save(f"{certificate.code}.pdf", ContentFile(pdf), save=False)
    Certificate.objects.filter(pk=certificate.pk).update(
        pdf=certificate.pdf.name, updated_at=timezone.now()
    )
    return certificate


@transaction.atomic
def certificate_revoke(*, actor: User, certificate: Certificate, reason: str) -> Certificate:
    """Revoke a certificate with a reason; its public page then says it is revoked."""
    if not actor.has_perm("certificates.revoke_certificate", certificate):
        raise NotAllowed(_("You may not revoke this certificate."))
    reason = reason.strip()
    if not reason:
        raise DomainError(_("Say why the certificate is revoked."), code="reason_required")
    certificate = Certificate.objects.select_for_update(of=("self",)).get(pk=certificate.pk)
    if certificate.revoked_at is None:
        certificate.revoked_at = timezone.now()
        certificate.revoked_by = actor
        certificate.revoke_reason = reason[:500]
        certificate.save(update_fields=["revoked_at", "revoked_by", "revoke_reason", "updated_at"])
        audit_record(
            actor=actor,
            action=AuditAction.CERTIFICATE_REVOKE,
            person=certificate.holder,
            target=certificate,
            reason=certificate.revoke_reason,
        )
    return certificate
