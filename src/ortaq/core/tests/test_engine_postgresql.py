"""Ortaq's PostgreSQL backend (``ortaq.core.postgresql``): a connection is asked ``SELECT 1``
only when its socket cannot vouch for it, and the busiest reads are prepared by the server."""

import select
import time

import psycopg
import pytest
from django.db import connection
from django.db.backends.postgresql.base import DatabaseWrapper as DjangoWrapper

from ortaq.accounts.queries import user_with_roles
from ortaq.core.postgresql import base as backend
from ortaq.testing.engines import through_pgbouncer
from ortaq.testing.factories import make_user

# Behind PgBouncer the socket is PgBouncer's: a server connection ending is its to handle (it
# checks its server connections itself), and nothing is prepared (settings).
THROUGH_PGBOUNCER = through_pgbouncer()
pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(THROUGH_PGBOUNCER, reason="about direct connections; not behind PgBouncer"),
    pytest.mark.django_db(transaction=True),
]


def _as_a_request_starts() -> None:
    """What Django does with the connection when a request starts, then at its first query."""
    connection.close_if_unusable_or_obsolete()
    connection.close_if_health_check_failed()


def _server_pid() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        (pid,) = cursor.fetchone()
    return int(pid)


def test_a_connection_found_working_is_not_asked_again_but_one_the_server_ended_is_replaced(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    asked = []
    real = DjangoWrapper.is_usable

    def is_usable(wrapper: DjangoWrapper) -> bool:
        asked.append(1)
        return real(wrapper)

    monkeypatch.setattr(DjangoWrapper, "is_usable", is_usable)
    first = _server_pid()
    _as_a_request_starts()
    assert len(asked) == 1  # found working: asked once
    _as_a_request_starts()
    assert len(asked) == 1 and _server_pid() == first  # moments later, its socket is enough
    monkeypatch.setattr(backend, "QUIET_SECONDS", 0.0)
    _as_a_request_starts()
    assert len(asked) == 2  # idle longer than QUIET_SECONDS: asked again
    monkeypatch.setattr(backend, "QUIET_SECONDS", 60.0)

    # The server ends the connection (a restart, an administrator): its last words wait on the
    # socket, so the next request takes a new connection instead of failing on the old one.
    params = connection.get_connection_params()
    params.pop("cursor_factory", None)
    params["dbname"] = connection.settings_dict["NAME"]
    with psycopg.connect(**params, autocommit=True) as admin:
        admin.execute("SELECT pg_terminate_backend(%s)", [first])
    poller = select.poll()
    poller.register(connection.connection.fileno(), select.POLLIN)
    deadline = time.monotonic() + 30
    while not poller.poll(100) and time.monotonic() < deadline:
        pass
    _as_a_request_starts()
    assert len(asked) == 2  # not asked: the socket said it
    assert _server_pid() != first


def test_the_busiest_reads_are_prepared_by_the_server_after_a_few_runs() -> None:
    teacher = make_user()
    for _ in range(6):
        assert user_with_roles(teacher.pk) == teacher
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        prepared = [statement for (statement,) in cursor.fetchall()]
    assert any("FROM accounts_user u" in statement for statement in prepared), prepared
