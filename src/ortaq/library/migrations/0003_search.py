"""Search on PostgreSQL (``ortaq.library.search``): the generated ``search_vector`` column and
its GIN index, a trigram index of the document's title part for words typed with a mistake,
and an index of objective codes for a prefix ("5.2"). Nothing on SQLite, which reads the
document with ``icontains``."""

from typing import Any

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations

# The title part of ``search_document``, as ``search.TitlePart`` writes it in queries.
TITLE = "split_part(search_document, E'\\x1f', 1)"
REST = "split_part(search_document, E'\\x1f', 2)"
CREATE = [
    "ALTER TABLE library_resource ADD COLUMN IF NOT EXISTS search_vector tsvector "
    f"GENERATED ALWAYS AS (setweight(to_tsvector('russian'::regconfig, {TITLE}), 'A') || "
    f"setweight(to_tsvector('russian'::regconfig, {REST}), 'D')) STORED",
    "CREATE INDEX IF NOT EXISTS library_resource_search ON library_resource "
    "USING gin (search_vector)",
    "CREATE INDEX IF NOT EXISTS library_resource_title_trgm ON library_resource "
    f"USING gin (({TITLE}) gin_trgm_ops)",
    "CREATE INDEX IF NOT EXISTS library_alignment_code_prefix ON library_alignment "
    "(code varchar_pattern_ops, version_id)",
    "ANALYZE library_resource",
]
DROP = [
    "DROP INDEX IF EXISTS library_alignment_code_prefix",
    "DROP INDEX IF EXISTS library_resource_title_trgm",
    "DROP INDEX IF EXISTS library_resource_search",
    "ALTER TABLE library_resource DROP COLUMN IF EXISTS search_vector",
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
