"""The ``ortaq`` command: run the demo or the production server, the worker, imports and checks.

ortaq demo [--port N]          migrate, load the demo data if absent, serve on 127.0.0.1
ortaq serve [--port N]         gunicorn with the production settings from the environment
ortaq worker                   run background tasks (database backend)
ortaq migrate                  apply database migrations
ortaq import-schools FILE      import schools from CSV (see the README for the columns)
ortaq import-teachers FILE     import teachers from CSV and e-mail them invitations
ortaq token EMAIL              print a new personal API token for that person
ortaq check [--deploy]         Django's system checks
ortaq manage …                 any Django management command
"""

import argparse
import os
import secrets
import sys
from pathlib import Path
from typing import Any

SETTINGS = "ortaq.config.settings"


def _setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", SETTINGS)
    import django

    django.setup()


def _cli_language() -> str:
    """Speak the operator's language when the shell says it is Kazakh or Russian."""
    explicit = os.environ.get("ORTAQ_CLI_LANGUAGE")
    if explicit:
        return explicit
    locale = os.environ.get("LC_ALL") or os.environ.get("LANG") or ""
    return locale[:2] if locale[:2] in ("kk", "ru") else "en"


def _demo_environment() -> None:
    """Fill in what the demo needs and a production deployment must set for itself."""
    var = Path(os.environ.setdefault("ORTAQ_VAR_DIR", str(Path.cwd() / "var")))
    var.mkdir(parents=True, exist_ok=True)
    os.environ.setdefault("ORTAQ_DEBUG", "true")
    os.environ.setdefault("EMAIL_URL", "consolemail://")
    # No worker runs beside the demo: background work (invitations) happens at once.
    os.environ.setdefault("ORTAQ_TASKS", "immediate")
    key_file = var / "secret_key"
    if "ORTAQ_SECRET_KEY" not in os.environ:
        if not key_file.exists():
            key_file.write_text(secrets.token_urlsafe(50))
            key_file.chmod(0o600)
        os.environ["ORTAQ_SECRET_KEY"] = key_file.read_text().strip()


def cmd_demo(args: argparse.Namespace) -> int:
    _demo_environment()
    _setup()
    from django.core.management import call_command

    from ortaq.demo import loader

    call_command("migrate", interactive=False, verbosity=1)
    logins = loader.load()
    print()
    print(f"Ortaq demo: http://127.0.0.1:{args.port}/kk/ (also /ru/ and /en/)")
    print(f"Sign in with any of these (password: {loader.DEMO_PASSWORD}):")
    for role, email in logins:
        print(f"  {role:<28} {email}")
    print("E-mails (sign-up, invitations, password resets) are printed in this terminal.")
    print()
    call_command("runserver", f"127.0.0.1:{args.port}", use_reloader=False, use_threading=True)
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    _setup()
    from django.conf import settings
    from django.core.management import call_command
    from gunicorn.app.wsgiapp import run

    call_command("collectstatic", interactive=False, verbosity=0)
    # Processes, not threads: a page is mostly Python, which threads would queue behind one
    # lock (measured on 2 cores: threads served no more and doubled the slowest answers).
    workers = os.environ.get("ORTAQ_WORKERS") or str(2 * (os.cpu_count() or 1) + 1)
    worker_class = os.environ.get("ORTAQ_WORKER_CLASS") or "sync"
    threads = os.environ.get("ORTAQ_THREADS") or "1"
    bind = os.environ.get("ORTAQ_BIND") or f"{args.host}:{args.port}"
    sys.argv = [
        "gunicorn",
        "ortaq.config.wsgi:application",
        "--bind",
        bind,
        "--workers",
        workers,
        "--worker-class",
        worker_class,
        "--threads",
        threads,
        "--keep-alive",
        "5",
        "--timeout",
        "120",
        "--access-logfile",
        "-" if settings.DEBUG else os.environ.get("ORTAQ_ACCESS_LOG", "-"),
    ]
    run()
    return 0


def cmd_worker(args: argparse.Namespace) -> int:
    _setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.utils.module_loading import import_string
    from django_tasks_db.models import DBTaskResult

    # Periodic tasks queue their next run themselves; start each one that is not waiting.
    for path in settings.ORTAQ_PERIODIC_TASKS:
        if not DBTaskResult.objects.filter(task_path=path, status="READY").exists():
            import_string(path).enqueue()
    call_command("db_worker", queue_name="*", reload=False)
    return 0


def cmd_migrate(args: argparse.Namespace) -> int:
    _setup()
    from django.core.management import call_command

    call_command("migrate", interactive=False)
    return 0


def _actor(email: str | None) -> Any:
    if email is None:
        return None
    from django.utils import translation

    from ortaq.accounts.queries import active_user_by_email

    user = active_user_by_email(email)
    if user is None:
        # A clear line on stderr and exit code 1, not a traceback.
        translation.activate(_cli_language())
        raise SystemExit(translation.gettext("No account has this e-mail."))
    return user


def _run_import(args: argparse.Namespace, which: str) -> int:
    _setup()
    from django.utils import translation

    from ortaq.core.csvimport import ImportRejected
    from ortaq.core.errors import DomainError

    translation.activate(_cli_language())
    data = Path(args.file).read_bytes()
    if which == "schools":
        from ortaq.schools.services import schools_import as run
    else:
        from ortaq.accounts.services import teachers_import as run
    try:
        result = run(actor=_actor(args.as_email), data=data)
    except ImportRejected as exc:
        print(exc.message, file=sys.stderr)
        for error in exc.errors:
            print(f"  {error}", file=sys.stderr)
        return 1
    except DomainError as exc:
        print(exc.message, file=sys.stderr)
        return 1
    print(
        translation.gettext("%(created)s created, %(updated)s updated, %(unchanged)s unchanged.")
        % {"created": result.created, "updated": result.updated, "unchanged": result.unchanged}
    )
    return 0


def cmd_token(args: argparse.Namespace) -> int:
    _setup()
    from ortaq.accounts.services import api_token_create

    token, raw = api_token_create(actor=_actor(args.email), name=args.name)
    print(raw)
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    _setup()
    from django.core.management import call_command

    call_command("check", deploy=args.deploy, fail_level="WARNING" if args.deploy else "ERROR")
    return 0


def cmd_manage(args: argparse.Namespace) -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", SETTINGS)
    from django.core.management import execute_from_command_line

    execute_from_command_line(["ortaq manage", *args.rest])
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="ortaq", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    commands = parser.add_subparsers(dest="command", required=True)

    demo = commands.add_parser("demo", help="serve the demo on 127.0.0.1")
    demo.add_argument("--port", type=int, default=8000)
    demo.set_defaults(func=cmd_demo)

    serve = commands.add_parser("serve", help="serve with gunicorn (production settings)")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument("--host", default="127.0.0.1")
    serve.set_defaults(func=cmd_serve)

    commands.add_parser("worker", help="run background tasks").set_defaults(func=cmd_worker)
    commands.add_parser("migrate", help="apply migrations").set_defaults(func=cmd_migrate)

    for name, which in (("import-schools", "schools"), ("import-teachers", "teachers")):
        sub = commands.add_parser(name, help=f"import {which} from a CSV file")
        sub.add_argument("file")
        sub.add_argument(
            "--as",
            dest="as_email",
            help="import with this person's rights (default: the operator, who may do anything)",
        )
        sub.set_defaults(func=lambda args, which=which: _run_import(args, which))

    token = commands.add_parser("token", help="print a new personal API token")
    token.add_argument("email")
    token.add_argument("--name", default="command line")
    token.set_defaults(func=cmd_token)

    check = commands.add_parser("check", help="run Django's system checks")
    check.add_argument("--deploy", action="store_true")
    check.set_defaults(func=cmd_check)

    manage = commands.add_parser("manage", help="run a Django management command")
    manage.add_argument("rest", nargs=argparse.REMAINDER)
    manage.set_defaults(func=cmd_manage)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(sys.argv[1:] if argv is None else argv)
    result: int = args.func(args)
    return result


if __name__ == "__main__":
    raise SystemExit(main())
