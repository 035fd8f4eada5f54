"""A newcomer signs up, confirms her e-mail, signs in, switches language and browses schools,
in Chromium, with axe-core checking every page she lands on."""

import re
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.core import mail

from ortaq.testing.factories import make_school

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_sign_up_confirm_sign_in_and_switch_language(page: Any) -> None:
    page.goto("/kk/")
    page.get_by_role("link", name="Тіркелгі ашу").click()
    page.check()
    page.get_by_label("Электрондық пошта").fill("dina@example.kz")
    page.get_by_label("Тегі").fill("Әлиева")
    page.get_by_label("Аты").fill("Дина")
    page.get_by_label(re.compile(r"^Құпиясөз:?$")).fill("a-long-password-2026")
    page.get_by_label("Құпиясөз (қайтадан)").fill("a-long-password-2026")
    page.get_by_role("button", name="Тіркелу").click()
    page.check()
    assert "/kk/accounts/confirm-email/" in page.url

    (message,) = mail.outbox
    link = re.search(r"http://\S+/confirm-email/\S+", str(message.body))
    assert link is not None
    page.goto(urlsplit(link.group(0)).path)
    page.get_by_role("button", name="Растау").click()
    page.check()
    assert page.url.endswith("/kk/me/")
    assert page.get_by_role("heading", level=1).inner_text() == "Сәлем, Дина"

    page.get_by_role("navigation", name="Тіл").get_by_role("link", name="Русский").click()
    page.check()
    assert page.url.endswith("/ru/me/")
    assert page.locator("html").get_attribute("lang") == "ru"
    assert page.get_by_role("heading", level=1).inner_text() == "Здравствуйте, Дина"

    page.get_by_role("button", name="Выйти").click()
    page.check()
    page.goto("/ru/accounts/login/")
    page.get_by_label("Адрес электронной почты").fill("dina@example.kz")
    page.get_by_label("Пароль").fill("wrong-password")
    page.get_by_role("button", name="Войти").click()
    page.check()
    assert page.get_by_role("alert").is_visible()
    page.get_by_label("Пароль").fill("a-long-password-2026")
    page.get_by_role("button", name="Войти").click()
    page.check()
    assert page.url.endswith("/ru/me/")


def test_browse_the_school_directory(page: Any) -> None:
    small = make_school(name_kk="Жандосов шағын мектебі", small_scale=True, multigrade=True)
    make_school(name_kk="Абай атындағы гимназия", region=small.region, locality="urban")
    make_school(name_kk="Атырау мектебі", region__code="KZ-23")

    page.goto("/en/schools/")
    assert page.get_by_role("status").first.inner_text() == "3 schools found."
    page.get_by_label("Region").select_option(label=small.region.name_en)
    page.get_by_role("button", name="Find").click()
    page.check()
    page.get_by_label("Small-scale").select_option("yes")
    page.get_by_role("button", name="Find").click()
    page.check()
    assert page.get_by_role("status").first.inner_text() == "1 school found."
    page.get_by_role("link", name=small.name_kk).click()
    page.check()
    assert page.get_by_role("heading", level=1).inner_text() == small.name_kk

    page.get_by_role("link", name="Қазақша").click()
    page.check()
    assert page.url.endswith(f"/kk/schools/{small.pk}/")


def test_a_teacher_deletes_her_account(page: Any) -> None:
    from ortaq.accounts.models import User
    from ortaq.testing.factories import PASSWORD, make_user

    user = make_user(email="aigerim@example.kz", last_name="Серікова", first_name="Әйгерім")
    page.goto("/en/accounts/login/")
    page.get_by_label("Email").fill(user.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    page.check()
    # Deleting the account is with the account's settings, apart from the day's work.
    page.get_by_role("link", name="Account settings").click()
    page.check()
    page.get_by_role("link", name="Delete my account").click()
    page.check()
    assert page.get_by_role("heading", level=1).inner_text() == "Delete my account"
    page.get_by_label("Your password").fill("not-my-password")
    page.get_by_label("Your e-mail address, to confirm").fill(user.email)
    page.get_by_role("button", name="Delete my account for good").click()
    page.check()
    assert page.get_by_text("This is not your password.").is_visible()
    assert User.objects.get(pk=user.pk).is_active
    page.get_by_label("Your password").fill(PASSWORD)
    page.get_by_label("Your e-mail address, to confirm").fill(user.email)
    page.get_by_role("button", name="Delete my account for good").click()
    page.check()
    assert page.url.endswith("/en/")
    assert page.get_by_text("Your account was deleted.").is_visible()
    assert User.objects.get(pk=user.pk).is_erased


def test_a_teacher_signs_in_with_a_code_sent_to_her_email(page: Any) -> None:
    from ortaq.testing.factories import make_user

    make_user(email="aigul@example.kz", first_name="Айгүл")
    page.goto("/kk/accounts/login/")
    page.get_by_role("link", name="Поштама жіберілген кодпен кіру").click()
    page.check()
    page.get_by_label("Электрондық пошта").fill("aigul@example.kz")
    page.get_by_role("button", name="Маған код жіберу").click()
    page.check()
    (message,) = mail.outbox
    code = re.search(r"^\s*([A-Z0-9-]{6,})\s*$", str(message.body), re.MULTILINE)
    assert code is not None
    page.get_by_label("Код").fill(code.group(1))
    page.get_by_role("button", name="Кіру").click()
    page.check()
    assert page.url.endswith("/kk/me/")
    assert page.get_by_role("heading", level=1).inner_text() == "Сәлем, Айгүл"
