"""A collection as an offline pack (a ZIP of plain HTML pages that open from disk, with the
resources' files inside) and as one PDF (a cover, the contents, then each resource).

Both are made when first asked for, in the collection's language: a collection holds at most
``services_collections.MAX_ITEMS`` resources, their text is small, and their files are streamed
into a spooled temporary file, so a pack needs no background job (a course's pack, with its
videos, does: ``courses.services.packs``). Each is kept (``core.packs.kept``) until the
collection or one of its resources' published versions changes. Each page of the pack names the
resource's grades, objectives, licence and authors; links between pages and to the files are
relative, and the site's own links (``/kk/…``) point at its public address.
"""

from dataclasses import dataclass
from io import BytesIO
from typing import IO

from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.text import slugify

from ortaq.core import packs
from ortaq.core.links import absolute_url
from ortaq.core.pdf import template_to_pdf
from ortaq.library.choices import Licence
from ortaq.library.links import resource_url
from ortaq.library.models import Collection, CollectionItem

PACK_STYLE = """body{font-family:system-ui,"DejaVu Sans",sans-serif;line-height:1.5;max-width:46rem;
margin:0 auto;padding:1rem;color:#1b1f24}a{color:#0b5c8a}h1{font-size:1.6rem}
nav{margin-bottom:1rem}.muted{color:#4a5560}pre,blockquote{background:#f3f6f8;padding:.5rem}
dl{display:grid;grid-template-columns:max-content 1fr;gap:.25rem 1rem}dt{font-weight:bold}
dd{margin:0}table{border-collapse:collapse}td,th{border:1px solid #999;padding:.25rem .5rem}"""
PDF_STYLE = """
@page { size: A4; margin: 20mm 18mm; @bottom-center { content: counter(page); font-size: 9pt; } }
@page cover { @bottom-center { content: none; } }
body { font-size: 11pt; line-height: 1.45; }
.cover { page: cover; text-align: center; padding-top: 60mm; break-after: page; }
.cover h1 { font-size: 24pt; color: #07405f; }
.contents { break-after: page; }
.contents a { color: inherit; text-decoration: none; }
.contents a::after { content: leader('.') target-counter(attr(href), page); }
.resource { break-before: page; }
.resource:first-of-type { break-before: auto; }
h1 { font-size: 18pt; color: #07405f; margin: 0 0 4mm; }
h2 { font-size: 14pt; color: #07405f; margin: 6mm 0 2mm; }
h3 { font-size: 12pt; margin: 4mm 0 2mm; }
.meta { color: #444; font-size: 10pt; }
dt { font-weight: bold; }
table { border-collapse: collapse; width: 100%; }
td, th { border: 0.3mm solid #999; padding: 1.5mm; vertical-align: top; font-size: 9.5pt; }
"""


@dataclass(frozen=True, slots=True)
class PackFile:
    name: str  # as the teacher named it
    path: str  # inside the ZIP


@dataclass(frozen=True, slots=True)
class PackPage:
    item: CollectionItem
    path: str
    files: list[PackFile]
    online: str  # the resource's page on the site

    @property
    def licence_url(self) -> str:
        return Licence(self.item.resource.current.licence).url  # type: ignore[union-attr]


def _label(collection: Collection) -> str:
    return slugify(collection.title) or f"collection-{collection.pk}"


def pack_name(collection: Collection, extension: str) -> str:
    """The name the download is saved under: the title's Latin letters, or its number."""
    return f"{_label(collection)}{extension}"


def _pages(items: list[CollectionItem]) -> list[PackPage]:
    pages = []
    for number, item in enumerate(items, start=1):
        pages.append(
            PackPage(
                item=item,
                path=f"{number:02d}-{item.resource_id}.html",
                files=[],
                online=absolute_url(resource_url(item.resource_id)),
            )
        )
    return pages


def _context(collection: Collection, pages: list[PackPage]) -> dict[str, object]:
    return {
        "collection": collection,
        "pages": pages,
        "made_at": timezone.now(),
        "online": absolute_url(reverse("library:collection", args=[collection.pk])),
    }


def _stamp(collection: Collection, items: list[CollectionItem]) -> str:
    """What the collection's pack and PDF say: the collection (its ``updated_at`` moves with
    every change of it and of its items) and the published version of each resource."""
    return packs.stamp_of(
        [
            collection.pk,
            collection.updated_at.isoformat(),
            collection.language,
            collection.title,
            collection.description,
            collection.owner_id,
            *((i.pk, i.position, i.note, i.resource_id, i.resource.current_id) for i in items),
        ]
    )


def _folder(collection: Collection) -> str:
    return f"packs/library/collection-{collection.pk}"


def collection_zip(*, collection: Collection, items: list[CollectionItem]) -> IO[bytes]:
    """The pack, opened for reading: ``index.html``, one page per resource, ``style.css`` and
    each resource's files under ``files/``; made when the collection has changed."""
    return packs.kept(
        folder=_folder(collection),
        stamp=_stamp(collection, items),
        extension=".zip",
        build=lambda: _zip(collection, items),
    )


def _zip(collection: Collection, items: list[CollectionItem]) -> IO[bytes]:
    buffer, opened = packs.new_zip()
    pages = _pages(items)
    with translation.override(collection.language), opened() as archive:
        for page in pages:
            version = page.item.resource.current
            if version is None:  # the items are published resources
                continue
            for n, attachment in enumerate(version.attachments.all(), start=1):
                stem = f"files/{page.item.resource_id}-{n}-{packs.file_stem(attachment.name)}"
                path = packs.copy_typed(archive, attachment.file, stem)
                page.files.append(PackFile(attachment.name, path))
        context = _context(collection, pages)
        archive.writestr("style.css", PACK_STYLE)
        archive.writestr("index.html", render_to_string("library/pack/index.html", context))
        for index, page in enumerate(pages):
            html = render_to_string(
                "library/pack/resource.html",
                {
                    **context,
                    "page": page,
                    "previous": pages[index - 1].path if index else None,
                    "next": pages[index + 1].path if index + 1 < len(pages) else None,
                },
            )
            archive.writestr(page.path, packs.site_links_absolute(html))
    buffer.seek(0)
    return buffer


def collection_pdf(*, collection: Collection, items: list[CollectionItem]) -> bytes:
    """The collection as one PDF: a cover, the contents with page numbers, each resource."""

    def build() -> IO[bytes]:
        with translation.override(collection.language):
            return BytesIO(
                template_to_pdf(
                    "library/pack/collection_pdf.html",
                    _context(collection, _pages(items)),
                    style=PDF_STYLE,
                )
            )

    with packs.kept(
        folder=_folder(collection), stamp=_stamp(collection, items), extension=".pdf", build=build
    ) as kept:
        return kept.read()
