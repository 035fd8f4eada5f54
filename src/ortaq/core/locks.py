"""Let writes that must not overlap take turns."""

import zlib

from django.db import connection


def take_turns(name: str) -> None:
    """Wait until no other transaction holds the lock ``name``; hold it until this one ends.

    Call it inside ``transaction.atomic()``. On PostgreSQL this is a transaction-level advisory
    lock; SQLite needs none, since its transactions (begun IMMEDIATE) already run one at a time.
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [zlib.crc32(name.encode())])
