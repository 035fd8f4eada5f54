"""A teacher whose reflection was returned for changes finds it on her own page and opens it, in
Chromium at phone width (360 px) in each language, with axe-core checking every page."""

from typing import Any

import pytest

from ortaq.courses.choices import ActivityKind
from ortaq.courses.services import reflection_review, reflection_submit
from ortaq.testing.browser import sign_in
from ortaq.testing.factories import enrol, make_course, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MY_COURSES = {"kk": "Менің курстарым", "ru": "Мои курсы", "en": "My courses"}
RETURNED = {
    "kk": "Түзетуге қайтарылды",
    "ru": "Возвращена на доработку",
    "en": "Returned for changes",
}


@pytest.mark.parametrize("language", ["kk", "ru", "en"])
def test_a_returned_reflection_waits_on_her_page(page: Any, language: str) -> None:
    page.set_viewport_size({"width": 360, "height": 780})
    built = make_course(kinds=(ActivityKind.PAGE, ActivityKind.REFLECTION))
    reflection = built.first(ActivityKind.REFLECTION)
    reflection.review_required = True
    reflection.save()
    teacher = make_user()
    enrol(teacher, built.course)
    submission = reflection_submit(actor=teacher, activity=reflection, text="Менің ойым")
    reflection_review(
        actor=built.trainer, submission=submission, accept=False,
        feedback="Сабақтан бір мысал келтіріңіз.",
    )  # fmt: skip
    sign_in(page, teacher)

    page.goto(f"/{language}/me/")
    section = page.locator("main section[aria-labelledby=my-courses-heading]")
    assert MY_COURSES[language] in section.locator("h2").inner_text()
    note = section.locator("p[role=note]")
    assert RETURNED[language] in note.inner_text()
    assert reflection.title in note.inner_text()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360, f"/me/ is {width} px wide"

    note.locator("a", has_text=reflection.title).click()
    page.check()
    assert page.url.endswith(f"/{language}/courses/{built.course.pk}/a/{reflection.pk}/")
    main = page.locator("main").inner_text()
    assert reflection.title in main
    assert "Сабақтан бір мысал келтіріңіз." in main
