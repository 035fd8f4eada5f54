"""In Chromium with no script allowed to run in the page, axe-core checking every page: a
region's methodologist creates an event for her methodological office through the plain form
(a wrong date refused, with nothing she wrote lost), then opens who runs it, adds a moderator by
e-mail (an address without an account refused) and takes him off again; in kk, ru and en."""

from typing import Any

import pytest
from django.utils import translation
from django.utils.translation import gettext, pgettext

from ortaq.events.choices import StaffRole
from ortaq.events.models import Event, Staff
from ortaq.testing.browser import message, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def said(language: str, text: str) -> str:
    with translation.override(language):
        return gettext(text)


@pytest.mark.parametrize("language", ["kk", "ru", "en"])
def test_an_office_event_and_its_moderator_without_javascript(
    page: Any, people: dict[str, Any], language: str
) -> None:
    # No script of the site runs (axe-core is put in the page by the test itself): the form and
    # the staff page must work as plain HTML.
    page.context.route("**/*.js", lambda route: route.abort())
    page.set_viewport_size({"width": 360, "height": 780})
    organiser = people["coordinator"]
    region = people["region"]
    sign_in(page, organiser)
    page.goto(f"/{language}/events/new/")
    assert page.get_by_role("heading", level=1).inner_text() == said(language, "Create an event")
    offered = page.locator("#id_organiser option").all_inner_texts()
    # Only what she may hold it as: herself, a school of her region, its office; she runs no
    # association, and none is offered.
    assert offered == [
        said(language, "Myself"),
        said(language, "A school"),
        said(language, "A methodological office"),
    ]
    assert page.locator("#id_association").count() == 0
    page.select_option("#id_organiser", "office")
    page.select_option("#id_office", f"region:{region.pk}")
    page.select_option("#id_kind", "seminar")
    page.fill("#id_title_kk", "Шағын мектептегі зерттеу сабағы")
    page.fill("#id_title_ru", "Исследовательский урок в малокомплектной школе")
    page.fill("#id_starts_at", "2030-03-01T13:00")
    page.fill("#id_ends_at", "2030-03-01T10:00")  # before it starts: refused
    page.fill("#id_venue", "Талдықорған, әдістемелік кабинет")
    page.locator("main form button[type=submit]").click()
    page.check()
    assert Event.objects.count() == 0
    assert said(language, "The event cannot end before it starts.") in page.inner_text("main")
    assert page.locator("#id_ends_at").get_attribute("aria-invalid") == "true"
    assert page.locator("#id_title_kk").input_value() == "Шағын мектептегі зерттеу сабағы"
    page.fill("#id_ends_at", "2030-03-01T16:00")
    page.locator("main form button[type=submit]").click()
    page.check()
    event = Event.objects.get()
    assert event.region_id == region.pk
    assert page.url.endswith(f"/{language}/events/{event.slug}/")
    assert said(language, "The event is saved as a draft: add its questions, then publish it.") in (
        message(page)
    )
    # The date in the page's own order: day first in kk and ru (the test middleware checks).
    assert "2030" in page.locator("main").inner_text()

    page.goto(f"/{language}/events/{event.slug}/staff/")
    assert page.get_by_role("heading", level=1).inner_text() == said(language, "Who runs the event")
    # The one who created it is on its staff as its organiser.
    table = page.get_by_role("region", name=said(language, "Staff"))
    assert organiser.email in table.inner_text()
    # The office's event keeps one organiser on its staff: no button offers to take her off.
    own = table.get_by_role("row").filter(has_text=organiser.email)
    assert own.get_by_role("button").count() == 0
    assert (
        said(language, "Stays: the event keeps one organiser on its staff. Add another first.")
        in own.inner_text()
    )
    moderator = people["teacher"]
    page.fill("#id_email", "nobody@example.kz")
    page.select_option("#id_role", StaffRole.MODERATOR)
    page.locator("main form:has(#id_email) button[type=submit]").click()
    page.check()
    assert said(language, "No active account has this e-mail.") in page.inner_text("main")
    assert not Staff.objects.filter(user=moderator).exists()
    page.fill("#id_email", moderator.email)
    page.locator("main form:has(#id_email) button[type=submit]").click()
    page.check()
    assert Staff.objects.get(user=moderator).role == StaffRole.MODERATOR
    row = table.get_by_role("row").filter(has_text=moderator.email)
    assert said(language, "Moderator") in row.inner_text()

    with translation.override(language):
        remove = pgettext("a person from her role", "Remove")
    row.get_by_role("button", name=remove).click()
    page.check()
    assert not Staff.objects.filter(user=moderator).exists()
    assert moderator.email not in table.inner_text()
    assert organiser.email in table.inner_text()
