"""Sign-in limits: they hold behind a proxy, slow a guesser, and never lock out the owner."""

import re

import pytest
from django.core import mail
from django.test import Client, override_settings

from ortaq.testing.factories import PASSWORD, make_user

pytestmark = pytest.mark.django_db

LOGIN = "/en/accounts/login/"


def sign_in(client: Client, email: str, password: str, *, came_from: str) -> str:
    """Post the sign-in form as nginx would pass it on (one trusted proxy); return the page."""
    response = client.post(
        LOGIN,
        {"login": email, "password": password},
        headers={"X-Forwarded-For": came_from},
        REMOTE_ADDR="10.0.0.1",
    )
    return response.content.decode() if response.status_code != 302 else "signed in"


def signed_in_as(client: Client) -> str | None:
    return client.session.get("_auth_user_id")


@override_settings(ORTAQ_TRUSTED_PROXY_COUNT=1)
def test_guesses_from_varied_forwarded_headers_do_not_refuse_a_teacher_elsewhere() -> None:
    teacher, others = make_user(), [make_user() for _ in range(3)]
    attacker = Client()
    for attempt in range(21):
        # The attacker invents entries; nginx appends the address it really saw.
        sign_in(
            attacker,
            others[attempt % 3].email,
            "wrong",
            came_from=f"192.0.2.{attempt}, 198.51.100.66",
        )
    assert "Too many failed attempts" in sign_in(
        attacker, others[0].email, "wrong", came_from="192.0.2.99, 198.51.100.66"
    )
    real = Client()
    assert sign_in(real, teacher.email, PASSWORD, came_from="203.0.113.7") == "signed in"
    assert signed_in_as(real) == str(teacher.pk)


@override_settings(ORTAQ_TRUSTED_PROXY_COUNT=1)
def test_wrong_passwords_for_an_account_block_the_guesser_and_not_its_owner() -> None:
    teacher = make_user()
    attacker = Client()
    for _attempt in range(5):
        sign_in(attacker, teacher.email, "wrong", came_from="198.51.100.66")
    # The guesser, even with the right password, waits.
    refused = sign_in(attacker, teacher.email, PASSWORD, came_from="198.51.100.66")
    assert "Too many failed attempts" in refused
    assert signed_in_as(attacker) is None
    owner = Client()
    assert sign_in(owner, teacher.email, PASSWORD, came_from="203.0.113.7") == "signed in"


@override_settings(ORTAQ_TRUSTED_PROXY_COUNT=1)
def test_guesses_from_many_addresses_pause_passwords_and_the_owner_signs_in_with_a_code(
    settings,
) -> None:
    settings.ACCOUNT_RATE_LIMITS = {
        **settings.ACCOUNT_RATE_LIMITS,
        "login_failed_account": "10/h/key",
    }
    teacher = make_user(email="aigul@example.kz")
    botnet = Client()
    for attempt in range(10):
        sign_in(botnet, teacher.email, "wrong", came_from=f"198.51.100.{attempt}")
    owner = Client()
    page = sign_in(owner, teacher.email, PASSWORD, came_from="203.0.113.7")
    assert "signing in to it with a password is paused" in page
    assert signed_in_as(owner) is None
    assert 'href="/en/accounts/login/code/"' in page

    # Another account is not touched by this one's pause.
    other = make_user()
    assert sign_in(Client(), other.email, PASSWORD, came_from="203.0.113.8") == "signed in"

    asked = owner.post("/en/accounts/login/code/", {"email": teacher.email})
    assert asked.status_code == 302
    (message,) = mail.outbox
    assert message.to == [teacher.email]
    code = re.search(r"^\s*([A-Z0-9-]{6,})\s*$", str(message.body), re.MULTILINE)
    assert code is not None
    confirmed = owner.post("/en/accounts/login/code/confirm/", {"code": code.group(1)})
    assert confirmed.status_code == 302
    assert signed_in_as(owner) == str(teacher.pk)


def test_the_admin_signs_in_through_the_limited_form_only(client: Client) -> None:
    admin = make_user(is_staff=True, is_superuser=True)
    page = client.get("/admin/login/?next=/admin/")
    assert page.status_code == 302
    assert page.headers["Location"].startswith("/kk/accounts/login/?next=")
    # Posting the admin's own form signs nobody in, right password or not.
    posted = client.post(
        "/admin/login/?next=/admin/", {"username": admin.email, "password": PASSWORD}
    )
    assert posted.status_code == 302
    assert signed_in_as(client) is None
    for _attempt in range(5):
        client.post(LOGIN, {"login": admin.email, "password": "wrong"})
    assert (
        "Too many failed attempts"
        in client.post(LOGIN, {"login": admin.email, "password": PASSWORD}).content.decode()
    )
    assert signed_in_as(client) is None


def test_the_code_pages_read_in_kazakh(client: Client) -> None:
    page = client.get("/kk/accounts/login/").content.decode()
    assert 'href="/kk/accounts/login/code/"' in page
    asking = client.get("/kk/accounts/login/code/").content.decode()
    assert "<h1>Код арқылы кіру</h1>" in asking
