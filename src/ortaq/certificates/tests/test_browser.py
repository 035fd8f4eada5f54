"""A teacher's certificates, their public check by code and their revocation, in Chromium, with
axe-core checking every page."""

from typing import Any

import pytest

from ortaq.certificates.models import Certificate
from ortaq.courses.choices import ActivityKind
from ortaq.courses.services import activity_open
from ortaq.testing.browser import field, message, sign_in
from ortaq.testing.factories import enrol, make_course, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_my_certificates_the_public_check_and_a_revocation(page: Any) -> None:
    teacher = make_user(first_name="Сәуле", last_name="Ахметова", language="kk")
    courses = []
    for title in ("Инклюзивті білім беру", "Оқу сауаттылығы"):
        built = make_course(kinds=(ActivityKind.PAGE,), title=title, language="en")
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

    # The course's trainer finds it by links, from the catalogue through the course's report to
    # its completions and certificates, and revokes it there with a reason that the holder and
    # the public see.
    sign_in(page, courses[1].trainer)
    page.goto("/en/courses/")
    page.get_by_role("link", name="Оқу сауаттылығы").first.click()
    page.check()
    page.get_by_role("navigation", name="Course management").get_by_role(
        "link", name="Report", exact=True
    ).click()
    page.check()
    page.get_by_role("link", name="Completions and certificates").click()
    page.check()
    assert page.get_by_role("heading", name="Completions and certificates").is_visible()
    field(page, "Name or e-mail").fill("Ахметова")
    page.get_by_role("button", name="Show").click()
    page.check()
    row = page.locator("main tbody tr").filter(has_text=revoked.code)
    assert row.get_by_text("Valid").is_visible()
    row.get_by_text("Revoke…").click()
    page.check()
    row.get_by_role("button", name="Revoke").click()  # without a reason: refused
    page.check()
    assert "Say why the certificate is revoked." in message(page)
    assert page.get_by_label("Name or e-mail").input_value() == "Ахметова"  # the search is kept
    row = page.locator("main tbody tr").filter(has_text=revoked.code)
    row.get_by_text("Revoke…").click()
    row.get_by_label("Why is it revoked?").fill("The reflection was copied.")
    row.get_by_role("button", name="Revoke").click()
    page.check()
    assert f"The certificate {revoked.code} is revoked." in message(page)
    row = page.locator("main tbody tr").filter(has_text=revoked.code)
    assert "The reflection was copied." in row.inner_text()
    assert row.get_by_role("button", name="Revoke").count() == 0
    row.get_by_role("link", name=revoked.code).click()
    page.check()
    assert "The reflection was copied." in page.locator("main .msg-error").inner_text()

    sign_in(page, teacher)
    page.goto("/kk/me/certificates/")
    card = cards.filter(has_text="Оқу сауаттылығы")
    assert "The reflection was copied." in card.locator(".msg-error").inner_text()
    assert cards.filter(has_text="Инклюзивті білім беру").locator(".msg-error").count() == 0
