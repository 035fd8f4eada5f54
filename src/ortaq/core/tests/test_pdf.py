"""The one PDF helper: Kazakh letters come out as text in DejaVu fonts, relative links lead to
the site, and nothing is fetched from a network or the disk."""

import io
from typing import Any

import pypdf
import pytest
from weasyprint.urls import FatalURLFetchingError

from ortaq.core.pdf import html_to_pdf

KAZAKH = "Әріптес ұстаздың ғылыми іс-тәжірибесі: қоңыр үй, өнер, һәм"


def fonts_of(reader: pypdf.PdfReader) -> set[str]:
    fonts = set()
    for page in reader.pages:
        resources: Any = page["/Resources"]
        for font in resources["/Font"].values():
            fonts.add(str(font.get_object()["/BaseFont"]).split("+")[-1])
    return fonts


def test_kazakh_text_is_written_in_dejavu_and_reads_back(settings) -> None:
    settings.ORTAQ_BASE_URL = "https://ortaq.example.kz"
    html = f'<h1>{KAZAKH}</h1><p><span class="code">AB12-CD34</span> <a href="/kk/">Ortaq</a></p>'
    reader = pypdf.PdfReader(io.BytesIO(html_to_pdf(html, style="h1 { font-size: 12pt; }")))
    text = " ".join(reader.pages[0].extract_text().split())
    assert KAZAKH in text and "AB12-CD34" in text
    assert fonts_of(reader) == {"DejaVu-Sans", "DejaVu-Sans-Bold", "DejaVu-Sans-Mono"}
    annotations: Any = reader.pages[0]["/Annots"]
    links = [annot.get_object()["/A"]["/URI"] for annot in annotations]
    assert links == ["https://ortaq.example.kz/kk/"]


@pytest.mark.parametrize(
    "reference", ["https://example.org/logo.png", "file:///etc/hostname", "/static/x.png"]
)
def test_nothing_but_a_data_url_is_ever_fetched(reference: str) -> None:
    with pytest.raises(FatalURLFetchingError):
        html_to_pdf(f'<img src="{reference}" alt="">', style="")
