"""The API's limits: per signed-in person and per address (as the trusted proxies saw it), a 429
with Retry-After and a translated detail past them, and a new count in the next window."""

from collections.abc import Iterator
from typing import Any

import pytest
from django.test import Client

from ortaq.api.throttling import FixedWindow
from ortaq.testing.http import bearer

pytestmark = pytest.mark.django_db

# 20 seconds into a minute: 40 seconds are left of its window.
START = 1_800_000_000.0 + 20


class Clock:
    now = START


@pytest.fixture(autouse=True)
def clock(monkeypatch: pytest.MonkeyPatch) -> Iterator[type[Clock]]:
    """The limits' clock, which tests move by hand rather than wait."""
    Clock.now = START
    monkeypatch.setattr(FixedWindow, "timer", staticmethod(lambda: Clock.now))
    yield Clock


@pytest.fixture(autouse=True)
def low_limits(settings: Any) -> None:
    settings.ORTAQ_API_RATE_ANON = "3/m"
    settings.ORTAQ_API_RATE_USER = "2/m"


def get(path: str, *, address: str = "203.0.113.5", language: str = "en", **headers: str) -> Any:
    return Client(REMOTE_ADDR=address).get(path, headers={"accept-language": language, **headers})


def test_an_address_past_its_limit_is_told_when_to_come_back() -> None:
    for _ in range(3):
        assert get("/api/v1/regions").status_code == 200
    refused = get("/api/v1/schools")
    assert refused.status_code == 429
    assert refused.headers["Retry-After"] == "40"
    assert refused.json() == {"detail": "Too many requests: try again in 40 seconds."}
    russian = get("/api/v1/regions", language="ru")
    assert russian.json()["detail"] == "Слишком много запросов: повторите через 40 секунд."
    assert get("/api/v1/regions", address="198.51.100.7").status_code == 200


def test_the_count_starts_again_in_the_next_window(clock: type[Clock]) -> None:
    for _ in range(3):
        get("/api/v1/regions")
    assert get("/api/v1/regions").status_code == 429
    clock.now += 40
    assert get("/api/v1/regions").status_code == 200


def test_a_forwarded_header_is_not_believed_without_a_trusted_proxy() -> None:
    for number in range(3):
        get("/api/v1/regions", x_forwarded_for=f"192.0.2.{number}")
    assert get("/api/v1/regions", x_forwarded_for="192.0.2.99").status_code == 429


def test_behind_a_trusted_proxy_each_client_counts_apart(settings: Any) -> None:
    settings.ORTAQ_TRUSTED_PROXY_COUNT = 1
    proxy = "10.0.0.2"
    for _ in range(3):
        get("/api/v1/regions", address=proxy, x_forwarded_for="192.0.2.1")
    assert get("/api/v1/regions", address=proxy, x_forwarded_for="192.0.2.1").status_code == 429
    assert get("/api/v1/regions", address=proxy, x_forwarded_for="192.0.2.2").status_code == 200


def test_a_person_counts_once_whichever_token_she_uses(people: dict[str, Any]) -> None:
    first, second = (
        bearer(people["teacher"])["authorization"],
        bearer(people["teacher"])["authorization"],
    )
    assert get("/api/v1/me", authorization=first).status_code == 200
    assert get("/api/v1/me", authorization=second).status_code == 200
    refused = get("/api/v1/me", authorization=first)
    assert refused.status_code == 429 and refused.headers["Retry-After"] == "40"
    # Another person, and the address the teacher's requests came from, have their own counts.
    assert (
        get("/api/v1/me", authorization=bearer(people["facilitator"])["authorization"]).status_code
        == 200
    )
    assert get("/api/v1/regions").status_code == 200


def test_a_session_counts_as_its_person(people: dict[str, Any]) -> None:
    client = Client()
    client.force_login(people["teacher"])
    assert [client.get("/api/v1/me").status_code for _ in range(3)] == [200, 200, 429]
    assert (
        get("/api/v1/me", authorization=bearer(people["teacher"])["authorization"]).status_code
        == 429
    )


def test_guessing_tokens_is_limited_by_address(people: dict[str, Any]) -> None:
    for number in range(3):
        assert get("/api/v1/me", authorization=f"Bearer wrong-{number}").status_code == 401
    refused = get("/api/v1/me", authorization="Bearer wrong-again", language="kk")
    assert refused.status_code == 429 and refused.headers["Retry-After"] == "40"
    assert refused.json()["detail"] == "Сұрау тым көп: 40 секундтан кейін қайталаңыз."
    assert (
        get("/api/v1/me", authorization=bearer(people["teacher"])["authorization"]).status_code
        == 200
    )


def test_an_empty_limit_is_no_limit(settings: Any) -> None:
    settings.ORTAQ_API_RATE_ANON = ""
    assert {get("/api/v1/regions").status_code for _ in range(10)} == {200}
