"""In Chromium at a phone's width, with axe-core checking every page: a region's methodologist
calls a project movement, adds a moderator by e-mail and opens it; a teacher applies with her
school's team and a colleague; the organiser accepts the team; the teacher sends an entry with a
picture; the moderator accepts it; the organiser closes the movement and publishes its
collection, reads the results and the programme's report. In Kazakh; the movement's pages once
more in Russian and English."""

import datetime
from typing import Any

import pytest
from django.utils import timezone, translation
from django.utils.translation import gettext, ngettext

from ortaq.testing.browser import message, sign_in
from ortaq.testing.factories import make_user
from ortaq.testing.movements import move_entry, move_movement, move_staff, move_teacher, move_team
from ortaq.testing.textbookwriting import PNG
from ortaq.textbooks.choices import EntryStatus, MovementStatus, StaffRole, TeamStatus
from ortaq.textbooks.models import Entry, Movement, MovementStaff, Team

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def said(language: str, text: str, **values: Any) -> str:
    with translation.override(language):
        return gettext(text) % values if values else gettext(text)


def button(page: Any, name: str) -> Any:
    return page.locator("main").get_by_role("button", name=name, exact=True)


def test_a_movement_from_its_call_to_its_collection(page: Any, people: dict[str, Any]) -> None:
    page.set_viewport_size({"width": 360, "height": 780})
    organiser, teacher, colleague = people["coordinator"], people["teacher"], people["facilitator"]
    region = people["region"]
    moderator = make_user(email="moderator@example.kz", first_name="Сәуле")
    today = timezone.localdate()
    base = "/kk/textbooks/movements/folklore-2031"

    sign_in(page, organiser)
    page.goto("/kk/textbooks/movements/")
    page.locator("main a[href='/kk/textbooks/movements/new/']").click()
    page.check()
    # She runs no association: her region is all she may call it for.
    with translation.override("kk"):
        assert page.locator("#id_organiser option").all_inner_texts() == [region.name]
    page.fill("#id_slug", "folklore-2031")
    page.fill("#id_title_kk", "Ауылымның фольклоры")
    page.fill("#id_title_ru", "Фольклор моего села")
    page.fill("#id_theme", "Ауылдың мақал-мәтелдері.")
    page.fill("#id_rules", "Үлкендердің **келісімімен** жазып алыңыз.")
    page.fill("#id_starts_on", today.isoformat())
    page.fill("#id_ends_on", (today + datetime.timedelta(days=40)).isoformat())
    page.fill("#id_hours", "12")
    button(page, said("kk", "Save")).click()
    page.check()
    assert said("kk", "The movement is saved as a draft.") in message(page)
    movement = Movement.objects.get()
    assert page.url.endswith(f"{base}/")
    # The dates day first, as Kazakh writes them.
    assert today.strftime("%d.%m.%Y") in page.inner_text("main")

    page.locator(f"main a[href='{base}/staff/']").click()
    page.check()
    page.fill("#id_email", moderator.email)
    page.select_option("#id_role", StaffRole.MODERATOR)
    button(page, said("kk", "Add")).click()
    page.check()
    assert said("kk", "The staff is saved.") in message(page)
    assert MovementStaff.objects.get(user=moderator).role == StaffRole.MODERATOR
    # She is its only coordinator: she is offered no button to take herself off.
    people_listed = page.locator("main li")
    assert people_listed.filter(has_text=organiser.email).get_by_role("button").count() == 0
    assert people_listed.filter(has_text=moderator.email).get_by_role("button").count() == 1
    page.locator(f"main a[href='{base}/']").click()
    page.check()
    button(page, said("kk", "Open for teams and entries")).click()
    page.check()
    movement.refresh_from_db()
    assert movement.status == MovementStatus.OPEN

    sign_in(page, teacher)
    page.goto("/kk/textbooks/movements/")
    page.locator(f"main a[href='{base}/']").click()
    page.check()
    page.locator(f"main a[href='{base}/apply/']").click()
    page.check()
    page.fill("#id_name", "Шежіре")
    page.fill("#id_teachers", colleague.email)
    page.fill("#id_grades", "5–7")
    page.fill("#id_pupils", "12")
    button(page, said("kk", "Apply")).click()
    page.check()
    assert said("kk", "The team's application is sent.") in message(page)
    team = Team.objects.get()
    assert team.status == TeamStatus.APPLIED
    assert set(team.teachers.values_list("user_id", flat=True)) == {teacher.pk, colleague.pk}

    sign_in(page, organiser)
    page.goto(f"{base}/")
    teams = page.get_by_role("region", name=said("kk", "School teams"))
    teams.get_by_role("button", name=f"{said('kk', 'Accept')} Шежіре").click()
    page.check()
    assert said("kk", "The team is saved.") in message(page)
    team.refresh_from_db()
    assert team.status == TeamStatus.ACCEPTED

    sign_in(page, teacher)
    page.goto(f"{base}/")
    page.locator(f"main a[href='{base}/teams/{team.pk}/entries/new/']").click()
    page.check()
    page.fill("#id_title", "Наурыз туралы мақалдар")
    page.select_option("#id_genre", "proverb")
    page.fill("#id_text", "Наурыз — жыл басы.")
    page.fill("#id_village", "Көктал")
    page.set_input_files(
        "#id_file_1", files=[{"name": "nauryz.png", "mimeType": "image/png", "buffer": PNG}]
    )
    page.fill("#id_alt_1", "Ауыл мектебінің оқушылары")
    page.locator("#id_vouched").check()
    button(page, said("kk", "Send to the moderators")).click()
    page.check()
    assert said("kk", "The entry is sent to the moderators.") in message(page)
    entry = Entry.objects.get()
    assert page.locator("main img[alt='Ауыл мектебінің оқушылары']").count() == 1

    sign_in(page, moderator)
    page.goto(f"{base}/")
    page.locator(f"main a[href='{base}/entries/']").click()
    page.check()
    page.get_by_role("link", name="Наурыз туралы мақалдар").click()
    page.check()
    page.locator("input[name=decision][value=accept]").check()
    button(page, said("kk", "Save the decision")).click()
    page.check()
    entry.refresh_from_db()
    assert entry.status == EntryStatus.ACCEPTED

    sign_in(page, organiser)
    page.goto(f"{base}/")
    button(page, said("kk", "Close for entries")).click()
    page.check()
    button(page, said("kk", "Publish the collection")).click()
    page.check()
    movement.refresh_from_db()
    assert movement.status == MovementStatus.PUBLISHED
    page.locator(f"main a[href='{base}/collection/']").first.click()
    page.check()
    with translation.override("kk"):
        one = ngettext("%(count)s entry.", "%(count)s entries.", 1) % {"count": 1}
    assert page.get_by_role("status").inner_text() == one
    page.get_by_role("link", name="Наурыз туралы мақалдар").click()
    page.check()
    page.goto("/kk/textbooks/report/")
    # The movements' entries by region: her region's one entry, accepted.
    by_region = page.get_by_role("region", name=said("kk", "Movement entries by region"))
    with translation.override("kk"):
        row = by_region.get_by_role("row", name=region.name)
    assert row.locator("td").all_inner_texts() == ["0", "0", "1", "0", "1"]


@pytest.mark.parametrize("language", ["ru", "en"])
def test_the_movements_pages_in_russian_and_english(page: Any, language: str) -> None:
    movement = move_movement(slug="folklore", status=MovementStatus.OPEN)
    applied = move_team(movement, status=TeamStatus.APPLIED, name="Шежіре")
    accepted = move_team(movement, name="Аңыз")
    entry = move_entry(accepted)
    asked = move_entry(accepted, status=EntryStatus.CHANGES)
    base = f"/{language}/textbooks/movements/{movement.slug}"

    sign_in(page, move_staff(movement))
    page.goto(f"/{language}/textbooks/movements/")
    page.goto(f"{base}/")
    teams = page.get_by_role("region", name=said(language, "School teams"))
    assert teams.get_by_role(
        "button", name=f"{said(language, 'Decline')} {applied.name}"
    ).is_visible()
    page.goto(f"{base}/edit/")
    page.goto(f"{base}/staff/")
    page.goto(f"{base}/entries/")
    page.goto(f"{base}/entries/{entry.pk}/")
    page.goto(f"/{language}/textbooks/report/")

    teacher = move_teacher(accepted)
    sign_in(page, teacher)
    page.goto(f"{base}/teams/{accepted.pk}/entries/new/")
    page.goto(f"{base}/entries/{asked.pk}/")
    page.goto(f"{base}/entries/{asked.pk}/edit/")
    assert said(language, "The moderator's note:") in page.inner_text("main")

    other = make_user(profile__school=applied.school)
    sign_in(page, other)
    page.goto(f"{base}/apply/")

    Movement.objects.filter(pk=movement.pk).update(status=MovementStatus.PUBLISHED)
    Entry.objects.filter(pk=entry.pk).update(status=EntryStatus.ACCEPTED)
    page.context.clear_cookies()
    page.goto(f"{base}/collection/")
    page.goto(f"{base}/entries/{entry.pk}/")
