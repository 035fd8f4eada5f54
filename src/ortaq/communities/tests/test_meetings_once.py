"""Meetings, more: a double click plans one meeting and e-mails the members once (service,
page, API, and at the same moment on PostgreSQL); dates outside five years either way are
refused everywhere without a server error; the API's list is cut into pages in SQL and keeps the
place and link from non-members."""

import datetime
import uuid
from typing import Any

import pytest
from django.core import mail
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from ortaq.communities.choices import Visibility
from ortaq.communities.models import Meeting
from ortaq.communities.services.meetings import meeting_save
from ortaq.core.errors import DomainError
from ortaq.testing.factories import facilitator_of, make_circle, make_user
from ortaq.testing.utils import at_once

pytestmark = pytest.mark.django_db


def _form(day: datetime.date, key: str | None = None, **fields: str) -> dict[str, str]:
    data = {
        "date": day.isoformat(),
        "time": "15:30",
        "duration_minutes": "60",
        "place": "Кітапхана",
        "agenda": "Жоспар",
        **fields,
    }
    if key is not None:
        data["client_key"] = key
    return data


def test_the_same_key_twice_plans_one_meeting_and_tells_the_members_once(
    django_capture_on_commit_callbacks: Any,
) -> None:
    member = make_user()
    circle = make_circle(members=(member,))
    facilitator = facilitator_of(circle)
    when = timezone.now() + datetime.timedelta(days=3)
    key = uuid.uuid4()
    with django_capture_on_commit_callbacks(execute=True):
        first = meeting_save(
            actor=facilitator, circle=circle, starts_at=when, place="Зал", client_key=key
        )
        again = meeting_save(
            actor=facilitator, circle=circle, starts_at=when, place="Зал", client_key=key
        )
    assert again.pk == first.pk and Meeting.objects.count() == 1
    assert sorted(m.to[0] for m in mail.outbox) == sorted([member.email, facilitator.email])
    # A fresh key is a new meeting; no key at all keeps the old behaviour.
    meeting_save(actor=facilitator, circle=circle, starts_at=when, place="Зал", client_key=None)
    meeting_save(actor=facilitator, circle=circle, starts_at=when, place="Зал", client_key=None)
    assert Meeting.objects.count() == 3
    # The key of a meeting in one circle cannot plan (or reveal) one in another circle.
    other = make_circle(facilitator=facilitator)
    with pytest.raises(DomainError) as refused:
        meeting_save(actor=facilitator, circle=other, starts_at=when, place="Зал", client_key=key)
    assert refused.value.code == "client_key"
    assert not Meeting.objects.filter(circle=other).exists()


def test_a_double_click_on_the_page_plans_one_meeting(
    client: Client, django_capture_on_commit_callbacks: Any
) -> None:
    member = make_user()
    circle = make_circle(members=(member,))
    client.force_login(facilitator_of(circle))
    url = reverse("communities:meeting_create", args=[circle.pk])
    shown = client.get(url)
    key = str(shown.context["form"]["client_key"].value())
    assert uuid.UUID(key) and f'value="{key}"' in shown.content.decode()
    assert client.get(url).context["form"]["client_key"].value() != key  # fresh per render
    day = timezone.localdate() + datetime.timedelta(days=7)
    with django_capture_on_commit_callbacks(execute=True):
        first = client.post(url, _form(day, key))
        second = client.post(url, _form(day, key))
    meeting = Meeting.objects.get()
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"]
    assert meeting.client_key == uuid.UUID(key)
    assert len([m for m in mail.outbox if m.to == [member.email]]) == 1


def test_a_double_click_through_the_api_plans_one_meeting(
    client: Client, django_capture_on_commit_callbacks: Any
) -> None:
    member = make_user()
    circle = make_circle(members=(member,))
    client.force_login(facilitator_of(circle))
    url = f"/api/v1/circles/{circle.pk}/meetings"
    when = (timezone.localdate() + datetime.timedelta(days=7)).isoformat()
    body = {"starts_at": f"{when}T10:00:00", "place": "Зал", "client_key": str(uuid.uuid4())}
    with django_capture_on_commit_callbacks(execute=True):
        first = client.post(url, body, content_type="application/json")
        second = client.post(url, body, content_type="application/json")
    assert first.status_code == second.status_code == 201
    assert first.json()["id"] == second.json()["id"]
    assert Meeting.objects.count() == 1
    assert len([m for m in mail.outbox if m.to == [member.email]]) == 1


def test_a_change_ignores_the_key_and_keeps_telling_as_before(client: Client) -> None:
    circle = make_circle()
    facilitator = facilitator_of(circle)
    client.force_login(facilitator)
    key = uuid.uuid4()
    planned = meeting_save(
        actor=facilitator,
        circle=circle,
        starts_at=timezone.now() + datetime.timedelta(days=3),
        place="Зал",
        client_key=key,
    )
    day = timezone.localdate() + datetime.timedelta(days=9)
    response = client.post(
        reverse("communities:meeting_edit", args=[circle.pk, planned.pk]),
        _form(day, str(key), place="Кітапхана"),
    )
    assert response.status_code == 302
    planned.refresh_from_db()
    assert planned.place == "Кітапхана" and timezone.localdate(planned.starts_at) == day
    assert Meeting.objects.count() == 1


@pytest.mark.parametrize(
    "day",
    ["0001-01-01", "1900-06-01", "9999-12-31", "2200-01-01"],
)
def test_the_page_refuses_a_date_far_away_without_an_error(client: Client, day: str) -> None:
    circle = make_circle()
    client.force_login(facilitator_of(circle))
    response = client.post(
        f"/en/circles/{circle.pk}/meetings/new/",
        _form(datetime.date.fromisoformat(day), str(uuid.uuid4())),
    )
    assert response.status_code == 200
    assert response.context["form"].errors["date"] == [
        "Choose a date no more than five years before or after today."
    ]
    assert not Meeting.objects.exists()


def test_the_page_accepts_dates_within_five_years(client: Client) -> None:
    circle = make_circle()
    client.force_login(facilitator_of(circle))
    url = reverse("communities:meeting_create", args=[circle.pk])
    today = timezone.localdate()
    for day in (today - datetime.timedelta(days=4 * 365), today + datetime.timedelta(days=4 * 365)):
        assert client.post(url, _form(day, str(uuid.uuid4()))).status_code == 302
    assert Meeting.objects.count() == 2


@pytest.mark.parametrize(
    "starts_at",
    [
        "0001-01-01T00:00:00",
        "0001-01-01T00:00:00+05:00",
        "0001-01-01T02:00:00+00:00",
        "9999-12-31T23:59:59",
        "9999-12-31T23:59:59+00:00",
        "9999-12-31T23:59:59-12:00",
        "1990-01-01T10:00:00+05:00",
        "2100-01-01T10:00:00+05:00",
    ],
)
def test_the_api_refuses_a_date_far_away_with_json(client: Client, starts_at: str) -> None:
    circle = make_circle()
    client.force_login(facilitator_of(circle))
    response = client.post(
        f"/api/v1/circles/{circle.pk}/meetings",
        {"starts_at": starts_at, "place": "Зал"},
        content_type="application/json",
        headers={"accept-language": "en"},
    )
    assert response.status_code == 400, response.content
    assert "five years" in response.json()["detail"]
    assert not Meeting.objects.exists()


def test_the_service_refuses_a_date_far_away_but_lets_an_old_meeting_keep_its_date() -> None:
    circle = make_circle()
    facilitator = facilitator_of(circle)
    now = timezone.now()
    for when in (
        now + datetime.timedelta(days=6 * 365),
        now - datetime.timedelta(days=6 * 365),
        datetime.datetime(1, 1, 1, tzinfo=datetime.UTC),
        datetime.datetime(9999, 12, 31, 23, 59, tzinfo=datetime.UTC),
        datetime.datetime(1, 1, 1),  # noqa: DTZ001 - a naive value is read in UTC+5
    ):
        with pytest.raises(DomainError) as refused:
            meeting_save(actor=facilitator, circle=circle, starts_at=when, place="Зал")
        assert refused.value.code == "starts_at"
    assert not Meeting.objects.exists()
    # A meeting recorded long ago (imported, say) may still have its agenda corrected.
    old = Meeting.objects.create(
        circle=circle, starts_at=now - datetime.timedelta(days=7 * 365), place="Зал"
    )
    meeting_save(
        actor=facilitator, circle=circle, meeting=old, starts_at=old.starts_at, place="Зал",
        agenda="Түзетілді",
    )  # fmt: skip
    old.refresh_from_db()
    assert old.agenda == "Түзетілді"
    with pytest.raises(DomainError):
        meeting_save(
            actor=facilitator, circle=circle, meeting=old, place="Зал",
            starts_at=old.starts_at + datetime.timedelta(days=1),
        )  # fmt: skip


def test_the_api_list_is_cut_in_sql_and_keeps_the_place_from_non_members(
    client: Client,
) -> None:
    circle = make_circle(visibility=Visibility.SIGNED_IN)
    facilitator = facilitator_of(circle)
    start = timezone.now() + datetime.timedelta(days=1)
    Meeting.objects.bulk_create(
        Meeting(circle=circle, starts_at=start + datetime.timedelta(hours=i), place="Жасырын")
        for i in range(60)
    )
    url = f"/api/v1/circles/{circle.pk}/meetings"
    client.force_login(make_user())  # signed in, not a member: reads the circle, not the place
    with CaptureQueriesContext(connection) as queries:
        page = client.get(url).json()
    assert page["count"] == 60 and len(page["items"]) == 50
    assert all(item["place"] is None and item["online_url"] is None for item in page["items"])
    # The rows are read one page at a time (only the count reads them all).
    meeting_selects = [q["sql"] for q in queries if 'FROM "communities_meeting"' in q["sql"]]
    assert meeting_selects
    for sql in meeting_selects:
        assert "LIMIT" in sql or sql.startswith("SELECT COUNT(*)"), sql
    client.force_login(facilitator)
    page = client.get(url).json()
    assert all(item["place"] == "Жасырын" for item in page["items"])
    assert page["items"][0]["cancelled"] is False and page["items"][0]["came"] == 0
    second = client.get(f"{url}?page=2").json()["items"]
    assert len(second) == 10
    assert {i["id"] for i in second}.isdisjoint({i["id"] for i in page["items"]})


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_double_click_at_once_plans_one_meeting(reference_data: None) -> None:
    member = make_user()
    circle = make_circle(members=(member,))
    facilitator = facilitator_of(circle)
    when = timezone.now() + datetime.timedelta(days=3)
    key = uuid.uuid4()
    results = at_once(
        lambda: meeting_save(
            actor=facilitator, circle=circle, starts_at=when, place="Зал", client_key=key
        ),
        times=3,
    )
    assert all(isinstance(r, Meeting) for r in results), results
    assert len({r.pk for r in results}) == 1
    assert Meeting.objects.filter(client_key=key).count() == 1
    assert len([m for m in mail.outbox if m.to == [member.email]]) == 1
