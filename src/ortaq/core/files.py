"""Serve stored files, with the byte ranges browsers ask for to seek in a video."""

import mimetypes
import re
from collections.abc import Iterator
from pathlib import PurePosixPath
from typing import Any

from django.core.files.storage import Storage, default_storage
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.utils.http import content_disposition_header

RANGE = re.compile(r"^bytes=(\d*)-(\d*)$")
CHUNK = 256 * 1024


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
    bytes. ``download_name`` makes the browser save the file under that name."""
    if not name or not storage.exists(name):
        raise Http404
    size = storage.size(name)
    content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
    match = RANGE.match(request.headers.get("Range", ""))
    if match is None or not any(match.groups()):
        response: HttpResponseBase = FileResponse(
            storage.open(name, "rb"), content_type=content_type
        )
    else:
        first, last = match.groups()
        start = int(first) if first else max(size - int(last), 0)
        end = min(int(last), size - 1) if first and last else size - 1
        if start >= size or start > end:
            refused = HttpResponse(status=416)
            refused["Content-Range"] = f"bytes */{size}"
            return refused
        length = end - start + 1
        response = StreamingHttpResponse(
            _chunks(storage.open(name, "rb"), start, length), status=206, content_type=content_type
        )
        response["Content-Range"] = f"bytes {start}-{end}/{size}"
        response["Content-Length"] = str(length)
    response["Accept-Ranges"] = "bytes"
    if download_name:
        response["Content-Disposition"] = content_disposition_header(True, download_name)
    return response


def public_media(request: HttpRequest, path: str) -> HttpResponseBase:
    """Serve course materials (videos, captions, posters, handouts) stored under ``courses/``.

    They are public to anyone with the link, as the courses are open to every teacher; private
    files (reflections, certificates, packs) are served only through views that check access.
    """
    clean = PurePosixPath(path)
    if ".." in clean.parts or clean.is_absolute():
        raise Http404
    response = file_response(request, str(PurePosixPath("courses") / clean))
    response["Cache-Control"] = "public, max-age=86400"
    return response
