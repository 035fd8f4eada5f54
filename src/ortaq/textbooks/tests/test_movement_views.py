"""The movement's pages: who gets what (status codes), the forms, the published collection with
its filters and a fixed number of queries, an entry's page, the anthology's PDF by its text,
certificates that verify, and My page."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import translation
from pypdf import PdfReader

from ortaq.certificates.models import Certificate
from ortaq.testing.factories import make_association, make_school, make_user
from ortaq.testing.files import PNG
from ortaq.testing.http import signed_in
from ortaq.testing.movements import (
    move_entry,
    move_movement,
    move_staff,
    move_teacher,
    move_team,
)
from ortaq.testing.refusals import assert_refused
from ortaq.textbooks import movements
from ortaq.textbooks.choices import EntryStatus, MovementStatus, StaffRole, TeamStatus
from ortaq.textbooks.models import Entry, Movement, Team

pytestmark = pytest.mark.django_db


def url(name: str, movement: Movement, **kwargs: object) -> str:
    with translation.override("kk"):
        return reverse(f"textbooks:{name}", kwargs={"movement": movement.slug, **kwargs})


def test_a_draft_is_seen_only_by_its_staff() -> None:
    movement = move_movement(status=MovementStatus.DRAFT)
    page = url("movement", movement)
    assert Client().get(page).status_code == 404
    assert signed_in(make_user()).get(page).status_code == 404
    assert signed_in(move_staff(movement, StaffRole.MODERATOR)).get(page).status_code == 200
    listed = signed_in(make_user()).get(reverse("textbooks:movements"))
    assert movement.title_kk not in listed.content.decode()


def test_the_form_offers_only_the_organisers_she_may_choose() -> None:
    coordinator = make_user()
    association = make_association(coordinators=[coordinator], name_kk="Біздің қауымдастық")
    make_association(name_kk="Бөтен қауымдастық")
    client = signed_in(coordinator)
    with translation.override("kk"):
        create = reverse("textbooks:movement_create")
    form = client.get(create)
    assert form.status_code == 200
    assert "Біздің қауымдастық" in form.content.decode()
    assert "Бөтен қауымдастық" not in form.content.decode()
    assert signed_in(make_user()).get(create).status_code == 403
    response = client.post(
        create,
        {
            "organiser": f"association:{association.pk}",
            "slug": "folklore-2026",
            "title_kk": "Менің ауылымның фольклоры",
            "title_ru": "Фольклор моего села",
            "theme": "Фольклор",
            "rules": "**Ережелер**",
            "starts_on": "2026-03-01",
            "ends_on": "2026-05-01",
            "hours": "12",
        },
    )
    assert response.status_code == 302
    assert Movement.objects.get(slug="folklore-2026").association == association


def test_a_teacher_applies_and_the_form_says_no_pupil_names_are_asked() -> None:
    movement = move_movement()
    school = make_school()
    teacher = make_user(profile__school=school)
    client = signed_in(teacher)
    with translation.override("en"):
        page = client.get(reverse("textbooks:team_apply", args=[movement.slug]))
    assert page.status_code == 200
    assert "never stored" in page.content.decode()
    response = client.post(
        url("team_apply", movement), {"name": "Ақбұлақ", "grades": "5–7", "pupils": "10"}
    )
    assert response.status_code == 302
    team = Team.objects.get(movement=movement)
    assert team.school == school
    # A teacher with no school, and a visitor.
    assert signed_in(make_user()).get(url("team_apply", movement)).status_code == 403
    assert_refused(Client().get(url("team_apply", movement)), as_="visitor")


def test_staff_decide_teams_on_the_movement_page() -> None:
    movement = move_movement()
    team = move_team(movement, status=TeamStatus.APPLIED)
    decide = url("team_decide", movement)
    data = {"team": team.pk, "decision": "accept"}
    assert signed_in(move_teacher(team)).post(decide, data).status_code == 403
    assert (
        signed_in(move_staff(movement, StaffRole.MODERATOR)).post(decide, data).status_code == 302
    )
    team.refresh_from_db()
    assert team.status == TeamStatus.ACCEPTED


def test_a_teacher_submits_an_entry_with_a_picture_and_its_alt_text() -> None:
    movement = move_movement()
    team = move_team(movement)
    client = signed_in(move_teacher(team))
    page = url("entry_create", movement, team_id=team.pk)
    assert client.get(page).status_code == 200
    data = {
        "title": "Ауыл мақалдары",
        "genre": "proverb",
        "language": "kk",
        "text": "Бірлік бар жерде тірлік бар.",
        "region": team.school.region_id,
        "district": team.school.district_id,
        "village": "Қаскелең",
        "vouched": "on",
    }
    # A picture without its alt text: the form says why, and nothing is saved.
    refused = client.post(page, {**data, "file_1": SimpleUploadedFile("a.png", PNG)})
    assert refused.status_code == 200
    assert not Entry.objects.exists()
    with translation.override("kk"):
        unvouched = client.post(page, {k: v for k, v in data.items() if k != "vouched"})
    assert unvouched.status_code == 200 and not Entry.objects.exists()
    done = client.post(
        page, {**data, "file_1": SimpleUploadedFile("a.png", PNG), "alt_1": "Әже мен немере"}
    )
    assert done.status_code == 302
    entry = Entry.objects.get()
    assert entry.vouched_by == move_teacher(team)
    assert entry.media.get().alt_text == "Әже мен немере"
    # A teacher of another team may not submit for this one.
    other = move_team(movement)
    assert signed_in(move_teacher(other)).get(page).status_code == 403


def test_a_teacher_of_another_team_cannot_edit_an_entry() -> None:
    movement = move_movement()
    team = move_team(movement)
    entry = move_entry(team, status=EntryStatus.CHANGES)
    edit = url("entry_edit", movement, entry_id=entry.pk)
    other = move_team(movement)
    assert signed_in(move_teacher(other)).get(edit).status_code == 404
    assert signed_in(move_teacher(team)).get(edit).status_code == 200
    submitted = move_entry(team)
    assert (
        signed_in(move_teacher(team))
        .get(url("entry_edit", movement, entry_id=submitted.pk))
        .status_code
        == 403
    )


def test_a_visitor_sees_only_published_accepted_entries() -> None:
    movement = move_movement(status=MovementStatus.PUBLISHED)
    team = move_team(movement)
    accepted = move_entry(team, status=EntryStatus.ACCEPTED)
    declined = move_entry(team, status=EntryStatus.DECLINED)
    visitor = Client()
    assert visitor.get(url("entry", movement, entry_id=accepted.pk)).status_code == 200
    assert visitor.get(url("entry", movement, entry_id=declined.pk)).status_code == 404
    assert signed_in(move_teacher(team)).get(
        url("entry", movement, entry_id=declined.pk)
    ).status_code == (200)
    unpublished = move_movement()
    waiting = move_entry(move_team(unpublished), status=EntryStatus.ACCEPTED)
    assert visitor.get(url("entry", unpublished, entry_id=waiting.pk)).status_code == 404
    assert visitor.get(url("collection", unpublished)).status_code == 404
    assert visitor.get(url("anthology", unpublished)).status_code == 404


def test_moderators_decide_on_the_entry_page() -> None:
    movement = move_movement()
    entry = move_entry(move_team(movement))
    moderate = url("entry_moderate", movement, entry_id=entry.pk)
    data = {"decision": "changes", "note": "Айтушыны жазыңыз."}
    assert signed_in(move_teacher(entry.team)).post(moderate, data).status_code == 403
    assert signed_in(make_user()).post(moderate, data).status_code == 404
    moderator = signed_in(move_staff(movement, StaffRole.MODERATOR))
    assert moderator.get(url("entry", movement, entry_id=entry.pk)).status_code == 200
    assert moderator.post(moderate, data).status_code == 302
    entry.refresh_from_db()
    assert entry.status == EntryStatus.CHANGES
    assert moderator.get(url("entries", movement) + "?status=changes").status_code == 200


def published_collection() -> tuple[Movement, list[Entry]]:
    movement = move_movement(status=MovementStatus.PUBLISHED, title_kk="Менің ауылымның фольклоры")
    made = []
    for n in range(3):
        school = make_school()
        team = move_team(movement, school=school)
        made.append(
            move_entry(
                team,
                status=EntryStatus.ACCEPTED,
                title=f"Ертегі {n}",
                village=f"Ауыл {n}",
                text=f"Ерте, ерте, ертеде {n}...",
            )
        )
        move_entry(team, status=EntryStatus.DECLINED, title=f"Қабылданбаған {n}")
    return movement, made


def test_the_collection_filters_by_region_district_and_village(
    django_assert_max_num_queries: object,
) -> None:
    movement, made = published_collection()
    client = Client()
    page = url("collection", movement)
    first = made[0]
    with django_assert_max_num_queries(12):  # type: ignore[operator]
        response = client.get(page)
    text = response.content.decode()
    assert all(e.title in text for e in made)
    assert "Қабылданбаған" not in text
    by_district = client.get(
        page, {"region": str(first.region_id), "district": str(first.district_id)}
    ).content.decode()
    assert first.title in by_district and made[1].title not in by_district
    by_village = client.get(page, {"region": str(first.region_id), "village": "Ауыл 0"})
    assert made[1].title not in by_village.content.decode()
    # More entries, the same queries.
    for _n in range(5):
        move_entry(move_team(movement), status=EntryStatus.ACCEPTED)
    with django_assert_max_num_queries(12):  # type: ignore[operator]
        assert client.get(page).status_code == 200


def test_an_entry_page_shows_images_with_alt_text_and_audio_with_its_transcript() -> None:
    movement = move_movement(status=MovementStatus.PUBLISHED)
    entry = move_entry(move_team(movement), status=EntryStatus.ACCEPTED)
    entry.media.create(kind="image", file=SimpleUploadedFile("a.png", PNG), alt_text="Киіз үй")
    entry.media.create(
        kind="audio", file=SimpleUploadedFile("a.mp3", b"ID3"), transcript="Әлди, әлди"
    )
    page = Client().get(url("entry", movement, entry_id=entry.pk)).content.decode()
    assert 'alt="Киіз үй"' in page
    assert "<audio" in page and "Әлди, әлди" in page
    image = entry.media.get(kind="image")
    shown = Client().get(url("entry_media", movement, media_id=image.pk))
    assert shown.status_code == 200
    draft = move_entry(move_team(movement))
    hidden = draft.media.create(kind="image", file=SimpleUploadedFile("b.png", PNG), alt_text="x")
    assert Client().get(url("entry_media", movement, media_id=hidden.pk)).status_code == 404


def test_the_anthology_pdf_has_the_cover_contents_by_region_and_each_entry() -> None:
    movement, made = published_collection()
    response = Client().get(url("anthology", movement))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(b"".join(response.streaming_content)))  # type: ignore[attr-defined]
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert "Менің ауылымның фольклоры" in text
    assert "Мазмұны" in text
    for entry in made:
        assert entry.title in text
        assert entry.region.name_kk in text
    assert "Қабылданбаған" not in text


def test_published_certificates_verify() -> None:
    movement = move_movement(status=MovementStatus.CLOSED)
    team = move_team(movement)
    move_entry(team, status=EntryStatus.ACCEPTED)
    movements.movement_set_status(actor=move_staff(movement), movement=movement, status="published")
    certificate = Certificate.objects.get(holder=move_teacher(team))
    with translation.override("kk"):
        verify = reverse("certificates:verify", args=[certificate.code])
    page = Client().get(verify)
    assert page.status_code == 200
    assert certificate.holder_name in page.content.decode()


def test_my_page_shows_what_waits_and_the_report_link() -> None:
    movement = move_movement()
    team = move_team(movement)
    entry = move_entry(team, status=EntryStatus.CHANGES, title="Асық ату")
    waiting = move_entry(team, title="Бесік жыры")
    with translation.override("kk"):
        dashboard = reverse("accounts:dashboard")
        report = reverse("textbooks:report")
    teacher_page = signed_in(move_teacher(team)).get(dashboard).content.decode()
    assert entry.title in teacher_page and report not in teacher_page
    moderator_page = (
        signed_in(move_staff(movement, StaffRole.MODERATOR)).get(dashboard).content.decode()
    )
    assert waiting.title in moderator_page and report in moderator_page


def test_a_team_waiting_for_a_decision_is_on_its_staffs_page_and_in_the_api() -> None:
    movement = move_movement()
    applied = move_team(movement, status=TeamStatus.APPLIED, name="Жас фольклоршылар")
    move_team(movement, name="Қабылданған топ")  # decided: nothing waits
    coordinator = move_staff(movement)
    with translation.override("kk"):
        dashboard = reverse("accounts:dashboard")
    page = signed_in(coordinator).get(dashboard).content.decode()
    assert "Жас фольклоршылар" in page and "Қабылданған топ" not in page
    assert f"{url('movement', movement)}#teams" in page
    api = signed_in(coordinator).get("/api/v1/me/waiting").json()
    assert [t["team_id"] for t in api["movement_teams_to_decide"]] == [applied.pk]
    # Its own teacher and a stranger have no team to decide (she sees it among her teams).
    for person in (move_teacher(applied), make_user()):
        assert "#teams" not in signed_in(person).get(dashboard).content.decode()
        assert signed_in(person).get("/api/v1/me/waiting").json()["movement_teams_to_decide"] == []
    # Once decided, it waits no more.
    movements.team_decide(actor=coordinator, team=applied, accept=True)
    assert "#teams" not in signed_in(coordinator).get(dashboard).content.decode()
