"""Checks for files that people upload, by their content and size rather than their name."""

from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from ortaq.core.errors import DomainError

CSV_MAX_BYTES = 20 * 1024 * 1024


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
