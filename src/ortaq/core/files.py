"""Serve stored files, with the byte ranges browsers ask for to seek in a video.

Every uploaded file goes out through ``file_response``, whoever may read it: its type is told
from its content (``ortaq.core.uploads.served_type``), never from its stored name; the browser
may not sniff another; and, were it ever opened as a page, it runs no script and loads nothing.
Only video, audio, raster images and captions are shown inline; everything else is a download.
"""

import re
from collections.abc import Iterator
from pathlib import PurePosixPath
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.core.files.storage import Storage, default_storage
from django.http import (
    FileResponse,
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponsePermanentRedirect,
    StreamingHttpResponse,
)
from django.http.response import HttpResponseBase
from django.utils.http import content_disposition_header

from ortaq.core import uploads

RANGE = re.compile(r"^bytes=(\d*)-(\d*)$")
CHUNK = 256 * 1024
# Sent with every uploaded file: were a browser to open one as a document (an HTML page stored
# before uploads were checked by content, say), it would be a sandbox on an opaque origin with
# no script, no forms and nothing loaded but pictures and video of the file's own origin (a video
# or a picture opened on its own still shows).
SANDBOX = "sandbox; default-src 'none'; img-src 'self'; media-src 'self'"


def _chunks(handle: Any, start: int, length: int) -> Iterator[bytes]:
    handle.seek(start)
    remaining = length
    while remaining > 0:
        data: bytes = handle.read(min(CHUNK, remaining))
        if not data:
            break
        remaining -= len(data)
        yield data
    handle.close()


def file_response(
    request: HttpRequest,
    name: str,
    *,
    storage: Storage = default_storage,
    download_name: str | None = None,
) -> HttpResponseBase:
    """Send the stored file ``name``, answering a ``Range`` request with 206 and just those
    bytes.

    ``download_name`` (what a person called the file) makes it a download under that name, its
    extension made to match the type served. Without it, a video, a picture or captions are
    shown inline and anything else is downloaded under the stored name.
    """
    if not name or not storage.exists(name):
        raise Http404
    size = storage.size(name)
    # Object storage (ortaq.core.storage) reads just the bytes asked for, as they are sent: a
    # seek in a video never fetches the whole file.
    read_range = getattr(storage, "read_range", None)
    handle: Any = None
    if read_range is not None:
        head = b"".join(read_range(name, 0, min(uploads.HEAD_BYTES, size) - 1)) if size else b""
    else:
        handle = storage.open(name, "rb")
        head = handle.read(uploads.HEAD_BYTES)
        handle.seek(0)
    file_type = uploads.served_type(head)
    match = RANGE.match(request.headers.get("Range", ""))
    if match is None or not any(match.groups()):
        start, end = 0, size - 1
        status = 200
    else:
        first, last = match.groups()
        start = int(first) if first else max(size - int(last), 0)
        end = min(int(last), size - 1) if first and last else size - 1
        if start >= size or start > end:
            if handle is not None:
                handle.close()
            refused = HttpResponse(status=416)
            refused["Content-Range"] = f"bytes */{size}"
            return refused
        status = 206
    length = end - start + 1
    response: HttpResponseBase
    if status == 200 and handle is not None:
        response = FileResponse(handle, content_type=file_type.content_type)
    else:
        chunks = (
            (read_range(name, start, end) if length > 0 else iter(()))
            if read_range is not None
            else _chunks(handle, start, length)
        )
        response = StreamingHttpResponse(chunks, status=status, content_type=file_type.content_type)
        response["Content-Length"] = str(length)
        if status == 206:
            response["Content-Range"] = f"bytes {start}-{end}/{size}"
    response["Accept-Ranges"] = "bytes"
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = SANDBOX
    if download_name is None and file_type.inline:
        response["Content-Disposition"] = "inline"
    else:
        stored = PurePosixPath(name).name
        response["Content-Disposition"] = content_disposition_header(
            True, uploads.download_name(download_name or stored, file_type)
        )
    return response


def public_media(request: HttpRequest, path: str) -> HttpResponseBase:
    """Serve course materials (videos, captions, posters, handouts) stored under ``courses/``.

    They are public to anyone with the link, as the courses are open to every teacher; private
    files (reflections, certificates, packs) are served only through views that check access.
    When ``ORTAQ_MEDIA_URL`` names an origin of their own, a request that reaches the site's
    origin instead is sent there, so that the site never serves an upload itself.
    """
    clean = PurePosixPath(path)
    if ".." in clean.parts or clean.is_absolute():
        raise Http404
    media = urlsplit(settings.MEDIA_URL)
    if media.netloc and media.netloc != request.get_host():
        return HttpResponsePermanentRedirect(f"{settings.MEDIA_URL}courses/{clean}")
    response = file_response(request, str(PurePosixPath("courses") / clean))
    response["Cache-Control"] = "public, max-age=86400"
    # Public files, read without credentials: a page on the site's origin may play a video and
    # its captions (a <track> needs CORS) from the media origin, and a video opened on its own
    # (a sandbox, so an opaque origin) may play itself.
    response["Access-Control-Allow-Origin"] = "*"
    return response
