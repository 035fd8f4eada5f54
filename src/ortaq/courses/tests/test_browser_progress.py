"""A district methodologist finds the teachers of her district who stalled and reminds them, in
Chromium at phone width (360 px) in each language, with axe-core checking every page."""

from typing import Any

import pytest
from django.core import mail

from ortaq.testing.browser import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

REMINDED = {
    "kk": "2 мұғалімге еске салынды.",
    "ru": "Напоминание отправлено 2 учителям.",
    "en": "2 teachers reminded.",
}
SKIPPED = {
    "kk": "2 мұғалім өткізілді: оларға соңғы 7 күнде еске салынған.",
    "ru": "Пропущено 2: напоминание уже было за последние 7 дн.",
    "en": "2 skipped: already reminded in the last 7 days.",
}


def _fits(page: Any) -> None:
    """Nothing but a table's own scrolling box is wider than the phone."""
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360, f"{page.url} is {width} px wide"


@pytest.mark.parametrize("language", ["kk", "ru", "en"])
def test_a_district_methodologist_reminds_her_stalled_teachers(
    page: Any, scene: dict[str, Any], language: str
) -> None:
    page.set_viewport_size({"width": 360, "height": 780})
    course = scene["course"]
    sign_in(page, scene["district_coordinator"])

    page.goto(f"/{language}/courses/{course.pk}/")
    page.locator(f"main a[href='/{language}/courses/{course.pk}/progress/']").first.click()
    page.check()
    _fits(page)
    rows = page.locator("main tbody tr")
    # Her district: Ainur, Bota and Erlan; not Dana (another district) nor Farida (Atyrau).
    assert rows.count() == 3

    page.select_option("#id_idle", "7")
    page.select_option("#id_sort", "last_step")
    page.locator("main form.filters button[type=submit]").click()
    page.check()
    _fits(page)
    assert "idle=7" in page.url
    names = page.locator("main tbody tr td:nth-child(2) a").all_inner_texts()
    assert names == ["Abenova Ainur", "Bekova Bota"]
    assert "9" in page.locator("main tbody tr").nth(1).inner_text()

    before = len(mail.outbox)  # the scene's own e-mails (Erlan's completion)
    for box in page.locator("main tbody input[name=enrollment]").all():
        box.check()
    page.locator("main button[name=which][value=selected]").click()
    page.check()
    assert REMINDED[language] in page.locator(".messages").inner_text()
    assert "idle=7" in page.url
    assert sorted(m.to[0] for m in mail.outbox[before:]) == sorted(
        scene["enrolments"][n].user.email for n in ("ainur", "bota")
    )

    # Everyone who matches, again the same day: nobody is reminded twice.
    page.locator("main button[name=which][value=all]").click()
    page.check()
    assert SKIPPED[language] in page.locator(".messages").inner_text()
    assert len(mail.outbox) == before + 2

    page.locator("main tbody tr td:nth-child(2) a", has_text="Bota").click()
    page.check()
    _fits(page)
    assert course.title in page.locator("main").inner_text()
