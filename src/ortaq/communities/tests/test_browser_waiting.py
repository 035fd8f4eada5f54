"""A facilitator finds a submitted portfolio waiting on her own page and opens it, in Chromium at
phone width (360 px) in each language, with axe-core checking every page."""

from typing import Any

import pytest

from ortaq.communities.services.projects import project_submit
from ortaq.testing.browser import sign_in
from ortaq.testing.factories import (
    facilitator_of,
    make_circle,
    make_project,
    make_user,
    take_to_portfolio,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WAITING = {
    "kk": "Үйірмелерде сізді күтіп тұрғандар",
    "ru": "Ждёт вас в кружках",
    "en": "Waiting for you in the circles",
}
READ = {"kk": "Оқып, бағалау", "ru": "Прочитать и оценить", "en": "Read and assess"}


@pytest.mark.parametrize("language", ["kk", "ru", "en"])
def test_a_submitted_portfolio_waits_on_her_facilitators_page(page: Any, language: str) -> None:
    page.set_viewport_size({"width": 360, "height": 780})
    teacher = make_user(first_name="Әсел", last_name="Нұрланова")
    circle = make_circle(members=(teacher,), name="№12 мектептің үйірмесі")
    project = take_to_portfolio(make_project(owner=teacher, circle=circle, title="Оқу клубы"))
    project_submit(actor=teacher, project=project)
    sign_in(page, facilitator_of(circle))

    page.goto(f"/{language}/me/")
    section = page.locator("main section[aria-labelledby=circles-waiting-heading]")
    assert WAITING[language] in section.locator("h2").inner_text()
    item = section.locator("li", has_text="Оқу клубы")
    assert "Нұрланова Әсел" in item.inner_text()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360, f"/me/ is {width} px wide"

    item.get_by_role("link", name=READ[language]).click()
    page.check()
    assert page.url.endswith(f"/{language}/projects/{project.pk}/portfolio/")
    main = page.locator("main").inner_text()
    assert "Оқу клубы" in main and "Нұрланова Әсел" in main
