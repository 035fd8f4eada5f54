"""In Chromium at a phone's width, with axe-core checking every page: a textbook's coordinator
adds a unit, plans a lesson in it and commissions it from a teacher by a date, renames the unit
and opens the textbook to readers; the teacher starts the lesson, writes its teacher's guide, a
task and a picture with its alt text, edits the task, and opens its page in the library where it
sends it to review. In Kazakh; the writer's pages once more in Russian and English."""

import datetime
from typing import Any

import pytest
from django.utils import translation
from django.utils.translation import gettext

from ortaq.testing.browser import message, sign_in
from ortaq.testing.textbookwriting import PNG, make_textbook_people, write_lesson
from ortaq.textbooks.choices import ExerciseKind
from ortaq.textbooks.models import Exercise, Lesson, Media, Textbook

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
DUE = datetime.date(2031, 5, 12)


def said(language: str, text: str, **values: Any) -> str:
    with translation.override(language):
        return gettext(text) % values if values else gettext(text)


def test_a_coordinator_plans_and_a_teacher_writes_a_lesson(page: Any) -> None:
    page.set_viewport_size({"width": 360, "height": 780})
    people = make_textbook_people()
    textbook: Textbook = people["textbook"]
    coordinator, teacher = people["coordinator"], people["teacher"]
    base = f"/kk/textbooks/{textbook.slug}"

    sign_in(page, coordinator)
    page.goto("/kk/textbooks/")
    page.locator(f"main a[href='{base}/']").click()
    page.check()
    page.fill("#id_unit-title", "Салт-дәстүр")
    page.fill("#id_unit-description", "Халықтардың мерекелері.")
    page.get_by_role("button", name=said("kk", "Add the unit")).click()
    page.check()
    assert said("kk", "The unit is added.") in message(page)
    unit = textbook.units.get(title="Салт-дәстүр")
    page.fill(f"#lesson-title-{unit.pk}", "Наурыз")
    page.locator(f"form[action='{base}/units/{unit.pk}/lessons/'] button").click()
    page.check()
    lesson = Lesson.objects.get(unit=unit)
    assert page.url.endswith(f"{base}/plan/{lesson.pk}/")
    page.fill("#id_teacher_email", teacher.email)
    page.fill("#id_due_on", DUE.isoformat())
    page.get_by_role("button", name=said("kk", "Save")).click()
    page.check()
    assert said("kk", "The lesson is saved.") in message(page)
    item = page.locator(f"#lesson-{lesson.pk}")
    # Day first in Kazakh, as the project's formats write it.
    assert "12.05.2031" in item.inner_text()
    assert teacher.get_full_name() in item.inner_text()
    # Opened again, the plan keeps its date (a date field takes it in ISO form only).
    item.locator(f"a[href='{base}/plan/{lesson.pk}/']").click()
    page.check()
    assert page.locator("#id_due_on").input_value() == DUE.isoformat()
    page.get_by_role("button", name=said("kk", "Save")).click()
    page.check()
    lesson.refresh_from_db()
    assert lesson.due_on == DUE

    page.locator(f"main a[href='{base}/units/{unit.pk}/']").click()
    page.check()
    page.fill("#id_title", "Салт-дәстүр мен мерекелер")
    page.get_by_role("button", name=said("kk", "Save")).click()
    page.check()
    assert page.get_by_role("heading", name="2. Салт-дәстүр мен мерекелер").is_visible()
    page.locator(f"main a[href='{base}/edit/']").click()
    page.check()
    page.locator("#id_is_published").check()
    page.get_by_role("button", name=said("kk", "Save")).click()
    page.check()
    textbook.refresh_from_db()
    assert textbook.is_published

    sign_in(page, teacher)
    page.goto(f"{base}/write/{lesson.pk}/")
    assert said("kk", "Due %(date)s.", date="12.05.2031") in page.inner_text("main")
    page.select_option("#id_subject", str(people["subject"].pk))
    page.fill("#id_codes", "5.2.1.1, 5.2.1.2")
    page.get_by_role("button", name=said("kk", "Start writing")).click()
    page.check()
    lesson.refresh_from_db()
    assert lesson.resource is not None
    assert said("kk", "No interactive tasks yet.") in page.inner_text("main")

    page.locator(f"main a[href='{base}/write/{lesson.pk}/guide/']").click()
    page.check()
    page.fill("#id_text", "Сабақты **топпен** бастаңыз.")
    page.get_by_role("button", name=said("kk", "Save")).click()
    page.check()
    assert said("kk", "The teacher's guide is saved.") in message(page)

    page.locator(f"main a[href='{base}/write/{lesson.pk}/tasks/new/']").click()
    page.check()
    page.select_option("#id_kind", ExerciseKind.SINGLE)
    page.fill("#id_prompt", "Наурыз қай айда тойланады?")
    page.fill("#id_text_1", "Қаңтар")
    page.fill("#id_text_2", "Наурыз")
    page.locator("#id_right_2").check()
    page.fill("#id_feedback_1", "Жоқ, қыста емес.")
    page.get_by_role("button", name=said("kk", "Save the task")).click()
    page.check()
    assert said("kk", "The task is added.") in message(page)
    exercise = Exercise.objects.get(version__resource=lesson.resource)
    assert exercise.options.get(is_right=True).text == "Наурыз"

    page.select_option("#id_kind", "image")
    page.set_input_files(
        "#id_file", files=[{"name": "kokpar.png", "mimeType": "image/png", "buffer": PNG}]
    )
    page.fill("#id_alt_text", "Көкпар ойыны")
    page.get_by_role("button", name=said("kk", "Add the file")).click()
    page.check()
    assert said("kk", "The file is added to the lesson.") in message(page)
    assert Media.objects.get(version__resource=lesson.resource).alt_text == "Көкпар ойыны"
    assert page.locator("main img[alt='Көкпар ойыны']").count() == 1

    page.locator(f"main a[href='{base}/write/{lesson.pk}/tasks/{exercise.pk}/']").click()
    page.check()
    assert page.locator("#id_text_2").input_value() == "Наурыз"
    page.fill("#id_hint", "Көктем басталады.")
    page.get_by_role("button", name=said("kk", "Save the task")).click()
    page.check()
    assert said("kk", "The task is saved.") in message(page)
    exercise.refresh_from_db()
    assert exercise.hint == "Көктем басталады."

    # Its text on the library's edit page, then to review.
    page.locator(f"main a[href='/kk/library/r/{lesson.resource_id}/edit/']").click()
    page.check()
    page.fill("#id_body", "## Наурыз\n\nКөктемнің алғашқы күні.")
    page.get_by_role("button", name=said("kk", "Save the draft")).click()
    page.check()
    page.get_by_role("button", name=said("kk", "Submit for review")).click()
    page.check()
    assert said("kk", "Your version is sent to the moderators for review.") in message(page)
    page.goto(f"{base}/write/{lesson.pk}/")
    assert page.get_by_role("note").inner_text() == said(
        "kk", "This version is in review: it is not edited meanwhile."
    )
    assert page.locator(f"main a[href='{base}/write/{lesson.pk}/tasks/new/']").count() == 0

    # Her coordinator sees where it stands on the textbook's page.
    sign_in(page, coordinator)
    page.goto(f"{base}/")
    assert said("kk", "In review") in page.locator(f"#lesson-{lesson.pk}").inner_text()


@pytest.mark.parametrize("language", ["ru", "en"])
def test_the_writers_pages_in_russian_and_english(page: Any, language: str) -> None:
    people = make_textbook_people()
    version = write_lesson(people)
    textbook: Textbook = people["textbook"]
    lesson: Lesson = people["lesson"]
    base = f"/{language}/textbooks/{textbook.slug}"
    sign_in(page, people["coordinator"])
    page.goto(f"{base}/")
    assert said(language, "Add a unit") in page.inner_text("main")
    # Its only coordinator is offered no button to take herself off; its moderator may go.
    staff = page.get_by_role("region", name=said(language, "Staff")).locator("li")
    coordinator = people["coordinator"].get_full_name()
    assert staff.filter(has_text=coordinator).get_by_role("button").count() == 0
    assert staff.filter(has_text=people["tb_moderator"].get_full_name()).count() == 1
    assert staff.get_by_role("button").count() == 1
    page.goto(f"{base}/plan/{lesson.pk}/")
    page.goto(f"{base}/edit/")
    page.goto(f"/{language}/textbooks/new/")

    sign_in(page, people["teacher"])
    page.goto(f"{base}/write/{lesson.pk}/")
    tasks = page.get_by_role("region", name=said(language, "Interactive tasks"))
    assert tasks.locator("ol > li").count() == version.exercises.count()
    page.goto(f"{base}/write/{lesson.pk}/guide/")
    page.goto(f"{base}/write/{lesson.pk}/tasks/new/")
    # A choice task and a gaps task: the one form shows each kind's rows filled.
    for exercise in version.exercises.filter(kind__in=[ExerciseKind.SINGLE, ExerciseKind.GAPS]):
        page.goto(f"{base}/write/{lesson.pk}/tasks/{exercise.pk}/")
        assert page.locator("#id_kind").input_value() == exercise.kind
