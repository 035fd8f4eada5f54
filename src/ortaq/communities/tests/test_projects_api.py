"""Development projects through the API: the whole cycle, and refusals as JSON."""

from typing import Any

import pytest
from django.test import Client

from ortaq.accounts.tests.factories import make_user
from ortaq.communities.tests.factories import facilitator_of, make_circle
from ortaq.communities.tests.test_projects import ALL_FULL, SUMMARY

pytestmark = pytest.mark.django_db


def call(client: Client, method: str, url: str, data: Any = None) -> Any:
    response = getattr(client, method)(f"/api/v1{url}", data, content_type="application/json")
    return response.status_code, response.json()


def test_the_whole_cycle_through_the_api(client: Client) -> None:
    teacher = make_user()
    circle = make_circle(members=(teacher,))
    client.force_login(teacher)
    status, project = call(client, "post", "/projects", {"circle_id": circle.pk, "title": "Клуб"})
    assert status == 201 and project["stage"] == 1 and project["next_step"]
    pid = project["id"]
    status, refused = call(client, "post", f"/projects/{pid}/advance")
    assert status == 400 and refused["detail"]
    steps = [
        ("put", f"/projects/{pid}/stages/1", {"fields": {"values": "V", "concern": "C"}}),
        ("post", f"/projects/{pid}/consultations",
         {"consulted": "pupils", "said": "S", "on_date": "2026-10-01"}),
        ("put", f"/projects/{pid}/stages/3", {"fields": dict.fromkeys(
            ("aims", "actions", "timeline", "involved", "planned_evidence"), "P")}),
        ("post", f"/projects/{pid}/log", {"on_date": "2026-10-02", "text": "Done"}),
        ("post", f"/projects/{pid}/evidence", {"kind": "notes", "caption": "N", "text": "T"}),
        ("put", f"/projects/{pid}/stages/6", {"fields": {
            "presentation_title": "P", "presented_at": "Seminar", "summary": SUMMARY}}),
    ]  # fmt: skip
    for method, url, data in steps:
        status, body = call(client, method, url, data)
        assert status in (200, 201), body
        status, body = call(client, "post", f"/projects/{pid}/advance")
        assert status == 200, body
    assert body["stage"] == 7
    status, body = call(client, "post", f"/projects/{pid}/submission")
    assert status == 200 and body["status"] == "submitted"
    status, _body = call(
        client, "post", f"/projects/{pid}/assessment", {"levels": ALL_FULL, "accept": True}
    )
    assert status == 403
    client.force_login(facilitator_of(circle))
    status, body = call(
        client, "post", f"/projects/{pid}/assessment", {"levels": ALL_FULL, "accept": True}
    )
    assert status == 200 and body["status"] == "accepted"
    client.force_login(make_user())
    status, found = call(client, "get", "/showcase?q=Клуб")
    assert status == 200 and found["count"] == 1


def test_an_outsider_gets_404_and_a_visitor_401(client: Client) -> None:
    teacher = make_user()
    circle = make_circle(members=(teacher,))
    client.force_login(teacher)
    _status, project = call(client, "post", "/projects", {"circle_id": circle.pk, "title": "X"})
    client.force_login(make_user())
    assert call(client, "get", f"/projects/{project['id']}")[0] == 404
    status, _ = call(client, "post", "/projects", {"circle_id": circle.pk, "title": "Y"})
    assert status == 404
    client.logout()
    assert call(client, "get", f"/projects/{project['id']}")[0] == 401
