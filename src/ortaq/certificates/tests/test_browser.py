"""A teacher's certificates, their public check by code and their revocation, in Chromium, with
axe-core checking every page."""

from typing import Any

import pytest

from ortaq.accounts.tests.factories import make_user
from ortaq.certificates.models import Certificate
from ortaq.courses.choices import ActivityKind
from ortaq.courses.services import activity_open
from ortaq.courses.tests.browser import field, message, sign_in
from ortaq.courses.tests.factories import enrol, make_course

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_my_certificates_the_public_check_and_a_revocation(page: Any) -> None:
    teacher = make_user(first_name="Сәуле", last_name="Ахметова", language="kk")
    courses = []
    for title in ("Инклюзивті білім беру", "Оқу сауаттылығы"):
        built = make_course(kinds=(ActivityKind.PAGE,), title=title)
        enrol(teacher, built.course)
        activity_open(actor=teacher, activity=built.activities[0])  # reading it completes it
        courses.append(built)
    kept, revoked = (Certificate.objects.get(holder=teacher, title=b.course.title) for b in courses)

    sign_in(page, teacher)
    page.goto("/kk/me/")
    page.locator("main a[href='/kk/me/certificates/']").click()
    page.check()
    cards = page.locator("main ul.cards > li")
    assert cards.count() == 2
    assert page.get_by_role("heading", name="Оқу сауаттылығы").is_visible()
    assert page.locator(f"main a[href='/kk/me/certificates/{kept.code}.pdf']").is_visible()

    # Anyone checks a certificate by the code printed on it, typed as it comes.
    page.context.clear_cookies()
    page.goto("/en/verify/")
    field(page, "Certificate code").fill("AAAA-BBBB-CCCC")
    page.get_by_role("button", name="Check").click()
    page.check()
    assert page.get_by_text("No certificate has this code.").is_visible()
    field(page, "Certificate code").fill(revoked.code.lower().replace("-", ""))
    page.get_by_role("button", name="Check").click()
    page.check()
    assert page.url.endswith(f"/en/verify/{revoked.code}/")
    assert page.locator("main .msg-success").inner_text().startswith("Valid.")
    assert page.get_by_role("definition").filter(has_text="Ахметова").is_visible()

    # The course's trainer revokes it, with a reason that the holder and the public see.
    sign_in(page, courses[1].trainer)
    page.goto(f"/en/verify/{revoked.code}/")
    page.get_by_role("button", name="Revoke").click()  # without a reason: refused
    page.check()
    assert "Say why the certificate is revoked." in message(page)
    field(page, "Why is it revoked?").fill("The reflection was copied.")
    page.get_by_role("button", name="Revoke").click()
    page.check()
    assert "The certificate is revoked." in message(page)
    assert "The reflection was copied." in page.locator("main .msg-error").inner_text()

    sign_in(page, teacher)
    page.goto("/kk/me/certificates/")
    card = cards.filter(has_text="Оқу сауаттылығы")
    assert "The reflection was copied." in card.locator(".msg-error").inner_text()
    assert cards.filter(has_text="Инклюзивті білім беру").locator(".msg-error").count() == 0
