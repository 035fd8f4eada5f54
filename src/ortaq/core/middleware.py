"""Compress pages for the browsers that accept it."""

from django.http import HttpRequest, HttpResponseBase
from django.middleware.gzip import GZipMiddleware

# What is worth compressing as it goes out; files (a video's byte ranges, PDFs, images, the
# static files WhiteNoise compressed beforehand) are sent as they are.
COMPRESSED_TYPES = ("text/html", "text/plain", "text/csv", "application/json")


class PageGZipMiddleware(GZipMiddleware):
    """Django's gzip middleware, for pages and JSON only (the course page: 14.7 KB, 2.5 KB
    gzipped). Against BREACH it pads each answer with a random number of bytes (Django's own
    mitigation), beside the per-request masking of CSRF tokens; streamed answers (exports,
    files) are left alone, so that a byte range still means the file's bytes."""

    def process_response(
        self, request: HttpRequest, response: HttpResponseBase
    ) -> HttpResponseBase:
        if response.streaming or not response.get("Content-Type", "").startswith(COMPRESSED_TYPES):
            return response
        compressed: HttpResponseBase = super().process_response(request, response)
        return compressed
