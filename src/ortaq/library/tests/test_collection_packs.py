"""A collection downloads as an offline pack (a ZIP of HTML pages that open from disk, with the
resources' files) and as one PDF (a cover, the contents, each resource), read back here by
their content; each download counts as one of every resource in it."""

import io
import zipfile
from typing import Any

import pytest
from django.core.files.storage import default_storage
from django.test import Client
from django.urls import reverse
from pypdf import PdfReader

from ortaq.library import packs
from ortaq.library.models import Alignment, Resource
from ortaq.library.services_collections import collection_remove
from ortaq.testing.factories import make_school, make_user
from ortaq.testing.library import PDF_BYTES, coll_collection, coll_resource

pytestmark = pytest.mark.django_db


def _content(response: Any) -> bytes:
    """The bytes of a streamed download (a ``FileResponse``)."""
    return b"".join(response.streaming_content)


@pytest.fixture
def collection(reference_data: None) -> object:
    school = make_school(name_kk="Жандосов ауылының шағын жинақты мектебі")
    author = make_user(first_name="Айгерім", last_name="Сейітова", profile__school=school)
    first = coll_resource(
        title="Қосу мен азайту: 1–4 сыныптар",
        author=author,
        school=school,
        grades=(1, 2, 3, 4),
        codes=("1.1.2.1", "2.1.2.3"),
        body="## Сабақ барысы\n\n[Басқа сабақ](/kk/library/) және *топтық жұмыс*.",
        files=[("Жұмыс парағы.pdf", PDF_BYTES)],
    )
    Alignment.objects.filter(version=first.current, code="1.1.2.1").update(
        description="20 көлеміндегі сандарды қосу"
    )
    second = coll_resource(title="Критерийлер: сандар", language="ru", kind="criteria", grades=(2,))
    return coll_collection(
        owner=make_user(first_name="Ерлан", last_name="Жұмабаев"), resources=[first, second]
    )


def test_the_offline_pack_opens_from_disk(collection: object) -> None:
    response = Client().get(reverse("library:collection_zip", args=[collection.pk]))  # type: ignore[attr-defined]
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert "attachment" in response["Content-Disposition"]
    archive = zipfile.ZipFile(io.BytesIO(_content(response)))
    names = archive.namelist()
    assert {"index.html", "style.css"} <= set(names)
    pages = sorted(n for n in names if n.endswith(".html") and n != "index.html")
    assert len(pages) == 2
    index = archive.read("index.html").decode()
    assert "Құрама сынып математикасы, 1–4 сыныптар" in index
    # The contents link to the pages relatively, in the collection's order.
    assert index.index(f'href="{pages[0]}"') < index.index(f'href="{pages[1]}"')
    first = archive.read(pages[0]).decode()
    for text in (
        "Қосу мен азайту: 1–4 сыныптар",
        "1, 2, 3, 4",  # grades
        "1.1.2.1",
        "20 көлеміндегі сандарды қосу",
        "CC BY 4.0",
        "Сейітова",
        "Жандосов ауылының шағын жинақты мектебі",
        'href="index.html"',
    ):
        assert text in first, text
    # Its file is inside the pack, linked relatively, and the site's own links are absolute.
    files = [n for n in names if n.startswith("files/")]
    assert len(files) == 1 and files[0].endswith(".pdf")
    assert archive.read(files[0]) == PDF_BYTES
    assert f'href="{files[0]}"' in first
    assert 'href="http' in first and 'href="/kk/' not in first
    second = archive.read(pages[1]).decode()
    assert '<html lang="ru">' in second and "Критерийлер: сандар" in second
    # A download counts as one of each resource.
    assert set(Resource.objects.values_list("downloads", flat=True)) == {1}


def test_the_collection_as_one_pdf(collection: object) -> None:
    response = Client().get(reverse("library:collection_pdf", args=[collection.pk]))  # type: ignore[attr-defined]
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(_content(response)))
    pages = [" ".join(page.extract_text().split()) for page in reader.pages]
    assert "Құрама сынып математикасы, 1–4 сыныптар" in pages[0]  # the cover
    assert "Жұмабаев" in pages[0]
    contents = pages[1]
    assert "Қосу мен азайту" in contents and "Критерийлер: сандар" in contents
    text = "\n".join(pages[2:])
    for expected in ("Сабақ барысы", "1.1.2.1", "CC BY 4.0", "Сейітова", "Жұмыс парағы.pdf"):
        assert expected in text, expected
    assert len(reader.pages) >= 4  # cover, contents, one page at least per resource


def test_an_empty_or_unpublished_collection_still_downloads(reference_data: None) -> None:
    draft = coll_resource(published=False, title="Жоба")
    empty = coll_collection(resources=[draft])
    response = Client().get(reverse("library:collection_zip", args=[empty.pk]))
    archive = zipfile.ZipFile(io.BytesIO(_content(response)))
    assert archive.namelist() == ["style.css", "index.html"]
    assert "Жоба" not in archive.read("index.html").decode()


def test_the_pack_is_kept_until_the_collection_changes(
    collection: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    built: list[int] = []
    build = packs._zip

    def counted(*args: Any) -> Any:
        built.append(1)
        return build(*args)

    monkeypatch.setattr(packs, "_zip", counted)
    url = reverse("library:collection_zip", args=[collection.pk])
    first = _content(Client().get(url))
    again = _content(Client().get(url))
    assert first == again and len(built) == 1  # the second download is the kept pack
    removed = collection.items.order_by("position").last().resource_id
    collection_remove(actor=collection.owner, collection=collection, resource_id=removed)
    archive = zipfile.ZipFile(io.BytesIO(_content(Client().get(url))))
    assert len(built) == 2
    assert len([n for n in archive.namelist() if n.endswith(".html") and n != "index.html"]) == 1
    folder = f"packs/library/collection-{collection.pk}"
    assert len([n for n in default_storage.listdir(folder)[1] if n.endswith(".zip")]) == 1
