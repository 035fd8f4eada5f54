from typing import Any

import pytest
from django.test import Client

from ortaq.accounts.services import api_token_create
from ortaq.testing.factories import iin, make_user

pytestmark = pytest.mark.django_db


def test_me_with_a_bearer_token(client: Client, people: dict[str, Any]) -> None:
    teacher = people["teacher"]
    teacher.profile.iin = iin()
    teacher.profile.save()
    _token, raw = api_token_create(actor=teacher, name="script")
    response = client.get("/api/v1/me", headers={"authorization": f"Bearer {raw}"})
    assert response.status_code == 200
    body = response.json()
    assert body["email"] == teacher.email
    assert body["profile"]["iin"] == teacher.profile.iin
    assert body["profile"]["school"]["id"] == people["school"].pk
    assert {"role": "teacher", "scope_kind": "school", "scope": str(people["school"].pk)} in body[
        "roles"
    ]


def test_me_with_the_session(client: Client) -> None:
    user = make_user()
    client.force_login(user)
    assert client.get("/api/v1/me").json()["email"] == user.email


@pytest.mark.parametrize("header", [None, "Bearer nonsense", "Basic abc"])
def test_me_without_valid_credentials_is_401_json(client: Client, header: str | None) -> None:
    headers = {"authorization": header} if header else {}
    response = client.get("/api/v1/me", headers=headers)
    assert response.status_code == 401
    assert response.headers["Content-Type"].startswith("application/json")
    assert "detail" in response.json()
