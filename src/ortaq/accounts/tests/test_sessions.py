"""A session ends after a while without activity, and some time after signing in whatever she
does; she is told so on the sign-in page and comes back where she was. The clock is the
middleware's, moved by the tests."""

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.test import Client

from ortaq.accounts import middleware
from ortaq.accounts.models import User
from ortaq.testing.factories import PASSWORD, make_user
from ortaq.testing.utils import run_python

pytestmark = pytest.mark.django_db

HOUR = 3600
START = 1_800_000_000


class Clock:
    def __init__(self) -> None:
        self.time = START

    def __call__(self) -> int:
        return self.time

    def advance(self, seconds: int) -> None:
        self.time += seconds


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Iterator[Clock]:
    fake = Clock()
    monkeypatch.setattr(middleware, "now", fake)
    yield fake


@pytest.fixture
def teacher() -> User:
    return make_user(email="aigerim@example.kz")


def signed_in(client: Client, user: User) -> bool:
    return client.session.get("_auth_user_id") == str(user.pk)


def test_the_default_is_eight_hours_without_activity() -> None:
    assert settings.ORTAQ_SESSION_IDLE_SECONDS == 8 * HOUR


def test_idle_for_too_long_she_signs_in_again_and_returns_where_she_was(
    client: Client, clock: Clock, teacher: User
) -> None:
    client.force_login(teacher)
    assert client.get("/ru/me/").status_code == 200
    clock.advance(8 * HOUR + 1)
    page = "/ru/me/certificates/?sort=new"
    response = client.get(page)
    assert response.status_code == 302
    assert (
        response.headers["Location"] == "/ru/accounts/login/?next=/ru/me/certificates/%3Fsort%3Dnew"
    )
    assert not signed_in(client, teacher)
    login = client.get(response.headers["Location"]).content.decode()
    assert "Сеанс завершён после долгого бездействия." in login
    back = client.post(response.headers["Location"], {"login": teacher.email, "password": PASSWORD})
    assert back.status_code == 302 and back.headers["Location"] == page
    assert client.get(page).status_code == 200


def test_activity_keeps_her_signed_in_without_writing_the_session_each_time(
    client: Client, clock: Clock, teacher: User
) -> None:
    client.force_login(teacher)  # the session notes when she signed in
    for _step in range(4):
        # Within a few minutes of the last note, nothing is written (no new cookie).
        assert settings.SESSION_COOKIE_NAME not in client.get("/en/me/").cookies
        clock.advance(60)
    # She reads for seven hours, clicking now and then: each click counts.
    for _step in range(10):
        clock.advance(7 * HOUR)
        response = client.get("/en/me/")
        assert response.status_code == 200 and settings.SESSION_COOKIE_NAME in response.cookies
    assert signed_in(client, teacher)


def test_the_idle_time_comes_from_the_settings(
    client: Client, clock: Clock, teacher: User, settings: Any
) -> None:
    settings.ORTAQ_SESSION_IDLE_SECONDS = 30 * 60
    client.force_login(teacher)
    client.get("/en/me/")
    clock.advance(20 * 60)
    assert client.get("/en/me/").status_code == 200
    clock.advance(31 * 60)
    assert client.get("/en/me/").status_code == 302
    assert not signed_in(client, teacher)


def test_however_active_she_signs_in_again_after_two_weeks(
    client: Client, clock: Clock, teacher: User
) -> None:
    client.force_login(teacher)
    client.get("/en/me/")
    for _hour in range(0, 14 * 24, 6):
        clock.advance(6 * HOUR)
        assert client.get("/en/me/").status_code == 200
    clock.advance(6 * HOUR)
    response = client.get("/en/me/")
    assert response.status_code == 302
    assert response.headers["Location"] == "/en/accounts/login/?next=/en/me/"
    login = client.get(response.headers["Location"]).content.decode()
    assert "you signed in a long time ago" in login


def test_a_form_sent_after_too_long_brings_her_back_to_its_page(
    client: Client, clock: Clock, teacher: User
) -> None:
    client.force_login(teacher)
    client.get("/en/me/profile/")
    clock.advance(9 * HOUR)
    response = client.post(
        "/en/me/profile/",
        {"last_name": "Сейітова", "first_name": "Айгерім", "language": "kk"},
        headers={"referer": "http://testserver/en/me/profile/"},
    )
    assert response.status_code == 302
    assert response.headers["Location"] == "/en/accounts/login/?next=/en/me/profile/"
    teacher.refresh_from_db()
    assert teacher.last_name != "Сейітова"


def test_the_api_answers_an_idle_session_as_anyone_not_signed_in(
    client: Client, clock: Clock, teacher: User
) -> None:
    client.force_login(teacher)
    assert client.get("/api/v1/me").status_code == 200
    clock.advance(8 * HOUR + 1)
    response = client.get("/api/v1/me")
    assert response.status_code == 401
    assert response.headers["Content-Type"].startswith("application/json")


def test_the_idle_time_is_set_in_minutes_from_the_environment(tmp_path: Path) -> None:
    show = "import django; django.setup(); from django.conf import settings as s;"
    show += "print(s.ORTAQ_SESSION_IDLE_SECONDS)"
    env = {
        "DJANGO_SETTINGS_MODULE": "ortaq.config.settings",
        "ORTAQ_DEBUG": "true",
        "ORTAQ_VAR_DIR": str(tmp_path),
        "ORTAQ_SESSION_IDLE_MINUTES": "45",
    }
    done = run_python(["-c", show], cwd=tmp_path, env=env)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["2700"]


def test_the_signed_in_person_is_read_with_her_roles_in_one_statement(
    django_assert_num_queries: Any,
) -> None:
    """Her cached copy gone, she and her roles are read in one statement, with every field as
    the ORM reads it; someone without roles has none; a deactivated account is nobody."""
    from django.core.cache import cache

    from ortaq.accounts.backends import StaffModelBackend
    from ortaq.accounts.models import user_cache_key
    from ortaq.accounts.services import role_grant
    from ortaq.core.roles import Role
    from ortaq.schools.models import Region
    from ortaq.testing.factories import make_course

    built = make_course()
    person = make_user()
    role_grant(actor=None, user=person, role=Role.COORDINATOR, target=Region.objects.first())
    role_grant(actor=None, user=person, role=Role.TRAINER)
    role_grant(actor=None, user=person, role=Role.MODERATOR, target=built.course)
    backend = StaffModelBackend()
    cache.delete(user_cache_key(person.pk))
    with django_assert_num_queries(1):
        read = backend.get_user(str(person.pk))
    expected = User.objects.get(pk=person.pk)
    for field in User._meta.concrete_fields:
        assert getattr(read, field.attname) == getattr(expected, field.attname), field.name
    assert read.role_grants() == expected.role_grants() and len(read.role_grants()) == 3
    nobody = make_user()
    cache.delete(user_cache_key(nobody.pk))
    assert backend.get_user(str(nobody.pk)).role_grants() == frozenset()
    nobody.is_active = False
    nobody.save()
    assert backend.get_user(str(nobody.pk)) is None
    assert backend.get_user("abc") is None
    assert backend.get_user("987654321") is None
