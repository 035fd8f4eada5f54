"""A circle's people on the page and in the API: the list is for members and those who run the
circle (a reader of an open circle who is not in it gets 403), e-mails and join messages are
for the facilitators only, a nameless member is never named by her e-mail to the others; and
the API's circles and memberships lists are paginated in SQL, in a fixed number of queries."""

from typing import Any

import pytest
from django.test import Client

from ortaq.communities.choices import MembershipStatus, Visibility
from ortaq.communities.models import Membership
from ortaq.testing.factories import add_member, make_circle, make_user
from ortaq.testing.http import bearer, counted

pytestmark = pytest.mark.django_db
MESSAGE = "Менің жеке хабарым фасилитаторға"


@pytest.fixture
def cast(people: dict[str, Any]) -> dict[str, Any]:
    facilitator = make_user(email="runs.it@example.kz")
    nameless = make_user(email="nameless.teacher@example.kz", first_name="", last_name="")
    member = make_user()
    circle = make_circle(
        school=people["far_school"],
        visibility=Visibility.SIGNED_IN,
        facilitator=facilitator,
        members=(member,),
    )
    # Accepted after asking: her message stays on her membership.
    add_member(circle, nameless, message=MESSAGE)
    asking = make_user(email="asking.teacher@example.kz")
    add_member(circle, asking, status=MembershipStatus.REQUESTED, message="Қабылдаңызшы")
    return {
        "circle": circle,
        "facilitator": facilitator,
        "nameless": nameless,
        "member": member,
        "asking": asking,
        "outsider": people["teacher"],
        "coordinator": people["other_coordinator"],  # the far region's methodologist
    }


def test_the_members_page_is_for_members_and_those_who_run_it(
    client: Client, cast: dict[str, Any]
) -> None:
    circle = cast["circle"]
    url = f"/en/circles/{circle.pk}/members/"
    client.force_login(cast["outsider"])  # reads the open circle, is not in it
    refused = client.get(url)
    assert refused.status_code == 403
    assert "nameless.teacher" not in refused.content.decode()
    assert MESSAGE not in refused.content.decode()
    assert client.post(url, {"membership": 1, "action": "remove"}).status_code == 403
    assert Membership.objects.filter(circle=circle, status=MembershipStatus.ACTIVE).count() == 3
    circle_page = client.get(f"/en/circles/{circle.pk}/").content.decode()
    assert url not in circle_page  # no link to a page she may not open

    client.force_login(cast["member"])
    page = client.get(url).content.decode()
    assert "Name not given" in page
    assert "nameless.teacher@example.kz" not in page and "@example.kz" not in page
    assert MESSAGE not in page and "Қабылдаңызшы" not in page
    assert url in client.get(f"/en/circles/{circle.pk}/").content.decode()

    for runner in ("facilitator", "coordinator"):
        client.force_login(cast[runner])
        page = client.get(url).content.decode()
        assert "nameless.teacher@example.kz" in page and MESSAGE in page
        assert "Қабылдаңызшы" in page and "Name not given" not in page


def test_the_api_names_a_nameless_member_neutrally_to_the_others(
    client: Client, cast: dict[str, Any]
) -> None:
    url = f"/api/v1/circles/{cast['circle'].pk}/memberships"
    headers = {**bearer(cast["member"]), "accept-language": "en"}
    as_member = client.get(url, headers=headers).json()["items"]
    nameless = next(m for m in as_member if m["user_id"] == cast["nameless"].pk)
    assert nameless["name"] == "Name not given"
    assert nameless["email"] is None and nameless["message"] is None
    assert "@example.kz" not in str(as_member)
    as_facilitator = client.get(url, headers=bearer(cast["facilitator"])).json()["items"]
    nameless = next(m for m in as_facilitator if m["user_id"] == cast["nameless"].pk)
    assert nameless["name"] == nameless["email"] == "nameless.teacher@example.kz"
    assert nameless["message"] == MESSAGE
    assert {m["status"] for m in as_facilitator} == {"active", "requested"}
    refused = client.get(url, headers=bearer(cast["outsider"]))
    assert refused.status_code == 403 and list(refused.json()) == ["detail"]


def test_the_memberships_list_is_paginated_in_sql_in_a_fixed_number_of_queries(
    client: Client, cast: dict[str, Any]
) -> None:
    circle = cast["circle"]
    url = f"/api/v1/circles/{circle.pk}/memberships"
    few, few_sql = counted(client, url, cast["facilitator"])
    for _i in range(120):
        add_member(circle, make_user())
    many, many_sql = counted(client, url, cast["facilitator"])
    assert (few, many) == (4, 124) and len(many_sql) == len(few_sql)
    listing = [q for q in many_sql if "communities_membership" in q and "LIMIT 50" in q]
    assert listing, "the page of memberships is read with LIMIT 50, not as a whole list"
    last = client.get(url + "?page=3", headers=bearer(cast["facilitator"])).json()
    assert len(last["items"]) == 124 - 2 * 50 and last["count"] == 124


def test_the_circles_list_is_paginated_in_sql_in_a_fixed_number_of_queries(
    client: Client, cast: dict[str, Any], people: dict[str, Any]
) -> None:
    few, few_sql = counted(client, "/api/v1/circles", people["admin"])
    for _i in range(30):
        make_circle(school=people["school"])
    many, many_sql = counted(client, "/api/v1/circles", people["admin"])
    assert (few, many) == (1, 31) and len(many_sql) == len(few_sql)
    listing = [q for q in many_sql if "communities_circle" in q and "LIMIT 50" in q]
    assert listing, "the page of circles is read with LIMIT 50, not as a whole list"
