from typing import Any

from django.db import migrations

from ortaq.schools.reference import load_regions


def forwards(apps: Any, schema_editor: Any) -> None:
    load_regions(apps.get_model("schools", "Region"))


class Migration(migrations.Migration):
    dependencies = [("schools", "0001_initial")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
