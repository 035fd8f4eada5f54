"""A members-only circle reveals nothing to anyone outside it: every role, every page and
endpoint of circles and meetings, and the same for a circle open to signed-in teachers."""

import datetime
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from ortaq.accounts.tests.factories import make_user
from ortaq.communities.choices import Visibility
from ortaq.communities.services.meetings import meeting_save
from ortaq.communities.tests.factories import add_member, facilitator_of, make_circle

pytestmark = pytest.mark.django_db

ROLES = (
    "anonymous", "member", "circle_facilitator", "teacher", "far_teacher", "facilitator",
    "principal", "coordinator", "district_coordinator", "other_coordinator", "trainer", "admin",
)  # fmt: skip
# Those who run the circle (its facilitator, methodologists over it, administrators) and its
# members read everything.
INSIDE = {"member", "circle_facilitator", "coordinator", "district_coordinator", "admin"}
SECRET_PLACE = "Мектеп кітапханасы, 2-қабат"
SECRET_LINK = "https://meet.example.kz/secret-room"


@pytest.fixture
def cast(people: dict[str, Any], request: Any) -> dict[str, Any]:
    # The circle belongs to a school of its own: "teacher" and the others of people["school"]
    # are outsiders, and a members-only circle of another school shows them no card either.
    circle = make_circle(visibility=request.param, name="Құпия үйірме")
    member = make_user()
    add_member(circle, member)
    past = meeting_save(
        actor=facilitator_of(circle), circle=circle, place=SECRET_PLACE, online_url=SECRET_LINK,
        starts_at=timezone.now() - datetime.timedelta(days=2), agenda="Күн тәртібі",
    )  # fmt: skip
    # The methodologists of people's region and district oversee circles there: move the
    # circle into that district so that "coordinator" and "district_coordinator" are over it.
    circle.region, circle.district = people["region"], people["district"]
    circle.save()
    return {
        **people, "member": member, "circle_facilitator": facilitator_of(circle),
        "circle": circle, "meeting": past,
    }  # fmt: skip


def pages(cast: dict[str, Any]) -> list[str]:
    circle, meeting = cast["circle"], cast["meeting"]
    base = f"/en/circles/{circle.pk}"
    return [
        f"{base}/",
        f"{base}/members/",
        f"{base}/meetings/",
        f"{base}/meetings/{meeting.pk}/",
        f"{base}/meetings/{meeting.pk}/?format=ics",
        f"{base}/projects/",
        f"/api/v1/circles/{circle.pk}",
        f"/api/v1/circles/{circle.pk}/memberships",
        f"/api/v1/circles/{circle.pk}/meetings",
    ]


@pytest.mark.parametrize("cast", [Visibility.MEMBERS], indirect=True)
@pytest.mark.parametrize("role", ROLES)
def test_a_members_only_circle_reveals_nothing_outside(
    client: Client, cast: dict[str, Any], role: str
) -> None:
    if cast[role] is not None:
        client.force_login(cast[role])
    for url in pages(cast):
        response = client.get(url)
        body = response.content.decode(errors="ignore")
        if role in INSIDE:
            assert response.status_code == 200, url
        else:
            assert response.status_code in (302, 401, 404), (url, response.status_code)
            for secret in ("Құпия үйірме", SECRET_PLACE, SECRET_LINK, "Күн тәртібі"):
                assert secret not in body, (url, secret)
    listing = client.get("/en/circles/").content.decode() if cast[role] else ""
    assert ("Құпия үйірме" in listing) == (role in INSIDE)


@pytest.mark.parametrize("cast", [Visibility.SIGNED_IN], indirect=True)
@pytest.mark.parametrize("role", ROLES)
def test_an_open_circle_is_read_by_signed_in_people_but_its_meeting_place_is_not(
    client: Client, cast: dict[str, Any], role: str
) -> None:
    if cast[role] is not None:
        client.force_login(cast[role])
    circle, meeting = cast["circle"], cast["meeting"]
    page = client.get(f"/en/circles/{circle.pk}/meetings/{meeting.pk}/")
    ics = client.get(f"/en/circles/{circle.pk}/meetings/{meeting.pk}/?format=ics")
    if role == "anonymous":
        assert page.status_code == 302 and ics.status_code == 302
        return
    assert page.status_code == 200
    body = page.content.decode()
    assert (SECRET_PLACE in body) == (role in INSIDE)
    assert (SECRET_LINK in body) == (role in INSIDE)
    assert (ics.status_code == 200) == (role in INSIDE)


@pytest.mark.parametrize("cast", [Visibility.MEMBERS], indirect=True)
def test_teachers_of_the_circles_school_see_its_card_only(
    client: Client, cast: dict[str, Any]
) -> None:
    circle = cast["circle"]
    colleague = make_user(profile__school=circle.school)
    client.force_login(colleague)
    page = client.get(f"/en/circles/{circle.pk}/").content.decode()
    assert "Құпия үйірме" in page and "Ask to join" in page
    assert SECRET_PLACE not in page and "Күн тәртібі" not in page
    assert client.get(f"/en/circles/{circle.pk}/meetings/").status_code == 404
    client.post(f"/en/circles/{circle.pk}/join/", {"message": "Қосылғым келеді"})
    assert circle.memberships.get(user=colleague).status == "requested"
