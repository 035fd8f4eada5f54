"""Associations in the API: read by anyone, paginated; member schools and news written by those
who run the association (news by its editor too), refused to others; bad input answered with a
translated ``detail``; lists that cost the same whatever they hold."""

from collections.abc import Iterator
from typing import Any

import pytest
from django.test import Client

from ortaq.networks.models import MemberSchool, NewsPost
from ortaq.testing.factories import make_association, make_school
from ortaq.testing.http import JSON, bearer, call, counted
from ortaq.testing.refusals import assert_refused
from ortaq.testing.world import association_cast

pytestmark = pytest.mark.django_db
BASE = "/api/v1/networks/talgar"


@pytest.fixture(scope="module")
def cast(django_db_setup: Any, django_db_blocker: Any) -> Iterator[dict[str, Any]]:
    yield from association_cast(django_db_blocker, news=3)


def test_anyone_reads_the_directory_an_association_its_schools_and_news(
    cast: dict[str, Any],
) -> None:
    client = Client()
    listed = client.get("/api/v1/networks").json()
    assert listed["count"] == 1
    (row,) = listed["items"]
    assert row["slug"] == "talgar" and row["schools"] == 1 and row["region"]["code"] == "KZ-19"
    assert client.get("/api/v1/networks", {"region": "kz-23"}).json()["count"] == 0
    assert client.get("/api/v1/networks", {"q": "№1"}).json()["count"] == 1
    one = client.get(BASE).json()
    assert one["about_kk"] == "Мектептер бірге *зерттейді*."
    assert one["coordinators"] == [
        {"name": cast["steward"].get_full_name(), "school_id": cast["school"].pk}
    ]
    assert one["editor"]["name"] == cast["editor"].get_full_name()
    (school,) = client.get(f"{BASE}/schools").json()["items"]
    assert school["school_id"] == cast["school"].pk
    assert school["district"]["id"] == cast["school"].district_id
    news = client.get(f"{BASE}/news", {"page_size": 2}).json()
    assert news["count"] == 3 and [n["title"] for n in news["items"]] == ["Жаңалық 3", "Жаңалық 2"]
    first = NewsPost.objects.order_by("pk")[0]
    assert client.get(f"{BASE}/news/{first.pk}").json()["body"] == first.body


def test_unknown_things_are_not_found_and_an_unknown_region_is_named(
    cast: dict[str, Any],
) -> None:
    client = Client()
    for url in ("/api/v1/networks/nowhere", "/api/v1/networks/nowhere/news", f"{BASE}/news/0"):
        assert client.get(url).status_code == 404
    refused = client.get("/api/v1/networks", {"region": "KZ-99"}, headers={"accept-language": "ru"})
    assert refused.status_code == 422
    assert refused.json()["detail"][0]["loc"] == ["query", "region"]


@pytest.mark.parametrize(
    ("who", "schools", "news"),
    [
        ("anonymous", "visitor", "visitor"),
        ("teacher", "onlooker", "onlooker"),
        ("principal", "onlooker", "onlooker"),
        ("district_coordinator", "onlooker", "onlooker"),
        ("other_coordinator", "onlooker", "onlooker"),
        ("far_teacher", "onlooker", "onlooker"),
        ("editor", "onlooker", None),
        ("steward", None, None),
        ("coordinator", None, None),
        ("admin", None, None),
    ],
)
def test_the_permission_matrix_of_the_writes(
    cast: dict[str, Any], who: str, schools: str | None, news: str | None
) -> None:
    client = Client()
    headers = {} if who == "anonymous" else bearer(cast[who])
    school = make_school(region=cast["region"])
    post = NewsPost.objects.filter(association=cast["association"]).order_by("pk")[0]

    def send(method: str, url: str, body: Any = None) -> Any:
        return getattr(client, method)(url, body, content_type=JSON, headers=headers)

    answers = {
        "schools": [
            (201, send("post", f"{BASE}/schools", {"school_id": school.pk})),
            (204, send("delete", f"{BASE}/schools/{school.pk}")),
        ],
        "news": [
            (201, send("post", f"{BASE}/news", {"title": "Семинар", "language": "kk"})),
            (200, send("patch", f"{BASE}/news/{post.pk}", {"title": "Семинар өтті"})),
            (204, send("delete", f"{BASE}/news/{post.pk}")),
        ],
    }
    for area, refusal in (("schools", schools), ("news", news)):
        for status, response in answers[area]:
            if refusal is None:
                assert response.status_code == status, response.content
            else:
                assert_refused(response, as_=refusal)  # type: ignore[arg-type]
    # Added and taken out again, or never added.
    assert not MemberSchool.objects.filter(school=school).exists()
    assert NewsPost.objects.filter(pk=post.pk).exists() is (news is not None)
    assert NewsPost.objects.filter(title="Семинар").exists() is (news is None)


def test_a_school_added_twice_or_of_another_region_is_refused_saying_so(
    cast: dict[str, Any],
) -> None:
    client = Client()
    steward = cast["steward"]
    school = make_school(region=cast["region"])
    added = call(client, "post", f"{BASE}/schools", steward, {"school_id": school.pk})
    assert added.status_code == 201 and added.json()["member_since"]
    again = client.post(
        f"{BASE}/schools", {"school_id": school.pk}, content_type=JSON,
        headers=bearer(steward, language="kk"),
    )  # fmt: skip
    assert again.status_code == 400
    assert again.json() == {"detail": f"{school.name_kk} қауымдастыққа бұрыннан мүше."}
    far = client.post(
        f"{BASE}/schools", {"school_id": cast["far_school"].pk}, content_type=JSON,
        headers=bearer(steward, language="en"),
    )  # fmt: skip
    assert far.status_code == 400
    assert (
        far.json()["detail"] == f"{cast['far_school'].name_kk} is not in the association's region."
    )
    missing = call(client, "post", f"{BASE}/schools", steward, {"school_id": 10**9})
    assert missing.status_code == 400
    not_member = call(client, "delete", f"{BASE}/schools/{cast['far_school'].pk}", steward)
    assert not_member.status_code == 404
    removed = call(client, "delete", f"{BASE}/schools/{school.pk}", steward)
    assert removed.status_code == 204 and removed.content == b""


def test_news_needs_a_title_and_is_made_once_per_key(cast: dict[str, Any]) -> None:
    client = Client()
    editor = cast["editor"]
    untitled = client.post(
        f"{BASE}/news", {"title": "  ", "language": "ru"}, content_type=JSON,
        headers=bearer(editor, language="ru"),
    )  # fmt: skip
    assert untitled.status_code == 400
    assert untitled.json() == {"detail": "Дайте новости заголовок."}
    missing = client.post(
        f"{BASE}/news", {"language": "ru"}, content_type=JSON,
        headers=bearer(editor, language="kk"),
    )  # fmt: skip
    assert missing.status_code == 422
    assert missing.json()["detail"][0]["loc"] == ["body", "body", "title"]
    body = {"title": "Конференция", "body": "*Келіңіз*", "language": "kk",
            "client_key": "8c4e2f0a-4d7b-4f55-9a51-2d4f1c6b7e10"}  # fmt: skip
    first = call(client, "post", f"{BASE}/news", editor, body)
    second = call(client, "post", f"{BASE}/news", editor, body)
    assert first.status_code == second.status_code == 201
    assert first.json()["id"] == second.json()["id"]
    changed = call(client, "patch", f"{BASE}/news/{first.json()['id']}", editor, {"language": "ru"})
    assert changed.json()["language"] == "ru" and changed.json()["title"] == "Конференция"


def test_the_lists_cost_the_same_whatever_they_hold(cast: dict[str, Any]) -> None:
    client = Client()
    admin = cast["admin"]
    counts = {
        url: counted(client, url, admin)[1]
        for url in ("/api/v1/networks", f"{BASE}/schools", f"{BASE}/news")
    }
    for _ in range(3):
        make_association(schools=[make_school()], news=2)
    for school in [make_school(region=cast["region"]) for _ in range(4)]:
        MemberSchool.objects.create(association=cast["association"], school=school)
    for n in range(4):
        NewsPost.objects.create(association=cast["association"], title=f"T{n}", language="kk")
    for url, before in counts.items():
        total, after = counted(client, url, admin)
        assert len(after) == len(before), url
        assert total > 1
