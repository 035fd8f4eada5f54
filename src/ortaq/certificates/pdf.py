"""Render a certificate as a one-page PDF (WeasyPrint) with a QR code to its public page."""

import io
from functools import cache

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.safestring import mark_safe
from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration

from ortaq.certificates.models import Certificate

STYLE = """
@page { size: A4 landscape; margin: 16mm; }
body { font-family: "DejaVu Sans", sans-serif; color: #1b1f24; font-size: 12pt; }
.frame { border: 3mm solid #0b5c8a; padding: 12mm 16mm; height: 150mm; position: relative; }
.brand { font-size: 14pt; font-weight: bold; color: #0b5c8a; letter-spacing: 0.1em; }
h1 { font-size: 30pt; color: #07405f; margin: 8mm 0 6mm; letter-spacing: 0.05em; }
.lead { margin: 0 0 2mm; }
.name { font-size: 24pt; font-weight: bold; margin: 0 0 6mm; }
.title { font-size: 16pt; font-weight: bold; margin: 0 0 4mm; }
.meta { margin: 1mm 0; }
.verify { position: absolute; left: 16mm; bottom: 10mm; width: 150mm; font-size: 9.5pt; }
.code { font-family: "DejaVu Sans Mono", monospace; font-size: 12pt; font-weight: bold; }
.qr { position: absolute; right: 14mm; bottom: 10mm; width: 34mm; height: 34mm; }
.qr svg { width: 34mm; height: 34mm; }
"""


@cache
def _resources() -> tuple[FontConfiguration, CSS]:
    # Parsing fonts and CSS once per process keeps each certificate at tens of milliseconds.
    fonts = FontConfiguration()
    return fonts, CSS(string=STYLE, font_config=fonts)


def verify_url(certificate: Certificate) -> str:
    base: str = settings.ORTAQ_BASE_URL
    return base.rstrip("/") + certificate.verify_path()


def qr_svg(url: str) -> str:
    image = qrcode.make(url, image_factory=qrcode.image.svg.SvgPathImage, border=1)
    buffer = io.BytesIO()
    image.save(buffer)
    svg = buffer.getvalue().decode()
    return svg[svg.index("<svg") :]


def render_pdf(certificate: Certificate) -> bytes:
    """Return the PDF of ``certificate``, worded in the certificate's language."""
    fonts, css = _resources()
    url = verify_url(certificate)
    with translation.override(certificate.language):
        html = render_to_string(
            "certificates/pdf.html",
            {"certificate": certificate, "verify_url": url, "qr": mark_safe(qr_svg(url))},  # noqa: S308 - SVG made here
        )
    pdf: bytes = HTML(string=html).write_pdf(stylesheets=[css], font_config=fonts)
    return pdf
