"""Background work of the certificates app: PDFs and the e-mail that says one is ready."""

from django.core.mail import EmailMultiAlternatives
from django.tasks import task
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from ortaq.certificates.models import Certificate
from ortaq.certificates.pdf import verify_url
from ortaq.certificates.services import certificate_render


@task()
def render_certificate(certificate_id: int) -> str:
    """Render the PDF of a certificate and tell its holder, if her account is active, that it is
    ready."""
    certificate = Certificate.objects.select_related("holder").get(pk=certificate_id)
    certificate_render(certificate=certificate)
    holder = certificate.holder
    if not holder.is_active:  # a deleted (anonymised) or deactivated account hears nothing
        return certificate.code
    with translation.override(certificate.language):
        subject = _("Your certificate is ready")
        body = render_to_string(
            "certificates/email/ready.txt",
            {"certificate": certificate, "url": verify_url(certificate), "holder": holder},
        )
    EmailMultiAlternatives(subject=subject, body=body, to=[holder.email]).send()
    return certificate.code
