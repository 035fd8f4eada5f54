"""Links that leave the site: in e-mails, PDFs and QR codes."""

from django.conf import settings


def absolute_url(path: str) -> str:
    """``path`` on the site's public address (``ORTAQ_BASE_URL``)."""
    base: str = settings.ORTAQ_BASE_URL
    return base.rstrip("/") + path
