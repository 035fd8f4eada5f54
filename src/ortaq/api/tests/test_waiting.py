"""GET /api/v1/me/waiting: what waits for the caller, as her own page lists it."""

from typing import Any

import pytest
from django.test import Client

from ortaq.communities.choices import MemberRole, MembershipStatus
from ortaq.communities.services import projects as project_services
from ortaq.testing.factories import (
    add_member,
    make_circle,
    make_project,
    make_user,
    take_to_portfolio,
)

pytestmark = pytest.mark.django_db


def test_what_waits_for_a_facilitator_and_nobody_else(
    client: Client, people: dict[str, Any]
) -> None:
    facilitator = people["facilitator"]
    circle = make_circle(school=people["school"])
    add_member(circle, facilitator, role=MemberRole.FACILITATOR)
    project = take_to_portfolio(make_project(circle=circle))
    project_services.project_submit(actor=project.owner, project=project)
    add_member(circle, make_user(), status=MembershipStatus.REQUESTED)
    assert client.get("/api/v1/me/waiting").status_code == 401
    client.force_login(facilitator)
    found = client.get("/api/v1/me/waiting").json()
    assert [p["project_id"] for p in found["portfolios_to_assess"]] == [project.pk]
    assert found["join_requests"] == [{"circle_id": circle.pk, "name": circle.name, "people": 1}]
    client.force_login(project.owner)  # her own portfolio is not hers to assess
    mine = client.get("/api/v1/me/waiting").json()
    assert mine["portfolios_to_assess"] == [] and mine["join_requests"] == []
