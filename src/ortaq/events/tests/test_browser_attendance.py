"""In Chromium at a phone's width, with axe-core checking every page: a registered teacher
shows her QR code; the organiser's phone opens its check-in page and checks her in (a second
time it says when), imports a video-conference report after checking it, sees the statistics,
publishes the recommendations and issues the certificates; the teacher gives feedback and her
certificate verifies. A camp's team form and the materials page pass axe too."""

from datetime import timedelta
from typing import Any

import pytest

from ortaq.certificates.models import Certificate
from ortaq.events.models import Attendance, Registration
from ortaq.testing.browser import sign_in
from ortaq.testing.factories import make_event, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("language", ["kk", "ru", "en"])
def test_check_in_import_issue_and_verify(
    page: Any, people: dict[str, Any], language: str, tmp_path: Any
) -> None:
    page.set_viewport_size({"width": 360, "height": 780})
    organiser, teacher = people["trainer"], people["teacher"]
    event = make_event(organiser=organiser, starts_in=-timedelta(hours=4), hours_long=3, hours=6)
    her = Registration.objects.create(event=event, user=teacher, status="registered")
    listener = make_user(email="listener@example.kz")
    base = f"/{language}/events/{event.slug}"

    sign_in(page, teacher)
    page.goto(f"{base}/")
    page.check()
    page.locator(f"main a[href='{base}/my-code/']").click()
    page.check()
    assert her.checkin_code in page.content()

    page.context.clear_cookies()
    sign_in(page, organiser)
    page.goto(f"{base}/check-in/?code={her.checkin_code}")
    page.check()
    page.locator("main form button[type=submit]").click()
    page.check()
    page.fill("#id_code", her.checkin_code)
    page.locator("main form button[type=submit]").click()
    page.check()
    assert Attendance.objects.filter(event=event).count() == 1

    report = tmp_path / "report.csv"
    report.write_text("name,email,minutes\nListener,listener@example.kz,150\nX,,3\n")
    page.goto(f"{base}/attendance/import/")
    page.check()
    page.set_input_files("#id_file", str(report))
    page.locator("main form[enctype] button[type=submit]").click()
    page.check()
    assert not Attendance.objects.filter(user=listener).exists()
    page.locator("main form:not([enctype]) button[type=submit]").click()
    page.check()
    assert Attendance.objects.filter(user=listener).exists()

    page.goto(f"{base}/statistics/")
    page.check()
    page.goto(f"{base}/recommendations/")
    page.check()
    page.fill("#id_ru", "Рекомендации круглого стола")
    page.locator("main form button[type=submit]").click()
    page.check()
    page.goto(f"{base}/materials/")
    page.check()
    page.goto(f"{base}/certificates/")
    page.check()
    page.locator("main form button[type=submit]").click()
    page.check()
    issued = Certificate.objects.get(holder=teacher)

    page.context.clear_cookies()
    sign_in(page, teacher)
    page.goto(f"{base}/feedback/")
    page.check()
    page.locator("#id_rating_0").check()
    page.locator("main form button[type=submit]").click()
    page.check()
    page.goto(f"/{language}/verify/{issued.code}/")
    page.check()
    assert issued.code in page.content()

    camp = make_event(organiser=organiser, kind="camp", capacity=3)
    page.goto(f"/{language}/events/{camp.slug}/teams/")
    page.check()
