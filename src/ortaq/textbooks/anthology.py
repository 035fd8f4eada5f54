"""A published movement's anthology: one PDF with a cover, the contents by region and each
accepted entry (its text, where it comes from, the team that collected it, its images' alt
text and its recordings' transcripts), through ``core.pdf`` (WeasyPrint with DejaVu).

It is drawn once per publication and language and kept in the storage under a name that says
both (``anthology_name``); a page asking for it again reads the stored file.
"""

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.template.loader import render_to_string
from django.utils import translation

from ortaq.core.i18n import localized
from ortaq.core.pdf import html_to_pdf
from ortaq.textbooks.models import Movement
from ortaq.textbooks.queries_movements import anthology_sections

STYLE = """
@page {
  size: A4; margin: 20mm 20mm 22mm;
  @top-center { content: string(running); font-size: 8pt; color: #555; }
  @bottom-center { content: counter(page); font-size: 9pt; }
}
@page :first { @top-center { content: none; } @bottom-center { content: none; } }
body { font-size: 10.5pt; line-height: 1.45; }
.cover { text-align: center; padding-top: 55mm; break-after: page; }
.cover .by { font-size: 13pt; color: #07405f; }
.cover h1 { font-size: 26pt; margin: 12mm 0 8mm; color: #0b5c8a; }
.cover .theme { font-size: 12pt; }
.cover .dates { margin-top: 30mm; font-size: 11pt; }
.contents { break-after: page; }
.contents h2 { font-size: 16pt; }
.contents h3 { font-size: 11pt; margin: 5mm 0 2mm; color: #07405f; }
.contents p { margin: 1mm 0; }
.contents a { color: inherit; text-decoration: none; }
.contents a::after { content: leader('.') target-counter(attr(href), page); }
.region { break-before: page; }
.region > h2 { font-size: 18pt; color: #07405f; string-set: running content(); }
.entry { margin-bottom: 8mm; }
.entry h3 { font-size: 14pt; margin: 6mm 0 1mm; }
.entry .where { font-size: 9pt; color: #444; margin: 0 0 3mm; }
.entry .media { font-size: 9pt; border-left: 1mm solid #0b5c8a; padding-left: 3mm; }
"""


def anthology_name(movement: Movement, language: str) -> str:
    stamp = movement.published_at.strftime("%Y%m%d%H%M%S") if movement.published_at else "draft"
    return f"movements/{movement.pk}/anthology-{stamp}-{language}.pdf"


def render_anthology(movement: Movement, language: str) -> bytes:
    """The anthology's PDF, its headings in ``language``, each entry in its own language."""
    with translation.override(language):
        html = render_to_string(
            "textbooks/movements/anthology.html",
            {
                "movement": movement,
                "title": localized(movement, "title", language),
                "sections": anthology_sections(movement),
                "language": language,
            },
        )
        return html_to_pdf(html, style=STYLE)


def anthology_file(movement: Movement, language: str) -> str:
    """The stored name of the anthology in ``language``, drawn now if it is not stored yet."""
    name = anthology_name(movement, language)
    if not default_storage.exists(name):
        return default_storage.save(name, ContentFile(render_anthology(movement, language)))
    return name
