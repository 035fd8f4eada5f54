"""Every endpoint of the OpenAPI schema refuses bad input with a 4xx, never a 5xx: a page number
past any list (PostgreSQL's OFFSET overflowed), numbers past 64 bits (SQLite's integers), and
control characters (PostgreSQL refuses NUL in text) in the query, the path, a form or a JSON
body; as an administrator and as anonymous. Run it on PostgreSQL too."""

import json
from typing import Any
from urllib.parse import urlencode

import pytest
from django.test import Client

from ortaq.core.pagination import MAX_PAGE, MAX_PAGE_SIZE
from ortaq.testing.openapi import OPERATION_IDS, OPERATIONS, SCHEMA, fill, path_values

HUGE = str(10**18)
# Past SQLite's 64-bit integers (PostgreSQL compares it as a numeric, and finds nothing).
HUGER = str(10**30)
NUL = "a\x00b"
EN = {"accept-language": "en"}


def _params(operation: dict[str, Any], where: str) -> list[dict[str, Any]]:
    return [p for p in operation.get("parameters", []) if p["in"] == where]


def _is_text(schema: dict[str, Any]) -> bool:
    kinds = [schema, *schema.get("anyOf", [])]
    return any(k.get("type") == "string" and "enum" not in k for k in kinds)


def _is_integer(schema: dict[str, Any]) -> bool:
    return any(k.get("type") == "integer" for k in [schema, *schema.get("anyOf", [])])


def _body_fields(operation: dict[str, Any]) -> tuple[str, list[str]] | None:
    """The body's media type and its top-level fields, if the operation takes a body."""
    content = operation.get("requestBody", {}).get("content", {})
    for media_type, body in content.items():
        schema = body["schema"]
        if "$ref" in schema:
            schema = SCHEMA["components"]["schemas"][schema["$ref"].rsplit("/", 1)[-1]]
        return media_type, list(schema.get("properties", {})) or ["x"]
    return None


def _send(
    client: Client, method: str, path: str, query: dict[str, str], body: Any, token: str | None
) -> Any:
    headers = {**EN, **({"authorization": f"Bearer {token}"} if token else {})}
    url = f"{path}?{urlencode(query)}" if query else path
    if body is None:
        return client.generic(method, url, headers=headers)
    media_type, data = body
    if media_type == "application/json":
        return client.generic(
            method, url, data=json.dumps(data), content_type=media_type, headers=headers
        )
    return client.post(url, data, headers=headers)


def _control_character_refusal(response: Any) -> bool:
    if response.status_code != 422:
        return False
    return any(error["type"] == "control_character" for error in response.json()["detail"])


@pytest.mark.parametrize("who", ["admin", "anonymous"])
@pytest.mark.parametrize(
    ("method", "path", "operation"),
    OPERATIONS,
    ids=OPERATION_IDS,
)
def test_no_input_makes_a_server_error(
    demo: str, db: Any, who: str, method: str, path: str, operation: dict[str, Any]
) -> None:
    token = demo if who == "admin" else None
    values = path_values(path)
    url = fill(path, values)
    declared = {p["name"] for p in _params(operation, "query")}
    allowed = token is not None or "security" not in operation

    # A page number past any list, and a page size past the largest: refused, naming them.
    for name, limit in (("page", MAX_PAGE), ("page_size", MAX_PAGE_SIZE)):
        response = _send(Client(), method, url, {name: HUGE}, None, token)
        assert response.status_code < 500, (name, response.content)
        if name in declared and allowed:
            assert response.status_code == 422, response.content
            (error,) = response.json()["detail"]
            assert error["loc"] == ["query", name]
            assert error["msg"] == f"Write a number no greater than {limit}."

    # A number past 64 bits in every other integer of the query, and in the path.
    numbers = {
        p["name"]: HUGER
        for p in _params(operation, "query")
        if _is_integer(p["schema"]) and p["name"] not in ("page", "page_size")
    }
    response = _send(Client(), method, url, numbers, None, token)
    assert response.status_code < 500, response.content
    ids = {p["name"]: HUGER for p in _params(operation, "path") if _is_integer(p["schema"])}
    if ids:
        response = _send(Client(), method, fill(path, values, ids), {}, None, token)
        assert response.status_code < 500, response.content

    # A control character in every text of the query, in the body, and in the path.
    texts = {p["name"]: NUL for p in _params(operation, "query") if _is_text(p["schema"])}
    response = _send(Client(), method, url, texts, None, token)
    assert response.status_code < 500, response.content
    if texts and allowed:
        assert _control_character_refusal(response), response.content

    body = _body_fields(operation)
    if body is not None:
        media_type, fields = body
        response = _send(Client(), method, url, {}, (media_type, dict.fromkeys(fields, NUL)), token)
        assert response.status_code < 500, response.content
        if token:
            assert _control_character_refusal(response), response.content

    for parameter in _params(operation, "path"):
        if not _is_text(parameter["schema"]):
            continue
        bad = fill(path, values, {parameter["name"]: NUL})
        response = _send(Client(), method, bad, {}, None, token)
        assert response.status_code < 500, response.content
        assert _control_character_refusal(response), response.content


def test_the_refusal_names_the_value_and_is_translated(client: Client) -> None:
    response = client.get("/api/v1/schools", {"q": NUL}, headers={"accept-language": "ru"})
    assert response.status_code == 422
    (error,) = response.json()["detail"]
    assert error["loc"] == ["query", "q"]
    assert error["msg"] == "Уберите из текста управляющие символы (например, NUL)."
