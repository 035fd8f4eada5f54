"""A unit's offline pack: a ZIP of plain HTML pages (an index and a page per published lesson)
with their images, audio, video and captions, the tasks' script and stylesheet, every link
relative, so that the unpacked folder opens from disk (or a school's shared drive) with its
tasks checking themselves, as on the site (decision 0025)."""

import io
import shutil
import zipfile
from pathlib import Path, PurePosixPath

from django.contrib.auth.models import AnonymousUser
from django.template.loader import render_to_string
from django.utils import translation

from ortaq.accounts.models import User
from ortaq.textbooks.checking import task_view
from ortaq.textbooks.models import Unit
from ortaq.textbooks.reading import Reading, unit_readings

STATIC = Path(__file__).resolve().parent / "static" / "textbooks"
CORE_STYLE = Path(__file__).resolve().parent.parent / "core" / "static" / "ortaq" / "ortaq.css"
CHUNK = 1024 * 1024


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
            with stored.open("rb") as source, archive.open(name, "w") as target:
                shutil.copyfileobj(source, target, CHUNK)
            setattr(item, f"pack_{part}", name)


def unit_pack(*, slug: str, unit_id: int, user: User | AnonymousUser) -> tuple[bytes, Unit]:
    """The ZIP of the unit's published lessons, worded in the textbook's language."""
    unit, readings = unit_readings(slug=slug, unit_id=unit_id, user=user)
    textbook = unit.textbook
    buffer = io.BytesIO()
    pages = [(lesson_file(n), reading) for n, reading in enumerate(readings, 1)]
    with (
        translation.override(textbook.language),
        zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive,
    ):
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
    return buffer.getvalue(), unit
