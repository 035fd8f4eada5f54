"""Searching inside names (``icontains``) at national size: PostgreSQL's trigram indexes.

On PostgreSQL ``last_name__icontains="ахмет"`` reads ``UPPER(last_name::text) LIKE
UPPER('%ахмет%')``, which no B-tree index can answer. A GIN index of the trigrams (``pg_trgm``)
of that very expression, ``UPPER((last_name)::text) gin_trgm_ops``, can: PostgreSQL then reads
only the rows holding the word's trigrams, however many rows the table holds. Such indexes are
made by migrations (``trigram_indexes``), on PostgreSQL only: SQLite has no trigrams, and the
embedded database is small enough to read whole (``ortaq.core.sqlite``).

The index finds the rows; sorting them is the other half. A list read in the order of a B-tree
index (the people list by name) tempts PostgreSQL to walk that index and keep the rows that
match, expecting the matches spread evenly through it and the page filled after a few hundred
rows. A search by surname makes the matches one block of that order: for a surname late in the
alphabet the walk passes every other teacher first (0.4 s among 400,000). ``Unindexed`` sorts
by a column in a form no index matches, so that PostgreSQL finds the matches by their trigrams
and sorts them (``finds_by_trigrams`` says when it can).
"""

import re
from collections.abc import Sequence
from typing import Any

from django.db import migrations
from django.db.models import CharField, Func

# A word gives trigrams from its third letter on; a shorter one has none to look up, and the
# index would be read whole.
TRIGRAM = 3
_WORD = re.compile(r"\w+")


def finds_by_trigrams(q: str) -> bool:
    """Whether a trigram index narrows a search for ``q``: one of its words (letters and digits,
    as ``pg_trgm`` splits them) has three characters or more."""
    return any(len(word) >= TRIGRAM for word in _WORD.findall(q))


class Unindexed(Func):
    """A text column as it is, in a form no index matches (``(column || '')``): ordering by it
    keeps the same order but stops PostgreSQL from walking that column's index to sort."""

    template = "(%(expressions)s || '')"
    output_field = CharField()


def trigram_indexes(table: str, columns: Sequence[str]) -> list[Any]:
    """Migration operations: ``pg_trgm`` and, on ``table``, one GIN trigram index named
    ``<table>_<column>_trgm`` per column, of ``UPPER((column)::text)`` (what ``icontains``
    reads), then ``ANALYZE`` so that the planner knows how many rows a word matches. Nothing on
    SQLite. ``CREATE EXTENSION pg_trgm`` needs the CREATE privilege on the database (pg_trgm
    is a trusted extension), or a superuser to have created it once."""
    from django.contrib.postgres.operations import TrigramExtension

    names = {column: f"{table}_{column}_trgm" for column in columns}

    def create(apps: Any, schema_editor: Any) -> None:
        if schema_editor.connection.vendor != "postgresql":
            return
        for column, name in names.items():
            schema_editor.execute(
                f'CREATE INDEX IF NOT EXISTS "{name}" ON "{table}" '
                f'USING gin ((UPPER(("{column}")::text)) gin_trgm_ops)'
            )
        schema_editor.execute(f'ANALYZE "{table}"')

    def drop(apps: Any, schema_editor: Any) -> None:
        if schema_editor.connection.vendor != "postgresql":
            return
        for name in names.values():
            schema_editor.execute(f'DROP INDEX IF EXISTS "{name}"')

    return [TrigramExtension(), migrations.RunPython(create, drop, elidable=False)]
