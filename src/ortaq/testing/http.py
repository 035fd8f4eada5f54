"""Be someone in a request: a signed-in client, an API token's headers, a JSON call."""

from typing import Any

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from ortaq.accounts.models import User
from ortaq.accounts.services import api_token_create

JSON = "application/json"


def signed_in(user: User, client: Client | None = None) -> Client:
    """``client`` (a new one unless given), signed in as ``user`` without the sign-in form."""
    client = client or Client()
    client.force_login(user)
    return client


def bearer(user: User, *, language: str | None = None) -> dict[str, str]:
    """Headers that make an API request ``user``'s, with a new personal token; and the answer's
    language, where a test reads its messages."""
    _token, raw = api_token_create(actor=user, name="t")
    headers = {"authorization": f"Bearer {raw}"}
    if language is not None:
        headers["accept-language"] = language
    return headers


def call(client: Client, method: str, url: str, who: User, body: Any = None) -> Any:
    """An API request with a JSON body, as ``who`` (with a new token)."""
    return getattr(client, method)(url, body, content_type=JSON, headers=bearer(who))


def counted(client: Client, url: str, who: User) -> tuple[int, list[str]]:
    """Read an API list twice as ``who`` (the first warms the caches) and return the second's
    ``count`` and the SQL it ran."""
    headers = bearer(who)
    client.get(url, headers=headers)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, headers=headers)
    assert response.status_code == 200
    return response.json()["count"], [q["sql"] for q in captured.captured_queries]
