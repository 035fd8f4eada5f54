"""Through PgBouncer in transaction mode (scripts/start-pgbouncer; DATABASE_URL on port 6432): the
PostgreSQL tests of the suite run in this pass too (.ci/run); these show it is the pooler."""

from typing import Any

import pytest
from django.db import connection, transaction

from ortaq.accounts.models import User
from ortaq.testing.engines import through_pgbouncer
from ortaq.testing.factories import make_user

THROUGH_PGBOUNCER = through_pgbouncer()
pytestmark = [
    pytest.mark.postgres,
    pytest.mark.pgbouncer,
    pytest.mark.skipif(
        not THROUGH_PGBOUNCER,
        reason="runs in the PgBouncer pass: DATABASE_URL on port 6432 or ORTAQ_PGBOUNCER=true",
    ),
    pytest.mark.django_db(transaction=True),
]


def test_ortaq_talks_to_postgresql_through_the_pooler_without_session_state() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT inet_server_port()")
        (server_port,) = cursor.fetchone()
    # Django connects to PgBouncer; the server it reaches listens elsewhere.
    assert str(connection.settings_dict["PORT"]) != str(server_port)
    assert connection.settings_dict["OPTIONS"]["prepare_threshold"] is None


def test_rows_read_a_chunk_at_a_time_come_whole_in_transaction_mode(reference_data: Any) -> None:
    made = {make_user().pk for _ in range(25)}
    # A named (server-side) cursor would not survive a transaction that may change server
    # connections; with them off, iterating in chunks reads every row.
    with transaction.atomic():
        seen = {user.pk for user in User.objects.filter(pk__in=made).iterator(chunk_size=4)}
    assert seen == made
    seen = {user.pk for user in User.objects.filter(pk__in=made).iterator(chunk_size=4)}
    assert seen == made
