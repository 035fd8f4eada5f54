"""Rows of several models read in one statement whose SQL is built once per process.

For the few reads on every request of the busiest pages (the signed-in person with her roles,
her enrolment with its course), compiling the ORM's query cost more than the database takes to
answer it (about 0.5 ms each). A ``JoinedRead`` is built from the models' own metadata the
first time it is asked for, and turns each row back into instances as the ORM would: with the
database's converters, through ``Model.from_db``. Anything else uses the ORM.

On PostgreSQL these reads bind their parameters on the server (``hot_cursor``), so that the
server prepares each statement once per connection instead of planning it on every request.
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import connection
from django.db.backends.utils import CursorWrapper
from django.db.models import Model

Converters = tuple[tuple[Callable[..., Any], ...], ...]


def hot_cursor() -> CursorWrapper:
    """A cursor for a statement that the busiest pages run on every request, written with
    ``%s`` or ``%(name)s`` parameters: on PostgreSQL one whose statements are prepared
    (``ortaq.core.postgresql``), elsewhere Django's own."""
    bound = getattr(connection, "bound_cursor", None)
    cursor: CursorWrapper = bound() if bound is not None else connection.cursor()
    return cursor


@dataclass(frozen=True, slots=True)
class _Part:
    model: type[Model]
    names: tuple[str, ...]
    converters: Converters


@dataclass(frozen=True, slots=True)
class JoinedRead:
    """``SELECT`` every column of each model (in the order given, each under its alias), then
    ``tail``: the ``FROM`` and ``JOIN`` clauses and the conditions, with ``%s`` parameters."""

    sql: str
    parts: tuple[_Part, ...]

    @classmethod
    def build(cls, models: Sequence[tuple[type[Model], str]], tail: str) -> "JoinedRead":
        quote = connection.ops.quote_name
        columns: list[str] = []
        parts = []
        for model, alias in models:
            fields = model._meta.concrete_fields
            columns += [f"{alias}.{quote(f.column or f.attname)}" for f in fields]
            converters = tuple(
                (
                    *connection.ops.get_db_converters(f.get_col(model._meta.db_table)),
                    *f.get_db_converters(connection),
                )
                for f in fields
            )
            parts.append(_Part(model, tuple(f.attname for f in fields), converters))
        # Names from the models' own metadata, quoted; values only as parameters.
        return cls(f"SELECT {', '.join(columns)} {tail}", tuple(parts))  # noqa: S608

    def rows(self, params: Sequence[Any]) -> list[list[Model | None]]:
        """Each row as one instance per model; None for a model whose columns are all NULL (an
        outer join that found nothing)."""
        with hot_cursor() as cursor:
            cursor.execute(self.sql, params)
            return [self._instances(row) for row in cursor.fetchall()]

    def _instances(self, row: Sequence[Any]) -> list[Model | None]:
        made: list[Model | None] = []
        at = 0
        for part in self.parts:
            values = list(row[at : at + len(part.names)])
            at += len(part.names)
            if all(value is None for value in values):
                made.append(None)
                continue
            for i, chain in enumerate(part.converters):
                for convert in chain:
                    values[i] = convert(values[i], None, connection)
            made.append(part.model.from_db(connection.alias, list(part.names), values))
        return made
