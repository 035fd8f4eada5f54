"""Checks for files that people upload, by their content and size rather than their name."""

from dataclasses import dataclass

import filetype
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ortaq.core.errors import DomainError

CSV_MAX_BYTES = 20 * 1024 * 1024
MB = 1024 * 1024


@dataclass(frozen=True)
class UploadKind:
    """What a kind of upload may be: the types, told by content, and the size limit."""

    label: object
    mime_types: frozenset[str]
    max_bytes: int


VIDEO = UploadKind(
    gettext_lazy("a video (MP4 or WebM)"), frozenset({"video/mp4", "video/webm"}), 500 * MB
)
IMAGE = UploadKind(
    gettext_lazy("a picture (JPEG, PNG or WebP)"),
    frozenset({"image/jpeg", "image/png", "image/webp"}),
    5 * MB,
)
CAPTIONS = UploadKind(gettext_lazy("captions in WebVTT"), frozenset({"text/vtt"}), 2 * MB)
DOCUMENT = UploadKind(
    gettext_lazy("a document (PDF, Word, PowerPoint, Excel, OpenDocument, text or ZIP)"),
    frozenset(
        {
            "application/pdf",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            "application/vnd.openxmlformats-officedocument.presentationml.presentation",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "application/vnd.oasis.opendocument.text",
            "application/vnd.oasis.opendocument.presentation",
            "application/vnd.oasis.opendocument.spreadsheet",
            "application/zip",
            "text/plain",
        }
    ),
    50 * MB,
)
SUBMISSION = UploadKind(
    gettext_lazy("a document or a picture (PDF, Word, PowerPoint, JPEG or PNG)"),
    frozenset(
        {
            "application/pdf",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            "application/vnd.openxmlformats-officedocument.presentationml.presentation",
            "application/vnd.oasis.opendocument.text",
            "image/jpeg",
            "image/png",
        }
    ),
    20 * MB,
)


def detect_type(head: bytes) -> str | None:
    """Tell a file's type from its first bytes; plain text and WebVTT by their content."""
    if head.startswith(b"\xef\xbb\xbfWEBVTT") or head.startswith(b"WEBVTT"):
        return "text/vtt"
    kind = filetype.guess(head)
    if kind is not None:
        return str(kind.mime)
    try:
        head.decode("utf-8")
    except UnicodeDecodeError:
        # The first bytes may end inside a character: accept if only the tail is cut.
        try:
            head[:-3].decode("utf-8")
        except UnicodeDecodeError:
            return None
    return "text/plain" if b"\x00" not in head else None


def check_upload(upload: UploadedFile[bytes], kind: UploadKind) -> None:
    """Refuse a file that is too large or whose content is not of ``kind``; name what is wanted."""
    if upload.size is not None and upload.size > kind.max_bytes:
        raise DomainError(
            _("The file is %(size)s; the limit is %(limit)s.")
            % {"size": filesizeformat(upload.size), "limit": filesizeformat(kind.max_bytes)},
            code="too_large",
        )
    upload.seek(0)
    head: bytes = upload.read(8192)
    upload.seek(0)
    if detect_type(head) not in kind.mime_types:
        raise DomainError(
            _("“%(name)s” is not %(expected)s.") % {"name": upload.name, "expected": kind.label},
            code="wrong_type",
        )


def read_csv_upload(upload: UploadedFile[bytes], *, max_bytes: int = CSV_MAX_BYTES) -> bytes:
    """Return the bytes of an uploaded CSV file, refusing files too large or not text at all.

    Whether the text is well-formed CSV is for ``ortaq.core.csvimport`` to say, row by row.
    """
    if upload.size is not None and upload.size > max_bytes:
        raise DomainError(
            _("The file is %(size)s; the limit is %(limit)s.")
            % {"size": filesizeformat(upload.size), "limit": filesizeformat(max_bytes)},
            code="too_large",
        )
    data: bytes = upload.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise DomainError(
            _("The file is larger than %(limit)s.") % {"limit": filesizeformat(max_bytes)},
            code="too_large",
        )
    # Text never holds NUL bytes; images, PDFs and most binary formats do in their first kilobytes.
    # Spreadsheets (ZIP or OLE containers) get a more helpful message from the CSV reader.
    if b"\x00" in data[:8192] and not data.startswith((b"PK\x03\x04", b"\xd0\xcf\x11\xe0")):
        raise DomainError(_("This file is not a CSV text file."), code="not_text")
    return data
