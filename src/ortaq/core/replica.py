"""Report reads on a streaming replica of the database (``DATABASE_REPLICA_URL``).

Reports (``ortaq.courses.queries.reports``, the circles report) read inside
``reading_replica()``; every other read, and every write, stays on the primary. A read inside a
transaction on the primary stays there too, so that a service that reads what it is about to
write (recounting the running totals before a report, say) never reads an older copy. The
replica lags the primary by the time a commit takes to stream over (milliseconds on one
network), which a report shown with its age can afford.
"""

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import wraps
from typing import Any

from django.conf import settings
from django.db import connections

REPLICA = "replica"
_reading = ContextVar("ortaq_reading_replica", default=False)


@contextmanager
def reading_replica() -> Iterator[None]:
    """Send the reads made inside to the replica, when one is configured and switched on."""
    token = _reading.set(True)
    try:
        yield
    finally:
        _reading.reset(token)


def replica_in_use() -> bool:
    return bool(settings.ORTAQ_REPLICA_READS) and REPLICA in settings.DATABASES


class ReplicaRouter:
    """Reads inside ``reading_replica()`` on the replica; everything else on the primary."""

    def db_for_read(self, model: Any, **hints: Any) -> str | None:
        if not (_reading.get() and replica_in_use()):
            return None
        if connections["default"].in_atomic_block:
            return None
        return REPLICA

    def db_for_write(self, model: Any, **hints: Any) -> str:
        return "default"

    def allow_relation(self, obj1: Any, obj2: Any, **hints: Any) -> bool | None:
        # The replica is a copy of the primary: a row read from either relates to the other.
        return True

    def allow_migrate(self, db: str, app_label: str, **hints: Any) -> bool:
        return db != REPLICA


def on_replica[**P, R](func: Callable[P, R]) -> Callable[P, R]:
    """Run ``func`` inside ``reading_replica()``: for a query function that only reads."""

    @wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        with reading_replica():
            return func(*args, **kwargs)

    return wrapper
