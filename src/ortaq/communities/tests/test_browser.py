"""In Chromium, with axe-core checking every page: a teacher takes a development project from
her concern to a submitted portfolio, her facilitator accepts it, and it appears in the
showcase; once in each language."""

from typing import Any

import pytest

from ortaq.communities.choices import Criterion, ProjectStatus
from ortaq.communities.models import Project
from ortaq.testing.browser import sign_in
from ortaq.testing.factories import facilitator_of, make_circle, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SUMMARY = " ".join(["Оқушылар мәтінді түсініп оқуды үйренді, ал әріптестер тәсілді қолданды."] * 40)


def save_and_advance(page: Any) -> None:
    page.locator("main form:has(input[name=form][value=fields]) button[type=submit]").click()
    page.check()
    page.locator("main form[action$='/advance/'] button").click()
    page.check()


def add_item_and_advance(page: Any, fields: dict[str, str], selects: dict[str, str]) -> None:
    form = page.locator("main form:has(input[name=form][value=item])")
    for name, value in selects.items():
        form.locator(f"select[name={name}]").select_option(value)
    for name, value in fields.items():
        form.locator(f"[name={name}]").fill(value)
    form.locator("button[type=submit]").click()
    page.check()
    page.locator("main form[action$='/advance/'] button").click()
    page.check()


@pytest.mark.parametrize("language", ["kk", "ru", "en"])
def test_a_project_from_concern_to_an_accepted_portfolio(page: Any, language: str) -> None:
    teacher = make_user(language=language, first_name="Әсел", last_name="Нұрланова")
    circle = make_circle(members=(teacher,), name="№12 мектептің үйірмесі")
    facilitator = facilitator_of(circle)
    sign_in(page, teacher)

    page.goto(f"/{language}/circles/")
    page.check()
    page.get_by_role("link", name="№12 мектептің үйірмесі").click()
    page.check()
    page.locator(f"main a[href='/{language}/circles/{circle.pk}/projects/']").click()
    page.check()
    page.locator(f"main a[href='/{language}/circles/{circle.pk}/projects/new/']").click()
    page.check()
    page.fill("#id_title", "Оқу клубы")
    page.fill("#id_theme", "оқу сауаттылығы")
    page.locator("main form button[type=submit]").click()
    page.check()
    project = Project.objects.get()
    assert page.url.endswith(f"/{language}/projects/{project.pk}/")
    assert page.locator("main [role=status]").first.is_visible()  # her next step, always

    page.locator(f"main a[href='/{language}/projects/{project.pk}/stages/1/']").first.click()
    page.check()
    page.fill("#id_values", "Әр бала оқи алады.")
    page.fill("#id_concern", "Оқушылар мәтінді түсінбейді.")
    save_and_advance(page)
    assert page.url.endswith(f"/projects/{project.pk}/stages/2/")

    add_item_and_advance(
        page,
        {
            "who": "бастауыш сынып мұғалімдері",
            "said": "Оқу сағатын қосайық.",
            "on_date": "2026-10-01",
        },
        {"consulted": "colleagues"},
    )
    for name in ("aims", "actions", "timeline", "involved", "planned_evidence"):
        page.fill(f"#id_{name}", "Жоспар: " + name)
    save_and_advance(page)
    add_item_and_advance(page, {"on_date": "2026-10-20", "text": "Оқу клубы ашылды."}, {})
    add_item_and_advance(
        page, {"caption": "Сауалнама", "text": "80% оқушы кітап оқиды."}, {"kind": "survey"}
    )
    page.fill("#id_presentation_title", "Оқу клубы ауылдық мектепте")
    page.fill("#id_presented_at", "Аудандық семинар")
    page.fill("#id_summary", SUMMARY)
    save_and_advance(page)
    assert page.url.endswith(f"/{language}/projects/{project.pk}/portfolio/")
    page.locator("main form[method=post] button[type=submit]").last.click()  # submit it
    page.check()
    assert Project.objects.get().status == ProjectStatus.SUBMITTED

    sign_in(page, facilitator)
    page.goto(f"/{language}/projects/")
    page.check()
    page.locator(f"main a[href='/{language}/projects/{project.pk}/assess/']").click()
    page.check()
    for criterion in Criterion:
        page.locator(f"input[name=level_{criterion.value}][value='2']").check()
    page.locator("input[name=decision][value=accept]").check()
    page.fill("#id_comment", "Жақсы жоба.")
    page.locator("main form button[type=submit]").click()
    page.check()
    assert Project.objects.get().status == ProjectStatus.ACCEPTED

    sign_in(page, make_user(language=language))
    page.goto(f"/{language}/showcase/")
    page.check()
    page.get_by_role("link", name="Оқу клубы").click()
    page.check()
    assert "Оқушылар мәтінді түсінбейді." in page.locator("main").inner_text()
