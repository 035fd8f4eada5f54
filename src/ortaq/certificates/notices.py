"""The e-mails of the certificates app: what each says and to whom (``core.mail.message_to``)."""

from django.core.mail import EmailMultiAlternatives
from django.utils.translation import gettext as _

from ortaq.certificates.models import Certificate
from ortaq.certificates.pdf import verify_url
from ortaq.core.mail import message_to


def ready(certificate: Certificate) -> EmailMultiAlternatives:
    """Tell the holder that her certificate's PDF is ready, in the certificate's language (the
    language it is written in, which she chose for it)."""
    holder = certificate.holder
    return message_to(
        holder,
        lambda: _("Your certificate is ready"),
        "certificates/email/ready.txt",
        lambda: {"certificate": certificate, "url": verify_url(certificate), "holder": holder},
        language=certificate.language,
    )
