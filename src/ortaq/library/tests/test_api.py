"""The library's read API: the catalogue with search and filters, a resource, its versions as
each reader may see them, bad input, and fixed query counts."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from ortaq.library.choices import Kind, Status
from ortaq.library.models import Version
from ortaq.testing.factories import make_user
from ortaq.testing.http import bearer
from ortaq.testing.librarysearch import search_publish_next, search_resource, search_subject

pytestmark = pytest.mark.django_db
URL = "/api/v1/library/resources"


def test_list_searches_and_filters() -> None:
    plan = search_resource(title="Мектептегі сабақ жоспары", grades=[5], codes=["5.2.1.1"])
    search_resource(title="Урок математики", language="ru", kind=Kind.CRITERIA, grades=[6])
    search_resource(title="Жоба", status=Status.DRAFT)
    client = Client()
    body = client.get(URL).json()
    assert body["count"] == 2
    found = client.get(URL, {"q": "мектептердің"}).json()
    assert [r["id"] for r in found["items"]] == [plan.pk]
    item = found["items"][0]
    assert item["title"] == "Мектептегі сабақ жоспары"
    assert item["grades"] == [5]
    assert item["subject"]["code"] == "mathematics"
    assert item["authors"][0]["name"]
    assert client.get(URL, {"code": "5.2"}).json()["count"] == 1
    assert client.get(URL, {"kind": "criteria"}).json()["count"] == 1
    assert client.get(URL, {"language": "ru", "grade": "6"}).json()["count"] == 1
    assert client.get(URL, {"subject": "mathematics"}).json()["count"] == 2


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"subject": "astrology"}, "subject"),
        ({"code": "five"}, "code"),
        ({"kind": "poem"}, "kind"),
        ({"grade": "12"}, "grade"),
        ({"level": "world"}, "level"),
    ],
)
def test_bad_filters_are_a_422_naming_them(query: dict[str, str], field: str) -> None:
    response = Client().get(URL, query)
    assert response.status_code == 422
    assert any(field in error["loc"] for error in response.json()["detail"])


def test_a_draft_is_seen_only_by_those_who_work_on_it() -> None:
    author = make_user()
    draft = search_resource(title="Жоба", status=Status.DRAFT, authors=[author])
    url = f"{URL}/{draft.pk}"
    client = Client()
    assert client.get(url).status_code == 404
    assert client.get(url, headers=bearer(make_user())).status_code == 404
    mine = client.get(url, headers=bearer(author))
    assert mine.status_code == 200
    assert mine.json()["version"] is None
    versions = client.get(f"{url}/versions", headers=bearer(author)).json()
    assert [(v["number"], v["status"]) for v in versions["items"]] == [(1, "draft")]
    assert client.get(f"{url}/versions/1", headers=bearer(author)).status_code == 200
    assert client.get(f"{url}/versions/1").status_code == 404


def test_published_versions_are_public_and_a_new_draft_is_not() -> None:
    author = make_user()
    resource = search_resource(title="Бірінші", authors=[author], codes=["5.2.1.1"])
    now = timezone.now()
    search_publish_next(resource, title="Екінші", submitted_at=now, published_at=now)
    Version.objects.create(
        resource=resource, number=3, status=Status.DRAFT, title="Үшінші", created_by=author
    )
    client = Client()
    detail = client.get(f"{URL}/{resource.pk}").json()
    assert (detail["title"], detail["version"]) == ("Екінші", 2)
    public = client.get(f"{URL}/{resource.pk}/versions").json()
    assert [(v["number"], v["status"]) for v in public["items"]] == [
        (2, "published"),
        (1, "superseded"),
    ]
    first = client.get(f"{URL}/{resource.pk}/versions/1").json()
    assert first["title"] == "Бірінші"
    assert first["alignments"][0]["code"] == "5.2.1.1"
    assert client.get(f"{URL}/{resource.pk}/versions/3").status_code == 404
    theirs = client.get(f"{URL}/{resource.pk}/versions", headers=bearer(author)).json()
    assert [v["number"] for v in theirs["items"]] == [3, 2, 1]


def _queries(url: str) -> int:
    client = Client()
    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured.captured_queries)


def test_lists_make_a_fixed_number_of_queries() -> None:
    subject = search_subject()
    first = search_resource(title="Сабақ", subject=subject, grades=[5, 6])
    few = {url: _queries(url) for url in (URL, f"{URL}?q=сабақтар", f"{URL}/{first.pk}/versions")}
    for n in range(10):
        resource = search_resource(
            title=f"Сабақ {n}", subject=subject, grades=[5, 6], authors=[make_user(), make_user()]
        )
    now = timezone.now()
    for n in range(3):
        search_publish_next(first, title=f"Сабақ v{n}", submitted_at=now, published_at=now)
    assert resource is not None
    for url, count in few.items():
        assert _queries(url) == count, url


def test_the_schema_describes_the_operations() -> None:
    schema = Client().get("/api/v1/openapi.json").json()
    for path in (
        "/api/v1/library/resources",
        "/api/v1/library/resources/{resource_id}",
        "/api/v1/library/resources/{resource_id}/versions",
        "/api/v1/library/resources/{resource_id}/versions/{version_number}",
    ):
        assert "get" in schema["paths"][path], path
