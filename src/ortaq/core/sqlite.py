"""Make SQLite's LIKE case-insensitive for every alphabet, as PostgreSQL's ILIKE is.

SQLite folds case only for ASCII letters, so searching "АҚСУ" would not find "Ақсу" on the
embedded database. Django runs ``contains`` and ``icontains`` through LIKE on SQLite, so
replacing the ``like()`` function (which SQLite allows) fixes every search at once.
"""

import re
from functools import lru_cache
from typing import Any


@lru_cache(maxsize=256)
def _pattern(like: str, escape: str | None) -> re.Pattern[str]:
    parts = []
    chars = iter(like)
    for char in chars:
        if escape is not None and char == escape:
            parts.append(re.escape(next(chars, "")))
        elif char == "%":
            parts.append(".*")
        elif char == "_":
            parts.append(".")
        else:
            parts.append(re.escape(char))
    return re.compile("".join(parts), re.DOTALL | re.IGNORECASE)


def _like(pattern: str | None, value: Any, escape: str | None = None) -> bool | None:
    if pattern is None or value is None:
        return None
    return _pattern(pattern.casefold(), escape).fullmatch(str(value).casefold()) is not None


def install_unicode_like(sender: Any, connection: Any, **kwargs: Any) -> None:
    """Replace ``like()`` on each new SQLite connection (a ``connection_created`` receiver)."""
    if connection.vendor != "sqlite":
        return
    raw = connection.connection
    raw.create_function("like", 2, _like, deterministic=True)
    raw.create_function("like", 3, _like, deterministic=True)
