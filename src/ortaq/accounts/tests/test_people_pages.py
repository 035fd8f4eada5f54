"""The people list pages by key: every person once, in name order, forward and back, the
methodologist's filter kept; and a key that is not one of ours gives the first page."""

import re
from html import unescape
from typing import Any

from django.test import Client

from ortaq.accounts.views import PAGE_SIZE
from ortaq.core import pagination
from ortaq.testing.factories import make_user


def names_on(html: str) -> list[str]:
    return re.findall(r'<td><a href="/en/people/\d+/">([^<]+)</a></td>', html)


def ids_on(html: str) -> list[str]:
    return re.findall(r'<td><a href="/en/people/(\d+)/">', html)


def link(html: str, rel: str) -> str | None:
    found = re.search(rf'<a href="([^"]+)" rel="{rel}">', html)
    return unescape(found.group(1)) if found else None


def test_pages_by_key_forward_and_back(people: dict[str, Any]) -> None:
    # Namesakes too: the key goes on to the primary key where names are equal.
    for n in range(PAGE_SIZE + 7):
        make_user(
            email=f"p{n}@example.kz",
            last_name="Ахметова" if n % 3 else "Бекова",
            first_name="Айгүл",
            profile__school=people["school"],
        )
    client = Client()
    client.force_login(people["admin"])
    first = client.get("/en/people/").content.decode()
    assert "people." in first and link(first, "prev") is None
    forward = link(first, "next")
    assert forward is not None and "after=" in forward
    second = client.get("/en/people/" + forward).content.decode()
    assert link(second, "next") is None
    everyone = ids_on(first) + ids_on(second)
    total = PAGE_SIZE + 7 + 9  # the role matrix's nine people too
    assert len(set(everyone)) == len(everyone) == total and len(ids_on(first)) == PAGE_SIZE
    ours = [n for n in names_on(first) + names_on(second) if n.split()[0] in ("Ахметова", "Бекова")]
    assert ours == ["Ахметова Айгүл"] * (PAGE_SIZE + 7 - 11) + ["Бекова Айгүл"] * 11
    back = link(second, "prev")
    assert back is not None and "before=" in back
    assert names_on(client.get("/en/people/" + back).content.decode()) == names_on(first)
    # A made-up key is ignored: the first page.
    assert names_on(client.get("/en/people/?after=!!").content.decode()) == names_on(first)


def test_a_long_list_says_more_than(people: dict[str, Any], monkeypatch: Any) -> None:
    monkeypatch.setattr(pagination, "COUNT_LIMIT", 5)
    client = Client()
    client.force_login(people["admin"])
    assert "More than 5 people." in client.get("/en/people/").content.decode()
    # A regional methodologist's list counts her region only, below the limit.
    client.force_login(people["coordinator"])
    assert re.search(r"\b[1-5] (person|people)\.", client.get("/en/people/").content.decode())


def test_a_search_pages_by_key_as_the_list_does(people: dict[str, Any]) -> None:
    # A word of three letters or more is found by the trigram indexes on PostgreSQL, and its
    # matches sorted (``sort_matches``): the same people, in the same order, forward and back.
    expected = []
    for n in range(PAGE_SIZE + 7):
        last, first = ("Ахметова" if n % 4 else "Жұмахметова"), ("Әсел" if n % 3 else "Айгүл")
        make_user(
            email=f"found{n}@example.kz",
            last_name=last,
            first_name=first,
            profile__school=people["school"],
        )
        expected.append(f"{last} {first}")
    make_user(email="not-found@example.kz", last_name="Бекова", profile__school=people["school"])
    client = Client()
    client.force_login(people["admin"])
    first = client.get("/en/people/", {"q": "ахмет"}).content.decode()
    forward = link(first, "next")
    assert forward is not None and link(first, "prev") is None
    second = client.get("/en/people/" + forward).content.decode()
    assert link(second, "next") is None
    assert len(ids_on(first)) == PAGE_SIZE
    assert len(set(ids_on(first) + ids_on(second))) == PAGE_SIZE + 7
    assert names_on(first) + names_on(second) == sorted(expected)
    back = link(second, "prev")
    assert back is not None
    assert names_on(client.get("/en/people/" + back).content.decode()) == names_on(first)
    # Two letters have no trigram: the list is walked in its order, with the same result.
    assert names_on(client.get("/en/people/", {"q": "ХМ"}).content.decode()) == names_on(first)
