"""The project movement's services: calling one, teams, entries with their files and the
vouching, moderation and its e-mails, publishing and certificates."""

import datetime
from typing import Any

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone, translation

from ortaq.accounts.services import role_grant
from ortaq.certificates.models import Certificate
from ortaq.core.errors import DomainError, NotAllowed
from ortaq.core.roles import Role
from ortaq.schools.models import Region
from ortaq.testing.factories import make_association, make_school, make_user
from ortaq.testing.files import PDF, PNG
from ortaq.testing.movements import (
    move_entry,
    move_movement,
    move_staff,
    move_teacher,
    move_team,
)
from ortaq.textbooks import movements
from ortaq.textbooks.choices import EntryStatus, MovementStatus, StaffRole, TeamStatus
from ortaq.textbooks.models import EntryMedia, MovementStaff, TeamTeacher
from ortaq.textbooks.queries_movements import organisers_for, waiting_for

pytestmark = pytest.mark.django_db
# The least of an MP3 file: an ID3 header.
MP3 = b"ID3\x03\x00\x00\x00\x00\x00\x0f" + b"\x00" * 64


def fields(**changes: object) -> movements.MovementFields:
    today = timezone.localdate()
    values: dict[str, object] = {
        "title_kk": "Менің ауылымның фольклоры",
        "title_ru": "Фольклор моего села",
        "theme": "Мақал-мәтелдер",
        "rules": "Ережелер",
        "starts_on": today,
        "ends_on": today + datetime.timedelta(days=30),
        "hours": 12,
        **changes,
    }
    return movements.MovementFields(**values)  # type: ignore[arg-type]


def entry_fields(team: object, **changes: object) -> movements.EntryFields:
    school = team.school  # type: ignore[attr-defined]
    values: dict[str, object] = {
        "title": "Ауыл мақалдары",
        "genre": "proverb",
        "text": "Отан — оттан да ыстық.",
        "language": "kk",
        "region": school.region,
        "district": school.district,
        "village": "Қаскелең",
        **changes,
    }
    return movements.EntryFields(**values)  # type: ignore[arg-type]


def test_the_organisers_offered_are_her_associations_and_regions() -> None:
    coordinator = make_user()
    association = make_association(coordinators=[coordinator])
    other = make_association()
    assert organisers_for(user=coordinator).associations == [association]
    assert organisers_for(user=coordinator).regions == []
    methodologist = make_user()
    karaganda = Region.objects.get(code="KZ-35")
    role_grant(actor=None, user=methodologist, role=Role.COORDINATOR, target=karaganda)
    offered = organisers_for(user=methodologist)
    assert offered.regions == [karaganda]
    assert other not in offered.associations
    assert not organisers_for(user=make_user()).any


def test_an_association_calls_a_movement_and_its_caller_coordinates_it() -> None:
    coordinator = make_user()
    association = make_association(coordinators=[coordinator])
    movement = movements.movement_create(
        actor=coordinator, slug="folklore", fields=fields(), association=association
    )
    assert movement.status == MovementStatus.DRAFT
    assert movement.region == association.region
    assert MovementStaff.objects.filter(
        movement=movement, user=coordinator, role=StaffRole.COORDINATOR
    ).exists()
    with pytest.raises(NotAllowed):
        movements.movement_create(
            actor=make_user(), slug="other", fields=fields(), association=association
        )
    with pytest.raises(DomainError) as refused:
        movements.movement_create(
            actor=coordinator, slug="folklore", fields=fields(), association=association
        )
    assert refused.value.code == "slug"


def test_a_region_not_hers_is_refused() -> None:
    methodologist = make_user()
    role_grant(
        actor=None,
        user=methodologist,
        role=Role.COORDINATOR,
        target=Region.objects.get(code="KZ-35"),
    )
    with pytest.raises(NotAllowed):
        movements.movement_create(
            actor=methodologist,
            slug="folklore",
            fields=fields(),
            region=Region.objects.get(code="KZ-19"),
        )


def test_dates_in_the_wrong_order_are_refused() -> None:
    coordinator = make_user()
    association = make_association(coordinators=[coordinator])
    today = timezone.localdate()
    with pytest.raises(DomainError) as refused:
        movements.movement_create(
            actor=coordinator,
            slug="folklore",
            fields=fields(ends_on=today - datetime.timedelta(days=1)),
            association=association,
        )
    assert refused.value.code == "dates"


def test_status_moves_one_way_and_staff_are_added_by_email() -> None:
    movement = move_movement(status=MovementStatus.DRAFT)
    coordinator = move_staff(movement)
    moderator = move_staff(movement, StaffRole.MODERATOR)
    with pytest.raises(NotAllowed):
        movements.movement_set_status(actor=moderator, movement=movement, status="open")
    movement = movements.movement_set_status(actor=coordinator, movement=movement, status="open")
    assert movements.movement_set_status(
        actor=coordinator, movement=movement, status="open"
    ).status == ("open")
    with pytest.raises(DomainError):
        movements.movement_set_status(actor=coordinator, movement=movement, status="published")
    person = make_user(email="moderator@example.kz")
    movements.staff_add(
        actor=coordinator, movement=movement, email="Moderator@Example.kz", role="moderator"
    )
    movements.staff_add(
        actor=coordinator, movement=movement, email="moderator@example.kz", role="moderator"
    )
    assert MovementStaff.objects.filter(movement=movement, user=person).count() == 1
    with pytest.raises(DomainError):
        movements.staff_add(
            actor=coordinator, movement=movement, email="nobody@example.kz", role="moderator"
        )
    only = MovementStaff.objects.get(movement=movement, role=StaffRole.COORDINATOR)
    with pytest.raises(DomainError):
        movements.staff_remove(actor=coordinator, staff=only)


def test_a_teacher_applies_with_her_school_team_led_by_teachers_of_it() -> None:
    movement = move_movement()
    school = make_school()
    teacher = make_user(profile__school=school)
    colleague = make_user(email="colleague@example.kz", profile__school=school)
    make_user(email="stranger@example.kz", profile__school=make_school())
    team = movements.team_apply(
        actor=teacher,
        movement=movement,
        name="Ақбұлақ",
        grades="5–7",
        pupils=12,
        teacher_emails=["colleague@example.kz"],
    )
    assert team.school == school and team.status == TeamStatus.APPLIED
    assert set(TeamTeacher.objects.filter(team=team).values_list("user_id", flat=True)) == {
        teacher.pk,
        colleague.pk,
    }
    again = movements.team_apply(
        actor=teacher, movement=movement, name="Ақбұлақ", grades="5–7", pupils=12
    )
    assert again.pk == team.pk
    with pytest.raises(DomainError) as refused:
        movements.team_apply(
            actor=teacher,
            movement=movement,
            name="Басқа",
            grades="5",
            pupils=3,
            teacher_emails=["stranger@example.kz"],
        )
    assert refused.value.code == "teachers"
    with pytest.raises(DomainError):
        movements.team_apply(actor=teacher, movement=movement, name="X", grades="5", pupils=0)


def test_teams_apply_only_while_the_movement_is_open() -> None:
    movement = move_movement(status=MovementStatus.CLOSED)
    teacher = make_user(profile__school=make_school())
    with pytest.raises(DomainError) as refused:
        movements.team_apply(actor=teacher, movement=movement, name="A", grades="5", pupils=3)
    assert refused.value.code == "state"


def test_staff_accept_and_decline_teams() -> None:
    movement = move_movement()
    team = move_team(movement, status=TeamStatus.APPLIED)
    with pytest.raises(NotAllowed):
        movements.team_decide(actor=move_teacher(team), team=team, accept=True)
    moderator = move_staff(movement, StaffRole.MODERATOR)
    assert movements.team_decide(actor=moderator, team=team, accept=True).status == "accepted"
    move_entry(team)
    with pytest.raises(DomainError):
        movements.team_decide(actor=moderator, team=team, accept=False)


def test_an_entry_needs_the_vouching_and_an_accepted_team() -> None:
    movement = move_movement()
    team = move_team(movement)
    teacher = move_teacher(team)
    with pytest.raises(DomainError) as refused:
        movements.entry_submit(actor=teacher, team=team, fields=entry_fields(team), vouched=False)
    assert refused.value.code == "vouched"
    entry = movements.entry_submit(
        actor=teacher, team=team, fields=entry_fields(team), vouched=True
    )
    assert entry.vouched_by == teacher and entry.vouched_at is not None
    assert entry.status == EntryStatus.SUBMITTED
    # The same sending again makes nothing new.
    again = movements.entry_submit(
        actor=teacher, team=team, fields=entry_fields(team), vouched=True
    )
    assert again.pk == entry.pk
    applied = move_team(movement, status=TeamStatus.APPLIED)
    with pytest.raises(DomainError) as refused:
        movements.entry_submit(
            actor=move_teacher(applied), team=applied, fields=entry_fields(applied), vouched=True
        )
    assert refused.value.code == "team"
    with pytest.raises(NotAllowed):
        movements.entry_submit(
            actor=move_teacher(applied), team=team, fields=entry_fields(team), vouched=True
        )


def test_a_district_of_another_region_is_refused() -> None:
    movement = move_movement()
    team = move_team(movement)
    with pytest.raises(DomainError) as refused:
        movements.entry_submit(
            actor=move_teacher(team),
            team=team,
            fields=entry_fields(team, region=Region.objects.get(code="KZ-35")),
            vouched=True,
        )
    assert refused.value.code == "district"


def test_files_are_checked_and_a_picture_needs_its_alt_text() -> None:
    movement = move_movement()
    team = move_team(movement)
    teacher = move_teacher(team)
    picture = SimpleUploadedFile("photo.png", PNG, content_type="image/png")
    with pytest.raises(DomainError) as refused:
        movements.entry_submit(
            actor=teacher,
            team=team,
            fields=entry_fields(team),
            vouched=True,
            media=[movements.MediaIn(upload=picture)],
        )
    assert refused.value.code == "alt_text"
    not_audio = SimpleUploadedFile("song.mp3", PDF, content_type="audio/mpeg")
    with pytest.raises(DomainError) as refused:
        movements.entry_submit(
            actor=teacher,
            team=team,
            fields=entry_fields(team, title="Ән"),
            vouched=True,
            media=[movements.MediaIn(upload=not_audio)],
        )
    assert refused.value.code == "wrong_type"
    assert not EntryMedia.objects.exists()
    entry = movements.entry_submit(
        actor=teacher,
        team=team,
        fields=entry_fields(team, title="Бесік жыры"),
        vouched=True,
        media=[
            movements.MediaIn(
                upload=SimpleUploadedFile("photo.png", PNG), alt_text="Әже домбыра тартып отыр"
            ),
            movements.MediaIn(
                upload=SimpleUploadedFile("song.mp3", MP3), transcript="Әлди, әлди, ақ бөпем"
            ),
        ],
    )
    kinds = sorted(entry.media.values_list("kind", flat=True))
    assert kinds == ["audio", "image"]


def test_moderation_tells_the_team_in_its_language_and_the_team_edits_its_entry(
    django_capture_on_commit_callbacks: Any,
) -> None:
    movement = move_movement()
    kazakh = make_user(language="kk")
    russian = make_user(language="ru")
    team = move_team(movement, teachers=[kazakh, russian])
    entry = move_entry(team)
    moderator = move_staff(movement, StaffRole.MODERATOR)
    with pytest.raises(DomainError) as refused:
        movements.entry_moderate(actor=moderator, entry=entry, decision="changes")
    assert refused.value.code == "note"
    with pytest.raises(NotAllowed):
        movements.entry_moderate(actor=kazakh, entry=entry, decision="accept")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        movements.entry_moderate(
            actor=moderator, entry=entry, decision="changes", note="Айтушының атын жазыңыз."
        )
    entry.refresh_from_db()
    assert entry.status == EntryStatus.CHANGES
    by_address = {m.to[0]: m for m in mail.outbox}
    assert set(by_address) == {kazakh.email, russian.email}
    assert by_address[russian.email].extra_headers["Content-Language"] == "ru"
    assert "Айтушының атын жазыңыз." in by_address[kazakh.email].body
    # Its team changes it; it goes back to the moderators.
    other_team = move_team(movement)
    with pytest.raises(NotAllowed):
        movements.entry_update(
            actor=move_teacher(other_team), entry=entry, fields=entry_fields(team), vouched=True
        )
    changed = movements.entry_update(
        actor=russian, entry=entry, fields=entry_fields(team, title="Жаңа атау"), vouched=True
    )
    assert changed.status == EntryStatus.SUBMITTED and changed.title == "Жаңа атау"
    assert changed.vouched_by == russian
    with pytest.raises(NotAllowed):
        movements.entry_update(
            actor=russian, entry=changed, fields=entry_fields(team), vouched=True
        )


def test_waiting_lists_entries_to_check_and_to_change() -> None:
    movement = move_movement()
    team = move_team(movement)
    submitted = move_entry(team)
    sent_back = move_entry(team, status=EntryStatus.CHANGES)
    moderator = move_staff(movement, StaffRole.MODERATOR)
    assert [e.pk for e in waiting_for(user=moderator).to_check] == [submitted.pk]
    assert [e.pk for e in waiting_for(user=move_teacher(team)).to_change] == [sent_back.pk]
    assert not waiting_for(user=make_user()).any


def test_publishing_issues_one_certificate_per_teacher_of_each_accepted_team() -> None:
    movement = move_movement(status=MovementStatus.CLOSED, hours=12)
    coordinator = move_staff(movement)
    accepted = move_team(movement, teachers=[make_user(language="ru"), make_user()])
    declined = move_team(movement, status=TeamStatus.DECLINED)
    with pytest.raises(DomainError) as refused:
        movements.movement_set_status(actor=coordinator, movement=movement, status="published")
    assert refused.value.code == "empty"
    move_entry(accepted, status=EntryStatus.ACCEPTED)
    movements.movement_set_status(actor=coordinator, movement=movement, status="published")
    certificates = Certificate.objects.filter(holder__movement_teams__team=accepted)
    assert certificates.count() == 2
    assert not Certificate.objects.filter(holder__movement_teams__team=declined).exists()
    certificate = certificates.get(language="ru")
    assert certificate.hours == 12
    assert certificate.title == movement.title_ru
    assert accepted.name in certificate.description
    movement.refresh_from_db()
    assert movements.certificates_issue_all(movement) == 0
    with translation.override("kk"):
        assert movements.certificates_of(movement)[0].code


def test_a_teams_teachers_are_told_by_email_when_it_is_accepted_or_declined(
    django_capture_on_commit_callbacks: Any,
) -> None:
    movement = move_movement(title_kk="Менің ауылымның фольклоры")
    kazakh = make_user(language="kk")
    russian = make_user(language="ru")
    team = move_team(movement, teachers=[kazakh, russian], status=TeamStatus.APPLIED)
    coordinator = move_staff(movement)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        movements.team_decide(actor=coordinator, team=team, accept=False)
    by_address = {m.to[0]: m for m in mail.outbox}
    assert set(by_address) == {kazakh.email, russian.email}
    assert by_address[russian.email].extra_headers["Content-Language"] == "ru"
    assert team.name in by_address[kazakh.email].subject
    assert f"/kk/textbooks/movements/{movement.slug}/" in by_address[kazakh.email].body
    assert f"/ru/textbooks/movements/{movement.slug}/" in by_address[russian.email].body
    # Deciding the same way again tells no one twice; accepting it after all tells them so.
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        movements.team_decide(actor=coordinator, team=team, accept=False)
    assert mail.outbox == []
    with django_capture_on_commit_callbacks(execute=True):
        movements.team_decide(actor=coordinator, team=team, accept=True)
    assert len(mail.outbox) == 2
    assert all(team.name in m.subject for m in mail.outbox)
    assert by_address[kazakh.email].subject != mail.outbox[0].subject
