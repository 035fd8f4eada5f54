"""Names saved before names were checked lose their markup and control characters."""

import importlib

import pytest
from django.apps import apps

from ortaq.accounts.models import User
from ortaq.testing.factories import make_user

pytestmark = pytest.mark.django_db


def test_the_migration_takes_markup_and_control_characters_out_of_names() -> None:
    migration = importlib.import_module("ortaq.accounts.migrations.0003_names_are_letters")
    marked = make_user(
        last_name="<b>Сейітова</b>", first_name="Ай\x07гүл", middle_name="<script>x</script>>"
    )
    plain = make_user(last_name="Әбішева-Құлова", first_name="Іңкәр", middle_name="O’Нұр")
    odd = make_user(last_name="Smith (Jones)")
    migration.strip_markup(apps, None)
    names = {u.pk: (u.last_name, u.first_name, u.middle_name) for u in User.objects.all()}
    assert names[marked.pk] == ("Сейітова", "Айгүл", "x")
    assert names[plain.pk] == ("Әбішева-Құлова", "Іңкәр", "O’Нұр")
    # What is not markup stays as it was, until she next saves her profile.
    assert names[odd.pk][0] == "Smith (Jones)"
