"""Running a circle through the API: starting and changing it, invitations, requests, roles,
taking people out, a member's e-mail choice, and a meeting's change, cancellation, notes and
attendance. Refusals come back as JSON: 404 outside a private circle, 403 to its other readers."""

import datetime
from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone

from ortaq.communities.choices import CircleKind, MembershipStatus, Notify, Visibility
from ortaq.communities.models import Attendance, Circle, Membership
from ortaq.communities.services.meetings import meeting_save
from ortaq.testing.factories import add_member, facilitator_of, make_circle, make_user
from ortaq.testing.http import call
from ortaq.testing.refusals import assert_refused

pytestmark = pytest.mark.django_db
JSON = "application/json"


@pytest.fixture
def circle(people: dict[str, Any]) -> Circle:
    return make_circle(school=people["school"], facilitator=people["facilitator"])


def test_invitations_by_e_mail_and_by_school(
    client: Client,
    people: dict[str, Any],
    circle: Circle,
    django_capture_on_commit_callbacks: Any,
) -> None:
    url = f"/api/v1/circles/{circle.pk}/invitations"
    member, newcomer = make_user(), make_user(email="aigerim@example.kz", language="ru")
    add_member(circle, member)
    body = {"emails": [member.email, " Aigerim@Example.kz", "nobody@example.kz", ""]}
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(2):
            answer = call(client, "post", url, people["facilitator"], body)
    assert answer.status_code == 200
    assert answer.json() == {
        "invited": [],
        "already": [member.email, "aigerim@example.kz"],
        "unknown": ["nobody@example.kz"],
    }  # the second time, she is already invited
    assert [m.to for m in mail.outbox] == [[newcomer.email]]  # one e-mail, in her language
    assert mail.outbox[0].subject.startswith("Вас приглашают")
    invited = Membership.objects.get(circle=circle, user=newcomer)
    assert invited.status == MembershipStatus.INVITED
    declined = call(client, "delete", f"/api/v1/circles/{circle.pk}/membership", newcomer)
    assert declined.json()["status"] == MembershipStatus.DECLINED

    elsewhere = {"school_id": people["other_school"].pk}
    wrong_school = call(client, "post", url, people["facilitator"], elsewhere)
    assert wrong_school.status_code == 400 and wrong_school.json()["detail"]
    school = call(client, "post", url, people["facilitator"], {"school_id": people["school"].pk})
    assert people["teacher"].email in school.json()["invited"]
    for body in ({}, {"emails": ["a@example.kz"], "school_id": people["school"].pk}):
        both = call(client, "post", url, people["facilitator"], body)
        assert both.status_code == 400 and both.json()["detail"]
    too_many = call(client, "post", url, people["facilitator"], {"emails": ["a@x.kz"] * 501})
    assert too_many.status_code == 422


def test_requests_roles_and_removal(client: Client, people: dict[str, Any], circle: Circle) -> None:
    teacher, facilitator = people["teacher"], people["facilitator"]
    asked = call(
        client, "post", f"/api/v1/circles/{circle.pk}/membership", teacher, {"message": "Сәлем"}
    )
    assert asked.json()["status"] == MembershipStatus.REQUESTED
    listing = call(client, "get", f"/api/v1/circles/{circle.pk}/memberships", facilitator)
    her = next(m for m in listing.json()["items"] if m["user_id"] == teacher.pk)
    assert (her["status"], her["email"], her["message"]) == ("requested", teacher.email, "Сәлем")

    person = f"/api/v1/circles/{circle.pk}/memberships/{teacher.pk}"
    for _ in range(2):  # accepting again changes nothing
        accepted = call(client, "post", f"{person}/decision", facilitator, {"accept": True})
        assert accepted.status_code == 200 and accepted.json()["status"] == "active"
    as_member = call(client, "get", f"/api/v1/circles/{circle.pk}/memberships", teacher).json()
    assert {(m["email"], m["message"]) for m in as_member["items"]} == {(None, None)}

    refused = call(client, "patch", person, teacher, {"role": "facilitator"})
    assert refused.status_code == 403 and list(refused.json()) == ["detail"]
    assert call(client, "patch", person, facilitator, {"role": "boss"}).status_code == 422
    made = call(client, "patch", person, facilitator, {"role": "facilitator"})
    assert made.json()["role"] == "facilitator"
    last = f"/api/v1/circles/{circle.pk}/memberships/{facilitator.pk}"
    assert call(client, "delete", last, teacher).json()["status"] == "left"
    alone = call(client, "delete", person, teacher)  # she is the last facilitator now
    assert alone.status_code == 400 and alone.json()["detail"]
    gone = call(client, "delete", last, teacher)
    assert gone.status_code == 404  # she left: there is nobody there to take out

    outsider = call(client, "delete", person, people["far_teacher"])
    assert outsider.status_code == 404  # a members-only circle stays hidden
    unknown = f"/api/v1/circles/{circle.pk}/memberships/999999"
    assert call(client, "delete", unknown, teacher).status_code == 404
    invited = make_user()
    add_member(circle, invited, status=MembershipStatus.INVITED)
    not_asked = call(
        client,
        "post",
        f"/api/v1/circles/{circle.pk}/memberships/{invited.pk}/decision",
        teacher,
        {"accept": True},
    )
    assert not_asked.status_code == 400 and not_asked.json()["detail"]


def test_a_member_chooses_her_e_mails(
    client: Client, people: dict[str, Any], circle: Circle
) -> None:
    url = f"/api/v1/circles/{circle.pk}/membership"
    add_member(circle, people["teacher"], notify=Notify.NOTHING)
    chosen = call(client, "patch", url, people["teacher"], {"notify": Notify.DAILY_DIGEST})
    assert chosen.json()["notify"] == "digest"
    mine = Membership.objects.get(circle=circle, user=people["teacher"])
    assert mine.notify == Notify.DAILY_DIGEST and mine.digested_until is not None
    each = call(client, "patch", url, people["teacher"], {"notify": Notify.EACH_POST})
    assert each.json()["notify"] == "each"
    assert call(client, "patch", url, people["teacher"], {"notify": "hourly"}).status_code == 422
    assert call(client, "patch", url, people["principal"], {"notify": "none"}).status_code == 404


def test_meetings_are_changed_cancelled_noted_and_attended(
    client: Client,
    people: dict[str, Any],
    circle: Circle,
    django_capture_on_commit_callbacks: Any,
) -> None:
    teacher, facilitator = people["teacher"], people["facilitator"]
    add_member(circle, teacher)
    soon = meeting_save(
        actor=facilitator,
        circle=circle,
        starts_at=timezone.now() + datetime.timedelta(days=2),
        place="Кітапхана",
    )
    url = f"/api/v1/circles/{circle.pk}/meetings/{soon.pk}"
    moved = {"starts_at": "2031-03-05T15:30:00", "place": "Мұғалімдер бөлмесі"}
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        changed = call(client, "put", url, facilitator, moved)
    assert changed.status_code == 200 and changed.json()["place"] == "Мұғалімдер бөлмесі"
    assert {m.to[0] for m in mail.outbox} == {teacher.email, facilitator.email}
    assert call(client, "put", url, teacher, moved).status_code == 403
    early = call(client, "put", f"{url}/notes", facilitator, {"notes": "Ерте"})
    assert early.status_code == 400 and early.json()["detail"]
    for _ in range(2):
        cancelled = call(client, "post", f"{url}/cancellation", facilitator)
        assert cancelled.status_code == 200 and cancelled.json()["cancelled"] is True
    again = call(client, "put", url, facilitator, moved)
    assert again.status_code == 400 and again.json()["detail"]

    held = meeting_save(
        actor=facilitator,
        circle=circle,
        starts_at=timezone.now() - datetime.timedelta(hours=2),
        place="Кітапхана",
    )
    url = f"/api/v1/circles/{circle.pk}/meetings/{held.pk}"
    noted = call(client, "put", f"{url}/notes", facilitator, {"notes": " **Шешім** "})
    assert noted.json()["notes"] == "**Шешім**"
    stranger = make_user()
    came = call(
        client, "put", f"{url}/attendance", facilitator, {"present": [teacher.pk, stranger.pk]}
    )
    assert came.json() == {"came": 1}
    assert not Attendance.objects.filter(user=stranger).exists()
    seen = call(client, "get", f"{url}/attendance", teacher).json()
    assert {(a["user_id"], a["present"]) for a in seen} == {
        (teacher.pk, True),
        (facilitator.pk, False),
    }
    refused = call(client, "put", f"{url}/attendance", teacher, {"present": [teacher.pk]})
    assert refused.status_code == 403
    assert call(client, "get", f"{url}/attendance", people["far_teacher"]).status_code == 404
    assert call(client, "get", f"{url}/attendance", people["teacher"]).status_code == 200


def test_circles_are_started_and_changed(client: Client, people: dict[str, Any]) -> None:
    network = {
        "name": "Аудандағы шағын мектептер",
        "kind": CircleKind.NETWORK,
        "region_id": people["region"].pk,
        "district_id": people["district"].pk,
        "school_ids": [people["school"].pk, people["other_school"].pk],
        "visibility": Visibility.SIGNED_IN,
    }
    made = call(client, "post", "/api/v1/circles", people["district_coordinator"], network)
    assert made.status_code == 201, made.json()
    started = Circle.objects.get(pk=made.json()["id"])
    assert started.kind == CircleKind.NETWORK and started.schools.count() == 2
    assert facilitator_of(started) == people["district_coordinator"]

    school = {"name": "Бастауыш сынып", "kind": CircleKind.SCHOOL, "school_id": people["school"].pk}
    assert call(client, "post", "/api/v1/circles", people["principal"], school).status_code == 201
    refused = call(client, "post", "/api/v1/circles", people["teacher"], school)
    assert refused.status_code == 403 and refused.json()["detail"]
    far = {**school, "school_id": people["far_school"].pk}
    assert call(client, "post", "/api/v1/circles", people["principal"], far).status_code == 403
    for wrong in (
        {**school, "school_id": 999999},
        {**network, "school_ids": [people["far_school"].pk]},
        {**network, "school_ids": [999999]},
        {**school, "name": "  "},
    ):
        answer = call(client, "post", "/api/v1/circles", people["coordinator"], wrong)
        assert answer.status_code == 400 and answer.json()["detail"], wrong
    assert call(client, "post", "/api/v1/circles", people["coordinator"], {}).status_code == 422

    url = f"/api/v1/circles/{started.pk}"
    renamed = call(
        client, "patch", url, people["district_coordinator"], {"name": "Желі", "language": "ru"}
    )
    assert renamed.json()["name"] == "Желі" and renamed.json()["language"] == "ru"
    assert renamed.json()["visibility"] == Visibility.SIGNED_IN  # left out, it stays
    assert started.schools.count() == 2  # left out, the network's schools stay
    add_member(started, people["teacher"])
    assert call(client, "patch", url, people["teacher"], {"name": "Менікі"}).status_code == 403
    private = make_circle(school=people["far_school"])
    hidden = call(
        client, "patch", f"/api/v1/circles/{private.pk}", people["teacher"], {"name": "x"}
    )
    assert hidden.status_code == 404


def test_the_new_calls_are_in_openapi(client: Client) -> None:
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert set(paths["/api/v1/circles"]) == {"get", "post"}
    assert set(paths["/api/v1/circles/{circle_id}"]) == {"get", "patch"}
    assert set(paths["/api/v1/circles/{circle_id}/memberships/{user_id}"]) == {"patch", "delete"}
    assert set(paths["/api/v1/circles/{circle_id}/membership"]) == {"post", "patch", "delete"}
    for path in (
        "/api/v1/circles/{circle_id}/invitations",
        "/api/v1/circles/{circle_id}/memberships/{user_id}/decision",
        "/api/v1/circles/{circle_id}/meetings/{meeting_id}/cancellation",
        "/api/v1/circles/{circle_id}/meetings/{meeting_id}/notes",
        "/api/v1/circles/{circle_id}/meetings/{meeting_id}/attendance",
    ):
        assert path in paths


def test_those_who_run_a_circle_archive_it_and_bring_it_back(
    client: Client, people: dict[str, Any], circle: Circle
) -> None:
    url = f"/api/v1/circles/{circle.pk}/archive"
    add_member(circle, people["teacher"])
    assert call(client, "put", url, people["teacher"]).status_code == 403
    for _ in range(2):
        archived = call(client, "put", url, people["facilitator"])
        assert archived.status_code == 200 and archived.json()["archived"] is True
    circle.refresh_from_db()
    assert circle.archived_at is not None
    asked = call(client, "post", f"/api/v1/circles/{circle.pk}/membership", people["principal"], {})
    # An archived circle takes no one new; she may still see it.
    assert_refused(asked, as_="onlooker")
    assert call(client, "delete", url, people["coordinator"]).json()["archived"] is False
    assert call(client, "put", url, people["far_teacher"]).status_code == 404
