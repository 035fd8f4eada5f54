"""The published report as a PDF (WeasyPrint through ``core.pdf``), in the report's language."""

from django.urls import reverse
from django.utils import translation

from ortaq.core.links import absolute_url
from ortaq.core.pdf import template_to_pdf
from ortaq.lessonstudy.models import Report

STYLE = """
@page { size: A4; margin: 20mm 18mm; @bottom-center { content: counter(page); font-size: 9pt; } }
body { font-size: 11pt; line-height: 1.45; }
h1 { font-size: 20pt; color: #07405f; margin: 0 0 4mm; }
h2 { font-size: 14pt; color: #07405f; margin: 6mm 0 2mm; }
h3 { font-size: 12pt; margin: 4mm 0 2mm; }
.meta { color: #444; font-size: 10pt; margin: 0 0 6mm; }
.summary { font-style: italic; margin: 0 0 6mm; }
table { border-collapse: collapse; width: 100%; }
td, th { border: 0.3mm solid #999; padding: 1.5mm; vertical-align: top; font-size: 9.5pt; }
.link { font-size: 9pt; color: #444; margin-top: 8mm; }
"""


def render_report_pdf(report: Report) -> bytes:
    """Return the report's PDF, worded in the report's language."""
    with translation.override(report.language):
        return template_to_pdf(
            "lessonstudy/report_pdf.html",
            {
                "report": report,
                "group": report.cycle.group,
                "association": report.cycle.group.association,
                "url": absolute_url(reverse("lessonstudy:cycle_report", args=[report.pk])),
            },
            style=STYLE,
        )
