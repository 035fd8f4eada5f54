"""Meetings: planning (in UTC+5), the members' e-mail, cancelling, notes, attendance, the
.ics file, and the pages' query counts."""

import datetime
from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from ortaq.communities.choices import MeetingNews, Notify
from ortaq.communities.models import Attendance, Circle, Meeting
from ortaq.communities.queries.circles import meetings_of
from ortaq.communities.services.meetings import (
    attendance_record,
    meeting_cancel,
    meeting_notes_save,
    meeting_save,
)
from ortaq.communities.tasks.circles import send_meeting
from ortaq.core.errors import DomainError, NotAllowed
from ortaq.testing.factories import add_member, facilitator_of, make_circle, make_user

pytestmark = pytest.mark.django_db
ALMATY = datetime.timezone(datetime.timedelta(hours=5))


def plan(circle: Circle, *, days: float = 3, **fields: Any) -> Meeting:
    values = {"place": "Кітапхана", "agenda": "1. Сабақты зерттеу", **fields}
    return meeting_save(
        actor=facilitator_of(circle),
        circle=circle,
        starts_at=timezone.now() + datetime.timedelta(days=days),
        **values,
    )


def test_planning_tells_the_members_who_want_to_hear(
    django_capture_on_commit_callbacks: Any,
) -> None:
    quiet, each, ru = make_user(), make_user(), make_user(language="ru")
    circle = make_circle(members=(quiet, each, ru))
    add_member(circle, quiet, notify=Notify.NOTHING)
    add_member(circle, each, notify=Notify.EACH_POST)
    gone = make_user()
    add_member(circle, gone, status="left")
    with django_capture_on_commit_callbacks(execute=True):
        meeting = plan(circle, online_url="https://meet.example.kz/abc")
    to = {m.to[0]: m for m in mail.outbox}
    assert set(to) == {each.email, ru.email, facilitator_of(circle).email}
    assert "https://meet.example.kz/abc" in to[each.email].body
    assert f"/ru/circles/{circle.pk}/meetings/{meeting.pk}/" in to[ru.email].body
    circle.refresh_from_db()
    assert circle.last_activity_at is not None


def test_moving_or_cancelling_a_coming_meeting_tells_the_members_again(
    django_capture_on_commit_callbacks: Any,
) -> None:
    kk, ru, quiet = make_user(), make_user(language="ru"), make_user()
    circle = make_circle(name="Шағын мектеп", members=(kk, ru, quiet))
    add_member(circle, quiet, notify=Notify.NOTHING)
    facilitator = facilitator_of(circle)
    ahead = plan(circle)
    when = ahead.starts_at + datetime.timedelta(days=1)

    def save(**changes: Any) -> None:
        fields = {"place": ahead.place, "agenda": ahead.agenda, "starts_at": ahead.starts_at}
        with django_capture_on_commit_callbacks(execute=True):
            meeting_save(actor=facilitator, circle=circle, meeting=ahead, **{**fields, **changes})

    mail.outbox.clear()
    save(agenda="Тек күн тәртібі")
    assert mail.outbox == []  # a new agenda alone tells nobody
    save(starts_at=when, place="Мұғалімдер бөлмесі")
    to = {m.to[0]: m for m in mail.outbox}
    assert set(to) == {kk.email, ru.email, facilitator.email}
    local = timezone.localtime(when).strftime("%d.%m.%Y %H:%M")
    assert to[ru.email].subject == f"Изменено: встреча сообщества «Шағын мектеп», теперь {local}"
    assert "Мұғалімдер бөлмесі" in to[kk.email].body
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        meeting_cancel(actor=facilitator, meeting=ahead)
        meeting_cancel(actor=facilitator, meeting=ahead)
    assert len(mail.outbox) == 3  # once, however often she presses
    to = {m.to[0]: m for m in mail.outbox}
    assert to[ru.email].subject == f"Отменено: встреча сообщества «Шағын мектеп» {local}"
    assert "Мұғалімдер бөлмесі" not in to[kk.email].body
    with pytest.raises(DomainError) as refused:
        save(place="Басқа")
    assert refused.value.code == "cancelled"
    mail.outbox.clear()
    held = plan(circle, days=-2)
    with django_capture_on_commit_callbacks(execute=True):
        meeting_save(
            actor=facilitator,
            circle=circle,
            meeting=held,
            starts_at=held.starts_at - datetime.timedelta(hours=1),
            place="Кітапхана",
        )
        meeting_cancel(actor=facilitator, meeting=held)
    assert mail.outbox == []  # a meeting already past is corrected quietly


def test_news_that_no_longer_holds_is_not_sent() -> None:
    circle = make_circle(members=(make_user(),))
    ahead = plan(circle)
    assert send_meeting.call(ahead.pk, MeetingNews.CANCELLED) == 0
    meeting_cancel(actor=facilitator_of(circle), meeting=ahead)
    assert send_meeting.call(ahead.pk, MeetingNews.PLANNED) == 0
    assert send_meeting.call(ahead.pk, MeetingNews.CHANGED) == 0
    assert send_meeting.call(ahead.pk, MeetingNews.CANCELLED) == 2


def test_the_next_meeting_comes_first_then_the_latest_past_one() -> None:
    circle = make_circle()
    far, soon, last, long_ago = (plan(circle, days=d) for d in (30, 2, -1, -40))
    assert list(meetings_of(circle=circle)) == [soon, far, last, long_ago]


def test_only_facilitators_plan_and_a_meeting_needs_a_place(people: dict[str, Any]) -> None:
    circle = make_circle(school=people["school"], members=(people["teacher"],))
    when = timezone.now() + datetime.timedelta(days=1)
    with pytest.raises(NotAllowed):
        meeting_save(actor=people["teacher"], circle=circle, starts_at=when, place="Зал")
    with pytest.raises(NotAllowed):  # a school head is not the circle's facilitator
        meeting_save(actor=people["principal"], circle=circle, starts_at=when, place="Зал")
    meeting_save(actor=people["coordinator"], circle=circle, starts_at=when, place="Зал")
    facilitator = facilitator_of(circle)
    for fields, code in (
        ({"place": " "}, "place"),
        ({"place": "Зал", "duration_minutes": 2}, "duration"),
        ({"online_url": "javascript:alert(1)"}, "online_url"),
    ):
        with pytest.raises(DomainError) as refused:
            meeting_save(actor=facilitator, circle=circle, starts_at=when, **fields)
        assert refused.value.code == code
    circle.archived_at = timezone.now()
    circle.save()
    with pytest.raises(NotAllowed):
        meeting_save(actor=facilitator, circle=circle, starts_at=when, place="Зал")


def test_cancel_once_notes_and_attendance_after_it_began(people: dict[str, Any]) -> None:
    first, second = make_user(), make_user()
    circle = make_circle(members=(first, second))
    facilitator = facilitator_of(circle)
    ahead = plan(circle)
    with pytest.raises(DomainError):
        meeting_notes_save(actor=facilitator, meeting=ahead, notes="Ерте")
    with pytest.raises(DomainError):
        attendance_record(actor=facilitator, meeting=ahead, present=[first.pk])
    cancelled = meeting_cancel(actor=facilitator, meeting=ahead).cancelled_at
    assert meeting_cancel(actor=facilitator, meeting=ahead).cancelled_at == cancelled
    with pytest.raises(NotAllowed):
        meeting_cancel(actor=first, meeting=ahead)
    held = plan(circle, days=-1)
    meeting_notes_save(actor=facilitator, meeting=held, notes=" **Шешім**: келесі апта ")
    assert (held.notes, held.notes_by) == ("**Шешім**: келесі апта", facilitator)
    with pytest.raises(NotAllowed):
        meeting_notes_save(actor=first, meeting=held, notes="x")
    stranger = make_user()
    came = attendance_record(
        actor=facilitator, meeting=held, present=[first.pk, facilitator.pk, stranger.pk]
    )
    assert came == 2
    recorded = dict(Attendance.objects.filter(meeting=held).values_list("user_id", "present"))
    assert recorded == {first.pk: True, second.pk: False, facilitator.pk: True}
    assert attendance_record(actor=facilitator, meeting=held, present=[second.pk]) == 1
    assert Attendance.objects.filter(meeting=held).count() == 3


def test_the_form_takes_kazakhstan_time_and_stores_utc(client: Client) -> None:
    circle = make_circle()
    client.force_login(facilitator_of(circle))
    response = client.post(
        reverse("communities:meeting_create", args=[circle.pk]),
        {
            "date": "2031-03-05",
            "time": "15:30",
            "duration_minutes": "90",
            "place": "Мұғалімдер бөлмесі",
            "online_url": "",
            "agenda": "Жоспар",
        },
    )
    meeting = Meeting.objects.get(circle=circle)
    assert response.status_code == 302
    assert meeting.starts_at == datetime.datetime(2031, 3, 5, 10, 30, tzinfo=datetime.UTC)
    page = client.get(reverse("communities:meeting", args=[circle.pk, meeting.pk]))
    assert "15:30" in page.content.decode()
    edit = client.get(reverse("communities:meeting_edit", args=[circle.pk, meeting.pk]))
    assert 'value="15:30"' in edit.content.decode()
    refused = client.post(
        reverse("communities:meeting_create", args=[circle.pk]),
        {"date": "2031-03-05", "time": "15:30", "duration_minutes": "60"},
    )
    assert refused.status_code == 200 and refused.context["form"].non_field_errors()
    assert Meeting.objects.count() == 1


def test_the_ics_file_is_utc_and_escaped(client: Client) -> None:
    circle = make_circle(name="Үйірме; бір, екі\\үш")
    meeting = meeting_save(
        actor=facilitator_of(circle),
        circle=circle,
        starts_at=datetime.datetime(2031, 3, 5, 15, 30, tzinfo=ALMATY),
        duration_minutes=45,
        place="Кабинет 12, 2-қабат",
        agenda="Бірінші\nЕкінші",
    )
    client.force_login(facilitator_of(circle))
    response = client.get(
        reverse("communities:meeting", args=[circle.pk, meeting.pk]), {"format": "ics"}
    )
    assert response["Content-Type"].startswith("text/calendar")
    text = response.content.decode()
    assert "\r\nDTSTART:20310305T103000Z\r\n" in text
    assert "\r\nDTEND:20310305T111500Z\r\n" in text
    assert "SUMMARY:Үйірме\\; бір\\, екі\\\\үш\r\n" in text
    assert "LOCATION:Кабинет 12\\, 2-қабат\r\n" in text
    assert "DESCRIPTION:Бірінші\\nЕкінші\r\n" in text
    assert text.startswith("BEGIN:VCALENDAR\r\n") and text.endswith("END:VCALENDAR\r\n")


def test_attendance_page_and_counts(client: Client) -> None:
    first, second = make_user(), make_user()
    circle = make_circle(members=(first, second))
    held = plan(circle, days=-1)
    client.force_login(facilitator_of(circle))
    url = reverse("communities:attendance", args=[circle.pk, held.pk])
    assert client.post(url, {"present": [str(first.pk), "x", "²"]}).status_code == 302
    listing = client.get(reverse("communities:meetings", args=[circle.pk])).content.decode()
    assert "<td>1</td>" in listing
    client.force_login(first)
    assert client.post(url, {"present": [str(first.pk)]}).status_code == 403


def test_notes_page_for_a_facilitator(client: Client) -> None:
    circle = make_circle()
    held = plan(circle, days=-1)
    client.force_login(facilitator_of(circle))
    url = reverse("communities:meeting", args=[circle.pk, held.pk])
    client.post(url, {"notes": "## Не шештік\n<script>alert(1)</script>"})
    page = client.get(url).content.decode()
    assert "Не шештік</h2>" in page and "<script>alert(1)" not in page


def test_the_meetings_list_is_paginated(client: Client) -> None:
    circle = make_circle()
    for days in range(35):
        plan(circle, days=days + 1)
    client.force_login(facilitator_of(circle))
    first = client.get(reverse("communities:meetings", args=[circle.pk]))
    assert len(first.context["page"].object_list) == 30
    second = client.get(reverse("communities:meetings", args=[circle.pk]), {"page": 2})
    assert len(second.context["page"].object_list) == 5


def test_cancelling_from_the_edit_page(client: Client) -> None:
    circle = make_circle()
    ahead = plan(circle)
    client.force_login(facilitator_of(circle))
    client.post(reverse("communities:meeting_edit", args=[circle.pk, ahead.pk]), {"cancel": "1"})
    ahead.refresh_from_db()
    assert ahead.cancelled_at is not None


@pytest.mark.parametrize("size", [1, 12])
def test_meeting_pages_make_a_fixed_number_of_queries(
    client: Client, django_assert_max_num_queries: Any, size: int
) -> None:
    members = tuple(make_user() for _ in range(size))
    circle = make_circle(members=members)
    meetings = [plan(circle, days=d) for d in range(-size, size)]
    attendance_record(
        actor=facilitator_of(circle), meeting=meetings[0], present=[m.pk for m in members]
    )
    client.force_login(members[0])
    with django_assert_max_num_queries(9):
        assert client.get(reverse("communities:meetings", args=[circle.pk])).status_code == 200
    with django_assert_max_num_queries(10):
        page = client.get(reverse("communities:meeting", args=[circle.pk, meetings[0].pk]))
        assert page.status_code == 200
