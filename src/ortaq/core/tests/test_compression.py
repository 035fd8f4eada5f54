"""Pages go out gzipped to the browsers that accept it; files and streams as they are."""

import gzip
from typing import Any

from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.test import Client, RequestFactory

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
