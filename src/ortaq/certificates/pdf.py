"""Render a certificate as a one-page PDF (WeasyPrint) with a QR code to its public page."""

import base64
import io

import qrcode
from django.utils import translation

from ortaq.certificates.models import Certificate
from ortaq.core.links import absolute_url
from ortaq.core.pdf import template_to_pdf

STYLE = """
@page { size: A4 landscape; margin: 16mm; }
body { font-size: 12pt; }
.frame { border: 3mm solid #0b5c8a; padding: 12mm 16mm; height: 150mm; position: relative; }
.brand { font-size: 14pt; font-weight: bold; color: #0b5c8a; letter-spacing: 0.1em; }
h1 { font-size: 30pt; color: #07405f; margin: 8mm 0 6mm; letter-spacing: 0.05em; }
.lead { margin: 0 0 2mm; }
.name { font-size: 24pt; font-weight: bold; margin: 0 0 6mm; }
.title { font-size: 16pt; font-weight: bold; margin: 0 0 4mm; }
.meta { margin: 1mm 0; }
.verify { position: absolute; left: 16mm; bottom: 10mm; width: 150mm; font-size: 9.5pt; }
.code { font-size: 12pt; font-weight: bold; }
.qr { position: absolute; right: 14mm; bottom: 10mm; width: 34mm; height: 34mm; }
.qr img { width: 34mm; height: 34mm; image-rendering: pixelated; }
"""


def verify_url(certificate: Certificate) -> str:
    return absolute_url(certificate.verify_path())


def qr_png(url: str) -> str:
    """The QR code of ``url`` as a PNG ``data:`` URL, one pixel per module, which the PDF scales
    up without smoothing (``image-rendering: pixelated``): square modules at any size, and a
    bitmap 36 times smaller to encode, decode and embed than one drawn at six pixels a module
    (WeasyPrint draws a bitmap far faster than the thousands of points of the code in SVG)."""
    # A fixed mask skips trying all eight (most of the time of making a code); any mask reads.
    code = qrcode.QRCode(border=1, box_size=1, mask_pattern=0)
    code.add_data(url)
    image = code.make_image()
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode()


def render_pdf(certificate: Certificate) -> bytes:
    """Return the PDF of ``certificate``, worded in the certificate's language."""
    url = verify_url(certificate)
    with translation.override(certificate.language):
        return template_to_pdf(
            "certificates/pdf.html",
            {"certificate": certificate, "verify_url": url, "qr": qr_png(url)},
            style=STYLE,
        )
