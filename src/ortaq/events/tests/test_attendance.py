"""Attendance apart from registration: the QR check-in (twice, another event's code, a code of
no one), the tick list, the video-conference report (errors by line, nothing written before
the confirmation, only the valid rows after, idempotent), and the statistics' fixed queries."""

from datetime import timedelta
from typing import Any

import pytest
from django.core import mail
from django.utils import timezone

from ortaq.core.csvimport import ImportRejected
from ortaq.core.errors import DomainError, NotAllowed
from ortaq.events import attendance, services, statistics
from ortaq.events.choices import AttendanceSource, RegistrationRole, RegistrationStatus
from ortaq.events.models import Attendance, Registration
from ortaq.testing.factories import make_event, make_school, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def tasks_at_once(monkeypatch: pytest.MonkeyPatch) -> None:
    from django.db import transaction

    monkeypatch.setattr(transaction, "on_commit", lambda run, *a, **k: run())


@pytest.fixture
def event(people: dict[str, Any]) -> Any:
    return make_event(organiser=people["trainer"], capacity=50)


def registered(event: Any, user: Any = None, role: str = RegistrationRole.PARTICIPANT) -> Any:
    return Registration.objects.create(
        event=event, user=user or make_user(), status=RegistrationStatus.REGISTERED, role=role
    )


def test_a_qr_code_checks_her_in_once_and_says_when_the_second_time(event: Any) -> None:
    organiser = event.organiser_person
    her = registered(event)
    first = attendance.checkin(actor=organiser, event=event, code=her.checkin_code.lower())
    assert not first.already and first.attendance.source == AttendanceSource.QR
    again = attendance.checkin(actor=organiser, event=event, code=her.checkin_code)
    assert again.already and Attendance.objects.filter(event=event).count() == 1
    when = timezone.localtime(first.attendance.recorded_at).strftime("%H:%M")
    assert f"already checked in at {when}" in attendance.already_message(again)


def test_a_code_of_another_event_or_of_no_one_is_refused(event: Any) -> None:
    other = make_event(organiser=event.organiser_person)
    elsewhere = registered(other)
    with pytest.raises(DomainError, match="another event") as refused:
        attendance.checkin(actor=event.organiser_person, event=event, code=elsewhere.checkin_code)
    assert refused.value.code == "other_event"
    with pytest.raises(DomainError, match="No registration has this code"):
        attendance.checkin(actor=event.organiser_person, event=event, code="NOSUCHCODE")
    waiting = Registration.objects.create(
        event=event, user=make_user(), status=RegistrationStatus.WAITING,
        waiting_since=timezone.now(),
    )  # fmt: skip
    with pytest.raises(DomainError) as not_registered:
        attendance.checkin(actor=event.organiser_person, event=event, code=waiting.checkin_code)
    assert not_registered.value.code == "not_registered"
    assert not Attendance.objects.exists()


def test_only_those_who_run_the_event_check_people_in(event: Any, people: dict[str, Any]) -> None:
    her = registered(event, people["teacher"])
    with pytest.raises(NotAllowed):
        attendance.checkin(actor=people["teacher"], event=event, code=her.checkin_code)
    assert attendance.checkin(actor=people["admin"], event=event, code=her.checkin_code)


def test_the_confirmation_carries_her_qr_code(event: Any) -> None:
    her = make_user()
    services.registration_register(actor=her, event=event)
    message = mail.outbox[-1]
    code = Registration.objects.get(user=her).checkin_code
    assert code in message.body
    assert any(name == "check-in.png" for name, _content, _type in message.attachments)


def test_ticks_are_saved_and_a_tick_taken_off_leaves_other_records(event: Any) -> None:
    organiser = event.organiser_person
    ann, bob, cat = registered(event), registered(event), registered(event)
    attendance.checkin(actor=organiser, event=event, code=cat.checkin_code)
    shown = {ann.pk, bob.pk, cat.pk}
    assert attendance.tick(actor=organiser, event=event, present={ann.pk, bob.pk}, shown=shown) == (
        2,
        0,
    )
    assert attendance.tick(actor=organiser, event=event, present={ann.pk}, shown=shown) == (0, 1)
    assert set(Attendance.objects.values_list("user_id", flat=True)) == {ann.user_id, cat.user_id}
    listed = {r.pk: getattr(r, "attended_source", None) for r in attendance.tick_list(event)}
    assert listed == {ann.pk: "tick", bob.pk: None, cat.pk: "qr"}


REPORT = (
    "Name,Email,Minutes\n"
    "Айгерім Сейітова,ann@example.kz,95\n"
    "Bob,BOB@example.kz,12\n"
    "Нет почты,,40\n"
    "Stranger,nobody@example.kz,80\n"
    "Bad minutes,cat@example.kz,много\n"
    "Bob again,bob@example.kz,30\n"
)


def test_a_report_lists_errors_by_line_and_writes_nothing_before_confirmation(event: Any) -> None:
    organiser = event.organiser_person
    ann = make_user(email="ann@example.kz")
    bob = make_user(email="bob@example.kz")
    make_user(email="cat@example.kz")
    registered(event, ann)
    check = attendance.report_check(actor=organiser, event=event, data=REPORT.encode())
    assert [(e.line, e.column) for e in check.errors] == [
        (4, "email"),
        (5, "email"),
        (6, "minutes"),
    ]
    # Bob's two rows add up (a report lists each time one joined): 42 minutes.
    assert [(r.user_id, r.minutes) for r in check.attended] == [(ann.pk, 95), (bob.pk, 42)]
    assert not Attendance.objects.exists()
    assert attendance.report_confirm(actor=organiser, event=event, token=check.token) == (2, 0)
    assert attendance.report_confirm(actor=organiser, event=event, token=check.token) == (0, 0)
    rows = dict(Attendance.objects.values_list("user_id", "minutes"))
    assert rows == {ann.pk: 95, bob.pk: 42}


def test_a_report_below_the_threshold_is_not_attendance(event: Any) -> None:
    make_user(email="ann@example.kz")
    check = attendance.report_check(
        actor=event.organiser_person, event=event,
        data=b"name;email;minutes\nAnn;ann@example.kz;29\n",
    )  # fmt: skip
    assert check.threshold == 30
    assert check.attended == [] and len(check.under) == 1 and check.token == ""


@pytest.mark.parametrize(("minutes", "attended"), [(44, False), (45, True), (46, True)])
def test_the_report_counts_from_the_events_own_threshold_at_its_edge(
    event: Any, minutes: int, attended: bool
) -> None:
    event.attendance_minutes = 45
    event.save(update_fields=["attendance_minutes"])
    ann = make_user(email="ann@example.kz")
    # Her two rows add up (she joined twice): the sum is compared with the threshold.
    report = f"name,email,minutes\nAnn,ann@example.kz,{minutes - 10}\nAnn,ann@example.kz,10\n"
    check = attendance.report_check(actor=event.organiser_person, event=event, data=report.encode())
    assert check.threshold == 45
    assert [r.user_id for r in check.attended] == ([ann.pk] if attended else [])
    assert [r.user_id for r in check.under] == ([] if attended else [ann.pk])


def test_a_report_with_a_wrong_header_or_a_forged_token_is_refused(event: Any) -> None:
    organiser = event.organiser_person
    with pytest.raises(ImportRejected):
        attendance.report_check(actor=organiser, event=event, data=b"who,when\nx,y\n")
    with pytest.raises(DomainError, match="expired or is not valid"):
        attendance.report_confirm(actor=organiser, event=event, token="forged")
    other = make_event(organiser=organiser)
    make_user(email="ann@example.kz")
    check = attendance.report_check(
        actor=organiser, event=other, data=b"name,email,minutes\nA,ann@example.kz,90\n"
    )
    with pytest.raises(DomainError, match="another event"):
        attendance.report_confirm(actor=organiser, event=event, token=check.token)


def test_confirming_raises_minutes_of_an_earlier_record_and_never_doubles(event: Any) -> None:
    organiser = event.organiser_person
    ann = make_user(email="ann@example.kz")
    her = registered(event, ann)
    attendance.checkin(actor=organiser, event=event, code=her.checkin_code)
    check = attendance.report_check(
        actor=organiser, event=event, data=b"name,email,minutes\nA,ann@example.kz,90\n"
    )
    assert attendance.report_confirm(actor=organiser, event=event, token=check.token) == (0, 1)
    row = Attendance.objects.get()
    assert row.source == AttendanceSource.QR and row.minutes == 90


def test_statistics_count_by_role_region_and_school_in_two_queries(
    event: Any, django_assert_num_queries: Any
) -> None:
    rural = make_school(locality="rural", small_scale=False)
    small = make_school(locality="rural", small_scale=True)
    for _ in range(3):
        registered(event, make_user(profile__school=rural))
    speaker = registered(event, make_user(profile__school=small), RegistrationRole.SPEAKER)
    registered(event, make_user(), RegistrationRole.POSTER)
    Attendance.objects.create(event=event, user=speaker.user, source="tick")
    with django_assert_num_queries(2):
        stats = statistics.event_statistics(event)
    assert (stats.registered, stats.attended) == (5, 1)
    roles = {line.label: (line.registered, line.attended) for line in stats.by_role}
    assert roles == {"Participant": (3, 0), "Speaker": (1, 1), "Poster presenter": (1, 0)}
    schools = {line.label: (line.registered, line.attended) for line in stats.by_school}
    assert schools == {
        "Rural school": (3, 0),
        "Small-scale school": (1, 1),
        "No school given": (1, 0),
    }
    assert sum(line.registered for line in stats.by_region) == 5
    for _ in range(5):
        registered(event, make_user(profile__school=rural))
    with django_assert_num_queries(2):
        statistics.event_statistics(event)


def test_the_join_link_attendance_counts_too(event: Any) -> None:
    her = registered(event)
    services.join_link_follow(token=her.join_token(), now=event.starts_at - timedelta(minutes=10))
    assert statistics.event_statistics(event).attended == 1
    # Joined before the start: present from the start to the end (three hours).
    assert Attendance.objects.get().minutes == 180


@pytest.mark.parametrize(("left", "attended"), [(39, False), (40, True), (41, True)])
def test_the_join_link_counts_when_the_minutes_to_the_end_reach_the_threshold(
    event: Any, left: int, attended: bool
) -> None:
    """She follows her link ``left`` minutes before the end: attendance when that reaches the
    event's 40 minutes; the meeting opens for her either way."""
    event.attendance_minutes = 40
    event.save(update_fields=["attendance_minutes"])
    her = registered(event)
    joined = event.ends_at - timedelta(minutes=left, seconds=20)
    assert services.join_link_follow(token=her.join_token(), now=joined) == event.online_url
    found = Attendance.objects.filter(event=event, user=her.user).first()
    assert (found is not None) == attended
    if found is not None:
        assert (found.source, found.minutes) == (AttendanceSource.JOIN_LINK, left)


def test_a_later_join_never_lowers_what_the_first_recorded(event: Any) -> None:
    her = registered(event)
    services.join_link_follow(token=her.join_token(), now=event.starts_at + timedelta(minutes=20))
    services.join_link_follow(token=her.join_token(), now=event.ends_at - timedelta(minutes=5))
    assert list(Attendance.objects.values_list("minutes", flat=True)) == [160]
