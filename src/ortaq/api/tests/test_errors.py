"""Every answer under /api/v1/ is JSON with a translated ``detail``, refusals included."""

import json
from typing import Any

import pytest
from django.test import Client

from ortaq.accounts.services import api_token_create
from ortaq.consultations.models import Question

pytestmark = pytest.mark.django_db

EN = {"accept-language": "en"}


def assert_json(response: Any, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.content
    assert response.headers["Content-Type"].startswith("application/json")
    body: dict[str, Any] = json.loads(response.content)
    assert "detail" in body
    return body


@pytest.mark.parametrize(
    ("method", "path", "allowed"),
    [("delete", "/api/v1/regions", "GET"), ("put", "/api/v1/schools/1", "GET")],
)
def test_a_wrong_method_is_405_in_json(
    client: Client, method: str, path: str, allowed: str
) -> None:
    response = getattr(client, method)(path, headers=EN)
    body = assert_json(response, 405)
    assert body["detail"] == f"This method is not allowed here. Allowed: {allowed}."
    assert response.headers["Allow"] == allowed


@pytest.mark.parametrize("path", ["/api/v1/", "/api/v1/no/such/thing", "/api/v2/x"])
def test_an_unknown_path_under_the_api_is_404_in_json(client: Client, path: str) -> None:
    body = assert_json(client.get(path, headers=EN), 404)
    assert body["detail"] in ("There is no such API endpoint.", "Not found.")


def test_the_html_site_keeps_its_html_404(client: Client) -> None:
    response = client.get("/en/no-such-page/")
    assert response.status_code == 404
    assert response.headers["Content-Type"].startswith("text/html")


def test_a_body_over_the_limit_is_413_in_json_and_writes_nothing(
    client: Client, people: dict[str, Any], settings: Any
) -> None:
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 2048
    _, raw = api_token_create(actor=people["teacher"], name="script")
    payload = {"topic": "multigrade", "title": "Too long", "body": "x" * 4096}
    for _attempt in range(2):
        response = client.post(
            "/api/v1/consultations",
            payload,
            content_type="application/json",
            headers={"authorization": f"Bearer {raw}", **EN},
        )
        assert assert_json(response, 413)["detail"] == "The request is too large."
    assert not Question.objects.exists()


def test_a_body_that_is_not_json_is_400_with_a_translated_detail(
    client: Client, people: dict[str, Any]
) -> None:
    _, raw = api_token_create(actor=people["teacher"], name="script")
    response = client.post(
        "/api/v1/consultations",
        "{not json",
        content_type="application/json",
        headers={"authorization": f"Bearer {raw}", **EN},
    )
    body = assert_json(response, 400)
    assert body["detail"] == "The request body could not be read: send valid JSON."
    assert not Question.objects.exists()


def test_validation_errors_keep_their_place_and_are_translated(client: Client) -> None:
    body = assert_json(client.get("/api/v1/schools?locality=city&page=x", headers=EN), 422)
    by_field = {error["loc"][-1]: error for error in body["detail"]}
    assert by_field["locality"]["msg"] == "Choose one of: 'urban' or 'rural'."
    assert by_field["locality"]["type"] == "enum"
    assert by_field["page"]["msg"] == "Write a whole number."


def test_an_anonymous_write_is_401_not_a_csrf_failure() -> None:
    client = Client(enforce_csrf_checks=True)
    response = client.post("/api/v1/consultations", {}, content_type="application/json", headers=EN)
    assert assert_json(response, 401)["detail"] == "Sign in, or send a valid API token."
    assert not Question.objects.exists()


def test_a_session_write_without_the_csrf_token_is_refused_in_the_readers_language(
    people: dict[str, Any],
) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(people["teacher"])
    payload = {"topic": "multigrade", "title": "A question", "body": "How do I plan?"}
    response = client.post(
        "/api/v1/consultations", payload, content_type="application/json", headers=EN
    )
    detail = assert_json(response, 403)["detail"]
    assert detail.startswith("The CSRF check failed")
    assert not Question.objects.exists()
