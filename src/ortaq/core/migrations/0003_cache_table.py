"""The table of the database cache, used when no Redis is configured (``ortaq_cache``).

Created by a migration rather than by ``createcachetable`` so that every ``ortaq migrate``
makes it, whatever the cache settings were then: a deployment may drop Redis later.
"""

from django.db import migrations

TABLE = "ortaq_cache"


def create(apps, schema_editor):
    from django.core.management.commands.createcachetable import Command

    connection = schema_editor.connection
    if TABLE not in connection.introspection.table_names():
        command = Command()
        command.verbosity = 0
        command.create_table(connection.alias, TABLE, dry_run=False)


def drop(apps, schema_editor):
    schema_editor.execute(f"DROP TABLE IF EXISTS {schema_editor.quote_name(TABLE)}")


class Migration(migrations.Migration):
    dependencies = [("core", "0002_subjects")]
    operations = [migrations.RunPython(create, drop, elidable=False)]
