"""The pages and API of attendance: the check-in page (her code twice, another event's), the
report import (errors by line, nothing before the confirmation), the statistics page's fixed
queries and its downloads, her QR page, a camp's team form, and the API's check-in, import
and statistics (in the OpenAPI schema)."""

import io
from datetime import timedelta
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from ortaq.events.choices import RegistrationRole, RegistrationStatus
from ortaq.events.models import Attendance, Registration
from ortaq.testing.factories import make_event, make_school, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def tasks_at_once(monkeypatch: pytest.MonkeyPatch) -> None:
    from django.db import transaction

    monkeypatch.setattr(transaction, "on_commit", lambda run, *a, **k: run())


@pytest.fixture
def event(people: dict[str, Any]) -> Any:
    return make_event(organiser=people["trainer"], capacity=100)


def registered(event: Any, user: Any = None, **fields: Any) -> Registration:
    return Registration.objects.create(
        event=event, user=user or make_user(), status=RegistrationStatus.REGISTERED, **fields
    )


def signed_in(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_check_in_page_shows_her_then_says_already_the_second_time(event: Any) -> None:
    her = registered(event, make_user(first_name="Айгерім", last_name="Сейітова"))
    client = signed_in(event.organiser_person)
    url = reverse("events:checkin", args=[event.slug])
    shown = client.get(f"{url}?code={her.checkin_code}")
    assert shown.status_code == 200 and "Сейітова" in shown.text
    first = client.post(url, {"code": her.checkin_code}, follow=True)
    assert "is checked in" in first.text
    second = client.post(url, {"code": her.checkin_code}, follow=True)
    assert "already checked in at" in second.text
    assert Attendance.objects.filter(event=event).count() == 1
    elsewhere = registered(make_event(organiser=event.organiser_person))
    refused = client.post(url, {"code": elsewhere.checkin_code})
    assert refused.status_code == 400 and "another event" in refused.text


def test_her_qr_page_and_the_event_page_link_to_it(event: Any) -> None:
    her = registered(event)
    client = signed_in(her.user)
    page = client.get(reverse("events:event", args=[event.slug]))
    assert reverse("events:my_code", args=[event.slug]) in page.text
    mine = client.get(reverse("events:my_code", args=[event.slug]))
    assert "data:image/png;base64," in mine.text and her.checkin_code in mine.text


def test_the_report_import_lists_errors_and_records_only_after_confirmation(event: Any) -> None:
    ann = make_user(email="ann@example.kz")
    client = signed_in(event.organiser_person)
    url = reverse("events:attendance_import", args=[event.slug])
    event.attendance_minutes = 100
    event.save(update_fields=["attendance_minutes"])
    assert "100 minutes or more" in client.get(url, HTTP_ACCEPT_LANGUAGE="en").text
    report = (
        b"name,email,minutes\nAnn,ann@example.kz,120\nX,unknown@example.kz,90\nY,,5\n"
        b"Bob,bob@example.kz,99\n"
    )
    make_user(email="bob@example.kz")
    checked = client.post(url, {"file": SimpleUploadedFile("report.csv", report)})
    assert checked.status_code == 200
    assert [r.email for r in checked.context["check"].under] == ["bob@example.kz"]
    assert "Line 3" in checked.text and "Line 4" in checked.text
    assert not Attendance.objects.exists()
    token = checked.context["confirm"].initial["token"]
    done = client.post(url, {"token": token}, follow=True)
    assert "1 new" in done.text
    client.post(url, {"token": token})
    assert list(Attendance.objects.values_list("user_id", "minutes")) == [(ann.pk, 120)]


def test_the_tick_list_saves_ticks(event: Any) -> None:
    ann, bob = registered(event), registered(event)
    client = signed_in(event.organiser_person)
    url = reverse("events:attendance", args=[event.slug])
    client.post(url, {"shown": [ann.pk, bob.pk], "present": [bob.pk]})
    assert list(Attendance.objects.values_list("user_id", flat=True)) == [bob.user_id]
    assert client.get(url).status_code == 200


def test_the_statistics_page_costs_the_same_queries_for_5_or_50_people(event: Any) -> None:
    school = make_school(locality="urban")
    client = signed_in(event.organiser_person)
    url = reverse("events:statistics", args=[event.slug])

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    for _ in range(5):
        registered(event, make_user(profile__school=school))
    queries()  # the first request of a session also reads what later ones keep
    few = queries()
    for _ in range(45):
        person = registered(event, make_user(profile__school=school), role=RegistrationRole.SPEAKER)
        Attendance.objects.create(event=event, user=person.user, source="tick")
    assert queries() == few


def test_the_statistics_download_as_csv_and_xlsx(event: Any) -> None:
    registered(event, make_user(profile__school=make_school(locality="rural")))
    client = signed_in(event.organiser_person)
    csv = client.get(reverse("events:statistics_csv", args=[event.slug]))
    text = b"".join(csv.streaming_content).decode("utf-8-sig")  # type: ignore[attr-defined]
    assert "Rural school" in text
    xlsx = client.get(reverse("events:statistics_xlsx", args=[event.slug]))
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    assert sheet is not None
    assert any(row[1] == "Rural school" for row in sheet.iter_rows(values_only=True))


def test_a_camp_team_form_offers_her_schools_teachers_and_asks_no_pupil_names(
    people: dict[str, Any],
) -> None:
    camp = make_event(organiser=people["trainer"], kind="camp", capacity=5)
    teacher = people["teacher"]
    stranger = make_user(profile__school=make_school(), last_name="Бөгдеұлы")
    page = signed_in(teacher).get(reverse("events:teams", args=[camp.slug]))
    assert page.status_code == 200
    assert "never pupils' names" in page.text and "Бөгдеұлы" not in page.text
    sent = signed_in(teacher).post(
        reverse("events:teams", args=[camp.slug]),
        {"name": "Шапағат", "teachers": [teacher.pk], "pupils": 10, "grades": "5–6"},
    )
    assert sent.status_code == 302
    forged = signed_in(teacher).post(
        reverse("events:teams", args=[camp.slug]),
        {"name": "Басқа", "teachers": [stranger.pk], "pupils": 10, "grades": "5–6"},
    )
    assert forged.status_code == 400


def test_the_api_checks_in_imports_and_counts(event: Any) -> None:
    her = registered(event, make_user(email="ann@example.kz"))
    client = signed_in(event.organiser_person)
    base = f"/api/v1/events/{event.slug}"
    first = client.post(f"{base}/check-in", {"code": her.checkin_code}, "application/json")
    assert first.status_code == 200 and first.json()["already"] is False
    again = client.post(f"{base}/check-in", {"code": her.checkin_code}, "application/json")
    assert again.json()["already"] is True
    other = registered(make_event(organiser=event.organiser_person))
    refused = client.post(f"{base}/check-in", {"code": other.checkin_code}, "application/json")
    # In the default language, Kazakh: "this code is for another event".
    assert refused.status_code == 400 and "басқа іс-шараға" in refused.json()["detail"]
    bob = make_user(email="bob@example.kz")
    checked = client.post(
        f"{base}/attendance/import",
        {"file": SimpleUploadedFile("r.csv", b"name,email,minutes\nB,bob@example.kz,45\nC,,1\n")},
    )
    body = checked.json()
    assert body["threshold"] == 30
    assert [e["line"] for e in body["errors"]] == [3]
    assert not Attendance.objects.filter(user=bob).exists()
    confirmed = client.post(
        f"{base}/attendance/import/confirm", {"token": body["token"]}, "application/json"
    )
    assert confirmed.json() == {"recorded": 1, "updated": 0}
    stats = client.get(f"{base}/statistics").json()
    assert stats["registered"] == 1 and stats["attended"] == 2
    listed = client.get(f"{base}/attendance").json()
    assert {row["email"] for row in listed["items"]} == {"ann@example.kz", "bob@example.kz"}
    assert signed_in(her.user).get(f"{base}/statistics").status_code == 403


def test_the_api_feedback_is_for_those_who_attended(event: Any) -> None:
    her = registered(event)
    client = signed_in(her.user)
    url = f"/api/v1/events/{event.slug}/feedback"
    assert client.put(url, {"rating": 4}, "application/json").status_code == 403
    Attendance.objects.create(event=event, user=her.user, source="tick")
    assert (
        client.put(url, {"rating": 4, "comment": "Пайдалы"}, "application/json").status_code == 200
    )
    assert client.get(url).json()["rating"] == 4


def test_the_operations_are_in_the_openapi_schema() -> None:
    from ortaq.testing.openapi import OPERATION_IDS

    for operation in (
        "POST /api/v1/events/{slug}/check-in",
        "GET /api/v1/events/{slug}/attendance",
        "POST /api/v1/events/{slug}/attendance/import",
        "POST /api/v1/events/{slug}/attendance/import/confirm",
        "GET /api/v1/events/{slug}/statistics",
        "GET /api/v1/events/{slug}/teams",
        "POST /api/v1/events/{slug}/teams",
        "PUT /api/v1/events/{slug}/feedback",
    ):
        assert operation in OPERATION_IDS


def test_certificates_page_issues_after_the_end(people: dict[str, Any]) -> None:
    past = make_event(organiser=people["trainer"], starts_in=-timedelta(hours=5), hours=4)
    her = registered(past)
    Attendance.objects.create(event=past, user=her.user, source="qr")
    client = signed_in(people["trainer"])
    url = reverse("events:certificates", args=[past.slug])
    assert client.post(url).status_code == 302
    from ortaq.certificates.models import Certificate

    issued = Certificate.objects.get()
    assert issued.holder_id == her.user_id and issued.hours == 4
    verified = Client().get(f"/verify/{issued.code}", follow=True)
    assert verified.status_code == 200 and issued.code in verified.text
