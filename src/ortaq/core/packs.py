"""Offline packs, built one way for every app: a ZIP of plain HTML pages that open from disk,
the stored files streamed into it, the site's own links pointing at its public address.

A course's pack is kept as a row with its file, built by a background task, since its videos
may take minutes (``courses.services.packs``). A library collection's pack and a textbook
unit's are small enough to build while the person waits, but not on every request: each is
kept in the storage under what its content depends on (``stamp``), served again while that
is unchanged and replaced once it changes."""

import hashlib
import re
import shutil
import tempfile
import zipfile
from collections.abc import Callable, Iterable
from pathlib import PurePosixPath
from typing import IO

from django.core.files import File
from django.core.files.storage import default_storage
from django.db.models.fields.files import FieldFile
from django.utils.text import slugify

from ortaq.core.links import absolute_url
from ortaq.core.uploads import HEAD_BYTES, served_type

CHUNK = 1024 * 1024
# A pack up to this size is built in memory; a larger one on disk.
SPOOL_BYTES = 32 * 1024 * 1024
# Raise it when what a pack holds, or how its pages look, changes: packs kept under the old
# format are then made again.
FORMAT = 1
# href="/…" and src="/…" (not "//host"): links an author wrote to the site itself.
SITE_LINK = re.compile(r'(\s(?:href|src)=")/(?!/)')


def site_links_absolute(html: str) -> str:
    """Point the site's own links (written as /kk/courses/…, /media/…) at its public address:
    from a folder on disk, a root-relative link would lead nowhere."""
    return SITE_LINK.sub(lambda found: found.group(1) + absolute_url("/"), html)


def copy_stored(archive: zipfile.ZipFile, stored: FieldFile, name: str) -> None:
    """Stream a stored file into the pack as ``name`` (a video may be hundreds of megabytes)."""
    with stored.open("rb") as source, archive.open(name, "w") as target:
        shutil.copyfileobj(source, target, CHUNK)


def copy_typed(archive: zipfile.ZipFile, stored: FieldFile, stem: str) -> str:
    """Stream a stored file into the pack as ``stem`` with the extension of the type its
    content has (not of its name: a handout stored as "x.html" goes in as text); return its
    name in the pack."""
    with stored.open("rb") as source:
        head = source.read(HEAD_BYTES)
        name = stem + served_type(head).extension
        with archive.open(name, "w") as target:
            target.write(head)
            shutil.copyfileobj(source, target, CHUNK)
    return name


def file_stem(name: str, fallback: str = "file") -> str:
    """The Latin letters of a file's name without its extension, for a name in the pack."""
    return slugify(PurePosixPath(name).stem) or fallback


def new_zip(spool_bytes: int = SPOOL_BYTES) -> tuple[IO[bytes], Callable[[], zipfile.ZipFile]]:
    """A spooled temporary file (in memory up to ``spool_bytes``) and a way to open the pack
    inside it for writing."""
    buffer = tempfile.SpooledTemporaryFile(max_size=spool_bytes)  # noqa: SIM115 - returned
    return buffer, lambda: zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED)


def stamp_of(parts: Iterable[object]) -> str:
    """A short digest of what a pack's content depends on (with the packs' format)."""
    text = "\n".join(str(part) for part in (FORMAT, *parts))
    return hashlib.sha256(text.encode()).hexdigest()[:20]


def kept(*, folder: str, stamp: str, extension: str, build: Callable[[], IO[bytes]]) -> IO[bytes]:
    """The pack kept in ``folder`` for ``stamp``, opened for reading; built by ``build`` (a
    rewound file) and kept when there is none yet, removing the folder's older ones of this
    ``extension``. Two people asking at once may both build it: the storage keeps the second
    under another name, removed with the others once the content changes."""
    name = f"{folder}/{stamp}{extension}"
    if default_storage.exists(name):
        return default_storage.open(name, "rb")
    built = build()
    try:
        saved = default_storage.save(name, File(built, name=name))
    finally:
        built.close()
    try:
        others = default_storage.listdir(folder)[1]
    except FileNotFoundError:
        others = []
    for other in others:
        if other.endswith(extension) and f"{folder}/{other}" not in (name, saved):
            default_storage.delete(f"{folder}/{other}")
    return default_storage.open(saved, "rb")
