"""The portfolio of a development project as a PDF (WeasyPrint, DejaVu fonts for Kazakh)."""

from typing import TYPE_CHECKING

from ortaq.core.pdf import template_to_pdf

if TYPE_CHECKING:
    from ortaq.communities.queries.projects import ProjectPage

STYLE = """
@page { size: A4; margin: 18mm 16mm;
        @bottom-right { content: counter(page) " / " counter(pages); font-size: 9pt; } }
body { font-size: 10.5pt; line-height: 1.45; }
h1 { font-size: 20pt; color: #07405f; margin: 0 0 2mm; }
h2 { font-size: 13pt; color: #0b5c8a; border-bottom: 0.4mm solid #0b5c8a; margin: 7mm 0 2mm; }
h3 { font-size: 11pt; margin: 4mm 0 1mm; }
.muted { color: #5a6470; }
dl.facts dt { font-weight: bold; margin-top: 2mm; }
dl.facts dd { margin: 0 0 1mm; }
ul.entries { padding-left: 5mm; }
.badge { border: 0.3mm solid #5a6470; border-radius: 1mm; padding: 0 1mm; font-size: 9pt; }
"""


def render_portfolio(page: "ProjectPage") -> bytes:
    """Return the portfolio as a PDF, worded in the language of the request (the reader's);
    evidence files are named by their caption, never embedded."""
    return template_to_pdf(
        "communities/projects/pdf.html",
        {"page": page, "project": page.project, "pdf": True},
        style=STYLE,
    )
