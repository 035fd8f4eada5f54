"""Checks for files that people upload, by their content and size rather than their name.

Every upload in the product passes ``check_upload``: its type is told from its first bytes and
must be one of ``FILE_TYPES``; the file is then stored under a name the server makes (random,
with the extension of that type), and the name the person gave it is kept only to offer as the
download name. ``ortaq.core.files`` serves stored files by the same table, again from their
content, so that a file stored before these checks (``x.html``) is never served as a page.
"""

import uuid
from dataclasses import dataclass
from pathlib import PurePosixPath

import filetype
from django.core.files import File
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ortaq.core.errors import DomainError

CSV_MAX_BYTES = 20 * 1024 * 1024
MB = 1024 * 1024
# How much of a file its type is told from.
HEAD_BYTES = 8192


@dataclass(frozen=True)
class FileType:
    """A type a stored file may have: its extension, the content type it is served with, and
    whether a browser shows it inline. Only video, audio, raster images and captions are inline: a
    browser shows them without running anything; every other type is only ever downloaded."""

    mime: str
    extension: str
    inline: bool = False
    served_as: str = ""

    @property
    def content_type(self) -> str:
        return self.served_as or self.mime


_OFFICE = "application/vnd.openxmlformats-officedocument"
_OPEN = "application/vnd.oasis.opendocument"
# Everything the product accepts and serves. HTML, SVG, XML and script are not here: text that
# looks like markup is refused, and any other text is stored and served as plain text.
FILE_TYPES: dict[str, FileType] = {
    t.mime: t
    for t in (
        FileType("video/mp4", ".mp4", inline=True),
        FileType("video/webm", ".webm", inline=True),
        # Recordings (a movement's folklore, a lesson's audio): played by the browser's own
        # player, which runs nothing.
        FileType("audio/mpeg", ".mp3", inline=True),
        FileType("audio/ogg", ".ogg", inline=True),
        FileType("audio/mp4", ".m4a", inline=True),
        FileType("audio/x-wav", ".wav", inline=True),
        FileType("text/vtt", ".vtt", inline=True, served_as="text/vtt; charset=utf-8"),
        FileType("image/jpeg", ".jpg", inline=True),
        FileType("image/png", ".png", inline=True),
        FileType("image/webp", ".webp", inline=True),
        # PDF is downloaded, not shown inline: PDFs carry script and forms that some viewers
        # run, and a browser's own viewer may not open inside the sandbox that uploads get.
        FileType("application/pdf", ".pdf"),
        FileType(f"{_OFFICE}.wordprocessingml.document", ".docx"),
        FileType(f"{_OFFICE}.presentationml.presentation", ".pptx"),
        FileType(f"{_OFFICE}.spreadsheetml.sheet", ".xlsx"),
        FileType(f"{_OPEN}.text", ".odt"),
        FileType(f"{_OPEN}.presentation", ".odp"),
        FileType(f"{_OPEN}.spreadsheet", ".ods"),
        FileType("application/zip", ".zip"),
        FileType("text/plain", ".txt", served_as="text/plain; charset=utf-8"),
    )
}
# What a stored file of no type above (binary of an unknown kind) is served as.
UNKNOWN = FileType("application/octet-stream", ".bin")
# Text that starts like HTML, SVG or XML: a browser could run it, so it is never accepted.
MARKUP = "text/html"


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
AUDIO = UploadKind(
    gettext_lazy("a recording (MP3, OGG, M4A or WAV)"),
    frozenset({"audio/mpeg", "audio/ogg", "audio/mp4", "audio/x-wav"}),
    50 * MB,
)
CAPTIONS = UploadKind(gettext_lazy("captions in WebVTT"), frozenset({"text/vtt"}), 2 * MB)
DOCUMENT = UploadKind(
    gettext_lazy("a document (PDF, Word, PowerPoint, Excel, OpenDocument, text or ZIP)"),
    frozenset(
        {
            "application/pdf",
            f"{_OFFICE}.wordprocessingml.document",
            f"{_OFFICE}.presentationml.presentation",
            f"{_OFFICE}.spreadsheetml.sheet",
            f"{_OPEN}.text",
            f"{_OPEN}.presentation",
            f"{_OPEN}.spreadsheet",
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
            f"{_OFFICE}.wordprocessingml.document",
            f"{_OFFICE}.presentationml.presentation",
            f"{_OPEN}.text",
            "image/jpeg",
            "image/png",
        }
    ),
    20 * MB,
)


def detect_type(head: bytes) -> str | None:
    """Tell a file's type from its first bytes: a format by its signature, WebVTT by its header,
    markup (HTML, SVG, XML) as ``MARKUP``, any other UTF-8 text as plain text; ``None`` when it
    is none of these."""
    if head.startswith(b"\xef\xbb\xbfWEBVTT") or head.startswith(b"WEBVTT"):
        return "text/vtt"
    kind = filetype.guess(head)
    if kind is not None:
        return str(kind.mime)
    if b"\x00" in head:
        return None
    try:
        text = head.decode("utf-8")
    except UnicodeDecodeError:
        # The first bytes may end inside a character: accept if only the tail is cut.
        try:
            text = head[:-3].decode("utf-8")
        except UnicodeDecodeError:
            return None
    return MARKUP if text.lstrip("\ufeff \t\r\n").startswith("<") else "text/plain"


def served_type(head: bytes) -> FileType:
    """The type a stored file is served as, told from its first bytes, never from its name: an
    allowed type as itself, any text (markup too) as plain text, anything else as bytes."""
    mime = detect_type(head)
    if mime == MARKUP:
        return FILE_TYPES["text/plain"]
    return FILE_TYPES.get(mime or "", UNKNOWN)


def download_name(name: str, file_type: FileType) -> str:
    """``name`` (what a person called the file) with the extension of the type it is served as:
    "Lesson plan.docx" stays, "evil.html" holding text becomes "evil.txt"."""
    path = PurePosixPath(name.replace("\\", "/")).name or "file"
    suffix = PurePosixPath(path).suffix.lower()
    if suffix == file_type.extension or (suffix, file_type.extension) == (".jpeg", ".jpg"):
        return path
    return (PurePosixPath(path).stem or "file") + file_type.extension


@dataclass(frozen=True)
class CheckedUpload:
    """An upload that passed the checks: ``file`` is it under a name the server made (to assign
    to a ``FileField``), ``original_name`` what the person called it (for downloads only)."""

    file: File[bytes]
    original_name: str
    type: FileType


def check_upload(upload: UploadedFile[bytes], kind: UploadKind) -> CheckedUpload:
    """Refuse a file that is too large or whose content is not of ``kind``; name what is wanted.

    Store what it returns (``.file``), not ``upload``: its name is random, with the extension of
    the type its content has, whatever the name and extension the person gave it.
    """
    if upload.size is not None and upload.size > kind.max_bytes:
        raise DomainError(
            _("The file is %(size)s; the limit is %(limit)s.")
            % {"size": filesizeformat(upload.size), "limit": filesizeformat(kind.max_bytes)},
            code="too_large",
        )
    upload.seek(0)
    head: bytes = upload.read(HEAD_BYTES)
    upload.seek(0)
    mime = detect_type(head)
    if mime not in kind.mime_types:
        raise DomainError(
            _("“%(name)s” is not %(expected)s.") % {"name": upload.name, "expected": kind.label},
            code="wrong_type",
        )
    file_type = FILE_TYPES[mime]
    original = PurePosixPath((upload.name or "").replace("\\", "/")).name or "file"
    return CheckedUpload(
        file=File(upload, name=f"{uuid.uuid4().hex}{file_type.extension}"),
        original_name=download_name(original, file_type)[-200:],
        type=file_type,
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
