"""A summative task's printed sheets, through WeasyPrint (``core.pdf``, DejaVu fonts):

- the pupils' sheet: the work's title, time and each task with its points, in the resource's
  language, with lines to write a name by hand (no pupil is named by the site);
- the teacher's sheet: the specification table (section, objective, level, task, type, time,
  points), each task's criteria and descriptors with points, and the mark scheme;
- a mark sheet's grid: empty, to fill in by hand, or with the points, totals and marks.
"""

from django.template.loader import render_to_string
from django.utils import translation

from ortaq.core.pdf import html_to_pdf
from ortaq.library.marks import Grid
from ortaq.library.models import Version
from ortaq.library.summative import summative_context

STYLE = """
@page {
  size: A4; margin: 16mm 15mm 18mm;
  @bottom-center { content: counter(page); font-size: 8pt; }
}
body { font-size: 10pt; line-height: 1.4; }
h1 { font-size: 15pt; margin: 0 0 2mm; }
h2 { font-size: 12pt; margin: 6mm 0 2mm; }
h3 { font-size: 11pt; margin: 5mm 0 1mm; }
.meta { color: #333; margin: 0 0 4mm; }
.write { margin: 3mm 0 5mm; }
.write span { display: inline-block; min-width: 70mm; border-bottom: 0.3mm solid #000; }
table { border-collapse: collapse; width: 100%; margin: 2mm 0 4mm; }
th, td { border: 0.3mm solid #555; padding: 1.2mm 1.6mm; text-align: left; vertical-align: top; }
th { background: #eef2f5; }
td.n, th.n { text-align: right; white-space: nowrap; }
.task { break-inside: avoid; margin-bottom: 5mm; }
.points { font-weight: bold; }
.answer { height: 28mm; border: 0.3mm dashed #999; margin-top: 2mm; }
.grid td { height: 7mm; }
.grid .name { width: 45mm; }
.note { font-size: 8.5pt; color: #444; }
"""


def _in_language(language: str, template: str, context: dict[str, object]) -> bytes:
    with translation.override(language):
        return html_to_pdf(render_to_string(template, context), style=STYLE)


def pupils_pdf(version: Version) -> bytes:
    """The pupils' sheet of ``version``, in its resource's language."""
    return _in_language(
        version.resource.language, "library/summative/pupils_pdf.html", summative_context(version)
    )


def teacher_pdf(version: Version) -> bytes:
    """The teacher's sheet of ``version``, in its resource's language."""
    return _in_language(
        version.resource.language, "library/summative/teacher_pdf.html", summative_context(version)
    )


def sheet_pdf(grid: Grid, *, blank: bool) -> bytes:
    """A mark sheet's grid to print, in the reader's language: ``blank``, for writing the
    points (and, on paper only, the pupils' names) by hand, or filled in."""
    html = render_to_string(
        "library/summative/sheet_pdf.html",
        {
            "grid": grid,
            "sheet": grid.sheet,
            "version": grid.sheet.version,
            "blank": blank,
            "LANGUAGE_CODE": translation.get_language(),
        },
    )
    return html_to_pdf(html, style=STYLE)
