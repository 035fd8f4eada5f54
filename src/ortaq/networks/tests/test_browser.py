"""In Chromium at a phone's width, with axe-core checking every page, once in each language: a
coordinator finds her association in the directory, adds a school of its region, and publishes
news; then a visitor who has not signed in reads the association's site, the news post, and the
added school's page, which names the association."""

from typing import Any

import pytest

from ortaq.networks.models import MemberSchool, NewsPost
from ortaq.testing.browser import sign_in
from ortaq.testing.factories import make_association, make_school, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("language", ["kk", "ru", "en"])
def test_a_coordinator_adds_a_school_and_posts_news_and_a_visitor_reads_the_site(
    page: Any, people: dict[str, Any], language: str
) -> None:
    page.set_viewport_size({"width": 360, "height": 780})
    coordinator = make_user(profile__school=people["school"])
    association = make_association(
        slug="talgar", schools=[people["school"]], coordinators=[coordinator], news=1
    )
    school = make_school(
        region=people["region"],
        name_kk="Бесағаш ауылының негізгі мектебі",
        name_ru="Основная школа села Бесагаш",
        small_scale=True,
    )

    sign_in(page, coordinator)
    page.goto(f"/{language}/networks/")
    page.check()
    page.locator(f"main a[href='/{language}/networks/talgar/schools/']").click()
    page.check()
    page.fill("#id_q", "Бесаға" if language == "kk" else "Бесаг")
    page.locator("main form[role=search] button[type=submit]").click()
    page.check()
    page.locator(f"main form:has(input[name=school][value='{school.pk}']) button").click()
    page.check()
    assert MemberSchool.objects.filter(association=association, school=school).exists()
    assert page.locator(f"#member-{school.pk}").is_visible()

    page.goto(f"/{language}/networks/talgar/")
    page.check()
    page.locator(f"main a[href='/{language}/networks/talgar/news/new/']").click()
    page.check()
    page.fill("#id_title", "Көктемгі конференцияға шақырамыз")
    page.fill(
        "#id_body", "Зерттеу сабақтары туралы баяндамаларды **наурыздың 1-іне** дейін жіберіңіз."
    )
    page.select_option("#id_language", "kk")
    page.locator("main form button[type=submit]").first.click()
    page.check()
    post = NewsPost.objects.get(title="Көктемгі конференцияға шақырамыз")
    assert page.url.endswith(f"/{language}/networks/talgar/news/{post.pk}/")

    page.context.clear_cookies()  # a visitor, not signed in
    page.goto(f"/{language}/networks/talgar/")
    page.check()
    news = page.locator("main article").first
    assert "Көктемгі конференцияға шақырамыз" in news.inner_text()  # the newest first
    assert page.locator(f"main a[href='/{language}/schools/{school.pk}/']").is_visible()
    news.get_by_role("link").click()
    page.check()
    assert page.locator("main article strong", has_text="наурыздың 1-іне").is_visible()
    page.goto(f"/{language}/schools/{school.pk}/")
    page.check()
    assert page.locator(f"main a[href='/{language}/networks/talgar/']").is_visible()
