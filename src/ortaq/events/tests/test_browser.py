"""In Chromium at a phone's width, with axe-core checking every page: a trainer creates a
seminar and publishes it; a visitor finds it in the calendar; a teacher registers, the next
one joins the waiting list; the first cancels and the second takes the seat offered to her,
from her own page."""

from typing import Any

import pytest

from ortaq.events.choices import RegistrationStatus
from ortaq.events.models import Event, Registration
from ortaq.testing.browser import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("language", ["kk", "ru", "en"])
def test_create_register_wait_and_take_a_freed_seat(
    page: Any, people: dict[str, Any], language: str
) -> None:
    page.set_viewport_size({"width": 360, "height": 780})
    sign_in(page, people["trainer"])
    page.goto(f"/{language}/events/new/")
    page.check()
    page.select_option("#id_organiser", "person")
    page.select_option("#id_kind", "seminar")
    page.fill("#id_title_kk", "Зерттеу сабағын жоспарлау")
    page.fill("#id_title_ru", "Планирование исследовательского урока")
    page.fill("#id_starts_at", "2030-03-01T10:00")
    page.fill("#id_ends_at", "2030-03-01T13:00")
    page.select_option("#id_mode", "online")
    page.fill("#id_online_url", "https://meet.example.org/lesson-study")
    page.fill("#id_capacity", "1")
    page.locator("main form button[type=submit]").click()
    page.check()
    event = Event.objects.get()
    assert page.url.endswith(f"/{language}/events/{event.slug}/")
    page.locator(f"main form[action='/{language}/events/{event.slug}/publish/'] button").click()
    page.check()

    page.context.clear_cookies()
    page.goto(f"/{language}/events/?online=on")
    page.check()
    assert page.locator(f"main a[href='/{language}/events/{event.slug}/']").is_visible()

    for person, status in (
        (people["teacher"], RegistrationStatus.REGISTERED),
        (people["far_teacher"], RegistrationStatus.WAITING),
    ):
        page.context.clear_cookies()
        sign_in(page, person)
        page.goto(f"/{language}/events/{event.slug}/")
        page.check()
        page.locator(f"main a[href='/{language}/events/{event.slug}/register/']").click()
        page.check()
        page.locator("main form button[type=submit]").click()
        page.check()
        assert Registration.objects.get(user=person).status == status
    assert "meet.example.org" not in page.content()

    page.context.clear_cookies()
    sign_in(page, people["teacher"])
    page.goto(f"/{language}/events/{event.slug}/")
    page.locator(f"main form[action='/{language}/events/{event.slug}/withdraw/'] button").click()
    page.check()

    page.context.clear_cookies()
    sign_in(page, people["far_teacher"])
    page.goto(f"/{language}/me/")
    page.check()
    page.locator(f"main a[href='/{language}/events/{event.slug}/#registration']").click()
    page.check()
    page.locator(f"main form[action='/{language}/events/{event.slug}/take-seat/'] button").click()
    page.check()
    assert Registration.objects.get(user=people["far_teacher"]).status == "registered"
