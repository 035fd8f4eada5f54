from typing import Any

from django.core.management.base import BaseCommand, CommandError

from ortaq.core import translations


class Command(BaseCommand):
    help = "Fail on an untranslated, fuzzy, uncompiled or missing translation."

    def handle(self, *args: Any, **options: Any) -> None:
        found = translations.problems()
        try:
            found += translations.source_drift()
        except FileNotFoundError:
            self.stderr.write("xgettext not found: not comparing the catalogues with the source")
        if found:
            raise CommandError("\n".join(found))
        self.stdout.write("Translations are complete.")
