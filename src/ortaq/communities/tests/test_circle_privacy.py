"""A members-only circle reveals nothing to anyone outside it: every role, every page and
endpoint of circles and meetings, and the same for a circle open to signed-in teachers."""

import datetime
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from ortaq.communities.choices import Visibility
from ortaq.communities.services.meetings import meeting_save
from ortaq.testing.factories import add_member, facilitator_of, make_circle, make_user
from ortaq.testing.refusals import Refusal, assert_refused

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
        f"/api/v1/circles/{circle.pk}/meetings/{meeting.pk}",
        f"/api/v1/circles/{circle.pk}/meetings/{meeting.pk}/attendance",
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
            assert_refused(response, as_="visitor" if cast[role] is None else "outsider")
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


RUNNERS = {"circle_facilitator", "coordinator", "district_coordinator", "admin"}


def refusal_for(role: str, visibility: str) -> Refusal:
    """How a page only those who run the circle may use refuses ``role``."""
    if role == "anonymous":
        return "visitor"
    readable = role in INSIDE or visibility == Visibility.SIGNED_IN
    return "onlooker" if readable else "outsider"


@pytest.mark.parametrize("cast", [Visibility.MEMBERS, Visibility.SIGNED_IN], indirect=True)
@pytest.mark.parametrize("role", ROLES)
def test_pages_for_those_who_run_the_circle(
    client: Client, cast: dict[str, Any], role: str
) -> None:
    if cast[role] is not None:
        client.force_login(cast[role])
    circle, meeting = cast["circle"], cast["meeting"]
    base = f"/en/circles/{circle.pk}"
    for method, url in (
        ("get", f"{base}/edit/"),
        ("get", f"{base}/meetings/new/"),
        ("get", f"{base}/meetings/{meeting.pk}/edit/"),
        ("post", f"{base}/meetings/{meeting.pk}/attendance/"),
    ):
        response = getattr(client, method)(url)
        if role in RUNNERS:
            assert response.status_code == (200 if method == "get" else 302), url
        else:
            assert_refused(response, as_=refusal_for(role, circle.visibility))
            assert SECRET_PLACE not in response.content.decode()
    api = client.post(
        f"/api/v1/circles/{circle.pk}/meetings",
        {"starts_at": "2031-01-01T10:00:00+05:00", "place": "Зал"},
        content_type="application/json",
    )
    if role in RUNNERS:
        assert api.status_code == 201
    else:
        assert_refused(api, as_=refusal_for(role, circle.visibility))


@pytest.mark.parametrize("cast", [Visibility.MEMBERS, Visibility.SIGNED_IN], indirect=True)
@pytest.mark.parametrize("role", ROLES)
def test_what_each_role_reads_of_a_circle(client: Client, cast: dict[str, Any], role: str) -> None:
    if cast[role] is not None:
        client.force_login(cast[role])
    circle, meeting = cast["circle"], cast["meeting"]
    reads = role in INSIDE or (role != "anonymous" and circle.visibility == Visibility.SIGNED_IN)
    details = role in INSIDE
    base = f"/en/circles/{circle.pk}"
    for path in ("/", "/members/", "/meetings/", f"/meetings/{meeting.pk}/"):
        response = client.get(base + path)
        wanted = 200 if reads else 302 if role == "anonymous" else 404
        if path == "/members/" and reads and not details:
            wanted = 403  # as in the API: the people are for members and those who run it
        assert response.status_code == wanted, (path, response.status_code)
        body = response.content.decode()
        assert (SECRET_PLACE in body) == (details and path != "/members/" and path != "/"), path
    ics = client.get(f"{base}/meetings/{meeting.pk}/?format=ics")
    assert ics.status_code == (
        200 if details else 302 if role == "anonymous" else 403 if reads else 404
    )
    notifications = client.get(f"{base}/notifications/")
    member = role in {"member", "circle_facilitator"}
    assert notifications.status_code == (
        200 if member else 302 if role == "anonymous" else 403 if reads else 404
    )
    api = client.get(f"/api/v1/circles/{circle.pk}/meetings/{meeting.pk}")
    if role == "anonymous":
        assert api.status_code == 401
    elif reads:
        assert (api.json()["place"] == SECRET_PLACE) == details
    else:
        assert api.status_code == 404
    members = client.get(f"/api/v1/circles/{circle.pk}/memberships")
    assert members.status_code == (
        401 if role == "anonymous" else 200 if details else 403 if reads else 404
    )
