"""Search on PostgreSQL (``ortaq.library.search``): columns the database generates from
``search_document`` (its title part, its vector and its title's vector), a GIN index of the
vector, a trigram index of the title for words typed with a mistake, an index of objective
codes for a prefix ("5.2"), and one of versions' times for the report's median. Nothing on
SQLite, which reads the document with ``icontains``."""

from typing import Any

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations

# The title part of ``search_document`` (``search.SEPARATOR`` ends it).
TITLE = "split_part(search_document, E'\\x1f', 1)"
CREATE = [
    # The title part as a column of its own: what the trigram index reads and rechecks, a few
    # dozen bytes, where reading it from the document would fetch kilobytes per row.
    "ALTER TABLE library_resource ADD COLUMN IF NOT EXISTS search_title text "
    f"GENERATED ALWAYS AS ({TITLE}) STORED",
    # The whole document's words, and the title's (which rank a resource first).
    "ALTER TABLE library_resource ADD COLUMN IF NOT EXISTS search_vector tsvector "
    "GENERATED ALWAYS AS (to_tsvector('russian'::regconfig, search_document)) STORED",
    "ALTER TABLE library_resource ADD COLUMN IF NOT EXISTS search_title_vector tsvector "
    f"GENERATED ALWAYS AS (to_tsvector('russian'::regconfig, {TITLE})) STORED",
    # Keep the rows narrow: the document and its vector (kilobytes each) go out of line, so
    # that lists, counts and reports read a few megabytes of rows, not hundreds.
    "ALTER TABLE library_resource SET (toast_tuple_target = 256)",
    "CREATE INDEX IF NOT EXISTS library_resource_search ON library_resource "
    "USING gin (search_vector)",
    "CREATE INDEX IF NOT EXISTS library_resource_title_trgm ON library_resource "
    "USING gin (search_title gin_trgm_ops)",
    "CREATE INDEX IF NOT EXISTS library_alignment_code_prefix ON library_alignment "
    "(code varchar_pattern_ops, version_id)",
    # The report's median reads a version's status and times from the index alone.
    "CREATE INDEX IF NOT EXISTS library_version_times ON library_version "
    "(status, resource_id) INCLUDE (submitted_at, published_at)",
    "ANALYZE library_resource",
]
DROP = [
    "DROP INDEX IF EXISTS library_version_times",
    "DROP INDEX IF EXISTS library_alignment_code_prefix",
    "DROP INDEX IF EXISTS library_resource_title_trgm",
    "DROP INDEX IF EXISTS library_resource_search",
    "ALTER TABLE library_resource RESET (toast_tuple_target)",
    "ALTER TABLE library_resource DROP COLUMN IF EXISTS search_title_vector",
    "ALTER TABLE library_resource DROP COLUMN IF EXISTS search_vector",
    "ALTER TABLE library_resource DROP COLUMN IF EXISTS search_title",
]


def create(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    for statement in CREATE:
        schema_editor.execute(statement)


def drop(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    for statement in DROP:
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("library", "0002_mark_rules_and_checklists")]

    operations = [TrigramExtension(), migrations.RunPython(create, drop, elidable=False)]
