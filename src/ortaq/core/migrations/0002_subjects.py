from typing import Any

from django.db import migrations

from ortaq.core.reference import load_subjects


def forwards(apps: Any, schema_editor: Any) -> None:
    load_subjects(apps.get_model("core", "Subject"))


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
