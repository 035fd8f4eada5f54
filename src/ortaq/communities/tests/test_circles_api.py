"""The circles API: listing and filters, one circle or its card, memberships, joining and
leaving, meetings with the place for members only, planning a meeting; errors in JSON."""

import datetime
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from ortaq.communities.choices import MembershipStatus, Visibility
from ortaq.communities.models import Meeting, Membership
from ortaq.communities.services.meetings import meeting_save
from ortaq.testing.factories import add_member, facilitator_of, make_circle, make_user
from ortaq.testing.http import bearer

pytestmark = pytest.mark.django_db
PLACE = "Кабинет 204"


@pytest.fixture
def circles(people: dict[str, Any]) -> dict[str, Any]:
    private = make_circle(school=people["school"], name="Жабық үйірме")
    open_one = make_circle(
        school=people["far_school"], visibility=Visibility.SIGNED_IN, name="Ашық үйірме"
    )
    elsewhere = make_circle(school=people["far_school"], name="Алыс үйірме")
    member = make_user(profile__school=people["far_school"])
    add_member(open_one, member)
    meeting = meeting_save(
        actor=facilitator_of(open_one),
        circle=open_one,
        starts_at=timezone.now() + datetime.timedelta(days=2),
        place=PLACE,
        online_url="https://meet.example.kz/x",
    )
    return {
        **people,
        "private": private,
        "open": open_one,
        "elsewhere": elsewhere,
        "member": member,
        "meeting": meeting,
    }


def test_the_list_and_its_filters(client: Client, circles: dict[str, Any]) -> None:
    headers = bearer(circles["teacher"])
    found = client.get("/api/v1/circles", headers=headers).json()
    by_name = {c["name"]: c for c in found["items"]}
    assert set(by_name) == {"Жабық үйірме", "Ашық үйірме"}
    card = by_name["Жабық үйірме"]
    assert card["readable"] is False and card["members"] is None
    assert by_name["Ашық үйірме"]["readable"] is True
    assert by_name["Ашық үйірме"]["members"] == 2
    region = circles["far_school"].region_id
    filtered = client.get(f"/api/v1/circles?region={region}", headers=headers).json()
    assert [c["name"] for c in filtered["items"]] == ["Ашық үйірме"]
    school = circles["school"].pk
    filtered = client.get(f"/api/v1/circles?school={school}", headers=headers).json()
    assert [c["name"] for c in filtered["items"]] == ["Жабық үйірме"]
    assert client.get("/api/v1/circles?mine=true", headers=headers).json()["count"] == 0
    mine = client.get("/api/v1/circles?mine=true", headers=bearer(circles["member"])).json()
    assert [c["name"] for c in mine["items"]] == ["Ашық үйірме"]
    admin = client.get("/api/v1/circles", headers=bearer(circles["admin"])).json()
    assert admin["count"] == 3 and all(c["readable"] for c in admin["items"])
    assert client.get("/api/v1/circles").status_code == 401


def test_the_list_makes_a_fixed_number_of_queries(
    client: Client, circles: dict[str, Any], django_assert_max_num_queries: Any
) -> None:
    headers = bearer(circles["teacher"])
    for _ in range(15):
        make_circle(school=circles["school"], visibility=Visibility.SIGNED_IN)
    with django_assert_max_num_queries(8):
        assert client.get("/api/v1/circles", headers=headers).json()["count"] == 17


def test_one_circle_its_card_or_nothing(client: Client, circles: dict[str, Any]) -> None:
    private = circles["private"].pk
    card = client.get(f"/api/v1/circles/{private}", headers=bearer(circles["teacher"])).json()
    assert card["readable"] is False and card["members"] is None and card["my_status"] is None
    far = client.get(f"/api/v1/circles/{private}", headers=bearer(circles["far_teacher"]))
    assert far.status_code == 404 and list(far.json()) == ["detail"]
    runner = client.get(f"/api/v1/circles/{private}", headers=bearer(circles["coordinator"]))
    assert runner.json()["readable"] is True and runner.json()["members"] == 1
    assert client.get("/api/v1/circles/999999", headers=bearer(circles["admin"])).status_code == 404


def test_join_then_leave(client: Client, circles: dict[str, Any]) -> None:
    private, teacher = circles["private"], circles["teacher"]
    headers = bearer(teacher)
    url = f"/api/v1/circles/{private.pk}/membership"
    for _ in range(2):
        asked = client.post(
            url, {"message": "Сәлем"}, content_type="application/json", headers=headers
        )
        assert asked.status_code == 200 and asked.json()["status"] == "requested"
    assert Membership.objects.filter(circle=private, user=teacher).count() == 1
    mine = client.get(f"/api/v1/circles/{private.pk}", headers=headers).json()
    assert mine["my_status"] == "requested"
    too_long = client.post(
        url, {"message": "x" * 501}, content_type="application/json", headers=headers
    )
    assert too_long.status_code == 422 and "detail" in too_long.json()
    far = client.post(
        url, {}, content_type="application/json", headers=bearer(circles["far_teacher"])
    )
    assert far.status_code == 404
    add_member(private, teacher)
    assert client.delete(url, headers=headers).json()["status"] == "left"
    last = client.delete(url, headers=bearer(facilitator_of(private)))
    assert last.status_code == 400 and last.json()["detail"]
    assert client.delete(url, headers=bearer(circles["far_teacher"])).status_code == 404


def test_memberships_for_members_and_runners_only(client: Client, circles: dict[str, Any]) -> None:
    open_one = circles["open"]
    add_member(open_one, make_user(), status=MembershipStatus.REQUESTED)
    url = f"/api/v1/circles/{open_one.pk}/memberships"
    as_member = client.get(url, headers=bearer(circles["member"])).json()
    assert as_member["count"] == 2 and {m["status"] for m in as_member["items"]} == {"active"}
    as_facilitator = client.get(url, headers=bearer(facilitator_of(open_one))).json()
    assert as_facilitator["count"] == 3
    reader = client.get(url, headers=bearer(circles["teacher"]))
    assert reader.status_code == 403 and list(reader.json()) == ["detail"]
    private = f"/api/v1/circles/{circles['private'].pk}/memberships"
    assert client.get(private, headers=bearer(circles["far_teacher"])).status_code == 404


def test_meetings_show_the_place_to_members_only(client: Client, circles: dict[str, Any]) -> None:
    open_one, meeting = circles["open"], circles["meeting"]
    listing = f"/api/v1/circles/{open_one.pk}/meetings"
    one = f"{listing}/{meeting.pk}"
    for who, sees in (("member", True), ("teacher", False), ("admin", True)):
        headers = bearer(circles[who])
        item = client.get(listing, headers=headers).json()["items"][0]
        single = client.get(one, headers=headers).json()
        assert (item["place"] == PLACE) is sees and (single["place"] == PLACE) is sees
        assert (single["online_url"] is not None) is sees
    assert client.get(f"{listing}/999999", headers=bearer(circles["member"])).status_code == 404
    private = f"/api/v1/circles/{circles['private'].pk}/meetings"
    assert client.get(private, headers=bearer(circles["teacher"])).status_code == 404


def test_facilitators_plan_meetings(client: Client, circles: dict[str, Any]) -> None:
    open_one = circles["open"]
    url = f"/api/v1/circles/{open_one.pk}/meetings"
    body = {"starts_at": "2031-03-05T15:30:00", "place": "Зал", "duration_minutes": 45}
    made = client.post(
        url, body, content_type="application/json", headers=bearer(facilitator_of(open_one))
    )
    assert made.status_code == 201 and made.json()["place"] == "Зал"
    stored = Meeting.objects.get(pk=made.json()["id"])
    assert stored.starts_at == datetime.datetime(2031, 3, 5, 10, 30, tzinfo=datetime.UTC)
    refused = client.post(
        url, body, content_type="application/json", headers=bearer(circles["member"])
    )
    assert refused.status_code == 403 and refused.json()["detail"]
    no_place = client.post(
        url, {"starts_at": "2031-03-05T15:30:00+05:00"}, content_type="application/json",
        headers=bearer(facilitator_of(open_one)),
    )  # fmt: skip
    assert no_place.status_code == 400 and no_place.json()["detail"]
    wrong = client.post(
        url,
        {"starts_at": "tomorrow"},
        content_type="application/json",
        headers=bearer(facilitator_of(open_one)),
    )
    assert wrong.status_code == 422


def test_the_schemas_are_in_openapi(client: Client) -> None:
    schema = client.get("/api/v1/openapi.json").json()
    assert "/api/v1/circles/{circle_id}/meetings" in schema["paths"]
    for name in ("CircleOut", "MembershipOut", "MeetingOut", "MeetingIn", "JoinIn"):
        assert name in schema["components"]["schemas"]
