"""``ortaq manage generate_national --teachers 400000``: see ``ortaq.demo.national``."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from ortaq.demo.national import generate_national


class Command(BaseCommand):
    help = "Build a country of schools, teachers, courses and circles in PostgreSQL (benchmarks)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--teachers", type=int, default=400_000)
        parser.add_argument("--schools", type=int, default=None, help="default: teachers / 50.6")
        parser.add_argument("--seed", type=int, default=1)

    def handle(self, *args: Any, **options: Any) -> None:
        if options["teachers"] < 20:
            raise CommandError("Give at least 20 teachers.")
        try:
            generate_national(
                teachers=options["teachers"],
                schools=options["schools"],
                seed=options["seed"],
                say=lambda line: self.stdout.write(line),
            )
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
