"""A unit's printed edition: its published lessons as a PDF, each interactive task in printed
form (choices with boxes to tick, matching as two columns, ordering with blanks for the places,
gaps and short answers as lines) and a QR code leading to the lesson online, where the tasks
check themselves."""

import re
import string

from django.contrib.auth.models import AnonymousUser
from django.utils import translation
from django.utils.safestring import mark_safe

from ortaq.accounts.models import User
from ortaq.certificates.pdf import qr_png
from ortaq.core.links import absolute_url
from ortaq.core.pdf import template_to_pdf
from ortaq.textbooks.checking import GAP, TaskView, task_view
from ortaq.textbooks.models import Unit
from ortaq.textbooks.reading import lesson_path, unit_readings

STYLE = """
@page { size: A4; margin: 18mm 16mm; @bottom-center { content: counter(page); font-size: 9pt; } }
body { font-size: 11pt; line-height: 1.45; }
h1 { font-size: 18pt; margin: 0 0 4mm; }
h2 { font-size: 15pt; margin: 8mm 0 3mm; page-break-before: always; }
h2.first { page-break-before: avoid; }
h3 { font-size: 12pt; margin: 5mm 0 2mm; }
.task { page-break-inside: avoid; }
.box { font-size: 13pt; margin-right: 2mm; }
.columns { width: 100%; border-collapse: collapse; }
.columns td { vertical-align: top; width: 50%; padding: 1mm 2mm; }
.blank { display: inline-block; min-width: 12mm; border-bottom: 1px solid #000; margin-right: 2mm; }
.line { border-bottom: 1px solid #000; height: 8mm; }
.online { float: right; width: 24mm; margin: 0 0 2mm 4mm; text-align: center; font-size: 7pt; }
.online img { width: 24mm; height: 24mm; image-rendering: pixelated; }
.muted { color: #555; }
"""
LINE = '<span class="blank">&#8199;&#8199;&#8199;&#8199;&#8199;&#8199;&#8199;&#8199;</span>'
LETTERS = string.ascii_uppercase


def _printed_prompt(view: TaskView) -> None:
    """A gaps task's prompt with its gaps as lines to write on, not inputs."""
    if view.kind == "gaps":
        html = re.sub(r"<input[^>]*>", LINE, str(view.prompt))
        view.prompt = mark_safe(GAP.sub(LINE, html))  # noqa: S308 - our own sanitised HTML


def unit_pdf(*, slug: str, unit_id: int, user: User | AnonymousUser) -> tuple[bytes, Unit]:
    """The PDF of the unit's published lessons, worded in the textbook's language."""
    unit, readings = unit_readings(slug=slug, unit_id=unit_id, user=user)
    lessons = []
    with translation.override(unit.textbook.language):
        for reading in readings:
            url = absolute_url(lesson_path(reading.lesson, reading.textbook))
            views = [task_view(e, n) for n, e in enumerate(reading.exercises, 1)]
            for view in views:
                _printed_prompt(view)
            lessons.append(
                {
                    "reading": reading,
                    "url": url,
                    "qr": qr_png(url),
                    "tasks": views,
                    "letters": LETTERS,
                }
            )
        data = template_to_pdf(
            "textbooks/print/unit.html",
            {"unit": unit, "textbook": unit.textbook, "lessons": lessons},
            style=STYLE,
        )
    return data, unit
