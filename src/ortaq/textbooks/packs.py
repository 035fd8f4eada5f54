"""A unit's offline pack: a ZIP of plain HTML pages (an index and a page per published lesson)
with their images, audio, video and captions, the tasks' script and stylesheet, every link
relative, so that the unpacked folder opens from disk (or a school's shared drive) with its
tasks checking themselves, as on the site (decision 0025). It is kept (``core.packs.kept``)
until the unit's published lessons, or the unit and textbook they are shown in, change."""

import hashlib
import zipfile
from pathlib import Path, PurePosixPath
from typing import IO

from django.contrib.auth.models import AnonymousUser
from django.template.loader import render_to_string
from django.utils import translation

from ortaq.accounts.models import User
from ortaq.core import packs
from ortaq.textbooks.checking import task_view
from ortaq.textbooks.models import Unit
from ortaq.textbooks.reading import Reading, unit_readings

STATIC = Path(__file__).resolve().parent / "static" / "textbooks"
CORE_STYLE = Path(__file__).resolve().parent.parent / "core" / "static" / "ortaq" / "ortaq.css"


def lesson_file(number: int) -> str:
    return f"lesson-{number:02d}.html"


def _copy_media(archive: zipfile.ZipFile, reading: Reading) -> None:
    """Put the lesson's files in ``media/`` and tell each media row its name there."""
    for item in reading.media:
        for part in ("file", "captions"):
            stored = getattr(item, part)
            if not stored:
                continue
            suffix = PurePosixPath(stored.name).suffix.lower()[:8]
            name = f"media/{item.pk}-{part}{suffix}"
            packs.copy_stored(archive, stored, name)
            setattr(item, f"pack_{part}", name)


def _stamp(unit: Unit, readings: list[Reading]) -> str:
    """What the pack says: the textbook's and unit's names and the unit's description, each
    lesson's place and published version (a published version does not change: a new one
    replaces it), and the tasks' script and styles it carries."""
    textbook = unit.textbook
    carried = hashlib.sha256()
    for path in (STATIC / "tasks.js", STATIC / "tasks.css", CORE_STYLE):
        carried.update(path.read_bytes())
    return packs.stamp_of(
        [
            textbook.pk,
            textbook.language,
            textbook.title,
            unit.pk,
            unit.position,
            unit.title,
            unit.description,
            carried.hexdigest(),
            *((r.lesson.pk, r.lesson.position, r.lesson.title, r.version.pk) for r in readings),
        ]
    )


def unit_pack(*, slug: str, unit_id: int, user: User | AnonymousUser) -> tuple[bytes, Unit]:
    """The ZIP of the unit's published lessons, worded in the textbook's language."""
    unit, readings = unit_readings(slug=slug, unit_id=unit_id, user=user)
    with packs.kept(
        folder=f"packs/textbooks/unit-{unit.pk}",
        stamp=_stamp(unit, readings),
        extension=".zip",
        build=lambda: _zip(unit, readings),
    ) as kept:
        return kept.read(), unit


def _zip(unit: Unit, readings: list[Reading]) -> IO[bytes]:
    textbook = unit.textbook
    buffer, opened = packs.new_zip()
    pages = [(lesson_file(n), reading) for n, reading in enumerate(readings, 1)]
    with translation.override(textbook.language), opened() as archive:
        archive.writestr("tasks.js", (STATIC / "tasks.js").read_bytes())
        archive.writestr("tasks.css", (STATIC / "tasks.css").read_bytes())
        archive.writestr("style.css", CORE_STYLE.read_bytes())
        archive.writestr(
            "index.html",
            render_to_string(
                "textbooks/pack/index.html", {"unit": unit, "textbook": textbook, "pages": pages}
            ),
        )
        for index, (name, reading) in enumerate(pages):
            _copy_media(archive, reading)
            tasks = [(task_view(e, n), None) for n, e in enumerate(reading.exercises, 1)]
            archive.writestr(
                name,
                render_to_string(
                    "textbooks/pack/lesson.html",
                    {
                        "reading": reading,
                        "tasks": tasks,
                        "offline": True,
                        "storage_key": f"ortaq-textbook-{reading.version.pk}",
                        "previous": pages[index - 1][0] if index > 0 else None,
                        "next": pages[index + 1][0] if index + 1 < len(pages) else None,
                    },
                ),
            )
    buffer.seek(0)
    return buffer
