"""The API of the tick list, school teams' decisions and results, and materials: the same
rules as the pages, told by status codes (a visitor 401, someone who may not 403, what is not
hers to see 404, bad input 400 or 422), and what each answer carries."""

from datetime import timedelta
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from ortaq.events.choices import AttendanceSource, RegistrationStatus, TeamStatus
from ortaq.events.models import (
    Attendance,
    Contribution,
    ContributionAuthor,
    Material,
    Registration,
    Team,
)
from ortaq.testing.factories import make_event, make_school, make_user

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def tasks_at_once(monkeypatch: pytest.MonkeyPatch) -> None:
    from django.db import transaction

    monkeypatch.setattr(transaction, "on_commit", lambda run, *a, **k: run())


def as_(user: Any) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def registered(event: Any, **fields: Any) -> Registration:
    fields.setdefault("status", RegistrationStatus.REGISTERED)
    return Registration.objects.create(event=event, user=make_user(), **fields)


def test_the_tick_list_puts_a_tick_on_and_takes_it_off(people: dict[str, Any]) -> None:
    event = make_event(organiser=people["trainer"])
    ann, bob = registered(event), registered(event)
    waiting = registered(event, status=RegistrationStatus.WAITING)
    elsewhere = registered(make_event(organiser=people["trainer"]))
    Attendance.objects.create(event=event, user=bob.user, source=AttendanceSource.QR)
    base = f"/api/v1/events/{event.slug}/attendance/ticks"
    organiser = as_(people["trainer"])
    listed = organiser.get(base).json()
    assert listed["count"] == 2
    assert {row["registration_id"]: row["attended"] for row in listed["items"]} == {
        ann.pk: False,
        bob.pk: True,
    }
    ticked = organiser.put(f"{base}/{ann.pk}")
    assert ticked.status_code == 200
    assert (ticked.json()["attended"], ticked.json()["source"]) == (True, "tick")
    assert organiser.put(f"{base}/{ann.pk}").status_code == 200  # again: one attendance
    assert Attendance.objects.filter(event=event, user=ann.user).count() == 1
    unticked = organiser.delete(f"{base}/{ann.pk}")
    assert unticked.status_code == 200 and unticked.json()["attended"] is False
    # A QR check-in is not a tick: taking a tick off leaves it.
    kept = organiser.delete(f"{base}/{bob.pk}").json()
    assert (kept["attended"], kept["source"]) == (True, "qr")
    # Someone waiting, or registered for another event, is not on the list.
    assert organiser.put(f"{base}/{waiting.pk}").status_code == 404
    assert organiser.put(f"{base}/{elsewhere.pk}").status_code == 404
    assert as_(None).put(f"{base}/{ann.pk}").status_code == 401
    assert as_(ann.user).put(f"{base}/{ann.pk}").status_code == 403
    assert as_(people["teacher"]).get(base).status_code == 403
    assert not Attendance.objects.filter(event=event, user=ann.user).exists()


def test_the_organisers_decide_on_teams_and_record_results(people: dict[str, Any]) -> None:
    camp = make_event(organiser=people["trainer"], kind="camp", capacity=1)
    school = people["school"]
    first = Team.objects.create(event=camp, name="Шапағат", school=school, pupils=8, grades="5–6")
    second = Team.objects.create(
        event=camp, name="Жұлдыз", school=make_school(), pupils=6, grades="7"
    )
    base = f"/api/v1/events/{camp.slug}/teams"
    organiser = as_(people["trainer"])
    accepted = organiser.post(f"{base}/{first.pk}/decision", {"accept": True}, "application/json")
    assert accepted.status_code == 200 and accepted.json()["status"] == TeamStatus.ACCEPTED
    again = organiser.post(f"{base}/{first.pk}/decision", {"accept": True}, "application/json")
    assert again.status_code == 200
    # The camp takes one team: the second is refused with the reason, and declined instead.
    full = organiser.post(f"{base}/{second.pk}/decision", {"accept": True}, "application/json")
    assert full.status_code == 400 and "1" in full.json()["detail"]
    declined = organiser.post(f"{base}/{second.pk}/decision", {"accept": False}, "application/json")
    assert declined.json()["status"] == TeamStatus.DECLINED
    no_result = organiser.put(
        f"{base}/{second.pk}/result", {"result": "Алғыс хат"}, "application/json"
    )
    assert no_result.status_code == 400  # a declined team has no result
    result = organiser.put(f"{base}/{first.pk}/result", {"result": "I орын"}, "application/json")
    assert result.status_code == 200 and result.json()["result"] == "I орын"
    assert organiser.put(f"{base}/{first.pk}/result", {}, "application/json").status_code == 422
    # Its school's teacher sees the team but does not decide; another's declined team is
    # not hers to see; a visitor signs in first.
    teacher = as_(people["teacher"])
    assert (
        teacher.post(f"{base}/{first.pk}/decision", {"accept": False}, "application/json")
    ).status_code == 403
    assert (
        teacher.post(f"{base}/{second.pk}/decision", {"accept": True}, "application/json")
    ).status_code == 404
    assert (
        as_(None).post(f"{base}/{first.pk}/decision", {"accept": True}, "application/json")
    ).status_code == 401
    other = make_event(organiser=people["trainer"], kind="camp")
    assert (
        organiser.post(
            f"/api/v1/events/{other.slug}/teams/{first.pk}/decision",
            {"accept": True},
            "application/json",
        )
    ).status_code == 404
    first.refresh_from_db()
    assert (first.status, first.result) == (TeamStatus.ACCEPTED, "I орын")


def test_authors_upload_materials_to_their_own_contributions(people: dict[str, Any]) -> None:
    past = make_event(organiser=people["trainer"], starts_in=-timedelta(hours=4), hours_long=3)
    author, stranger = make_user(), make_user()
    talk = Contribution.objects.create(
        event=past, kind="talk", title="Жұппен сөйлеу", abstract="…", status="accepted"
    )
    ContributionAuthor.objects.create(contribution=talk, order=1, user=author, name="Автор")
    others = Contribution.objects.create(
        event=past, kind="poster", title="Постер", abstract="…", status="accepted"
    )
    base = f"/api/v1/events/{past.slug}/materials"
    mine = as_(author)
    slides = mine.post(
        base,
        {"kind": "slides", "contribution_id": talk.pk, "file": SimpleUploadedFile("s.pdf", PDF)},
    )
    assert slides.status_code == 201, slides.content
    body = slides.json()
    assert (body["kind"], body["contribution_id"], body["title"]) == ("slides", talk.pk, "s.pdf")
    assert body["url"].startswith("http") and body["url"].endswith(".pdf")
    # Not her contribution, none named, or no contribution of hers at all: 403.
    not_hers = mine.post(
        base,
        {"kind": "poster", "contribution_id": others.pk, "file": SimpleUploadedFile("p.pdf", PDF)},
    )
    assert not_hers.status_code == 403
    assert mine.post(base, {"kind": "recording", "url": "https://v.example/1"}).status_code == 403
    assert (
        as_(stranger).post(
            base,
            {
                "kind": "slides",
                "contribution_id": talk.pk,
                "file": SimpleUploadedFile("s.pdf", PDF),
            },
        )
    ).status_code == 403
    # A file that is not what it says, a recording without a link or with a bad one: 400.
    fake = SimpleUploadedFile("s.pdf", b"<html><script>x</script></html>")
    assert (
        mine.post(base, {"kind": "slides", "contribution_id": talk.pk, "file": fake})
    ).status_code == 400
    organiser = as_(people["trainer"])
    assert organiser.post(base, {"kind": "recording"}).status_code == 400
    assert organiser.post(base, {"kind": "recording", "url": "javascript:x"}).status_code == 400
    assert organiser.post(base, {"kind": "slides"}).status_code == 400  # no file
    assert organiser.post(base, {}).status_code == 422
    video = organiser.post(base, {"kind": "recording", "url": "https://video.example/1"})
    assert video.status_code == 201 and video.json()["url"] == "https://video.example/1"
    # Anyone reads the list, filtered by kind or contribution.
    everyone = as_(None).get(base).json()
    assert everyone["count"] == 2
    assert [m["kind"] for m in as_(None).get(f"{base}?kind=recording").json()["items"]] == [
        "recording"
    ]
    assert as_(None).get(f"{base}?contribution_id={talk.pk}").json()["count"] == 1
    # Whoever added one, or the organisers, remove it; nobody else.
    slides_id, video_id = body["id"], video.json()["id"]
    assert as_(stranger).delete(f"{base}/{slides_id}").status_code == 403
    assert mine.delete(f"{base}/{slides_id}").status_code == 204
    assert mine.delete(f"{base}/{slides_id}").status_code == 404
    assert organiser.delete(f"{base}/{video_id}").status_code == 204
    assert not Material.objects.exists()
    draft = make_event(organiser=people["trainer"], status="draft")
    assert as_(None).get(f"/api/v1/events/{draft.slug}/materials").status_code == 404


def test_the_new_operations_are_in_the_openapi_schema() -> None:
    from ortaq.testing.openapi import OPERATION_IDS

    for operation in (
        "GET /api/v1/events/{slug}/attendance/ticks",
        "PUT /api/v1/events/{slug}/attendance/ticks/{registration_id}",
        "DELETE /api/v1/events/{slug}/attendance/ticks/{registration_id}",
        "POST /api/v1/events/{slug}/teams/{team_id}/decision",
        "PUT /api/v1/events/{slug}/teams/{team_id}/result",
        "GET /api/v1/events/{slug}/materials",
        "POST /api/v1/events/{slug}/materials",
        "DELETE /api/v1/events/{slug}/materials/{material_id}",
    ):
        assert operation in OPERATION_IDS
