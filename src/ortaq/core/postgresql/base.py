"""Django's PostgreSQL backend (``ENGINE = "ortaq.core.postgresql"``) with two changes for the
busiest pages, where the round trips to the server cost more than the page's own work:

- **A health check that asks the socket first.** With ``CONN_HEALTH_CHECKS`` Django sends
  ``SELECT 1`` before every request reuses a connection: a round trip on each course page, as
  costly as reading her enrolment. A connection whose server went away (a restart, a
  terminated backend, PgBouncer restarting) has something waiting on its socket, the server's
  last message or the end of the stream, while a live idle connection has nothing. So a
  connection with something on its socket is closed (a new one is made), one that a request
  found working in the last ``QUIET_SECONDS`` is taken as it is, and any other is asked
  ``SELECT 1`` as Django does. What a silent socket cannot show (a machine gone without a word
  within those seconds) fails one request, after which Django closes the connection
  (``errors_occurred``).
- **A cursor that binds its parameters on the server** (``bound_cursor``), for the few reads
  that every request of the busiest pages makes (``ortaq.core.reads``). psycopg prepares a
  statement run that way five times on a connection, and the server then stops parsing and
  planning it on each request: a third of the work for her enrolment with its course. Django's
  own cursor binds on the client, which never prepares (some of the ORM's queries cannot be
  prepared), so the connection's ``prepare_threshold`` (5 in the settings; Django's default,
  None, prepares nothing) concerns only these reads. Behind PgBouncer in transaction mode it
  is None and nothing is prepared.
"""

import select
import time
from typing import Any

from django.db.backends.postgresql import base
from django.db.backends.postgresql.psycopg_any import register_tzloader
from django.db.backends.utils import CursorWrapper
from django.utils.asyncio import async_unsafe
from psycopg.pq import Format

# A connection used this recently, whose socket is silent, is not asked ``SELECT 1``.
QUIET_SECONDS = 5.0


class DatabaseWrapper(base.DatabaseWrapper):
    _checked_at = 0.0  # when a request last found the connection working

    def close_if_health_check_failed(self) -> None:
        this: Any = self  # django-stubs do not declare the attributes of the health check
        if self.connection is None or not this.health_check_enabled or this.health_check_done:
            return
        now = time.monotonic()
        if not self._socket_is_silent():  # the server's last words, or the end of the stream
            self.close()
        elif now - self._checked_at >= QUIET_SECONDS:
            super().close_if_health_check_failed()  # SELECT 1; closed if that fails
        this.health_check_done = True
        # Found working now, or closed (the connection about to be made is as fresh).
        self._checked_at = now

    def _socket_is_silent(self) -> bool:
        """Nothing to read on the connection's socket (as on a live, idle connection)."""
        if self.connection.closed or self.connection.broken:
            return False
        poller = select.poll()
        poller.register(self.connection.fileno(), select.POLLIN | select.POLLPRI)
        return not poller.poll(0)

    @async_unsafe
    def bound_cursor(self) -> CursorWrapper:
        """A cursor as ``cursor()`` gives, binding its parameters on the server (so that a
        statement run often is prepared): only for SQL written for it, with ``%s`` or
        ``%(name)s`` parameters, never the ORM's."""
        self.close_if_health_check_failed()
        self.ensure_connection()
        with self.wrap_database_errors:
            binding: Any = base.ServerBindingCursor  # psycopg's Cursor, which stubs do not see
            cursor = binding(self.connection)
            # As Django's own cursors: her timestamps in the connection's time zone.
            loader = self.connection.adapters.get_loader(base.TIMESTAMPTZ_OID, Format.TEXT)
            if self.timezone != loader.timezone:
                register_tzloader(self.timezone, cursor)
            this: Any = self
            wrapped: CursorWrapper = this._prepare_cursor(cursor)
            return wrapped
