"""In Chromium, with axe-core checking every page, once in each language: an author submits a
manuscript to the open call; the editor asks a reviewer without an account, who opens her
link, reviews and finds it spent; the editor accepts, builds an issue and publishes it; a
visitor reads the journal on the association's site, the issue and the article's page."""

import re
from datetime import timedelta
from typing import Any

import pytest
from django.core import mail
from django.utils import timezone

from ortaq.journal import services
from ortaq.journal.models import Issue, Submission
from ortaq.testing.browser import sign_in
from ortaq.testing.factories import make_association, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def submit_button(page: Any) -> Any:
    return page.locator("main form button[type=submit]").last


@pytest.mark.parametrize("language", ["kk", "ru", "en"])
def test_a_manuscript_from_submission_to_a_published_issue(page: Any, language: str) -> None:
    editor = make_user(first_name="Әйгерім", last_name="Редактор", language=language)
    author = make_user(first_name="Асан", last_name="Автор", language=language)
    association = make_association(slug="talgar", editor=editor)
    journal = services.journal_save(
        actor=editor, association=association, title_kk="Зерттеу", title_ru="Исследование"
    )
    year = timezone.localdate().year
    services.call_open(
        actor=editor, journal=journal, year=year, deadline=timezone.localdate() + timedelta(days=9)
    )
    base = f"/{language}/networks/talgar/journal"

    sign_in(page, author)
    page.goto(f"{base}/")
    page.check()
    page.locator(f"main a[href='{base}/submit/']").click()
    page.check()
    for name, value in {
        "title_kk": "Сұрақтардың рөлі",
        "title_ru": "Роль вопросов",
        "title_en": "The role of questions",
        "abstract_kk": "Аңдатпа.",
        "abstract_ru": "Аннотация.",
        "abstract_en": "Abstract.",
        "body": "## Кіріспе\n\nАшық сұрақтар.",
    }.items():
        page.fill(f"#id_{name}", value)
    page.select_option("#id_language", "kk")
    submit_button(page).click()
    page.check()
    submission = Submission.objects.get()
    assert page.url.endswith(f"{base}/submissions/{submission.pk}/")

    sign_in(page, editor)
    page.goto(f"{base}/desk/{submission.pk}/")
    page.check()
    page.fill("#id_email", "gulnar@example.kz")
    page.fill("#id_name", "Гүлнар Сейітова")
    page.locator("main form:has(input[value=assign]) button[type=submit]").click()
    page.check()
    link = re.search(r"https?://\S+/review/\S+/", str(mail.outbox[-1].body))
    assert link is not None
    path = "/" + link.group(0).split("/", 3)[3]

    page.context.clear_cookies()  # the reviewer has no account
    page.goto(path)
    page.check()
    page.locator("input[name=recommendation][value=accept]").check()
    page.fill("#id_to_authors", "Жақсы жұмыс.")
    submit_button(page).click()
    page.check()
    page.goto(path)
    page.check()
    assert page.locator("[role=alert]").is_visible()  # spent, said in words

    sign_in(page, editor)
    page.goto(f"{base}/desk/{submission.pk}/")
    page.select_option("#id_outcome", "accept")
    page.locator("main form:has(input[value=decide]) button[type=submit]").click()
    page.check()
    page.goto(f"{base}/desk/")
    page.check()
    page.fill("#id_number", "1")
    page.locator("main form:has(input[value=issue]) button[type=submit]").click()
    page.check()
    page.fill("#id_title", "Зерттеулер")
    page.locator("main form:has(input[value=section]) button[type=submit]").click()
    page.check()
    page.locator("main form:has(input[value=place]) button[type=submit]").click()
    page.check()
    page.locator("main form:has(input[value=publish]) button[type=submit]").click()
    page.check()
    assert Issue.objects.get().pdf

    page.context.clear_cookies()  # a visitor
    page.goto(f"/{language}/networks/talgar/")
    page.check()
    page.locator(f"main a[href='{base}/{year}/1/']").first.click()
    page.check()
    page.locator(f"main a[href='{base}/{year}/1/{submission.pk}/']").click()
    page.check()
    assert page.locator("meta[name=citation_firstpage]").get_attribute("content") == "3"
