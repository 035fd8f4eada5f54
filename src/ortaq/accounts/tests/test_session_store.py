"""Sessions in the cache (``accounts.sessions``, production's engine with Redis): a signed-in
person's session and her cached user come in one read; her key names her, and no one else."""

from typing import Any
from unittest import mock

import pytest
from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.backends import cache as django_cache_sessions
from django.contrib.sessions.backends.base import UpdateError
from django.core.cache import cache, caches
from django.test import Client

from ortaq.accounts.models import user_cache_key
from ortaq.accounts.sessions import SessionStore, owner_in_key
from ortaq.testing.factories import PASSWORD, make_user

pytestmark = pytest.mark.django_db
MY_PAGE = "/kk/me/"  # her language: the page saves no new choice, which would drop her copy


@pytest.fixture(autouse=True)
def cache_sessions(settings: Any) -> None:
    settings.SESSION_ENGINE = "ortaq.accounts.sessions"


def _signed_in_through_the_form(user: Any) -> Client:
    client = Client()
    answer = client.post("/en/accounts/login/", {"login": user.email, "password": PASSWORD})
    assert answer.status_code == 302, answer.content.decode()[:500]
    return client


def _key(client: Client) -> str:
    return client.cookies[settings.SESSION_COOKIE_NAME].value


@pytest.mark.django_db(transaction=True)  # her user is cached only outside a transaction
def test_her_key_names_her_and_one_read_brings_her_session_and_her_user() -> None:
    teacher = make_user()
    client = _signed_in_through_the_form(teacher)
    assert owner_in_key(_key(client)) == str(teacher.pk)
    assert client.get(MY_PAGE).status_code == 200  # her user is now in the cache
    store_cache = caches[settings.SESSION_CACHE_ALIAS]
    with (
        mock.patch.object(store_cache, "get_many", wraps=store_cache.get_many) as read,
        mock.patch("ortaq.accounts.backends.cache") as backends_cache,
    ):
        page = client.get(MY_PAGE)
    assert page.status_code == 200 and teacher.first_name in page.content.decode()
    session_key = SessionStore.cache_key_prefix + _key(client)
    assert [call.args[0] for call in read.call_args_list] == [
        [session_key, user_cache_key(teacher.pk)]
    ]
    backends_cache.get.assert_not_called()  # the backend did not read her again


def test_signing_out_ends_her_session_and_the_next_key_names_no_one() -> None:
    teacher = make_user()
    client = _signed_in_through_the_form(teacher)
    hers = _key(client)
    client.post("/en/accounts/logout/")
    assert not SessionStore().exists(hers)
    assert client.get(MY_PAGE).status_code == 302  # to the sign-in page
    assert owner_in_key(_key(client)) is None


def test_a_key_changed_to_name_someone_else_opens_no_session() -> None:
    teacher, other = make_user(), make_user()
    client = _signed_in_through_the_form(teacher)
    _signed_in_through_the_form(other)
    client.cookies[settings.SESSION_COOKIE_NAME] = _key(client).rsplit(".", 1)[0] + f".{other.pk}"
    assert client.get(MY_PAGE).status_code == 302


def test_a_session_from_before_is_read_and_gets_a_key_naming_her_when_next_saved() -> None:
    teacher = make_user()
    client = _signed_in_through_the_form(teacher)
    # A session kept by Django's own cache store, as before this one.
    old = django_cache_sessions.SessionStore()
    old.update(SessionStore(_key(client)).load())
    old.create()
    old_key = old.session_key
    assert old_key is not None and owner_in_key(old_key) is None
    client.cookies[settings.SESSION_COOKIE_NAME] = old_key
    assert client.get(MY_PAGE).status_code == 200
    store = SessionStore(old_key)
    store["seen"] = 1
    store.save()
    assert owner_in_key(store.session_key) == str(teacher.pk)
    assert not store.exists(old_key)
    assert SessionStore(store.session_key).load()[SESSION_KEY] == str(teacher.pk)


def test_a_session_ended_meanwhile_is_not_brought_back_by_a_late_save() -> None:
    teacher = make_user()
    old = django_cache_sessions.SessionStore()
    old[SESSION_KEY] = str(teacher.pk)
    old.create()
    late = SessionStore(old.session_key)
    late["seen"] = 1  # loaded while the session still was
    old.delete()  # signed out in another tab
    with pytest.raises(UpdateError):
        late.save()


def test_her_user_not_in_the_cache_is_read_from_the_database_without_asking_the_cache_again() -> (
    None
):
    teacher = make_user()
    client = _signed_in_through_the_form(teacher)
    cache.delete(user_cache_key(teacher.pk))
    with mock.patch("ortaq.accounts.backends.cache") as backends_cache:
        page = client.get(MY_PAGE)
    assert page.status_code == 200 and teacher.first_name in page.content.decode()
    backends_cache.get.assert_not_called()  # the session's read found nothing: not asked again
