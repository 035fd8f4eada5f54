"""PDFs from the product's own templates, through WeasyPrint: one setup for every document.

- **Fonts.** DejaVu Sans (and Mono) carry every letter of Kazakh Cyrillic (ә ғ қ ң ө ұ ү һ і),
  which the usual base fonts lack; every document starts from them, and the system package
  ``fonts-dejavu-core`` provides them (``docs/operations.md``).
- **Nothing fetched.** Only ``data:`` URLs are read (a QR code drawn by the server); any other
  reference fails the document rather than reaching a network or the disk. Relative links
  resolve against ``ORTAQ_BASE_URL``, so that a link printed in a PDF leads to the site.
- **Set up once.** Parsing fonts and stylesheets, and the fetcher (a new default one per
  document built an SSL context each time), happen once per process and stylesheet: a
  certificate takes tens of milliseconds.
"""

from functools import cache
from typing import Any

from django.conf import settings
from django.template.loader import render_to_string
from weasyprint import CSS, HTML
from weasyprint.document import Document
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher

BASE_STYLE = """
body { font-family: "DejaVu Sans", sans-serif; color: #1b1f24; }
code, kbd, pre, samp, .code { font-family: "DejaVu Sans Mono", monospace; }
"""


@cache
def _setup() -> tuple[FontConfiguration, URLFetcher]:
    return FontConfiguration(), URLFetcher(allowed_protocols=("data",), fail_on_errors=True)


@cache
def _stylesheets(style: str) -> tuple[CSS, CSS]:
    fonts, fetcher = _setup()
    return (
        CSS(string=BASE_STYLE, font_config=fonts, url_fetcher=fetcher),
        CSS(string=style, font_config=fonts, url_fetcher=fetcher),
    )


def html_to_pdf(html: str, *, style: str) -> bytes:
    """Return ``html`` as a PDF laid out by ``style`` (a module's constant: each distinct
    stylesheet is parsed once and kept for the life of the process)."""
    fonts, fetcher = _setup()
    document = HTML(string=html, base_url=settings.ORTAQ_BASE_URL + "/", url_fetcher=fetcher)
    pdf: bytes = document.write_pdf(stylesheets=list(_stylesheets(style)), font_config=fonts)
    return pdf


def html_to_document(html: str, *, style: str) -> Document:
    """Lay ``html`` out as ``html_to_pdf`` does, and return the laid-out document: a caller
    reads where things fell (``document.pages[i].anchors``: the ids on each page) before
    writing it (``document.write_pdf()``)."""
    fonts, fetcher = _setup()
    source = HTML(string=html, base_url=settings.ORTAQ_BASE_URL + "/", url_fetcher=fetcher)
    return source.render(stylesheets=list(_stylesheets(style)), font_config=fonts)


def template_to_pdf(template: str, context: dict[str, Any], *, style: str) -> bytes:
    """Render ``template`` with ``context`` in the active language and return it as a PDF."""
    return html_to_pdf(render_to_string(template, context), style=style)
