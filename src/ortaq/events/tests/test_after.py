"""After the event: materials (type and size checked), feedback (those who attended, once,
editable), the recommendations, certificates only for those who attended, spoke or organised
(role and hours in the PDF, one per person however often issued), and school teams (their
teachers from the school, accepted up to the capacity in teams, certified)."""

import io
from datetime import timedelta
from typing import Any

import pypdf
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone, translation

from ortaq.certificates.models import Certificate
from ortaq.certificates.pdf import render_pdf
from ortaq.core.errors import DomainError, NotAllowed
from ortaq.events import after, teams
from ortaq.events.choices import (
    AttendanceSource,
    MaterialKind,
    RegistrationRole,
    RegistrationStatus,
    StaffRole,
    TeamStatus,
)
from ortaq.events.models import Attendance, Feedback, Registration, Staff, Team
from ortaq.testing.factories import make_event, make_school, make_user

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def tasks_at_once(monkeypatch: pytest.MonkeyPatch) -> None:
    from django.db import transaction

    monkeypatch.setattr(transaction, "on_commit", lambda run, *a, **k: run())


@pytest.fixture
def past(people: dict[str, Any]) -> Any:
    """A seminar that ended an hour ago, of 6 hours for the certificate."""
    return make_event(
        organiser=people["trainer"], starts_in=-timedelta(hours=4), hours_long=3, hours=6
    )


def pdf_text(pdf: bytes) -> str:
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def test_slides_of_the_wrong_type_or_size_are_refused(past: Any) -> None:
    organiser = past.organiser_person
    fake = SimpleUploadedFile("slides.pdf", b"<html><script>x</script></html>")
    with pytest.raises(DomainError) as wrong:
        after.material_add(actor=organiser, event=past, kind=MaterialKind.SLIDES, upload=fake)
    assert wrong.value.code == "wrong_type"
    big = SimpleUploadedFile("poster.pdf", PDF + b"0" * (21 * 1024 * 1024))
    with pytest.raises(DomainError) as large:
        after.material_add(actor=organiser, event=past, kind=MaterialKind.POSTER, upload=big)
    assert large.value.code == "too_large"
    made = after.material_add(
        actor=organiser, event=past, kind=MaterialKind.SLIDES,
        upload=SimpleUploadedFile("Слайды.pdf", PDF),
    )  # fmt: skip
    assert str(made.file.name).endswith(".pdf") and made.title == "Слайды.pdf"
    link = after.material_add(
        actor=organiser, event=past, kind=MaterialKind.RECORDING, url="https://video.example/1"
    )
    assert link.url and not link.file


def test_only_organisers_and_authors_add_materials(past: Any, people: dict[str, Any]) -> None:
    with pytest.raises(NotAllowed):
        after.material_add(
            actor=people["teacher"], event=past, kind=MaterialKind.RECORDING,
            url="https://video.example/1",
        )  # fmt: skip


def test_feedback_is_for_those_who_attended_once_and_editable(past: Any) -> None:
    listener, absent = make_user(), make_user()
    Attendance.objects.create(event=past, user=listener, source=AttendanceSource.TICK)
    with pytest.raises(NotAllowed):
        after.feedback_save(actor=absent, event=past, rating=5)
    after.feedback_save(actor=listener, event=past, rating=3, comment="Жақсы")
    after.feedback_save(actor=listener, event=past, rating=5, comment="Өте жақсы")
    assert list(Feedback.objects.values_list("rating", "comment")) == [(5, "Өте жақсы")]
    with pytest.raises(DomainError):
        after.feedback_save(actor=listener, event=past, rating=6)
    assert after.feedback_summary(past).average == 5


def test_the_recommendations_are_published_in_each_language(past: Any) -> None:
    after.outcome_publish(
        actor=past.organiser_person, event=past, kk="Ұсыныстар", ru="Рекомендации", en=""
    )
    past.refresh_from_db()
    assert (past.outcome_kk, past.outcome_ru) == ("Ұсыныстар", "Рекомендации")


def test_certificates_only_for_those_who_attended_spoke_or_organised(past: Any) -> None:
    listener = make_user(language="ru", last_name="Ахметова", first_name="Дана")
    absent = make_user()
    speaker = make_user(language="kk")
    organiser = make_user(language="en")
    Registration.objects.create(event=past, user=listener, status=RegistrationStatus.REGISTERED)
    Registration.objects.create(event=past, user=absent, status=RegistrationStatus.REGISTERED)
    Registration.objects.create(
        event=past, user=speaker, status=RegistrationStatus.REGISTERED,
        role=RegistrationRole.SPEAKER,
    )  # fmt: skip
    Staff.objects.create(event=past, user=organiser, role=StaffRole.ORGANISER)
    Attendance.objects.create(event=past, user=listener, source=AttendanceSource.QR)
    walk_in = make_user()  # attended without registering
    Attendance.objects.create(event=past, user=walk_in, source=AttendanceSource.TICK)

    after.certificates_issue(actor=past.organiser_person, event=past)
    holders = set(Certificate.objects.values_list("holder_id", flat=True))
    assert holders == {listener.pk, speaker.pk, organiser.pk, walk_in.pk}
    assert absent.pk not in holders
    # The walk-in's registration holds no seat.
    assert Registration.objects.get(event=past, user=walk_in).status == "cancelled"
    # Issuing again issues nothing more; a newcomer recorded since gets hers.
    assert after.issue_all(past) == 0
    Attendance.objects.create(event=past, user=absent, source=AttendanceSource.IMPORT, minutes=90)
    assert after.issue_all(past) == 1

    mine = Certificate.objects.get(holder=listener)
    assert mine.hours == 6 and mine.language == "ru"
    text = pdf_text(render_pdf(mine))
    with translation.override("ru"):
        as_participant = after.role_words(RegistrationRole.PARTICIPANT)
    assert "Ахметова" in text and as_participant in text and mine.code in text
    spoke = pdf_text(render_pdf(Certificate.objects.get(holder=speaker)))
    with translation.override("kk"):
        assert after.role_words(RegistrationRole.SPEAKER) in spoke
    organised = Certificate.objects.get(holder=organiser)
    assert "as an organiser" in organised.description


def test_certificates_wait_for_the_end_and_for_the_organiser(
    people: dict[str, Any],
) -> None:
    upcoming = make_event(organiser=people["trainer"])
    with pytest.raises(DomainError, match="once the event has ended"):
        after.certificates_issue(actor=people["trainer"], event=upcoming)
    with pytest.raises(NotAllowed):
        after.certificates_issue(actor=people["teacher"], event=upcoming)


def test_a_team_is_led_by_teachers_of_her_school_and_accepted_up_to_capacity(
    people: dict[str, Any],
) -> None:
    camp = make_event(organiser=people["trainer"], kind="camp", capacity=1)
    school = people["school"]
    teacher = people["teacher"]
    colleague = make_user(profile__school=school)
    stranger = make_user(profile__school=make_school())
    assert set(teams.teachers_of(school)) >= {teacher, colleague}
    with pytest.raises(DomainError, match="teachers of your school"):
        teams.team_apply(
            actor=teacher, event=camp, name="Шапағат", teachers=[stranger], pupils=8, grades="5–7"
        )
    first = teams.team_apply(
        actor=teacher, event=camp, name="Шапағат", teachers=[teacher, colleague], pupils=8,
        grades="5–7",
    )  # fmt: skip
    with pytest.raises(DomainError, match="already applied"):
        teams.team_apply(
            actor=teacher, event=camp, name="Шапағат", teachers=[teacher], pupils=8, grades="5"
        )
    other = make_school()
    head = make_user(profile__school=other)
    second = teams.team_apply(
        actor=head, event=camp, name="Жұлдыз", teachers=[head], pupils=12, grades="8–9"
    )
    organiser = people["trainer"]
    with pytest.raises(NotAllowed):
        teams.team_decide(actor=teacher, team=first, accept=True)
    teams.team_decide(actor=organiser, team=first, accept=True)
    teams.team_decide(actor=organiser, team=first, accept=True)  # again: nothing changes
    with pytest.raises(DomainError, match="all taken"):
        teams.team_decide(actor=organiser, team=second, accept=True)
    teams.team_result(actor=organiser, team=first, result="I орын")
    assert Team.objects.get(pk=first.pk).result == "I орын"
    assert Team.objects.get(pk=second.pk).status == TeamStatus.APPLIED
    # No field of a team names a pupil.
    assert not any("pupil" in f.name and "name" in f.name for f in Team._meta.get_fields())

    camp.starts_at = timezone.now() - timedelta(days=3)
    camp.ends_at = timezone.now() - timedelta(days=1)
    camp.save()
    after.certificates_issue(actor=organiser, event=camp)
    holders = set(Certificate.objects.values_list("holder_id", flat=True))
    assert holders == {teacher.pk, colleague.pk}
    # In her language (Kazakh): "as a school team's leading teacher".
    assert "мектеп командасының" in Certificate.objects.get(holder=colleague).description


def test_only_festivals_and_camps_take_teams(people: dict[str, Any]) -> None:
    seminar = make_event(organiser=people["trainer"])
    with pytest.raises(DomainError, match="festivals and camps"):
        teams.team_apply(
            actor=people["teacher"], event=seminar, name="X", teachers=[people["teacher"]],
            pupils=3, grades="5",
        )  # fmt: skip


def test_who_sees_which_team_is_one_rule(people: dict[str, Any]) -> None:
    """``teams_visible_to`` and ``events.view_team`` agree for every role of the matrix."""
    camp = make_event(organiser=people["trainer"], kind="camp", capacity=5)
    made = []
    for school, status in (
        (people["school"], TeamStatus.APPLIED),
        (people["far_school"], TeamStatus.ACCEPTED),
        (people["other_school"], TeamStatus.DECLINED),
    ):
        team = Team.objects.create(
            event=camp, name=f"Team {status}", school=school, pupils=5, grades="5", status=status
        )
        made.append(team)
    from django.contrib.auth.models import AnonymousUser

    seen_by = {}
    for role, person in people.items():
        if role != "anonymous" and not hasattr(person, "has_perm"):
            continue
        user = person or AnonymousUser()
        listed = set(teams.teams_visible_to(user, camp))
        assert listed == {t for t in made if user.has_perm("events.view_team", t)}, role
        seen_by[role] = {t.status for t in listed}
    assert seen_by["trainer"] == {"applied", "accepted", "declined"}
    assert seen_by["teacher"] == {"applied", "accepted"}  # her school's, and the accepted
    assert seen_by["anonymous"] == {"accepted"}


def test_a_teams_application_waits_on_its_organisers_page_and_its_teachers_are_told(
    people: dict[str, Any],
) -> None:
    from django.core import mail
    from django.urls import reverse

    from ortaq.testing.http import signed_in

    camp = make_event(organiser=people["trainer"], kind="camp", capacity=5)
    teacher, organiser = people["teacher"], people["trainer"]
    colleague = make_user(profile__school=people["school"], language="ru")
    team = teams.team_apply(
        actor=teacher, event=camp, name="Шапағат", teachers=[teacher, colleague], pupils=8,
        grades="5–7",
    )  # fmt: skip
    teams_link = reverse("events:teams", args=[camp.slug])
    dashboard = reverse("accounts:dashboard")
    assert teams_link in signed_in(organiser).get(dashboard).content.decode()
    assert teams_link not in signed_in(make_user()).get(dashboard).content.decode()
    waiting = signed_in(organiser).get("/api/v1/me/waiting").json()
    assert [t["team_id"] for t in waiting["event_teams_to_decide"]] == [team.pk]
    mail.outbox.clear()
    teams.team_decide(actor=organiser, team=team, accept=True)
    by_address = {m.to[0]: m for m in mail.outbox}
    assert set(by_address) == {teacher.email, colleague.email}
    assert by_address[colleague.email].extra_headers["Content-Language"] == "ru"
    assert "Шапағат" in by_address[teacher.email].subject
    assert f"/ru/events/{camp.slug}/teams/" in by_address[colleague.email].body
    # Decided, it waits no more; deciding the same way again tells no one twice.
    assert teams_link not in signed_in(organiser).get(dashboard).content.decode()
    mail.outbox.clear()
    teams.team_decide(actor=organiser, team=team, accept=True)
    assert mail.outbox == []
