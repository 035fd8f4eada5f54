"""The pages of a refused request (400, and 403 for a form whose CSRF token is gone), in
Chromium, with axe-core checking each."""

from typing import Any

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_bad_request_page(page: Any, settings: Any) -> None:
    # More query fields than allowed is refused with 400 when the view reads them.
    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 2
    response = page.goto("/en/schools/?a=1&b=2&c=3")
    assert response.status == 400
    assert page.get_by_role("heading", level=1).inner_text() == (
        "The request could not be understood"
    )


def test_a_form_sent_without_its_csrf_cookie_gets_the_csrf_page(page: Any) -> None:
    page.goto("/en/accounts/login/")
    page.context.clear_cookies()
    page.get_by_label("Email").fill("a@example.kz")
    page.get_by_label("Password").fill("not-a-password")
    page.get_by_role("button", name="Sign In").click()
    page.check()
    assert page.get_by_role("heading", level=1).inner_text() == "The form could not be sent"
