"""Background work of the certificates app: PDFs and the e-mail that says one is ready."""

from django.tasks import task

from ortaq.certificates import notices
from ortaq.certificates.models import Certificate
from ortaq.certificates.services import certificate_render
from ortaq.core.mail import send_once


@task()
def render_certificate(certificate_id: int) -> str:
    """Render the PDF of a certificate and tell its holder, if her account is active, that it is
    ready: once, however often the task runs (a retry finds the PDF drawn and the e-mail sent)."""
    certificate = Certificate.objects.select_related("holder").get(pk=certificate_id)
    if not certificate.pdf:
        certificate_render(certificate=certificate)
    if certificate.holder.is_active:  # a deleted (anonymised) or deactivated account hears nothing
        send_once(f"certificate-ready:{certificate.pk}", notices.ready(certificate))
    return certificate.code
