"""No cache keeps an answer to a signed-in caller: every one is ``private, no-store``, errors
included (``/me`` carries her IIN); anonymous answers stay cacheable."""

from typing import Any

import pytest
from django.test import Client

from ortaq.accounts.models import User
from ortaq.demo import loader
from ortaq.testing.openapi import OPERATIONS, fill, path_values

READS = [(path, operation) for method, path, operation in OPERATIONS if method == "GET"]


def assert_private(response: Any) -> None:
    directives = {d.strip() for d in response.headers.get("Cache-Control", "").split(",")}
    assert {"private", "no-store"} <= directives, (response.status_code, directives)


@pytest.mark.parametrize(("path", "operation"), READS, ids=[path for path, _op in READS])
def test_every_answer_to_a_token_is_private(
    demo: str, db: Any, path: str, operation: dict[str, Any]
) -> None:
    url = fill(path, path_values(path))
    response = Client().get(url, headers={"authorization": f"Bearer {demo}"})
    assert response.status_code < 500
    assert_private(response)


def test_an_answer_to_a_session_is_private_and_one_to_nobody_is_not(demo: str, db: Any) -> None:
    client = Client()
    client.force_login(User.objects.get(email=loader.ADMIN))
    me = client.get("/api/v1/me")
    assert me.status_code == 200 and "iin" in me.json()["profile"]
    assert_private(me)
    assert_private(client.get("/api/v1/regions"))

    anonymous = Client().get("/api/v1/regions")
    assert anonymous.status_code == 200
    assert "no-store" not in anonymous.headers.get("Cache-Control", "")
    assert "Authorization" in anonymous.headers["Vary"]


def test_a_refusal_to_a_caller_with_a_token_is_private_too(demo: str, db: Any) -> None:
    refused = Client().get("/api/v1/me", headers={"authorization": "Bearer wrong"})
    assert refused.status_code == 401
    assert_private(refused)
