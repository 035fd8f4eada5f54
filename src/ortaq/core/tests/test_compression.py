"""Pages go out gzipped to the browsers that accept it; files and streams as they are."""

import gzip
from typing import Any

import pytest
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.test import Client, RequestFactory

from ortaq.core.compression import KeptPage
from ortaq.core.middleware import PageGZipMiddleware


def test_a_page_is_gzipped_for_a_browser_that_accepts_it(client: Client) -> None:
    plain = client.get("/en/")
    packed = client.get("/en/", HTTP_ACCEPT_ENCODING="gzip, deflate, br")
    assert plain.status_code == packed.status_code == 200
    assert "Content-Encoding" not in plain
    assert packed["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in packed["Vary"]
    assert len(packed.content) < len(plain.content) / 2
    page = gzip.decompress(packed.content).decode()
    assert page.startswith("<!doctype html>") and "</html>" in page


def _through(response: HttpResponse | StreamingHttpResponse) -> Any:
    request = RequestFactory().get("/", HTTP_ACCEPT_ENCODING="gzip")

    def view(request: HttpRequest) -> HttpResponse:
        return response  # type: ignore[return-value]

    answer = PageGZipMiddleware(view)(request)
    assert isinstance(answer, HttpResponse | StreamingHttpResponse)
    return answer


def test_files_and_streams_go_out_as_they_are() -> None:
    image = _through(HttpResponse(b"\x89PNG" + b"0" * 4000, content_type="image/png"))
    assert "Content-Encoding" not in image and image.content.startswith(b"\x89PNG")
    stream = _through(StreamingHttpResponse(iter([b"a;b\n"] * 1000), content_type="text/csv"))
    assert "Content-Encoding" not in stream
    assert b"".join(stream.streaming_content) == b"a;b\n" * 1000
    text = _through(HttpResponse("a;b\n" * 1000, content_type="text/csv"))
    assert text["Content-Encoding"] == "gzip"


def _kept(page: str) -> KeptPage:
    return KeptPage.of(page, "@@", 64)


@pytest.mark.parametrize(
    "page",
    [
        "<p>" + "abc" * 300 + "@@" + "abc" * 300 + "@@</p>",  # later parts repeat earlier text
        "@@ at the start, and at the end @@",
        "no placeholder at all, " * 50,
        "<form>@@@@</form>" + "Қазақ тілі, әліпби " * 40 + "@@",  # two at once; Kazakh text
        "a page with NULs of its own: \x00" * 4 + "@@" + "\x00" * 200 + "@@ end",
    ],
)
def test_a_kept_page_unpacks_to_the_page_with_each_answer_s_own_value(page: str) -> None:
    kept = _kept(page)
    packed = RequestFactory().get("/", HTTP_ACCEPT_ENCODING="gzip, br")
    for value in ("X" * 64, "abc" * 21 + "a", "Ә" * 32):  # one like the page's own text
        answer = kept.response(packed, value)
        assert answer["Content-Encoding"] == "gzip" and "Accept-Encoding" in answer["Vary"]
        assert gzip.decompress(answer.content) == page.replace("@@", value).encode()
    plain = kept.response(RequestFactory().get("/"), "Y" * 64)
    assert "Content-Encoding" not in plain and "Accept-Encoding" in plain["Vary"]
    assert plain.content == page.replace("@@", "Y" * 64).encode()


def test_a_kept_page_compresses_as_well_as_in_one_piece_and_pads_its_header() -> None:
    # As the course page: a token in the header's form, the outline, two forms at the end.
    outline = "".join(f'<li><a href="/kk/courses/1/a/{n}/">{n}-сабақ</a></li>' for n in range(64))
    page = f"<header>@@</header><ol>{outline}</ol><form>@@</form><form>@@</form>"
    kept = _kept(page)
    request = RequestFactory().get("/", HTTP_ACCEPT_ENCODING="gzip")
    sizes = {len(kept.response(request, "Z" * 64).content) for _ in range(20)}
    whole = len(gzip.compress(page.replace("@@", "Z" * 64).encode()))
    # Each token goes uncompressed, with its block's five bytes; each part costs a few bytes
    # of its own; the header's file name up to 100.
    assert max(sizes) < whole + 3 * (64 + 5) + 3 * 16 + 100
    assert len(sizes) > 1  # a file name of random length in the header, against BREACH


def test_a_kept_page_refuses_a_value_of_another_length() -> None:
    with pytest.raises(ValueError):
        _kept("a @@ b").response(RequestFactory().get("/"), "short")
