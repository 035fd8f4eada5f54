"""An issue of a journal as one print-ready PDF: a cover, the contents, and each article from
a new page, its pages numbered (CSS paged media, WeasyPrint through ``core.pdf``).

The contents take each article's page from the layout itself (``target-counter``), and the
pages of every article are read back from the laid-out document (the page each ``article-<id>``
anchor fell on) and returned, to be stored: the web pages, citation tags and certificates
then say the same pages as the print.
"""

from django.utils import translation

from ortaq.core.pdf import html_to_document
from ortaq.journal.models import Issue, Placement, Version

STYLE = """
@page {
  size: A4; margin: 22mm 20mm 24mm;
  @top-center { content: string(running); font-size: 8pt; color: #555; }
  @bottom-center { content: counter(page); font-size: 9pt; }
}
@page :first { @top-center { content: none; } @bottom-center { content: none; } }
body { font-size: 10.5pt; line-height: 1.45; }
.cover { text-align: center; padding-top: 60mm; break-after: page; }
.cover .association { font-size: 13pt; color: #07405f; }
.cover h1 { font-size: 28pt; margin: 14mm 0 8mm; color: #0b5c8a; }
.cover .issue { font-size: 16pt; }
.cover .issn { margin-top: 40mm; font-size: 11pt; }
.contents { break-after: page; }
.contents h2 { font-size: 16pt; }
.contents h3 { font-size: 11pt; margin: 6mm 0 2mm; text-transform: uppercase; color: #07405f; }
.contents p { margin: 1.5mm 0; }
.contents a { color: inherit; text-decoration: none; }
.contents a::after { content: leader('.') target-counter(attr(href), page); }
.contents .authors { display: block; font-size: 9pt; color: #444; }
.paper { break-before: page; }
.paper h1 { font-size: 17pt; string-set: running content(); margin: 0 0 3mm; }
.paper .section { font-size: 9pt; text-transform: uppercase; color: #07405f; }
.paper .authors { font-weight: bold; margin: 0 0 4mm; }
.paper .abstract { font-size: 9.5pt; border-left: 1mm solid #0b5c8a; padding-left: 3mm; }
.paper h2 { font-size: 13pt; } .paper h3 { font-size: 11.5pt; }
"""


def _latest_versions(placements: list[Placement]) -> dict[int, Version]:
    latest: dict[int, Version] = {}
    versions = Version.objects.filter(
        submission_id__in=[p.submission_id for p in placements]
    ).order_by("submission_id", "number")
    for version in versions:
        latest[version.submission_id] = version
    return latest


def issue_context(issue: Issue) -> dict[str, object]:
    """What the issue's PDF shows: its sections in order, each with its articles, their
    authors and latest text."""
    from ortaq.journal.queries import issue_contents

    sections = issue_contents(issue)
    placements = [p for _section, listed in sections for p in listed]
    latest = _latest_versions(placements)
    for placement in placements:
        placement.version = latest[placement.submission_id]  # type: ignore[attr-defined]
    return {"issue": issue, "journal": issue.journal, "sections": sections}


def render_issue(issue: Issue) -> tuple[bytes, dict[int, tuple[int, int]], int]:
    """The issue's PDF, each placement's (first page, last page), and its number of pages.

    The PDF is written in the association's first language (Kazakh); each article in the
    language of its text."""
    from django.template.loader import render_to_string

    with translation.override("kk"):
        html = render_to_string("journal/issue_pdf.html", issue_context(issue))
        document = html_to_document(html, style=STYLE)
    firsts: list[tuple[int, int]] = []  # (page number, placement id) in page order
    for number, page in enumerate(document.pages, start=1):
        for anchor in page.anchors:
            if anchor.startswith("article-"):
                firsts.append((number, int(anchor.removeprefix("article-"))))
    total = len(document.pages)
    pages: dict[int, tuple[int, int]] = {}
    for index, (first, placement_id) in enumerate(firsts):
        last = firsts[index + 1][0] - 1 if index + 1 < len(firsts) else total
        pages[placement_id] = (first, max(first, last))
    return document.write_pdf(), pages, total
