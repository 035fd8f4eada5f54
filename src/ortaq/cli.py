"""The ``ortaq`` command: run the demo or the production server, the worker, imports and checks.

ortaq demo [--port N]          migrate, load the demo data if absent, serve on 127.0.0.1
ortaq serve [--port N]         gunicorn with the production settings from the environment
ortaq worker [--burst]         run background tasks (database backend, or RQ: ORTAQ_TASKS=rq)
ortaq compress-static          collect the static files and write their gzip and Brotli copies
ortaq migrate                  apply database migrations
ortaq import-schools FILE      import schools from CSV (see the README for the columns)
ortaq import-teachers FILE     import teachers from CSV and e-mail them invitations
ortaq token EMAIL              print a new personal API token for that person
ortaq check [--deploy]         Django's system checks
ortaq manage …                 any Django management command

The demo's settings (DEBUG, e-mails printed in the terminal, the key in ``var/secret_key``) are
taken only by ``ortaq demo``, and by another command (not ``serve``) only when ``ORTAQ_DEMO=1``
asks for them, so that links signed by an import work in the running demo. Neither takes them
when ``DATABASE_URL`` names a database other than the demo's own: they refuse, in one line.
"""

import argparse
import hashlib
import os
import secrets
import signal
import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    # Django is set up inside the commands: the account model is imported there.
    from ortaq.accounts.models import User

SETTINGS = "ortaq.config.settings"
DEMO_SWITCH = "ORTAQ_DEMO"


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


def _var_dir() -> Path:
    return Path(os.environ.get("ORTAQ_VAR_DIR") or str(Path.cwd() / "var"))


def _demo_database(var: Path) -> str:
    return f"sqlite:///{var / 'ortaq.sqlite3'}"


def _demo_switched_on() -> bool:
    return os.environ.get(DEMO_SWITCH, "").strip().lower() in ("1", "true", "yes", "on")


def _demo_environment(*, port: int | None = None, immediate_tasks: bool = True) -> None:
    """Fill in what the demo needs and a production deployment must set for itself.

    ``ortaq demo`` calls it with its port, creating the secret key on first use and writing its
    address to ``var/base_url``; the other commands call it through ``_beside_demo`` and so run
    with the same key, e-mail backend and address as the demo they sit beside. Raises
    ``ImproperlyConfigured`` and changes nothing when ``DATABASE_URL`` names another database:
    the demo's settings (DEBUG, e-mails printed instead of sent, its key, its data with a
    password everyone knows) never meet a real one.
    """
    from django.core.exceptions import ImproperlyConfigured

    var = _var_dir()
    database = os.environ.get("DATABASE_URL", "")
    if database and database != _demo_database(var):
        raise ImproperlyConfigured(
            "DATABASE_URL names another database than the demo's; the demo's settings are for "
            f"{_demo_database(var)} only. Unset DATABASE_URL (and {DEMO_SWITCH}) for the demo, "
            "or set ORTAQ_SECRET_KEY and the rest for a deployment."
        )
    os.environ.setdefault("ORTAQ_VAR_DIR", str(var))
    var.mkdir(parents=True, exist_ok=True)
    os.environ.setdefault("ORTAQ_DEBUG", "true")
    os.environ.setdefault("EMAIL_URL", "consolemail://")
    if immediate_tasks:
        # No worker runs beside the demo: background work (invitations) happens at once.
        os.environ.setdefault("ORTAQ_TASKS", "immediate")
    base_url_file = var / "base_url"
    if port is not None:
        # Links in e-mails point at the port the demo really listens on.
        os.environ.setdefault("ORTAQ_BASE_URL", f"http://127.0.0.1:{port}")
        base_url_file.write_text(os.environ["ORTAQ_BASE_URL"])
    elif base_url_file.exists():
        os.environ.setdefault("ORTAQ_BASE_URL", base_url_file.read_text().strip())
    key_file = var / "secret_key"
    if "ORTAQ_SECRET_KEY" not in os.environ:
        if not key_file.exists():
            key_file.write_text(secrets.token_urlsafe(50))
            key_file.chmod(0o600)
        os.environ["ORTAQ_SECRET_KEY"] = key_file.read_text().strip()


def _beside_demo(*, immediate_tasks: bool = True) -> None:
    """Use the demo's settings when ``ORTAQ_DEMO=1`` asks for them.

    On a developer's machine after ``make run``, ``ORTAQ_DEMO=1 ortaq import-teachers …`` signs
    invitations the running demo accepts. Without the switch nothing is filled in, whatever
    ``var/`` holds: a deployment's ``worker`` or ``migrate`` started from a directory where the
    demo once ran used to take DEBUG and printed e-mails beside its production database.
    """
    if _demo_switched_on():
        _demo_environment(immediate_tasks=immediate_tasks)


def cmd_demo(args: argparse.Namespace) -> int:
    _demo_environment(port=args.port)
    _setup()
    from django.core.management import call_command

    from ortaq.demo import loader
    from ortaq.demo.server import DemoRunserver

    call_command("migrate", interactive=False, verbosity=1)
    logins = loader.load()
    print()
    print(f"Ortaq demo: http://127.0.0.1:{args.port}/kk/ (also /ru/ and /en/)")
    print(f"Sign in with any of these (password: {loader.DEMO_PASSWORD}):")
    for role, email in logins:
        print(f"  {role:<28} {email}")
    print("E-mails (sign-up, invitations, password resets) are printed in this terminal.")
    print()
    # Django's runserver, bounded to a few database connections (see ortaq.demo.server).
    call_command(DemoRunserver(), f"127.0.0.1:{args.port}", use_reloader=False, use_threading=True)
    return 0


def _static_fingerprint() -> str:
    """Hash the names, sizes and times of every static source file and the storage in use."""
    from django.conf import settings
    from django.contrib.staticfiles.finders import get_finders

    digest = hashlib.sha256(str(settings.STORAGES["staticfiles"]["BACKEND"]).encode())
    entries = []
    for finder in get_finders():
        for path, storage in finder.list([]):
            stat = os.stat(storage.path(path))
            entries.append(f"{path}\0{stat.st_size}\0{stat.st_mtime_ns}")
    for entry in sorted(entries):
        digest.update(entry.encode())
        digest.update(b"\n")
    return digest.hexdigest()


def _collect_static_if_needed() -> bool:
    """Run ``collectstatic`` only when the collected files are missing or out of date.

    It copies and hashes the files (seconds); compressing them is left to
    ``compress-static``, which ``serve`` runs in the background. The fingerprint of the
    sources is kept in ``STATIC_ROOT`` after a successful run. Returns whether it ran.
    """
    from django.conf import settings
    from django.contrib.staticfiles.storage import staticfiles_storage
    from django.core.management import call_command

    root = Path(settings.STATIC_ROOT)
    stamp = root / STATIC_STAMP
    fingerprint = _static_fingerprint()
    # The hashed names are looked up in the manifest: without it nothing could be served.
    manifest = getattr(staticfiles_storage, "manifest_name", None)
    collected = manifest is None or (root / manifest).exists()
    if collected and stamp.exists() and stamp.read_text().strip() == fingerprint:
        return False
    call_command("collectstatic", interactive=False, verbosity=0)
    stamp.write_text(fingerprint)
    return True


STATIC_STAMP = ".ortaq-static-fingerprint"
# Holds the fingerprint of the files that were compressed.
COMPRESSED_STAMP = ".ortaq-static-compressed"


def _static_compressed(root: Path) -> bool:
    """Whether the collected files have their .gz and .br beside them."""
    stamp, compressed = root / STATIC_STAMP, root / COMPRESSED_STAMP
    return (
        stamp.exists()
        and compressed.exists()
        and (stamp.read_text().strip() == compressed.read_text().strip())
    )


def compress_static(root: Path) -> int:
    """Write a gzip and a Brotli copy beside each collected file worth compressing (WhiteNoise
    sends them to the browsers that take them); returns how many files it compressed.

    Only the hashed names that pages link to are compressed, each copy written under a
    temporary name and then renamed, so that a server process starting meanwhile never sees
    half a file.
    """
    import json

    from whitenoise.compress import Compressor

    compressor = Compressor(quiet=True)
    manifest = root / "staticfiles.json"
    if manifest.exists():
        names = sorted(set(json.loads(manifest.read_text())["paths"].values()))
    else:
        names = [str(p.relative_to(root)) for p in root.rglob("*") if p.is_file()]
    count = 0
    for name in names:
        path = root / name
        if not compressor.should_compress(name) or not path.is_file():
            continue
        data = path.read_bytes()
        for suffix, squeeze in (
            (".br", compressor.compress_brotli),
            (".gz", compressor.compress_gzip),
        ):
            if suffix == ".br" and not compressor.use_brotli:
                continue
            packed = squeeze(data)
            if data and len(packed) <= 0.95 * len(data):
                partial = path.with_name(path.name + suffix + ".part")
                partial.write_bytes(packed)
                partial.replace(path.with_name(path.name + suffix))
        count += 1
    stamp = root / STATIC_STAMP
    if stamp.exists():
        (root / COMPRESSED_STAMP).write_text(stamp.read_text())
    return count


def cmd_compress_static(args: argparse.Namespace) -> int:
    _setup()
    from django.conf import settings

    root = Path(settings.STATIC_ROOT)
    if args.reload_pid:
        # Beside a server that is answering: let its requests have the processor first.
        os.nice(10)
    else:
        # At install: collect first (serve then finds everything ready).
        _collect_static_if_needed()
    if not _static_compressed(root):
        compress_static(root)
    if args.reload_pid and os.getppid() == args.reload_pid:
        # gunicorn replaces its workers gracefully; the new ones find the compressed copies.
        os.kill(args.reload_pid, signal.SIGHUP)
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    _setup()
    from django.conf import settings
    from gunicorn.app.wsgiapp import run

    _collect_static_if_needed()
    if not settings.DEBUG and not _static_compressed(Path(settings.STATIC_ROOT)):
        # Compressing every file took minutes on a small machine: answer at once with the
        # files as they are, and let gunicorn's workers take the compressed ones when ready.
        # A reload asked before gunicorn listens for it must not end the server.
        signal.signal(signal.SIGHUP, signal.SIG_IGN)
        subprocess.Popen(  # noqa: S603 - this interpreter, this program
            [
                sys.executable,
                "-m",
                "ortaq.cli",
                "compress-static",
                "--reload-pid",
                str(os.getpid()),
            ],
            stdin=subprocess.DEVNULL,
        )
    # Processes for the Python (2 x cores + 1), each with a few threads so that a connection
    # kept alive (gunicorn's sync worker closes every one) is never stuck behind one slow
    # answer of its process: gthread keeps idle connections in a poller, not in a thread.
    workers = os.environ.get("ORTAQ_WORKERS") or str(2 * (os.cpu_count() or 1) + 1)
    worker_class = os.environ.get("ORTAQ_WORKER_CLASS") or "gthread"
    threads = os.environ.get("ORTAQ_THREADS") or "4"
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
        # Longer than a reader's pause between two clicks, so that her next request rarely
        # meets a connection the server is closing (Locust saw that race at 5 s).
        os.environ.get("ORTAQ_KEEP_ALIVE") or "20",
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

    if settings.TASKS["default"]["BACKEND"] == "django_tasks_rq.RQBackend":
        from ortaq.core import rqworker as rq

        rq.start_periodic(settings.ORTAQ_PERIODIC_TASKS)
        return rq.work(burst=args.burst)

    from django_tasks_db.models import DBTaskResult

    # Periodic tasks queue their next run themselves; start each one that is not waiting.
    for path in settings.ORTAQ_PERIODIC_TASKS:
        if not DBTaskResult.objects.filter(task_path=path, status="READY").exists():
            import_string(path).enqueue()
    if args.burst:
        call_command("db_worker", queue_name="*", reload=False, batch=True, startup_delay=False)
    else:
        call_command("db_worker", queue_name="*", reload=False)
    return 0


def cmd_migrate(args: argparse.Namespace) -> int:
    _setup()
    from django.core.management import call_command

    call_command("migrate", interactive=False)
    return 0


def _actor(email: str | None) -> "User | None":
    return None if email is None else _account(email)


def _account(email: str) -> "User":
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
    try:
        # The import reads the file a few lines at a time: a large file is never held whole.
        source = Path(args.file).open("rb")  # noqa: SIM115 - closed by the with below
    except OSError as exc:
        print(
            translation.gettext("Cannot read %(file)s: %(reason)s")
            % {"file": args.file, "reason": exc.strerror or type(exc).__name__},
            file=sys.stderr,
        )
        return 1
    from ortaq.accounts.services import teachers_import
    from ortaq.core.jobs import analyze
    from ortaq.schools.services import schools_import

    if which == "schools":
        from ortaq.schools.jobs import GROWN as grown
    else:
        from ortaq.accounts.jobs import GROWN as grown
    run = schools_import if which == "schools" else teachers_import
    try:
        with source:
            result = run(actor=_actor(args.as_email), data=source)
    except ImportRejected as exc:
        print(exc.message, file=sys.stderr)
        for error in exc.errors:
            print(f"  {error}", file=sys.stderr)
        return 1
    except DomainError as exc:
        print(exc.message, file=sys.stderr)
        return 1
    # Run here rather than queued as a job (the operator waits for it anyway), then the same
    # end as a job's: the planner's statistics of the tables the import grew.
    analyze(grown)
    print(
        translation.gettext("%(created)s created, %(updated)s updated, %(unchanged)s unchanged.")
        % {"created": result.created, "updated": result.updated, "unchanged": result.unchanged}
    )
    return 0


def cmd_token(args: argparse.Namespace) -> int:
    _setup()
    from ortaq.accounts.services import api_token_create

    token, raw = api_token_create(actor=_account(args.email), name=args.name)
    print(raw)
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    _setup()
    from django.core.management import call_command
    from django.core.management.base import SystemCheckError

    try:
        call_command("check", deploy=args.deploy, fail_level="WARNING" if args.deploy else "ERROR")
    except SystemCheckError as exc:
        # The checks' own messages are the answer; a traceback under them only hid them.
        print(exc, file=sys.stderr)
        return 1
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

    compress = commands.add_parser(
        "compress-static", help="collect and compress the static files (serve does it itself)"
    )
    compress.add_argument("--reload-pid", type=int, default=0, help=argparse.SUPPRESS)
    compress.set_defaults(func=cmd_compress_static)

    worker = commands.add_parser(
        "worker", help="run background tasks (an RQ worker with ORTAQ_TASKS=rq)"
    )
    worker.add_argument(
        "--burst", action="store_true", help="stop when no task is left instead of waiting"
    )
    worker.set_defaults(func=cmd_worker)
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
    from django.core.exceptions import ImproperlyConfigured

    args = build_parser().parse_args(sys.argv[1:] if argv is None else argv)
    try:
        if args.command not in ("demo", "serve"):
            # Asked for, the demo's key and e-mail; the worker keeps tasks in the database.
            _beside_demo(immediate_tasks=args.command != "worker")
        result: int = args.func(args)
    except ImproperlyConfigured as exc:
        # A missing or wrong setting is one line for the operator, not a traceback.
        print(f"ortaq {args.command}: {exc}", file=sys.stderr)
        if (
            "ORTAQ_SECRET_KEY" in str(exc)
            and not _demo_switched_on()
            and (_var_dir() / "secret_key").exists()
        ):
            print(f"Beside the demo, {DEMO_SWITCH}=1 takes its settings.", file=sys.stderr)
        return 1
    return result


if __name__ == "__main__":
    raise SystemExit(main())
