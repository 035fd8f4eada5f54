"""In Chromium at a phone's width, with axe-core checking every page: an organiser opens a
blind call; a teacher submits a teacher talk with a co-author; the organiser assigns a
reviewer, who reviews it without seeing its author; the organiser accepts it, adds a plenary
and places it there; a visitor reads the programme."""

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from ortaq.events.models import Contribution, Registration
from ortaq.testing.browser import sign_in
from ortaq.testing.factories import make_event

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("language", ["kk", "ru"])
def test_call_review_decision_and_programme(
    page: Any, people: dict[str, Any], language: str
) -> None:
    page.set_viewport_size({"width": 360, "height": 780})
    organiser, author, reviewer = people["trainer"], people["teacher"], people["far_teacher"]
    event = make_event(organiser=organiser, starts_in=timedelta(days=20), hours_long=6)
    base = f"/{language}/events/{event.slug}"
    now = timezone.localtime(timezone.now())

    sign_in(page, organiser)
    page.goto(f"{base}/call/")
    page.check()
    page.fill("#id_opens_at", f"{now - timedelta(days=1):%Y-%m-%dT%H:%M}")
    page.fill("#id_closes_at", f"{now + timedelta(days=5):%Y-%m-%dT%H:%M}")
    page.locator("main form button[type=submit]").click()
    page.check()

    page.context.clear_cookies()
    sign_in(page, author)
    page.goto(f"{base}/")
    page.locator(f"main a[href='{base}/submit/']").click()
    page.check()
    page.select_option("#id_kind", "teacher_talk")
    page.fill("#id_title", "Менің зерттеу сабағым")
    page.select_option("#id_language", "kk")
    page.fill("#id_abstract", "Үш зерттеу сабағы.")
    page.fill("#id_teacher_talk__lesson", "5-сынып")
    page.fill("#id_teacher_talk__learning", "Сұрақ қою")
    page.fill("#id_coauthors", "Мария Ким; maria@example.kz")
    page.locator("main form button[type=submit]").click()
    page.check()
    contribution = Contribution.objects.get(event=event)
    assert contribution.authors.count() == 2

    page.context.clear_cookies()
    sign_in(page, organiser)
    page.goto(f"{base}/contributions/")
    page.check()
    page.fill(f"#r{contribution.pk}", reviewer.email)
    page.locator(
        f"main form[action='{base}/contributions/{contribution.pk}/reviewers/'] button"
    ).click()
    page.check()

    page.context.clear_cookies()
    sign_in(page, reviewer)
    page.goto(f"{base}/reviews/")
    page.check()
    page.locator(f"main a[href^='{base}/reviews/']").first.click()
    page.check()
    assert author.last_name not in page.content()
    page.locator("input[name=recommendation][value=accept]").check()
    page.fill("#id_comments_to_authors", "Жақсы.")
    page.locator("main form button[type=submit]").click()
    page.check()

    page.context.clear_cookies()
    sign_in(page, organiser)
    page.goto(f"{base}/contributions/")
    page.locator(
        f"main form[action='{base}/contributions/{contribution.pk}/decide/'] button[value=accept]"
    ).click()
    page.check()
    assert Registration.objects.get(event=event, user=author).role == "speaker"
    page.goto(f"{base}/sessions/")
    page.check()
    # The event starts at some second of a minute: the session, at the next whole minute.
    start = timezone.localtime(event.starts_at) + timedelta(minutes=1)
    page.select_option("#id_kind", "plenary")
    page.fill("#id_title", "Пленарлық отырыс")
    page.fill("#id_starts_at", f"{start:%Y-%m-%dT%H:%M}")
    page.fill("#id_ends_at", f"{start + timedelta(hours=2):%Y-%m-%dT%H:%M}")
    page.locator("main form:not(.inline) button[type=submit]").click()
    page.check()
    page.locator("main form[action$='/place/'] button").click()
    page.check()

    page.context.clear_cookies()
    page.goto(f"{base}/programme/")
    page.check()
    assert "Менің зерттеу сабағым" in page.content()
    assert "Пленарлық отырыс" in page.content()
