from typing import Any

from django.core.management.base import BaseCommand

from ortaq.core import translations


class Command(BaseCommand):
    help = "Compile every .po catalogue to .mo with polib (no GNU gettext needed)."

    def handle(self, *args: Any, **options: Any) -> None:
        for path in translations.compile_all():
            self.stdout.write(f"compiled {path}")
