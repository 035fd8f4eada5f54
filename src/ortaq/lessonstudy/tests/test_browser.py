"""In Chromium at a phone's width, with axe-core checking every page: a facilitator walks a
cycle through plain forms, from its focus, case pupils and plan to the discussion and the
published report, which a visitor then reads on the association's site."""

from typing import Any

import pytest

from ortaq.lessonstudy.choices import ReportStatus
from ortaq.lessonstudy.models import Cycle, Report
from ortaq.testing.browser import sign_in
from ortaq.testing.cycles import make_group

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("language", ["kk", "ru", "en"])
def test_a_facilitator_walks_a_cycle_and_a_visitor_reads_its_report(
    page: Any, reference_data: None, language: str
) -> None:
    page.set_viewport_size({"width": 360, "height": 780})
    kit = make_group(members=1)
    sign_in(page, kit.facilitator)
    page.goto(f"/{language}/lesson-study/groups/{kit.group.pk}/")
    page.locator(
        f"main a[href='/{language}/lesson-study/groups/{kit.group.pk}/cycles/new/']"
    ).click()
    page.check()
    page.fill("#id_title", "Ашық сұрақтар")
    page.locator("main form button[type=submit]").click()
    page.check()
    cycle = Cycle.objects.get(title="Ашық сұрақтар")
    assert page.url.endswith(f"/lesson-study/cycles/{cycle.pk}/focus/")

    page.locator("#id_grades_5").check()
    page.fill("#id_objectives", "5.2.1.1")
    page.fill("#id_approach", "ашық сұрақтар")
    page.fill("#id_learning", "дәлелдеп жауап беру")
    page.fill("#id_learners", "сирек сөйлейтін оқушылар")
    page.locator("main form button[type=submit]").click()
    page.check()
    assert page.url.endswith(f"/lesson-study/cycles/{cycle.pk}/pupils/")

    page.select_option("#id_band_A", "higher")
    page.fill("#id_reason_A", "Тез жауап береді")
    page.select_option("#id_band_B", "lower")
    page.fill("#id_reason_B", "Сирек сөйлейді")
    page.locator("main form button[type=submit]").click()
    page.check()
    assert page.url.endswith(f"/lesson-study/cycles/{cycle.pk}/lessons/1/plan/")

    pupils = {p.code: p.pk for p in cycle.case_pupils.all()}
    page.fill("#id_new1-title", "Жұптық жұмыс")
    page.fill(f"#id_new1-p{pupils['A']}", "Серігіне түсіндіреді")
    page.fill(f"#id_new1-p{pupils['B']}", "Үлгі сөйлеммен жауап береді")
    page.locator("main form button[type=submit]").click()
    page.check()
    stage = cycle.lessons.get(number=1).stages.get()

    page.goto(f"/{language}/lesson-study/cycles/{cycle.pk}/lessons/1/interviews/")
    page.select_option("#id_pupil", str(pupils["B"]))
    page.fill("#id_text", "Жұппен оңай болды")
    page.locator("main form button[type=submit]").click()
    page.check()

    page.goto(f"/{language}/lesson-study/cycles/{cycle.pk}/lessons/1/discussion/")
    page.fill(f"#id_point-{stage.pk}-{pupils['B']}", "Болжам расталды")
    page.fill("#id_findings", "Үлгі сөйлем B оқушысына көмектесті")
    page.locator("main form button[type=submit]").first.click()
    page.check()
    assert page.locator("main", has_text="Жұппен оңай болды").is_visible()

    page.goto(f"/{language}/lesson-study/cycles/{cycle.pk}/")
    page.locator(f"main a[href='/{language}/lesson-study/cycles/{cycle.pk}/report/']").click()
    page.check()
    page.select_option("#id_language", language)
    page.locator("main form button[value=draft]").click()
    page.check()
    assert "Үлгі сөйлем B оқушысына көмектесті" in page.locator("#id_body").input_value()
    page.locator("main form button[value=publish]").click()
    page.check()
    report = Report.objects.get(cycle=cycle)
    assert report.status == ReportStatus.PUBLISHED

    page.context.clear_cookies()  # a visitor, not signed in
    page.goto(f"/{language}/networks/{kit.association.slug}/")
    page.locator(f"main a[href='/{language}/lesson-study/reports/{report.pk}/']").click()
    page.check()
    assert page.locator("main article", has_text="Болжам расталды").is_visible()
