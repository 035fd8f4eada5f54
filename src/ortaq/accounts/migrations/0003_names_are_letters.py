"""People's names hold only what a name may (ortaq.core.names). Names saved before with markup or
control characters in them lose those: tags go (``<b>Aigul</b>`` becomes ``Aigul``), then any
``<``, ``>`` or control character left. Other characters no name has (digits, say) stay until
she next saves her profile, which then asks her to correct them."""

import re
from typing import Any

from django.db import migrations, models
from django.db.models import Q

import ortaq.core.names

NAMES = ("last_name", "first_name", "middle_name")
TAG = re.compile(r"<[^<>]*>")
REFUSED = re.compile("[<>\x00-\x1f\x7f]")


def cleaned(name: str) -> str:
    return " ".join(REFUSED.sub("", TAG.sub(" ", name)).split())


def strip_markup(apps: Any, schema_editor: Any) -> None:
    User = apps.get_model("accounts", "User")
    suspect = Q()
    for name in NAMES:
        suspect |= Q(**{f"{name}__regex": r"[<>\x01-\x1f\x7f]"})
    for user in User.objects.filter(suspect).only(*NAMES).iterator():
        for name in NAMES:
            setattr(user, name, cleaned(getattr(user, name)))
        user.save(update_fields=NAMES)


class Migration(migrations.Migration):
    dependencies = [("accounts", "0002_user_erased_at")]

    operations = [
        migrations.AlterField(
            model_name="user",
            name="first_name",
            field=models.CharField(
                blank=True,
                max_length=100,
                validators=[ortaq.core.names.validate_person_name],
                verbose_name="first name",
            ),
        ),
        migrations.AlterField(
            model_name="user",
            name="last_name",
            field=models.CharField(
                blank=True,
                max_length=100,
                validators=[ortaq.core.names.validate_person_name],
                verbose_name="last name",
            ),
        ),
        migrations.AlterField(
            model_name="user",
            name="middle_name",
            field=models.CharField(
                blank=True,
                max_length=100,
                validators=[ortaq.core.names.validate_person_name],
                verbose_name="patronymic",
            ),
        ),
        migrations.RunPython(strip_markup, migrations.RunPython.noop, elidable=True),
    ]
