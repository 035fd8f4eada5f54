"""Helpers for the browser tests: be someone without the sign-in form, read messages, find
fields by their label."""

import re
from typing import Any

from django.conf import settings
from django.test import Client


def sign_in(page: Any, user: Any) -> None:
    """Be ``user`` in the browser from now on, without going through the sign-in form (the
    accounts' browser test does that): a session of hers, in a fresh set of cookies."""
    client = Client()
    client.force_login(user)
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    page.context.clear_cookies()
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": page.base_url}]
    )


def message(page: Any) -> str:
    """The text of the messages the page shows after an action."""
    return str(page.locator(".messages").inner_text())


def field(page: Any, label: str) -> Any:
    """The form field labelled exactly ``label`` (Django adds a colon after it)."""
    return page.get_by_label(re.compile(rf"^\s*{re.escape(label)}:?\s*$"))
