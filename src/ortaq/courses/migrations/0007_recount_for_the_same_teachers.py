"""Ask for every group of courses to be recounted once: the running totals now also count the
self-assessment answers of the teachers who answered both before and after (Metric.PAIRED and
the phase codes 3 and 4), which totals counted before this release do not hold. The worker's
periodic refresh does the recount; until then, a report reads the older totals."""

from django.apps.registry import Apps
from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor


def recount_everything(apps: Apps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    group = apps.get_model("courses", "CourseGroup")
    change = apps.get_model("courses", "TallyChange")
    change.objects.bulk_create(
        change(group_id=pk, everything=True) for pk in group.objects.values_list("pk", flat=True)
    )


class Migration(migrations.Migration):
    dependencies = [("courses", "0006_pack_failure")]

    operations = [migrations.RunPython(recount_everything, migrations.RunPython.noop)]
