import os
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.test import override_settings

from ortaq import cli
from ortaq.cli import main
from ortaq.demo.server import DemoRunserver
from ortaq.testing.factories import make_user
from ortaq.testing.utils import run_python

DEMO_VARIABLES = (
    "ORTAQ_DEMO",
    "DATABASE_URL",
    "ORTAQ_SECRET_KEY",
    "ORTAQ_DEBUG",
    "EMAIL_URL",
    "ORTAQ_TASKS",
    "ORTAQ_BASE_URL",
    "ORTAQ_VAR_DIR",
)


@pytest.fixture(autouse=True)
def environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[Path]:
    """A clean environment with its own var/ for each test, put back afterwards."""
    saved = dict(os.environ)
    for name in DEMO_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    var = tmp_path / "var"
    monkeypatch.setenv("ORTAQ_VAR_DIR", str(var))
    yield var
    os.environ.clear()
    os.environ.update(saved)


def forget_demo_variables() -> None:
    """As in another shell, started later: only ``var/`` is left of the demo."""
    for name in DEMO_VARIABLES[:-1]:
        os.environ.pop(name, None)


@pytest.mark.django_db
def test_a_token_for_an_unknown_email_is_one_clear_line(capsys) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["token", "nobody@example.kz"])
    assert exit_.value.code != 0
    assert "No account has this e-mail." in str(exit_.value.code)


@pytest.mark.django_db
def test_a_token_is_printed_for_a_known_email(capsys) -> None:
    make_user(email="aigul@example.kz")
    assert main(["token", "Aigul@Example.kz"]) == 0
    assert len(capsys.readouterr().out.strip()) > 40


def test_beside_the_demo_commands_take_the_demos_key_mail_tasks_and_address(
    environment: Path,
) -> None:
    cli._demo_environment(port=8702)
    key = (environment / "secret_key").read_text()
    assert os.environ["ORTAQ_SECRET_KEY"] == key
    assert os.environ["ORTAQ_BASE_URL"] == "http://127.0.0.1:8702"
    # Another command, started later in another shell, asks for the same settings.
    forget_demo_variables()
    os.environ["ORTAQ_DEMO"] = "1"
    cli._beside_demo()
    assert os.environ["ORTAQ_SECRET_KEY"] == key
    assert os.environ["ORTAQ_BASE_URL"] == "http://127.0.0.1:8702"
    assert os.environ["EMAIL_URL"] == "consolemail://"
    assert os.environ["ORTAQ_TASKS"] == "immediate"
    # Running it again changes nothing, and the key file is never rewritten.
    cli._beside_demo()
    assert (environment / "secret_key").read_text() == key == os.environ["ORTAQ_SECRET_KEY"]


def test_the_worker_beside_the_demo_keeps_tasks_in_the_database(environment: Path) -> None:
    cli._demo_environment(port=8000)
    forget_demo_variables()
    os.environ["ORTAQ_DEMO"] = "1"
    cli._beside_demo(immediate_tasks=False)
    assert "ORTAQ_TASKS" not in os.environ
    assert os.environ["ORTAQ_SECRET_KEY"] == (environment / "secret_key").read_text()


@pytest.mark.parametrize(
    ("command", "tasks"), [(["worker"], None), (["migrate"], "immediate"), (["serve"], None)]
)
def test_asked_for_main_takes_the_demos_settings_for_every_command_but_serve(
    environment: Path, monkeypatch: pytest.MonkeyPatch, command: list[str], tasks: str | None
) -> None:
    cli._demo_environment(port=8000)
    forget_demo_variables()
    os.environ["ORTAQ_DEMO"] = "1"
    for name in ("cmd_worker", "cmd_migrate", "cmd_serve"):
        monkeypatch.setattr(cli, name, lambda args: 0)
    assert main(command) == 0
    assert os.environ.get("ORTAQ_TASKS") == tasks
    beside = command != ["serve"]
    assert (os.environ.get("ORTAQ_SECRET_KEY") is not None) == beside


def test_without_the_switch_nothing_is_filled_in_or_made(environment: Path) -> None:
    cli._beside_demo()
    assert "ORTAQ_SECRET_KEY" not in os.environ and "ORTAQ_DEBUG" not in os.environ
    assert not environment.exists()


def test_the_switch_keeps_a_configured_key(environment: Path) -> None:
    cli._demo_environment(port=8000)
    forget_demo_variables()
    os.environ["ORTAQ_DEMO"] = "1"
    os.environ["ORTAQ_SECRET_KEY"] = "the deployment's own key"
    cli._beside_demo()
    assert os.environ["ORTAQ_SECRET_KEY"] == "the deployment's own key"


PRODUCTION_DATABASE = "postgres://ortaq@db.ortaq.invalid:5432/ortaq"


@pytest.mark.parametrize("command", ["worker", "migrate", "manage"])
def test_beside_the_demo_without_the_switch_a_command_takes_none_of_its_settings(
    environment: Path, monkeypatch: pytest.MonkeyPatch, command: str
) -> None:
    # The demo ran here once (var/secret_key), and a deployment's command starts from here.
    cli._demo_environment(port=8000)
    forget_demo_variables()
    os.environ["DATABASE_URL"] = PRODUCTION_DATABASE
    seen: dict[str, str | None] = {}

    def record(args: Any) -> int:
        seen.update({name: os.environ.get(name) for name in DEMO_VARIABLES})
        return 0

    monkeypatch.setattr(cli, f"cmd_{command}", record)
    assert main([command]) == 0
    assert seen["ORTAQ_DEBUG"] is None and seen["EMAIL_URL"] is None
    assert seen["ORTAQ_SECRET_KEY"] is None and seen["ORTAQ_TASKS"] is None


@pytest.mark.parametrize("command", [["worker"], ["migrate"], ["demo"]])
def test_the_demos_settings_are_refused_with_another_database(
    environment: Path, monkeypatch: pytest.MonkeyPatch, capsys, command: list[str]
) -> None:
    monkeypatch.setenv("ORTAQ_DEMO", "1")
    monkeypatch.setenv("DATABASE_URL", PRODUCTION_DATABASE)
    ran: list[str] = []

    def run(args: Any) -> int:
        ran.append(args.command)
        return 0

    for name in ("cmd_worker", "cmd_migrate"):
        monkeypatch.setattr(cli, name, run)
    monkeypatch.setattr(cli, "_setup", lambda: ran.append("setup"))
    assert main(command) == 1
    assert ran == []
    error = capsys.readouterr().err.strip().splitlines()
    assert len(error) == 1 and error[0].startswith(
        f"ortaq {command[0]}: DATABASE_URL names another database than the demo's"
    )
    for name in ("ORTAQ_DEBUG", "EMAIL_URL", "ORTAQ_SECRET_KEY", "ORTAQ_TASKS"):
        assert name not in os.environ
    assert not (environment / "secret_key").exists()


def test_the_demos_own_database_named_in_full_is_not_another(environment: Path) -> None:
    os.environ["DATABASE_URL"] = f"sqlite:///{environment / 'ortaq.sqlite3'}"
    os.environ["ORTAQ_DEMO"] = "1"
    cli._beside_demo()
    assert os.environ["ORTAQ_DEBUG"] == "true"


def test_demo_port_goes_into_the_links_of_e_mails(
    environment: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[tuple[Any, ...]] = []
    monkeypatch.setattr(cli, "_setup", lambda: None)
    monkeypatch.setattr("django.core.management.call_command", lambda *a, **k: calls.append(a))
    monkeypatch.setattr("ortaq.demo.loader.load", lambda: [])
    assert main(["demo", "--port", "8702"]) == 0
    assert os.environ["ORTAQ_BASE_URL"] == "http://127.0.0.1:8702"
    assert (environment / "base_url").read_text() == "http://127.0.0.1:8702"
    command, address = calls[-1]
    assert isinstance(command, DemoRunserver) and address == "127.0.0.1:8702"


def run_cli(args: list[str], cwd: Path, **env: str) -> subprocess.CompletedProcess[str]:
    code = "import sys; from ortaq.cli import main; sys.exit(main())"
    return run_python(["-c", code, *args], cwd=cwd, env=env)


SHOW_SETTINGS = (
    "from django.conf import settings as s;"
    "print(s.SECRET_KEY, s.ORTAQ_BASE_URL, s.TASKS['default']['BACKEND'],"
    " s.MAILERS['default']['BACKEND'])"
)


def test_a_command_run_beside_the_demo_signs_with_the_demos_key(tmp_path: Path) -> None:
    var = tmp_path / "var"
    var.mkdir()
    (var / "secret_key").write_text("the-demo-key-" + "x" * 40)
    (var / "base_url").write_text("http://127.0.0.1:8702")
    done = run_cli(["manage", "shell", "-c", SHOW_SETTINGS], tmp_path, ORTAQ_DEMO="1")
    assert done.returncode == 0, done.stderr
    key, base_url, tasks, mail = done.stdout.strip().splitlines()[-1].split()
    assert key == (var / "secret_key").read_text()
    assert base_url == "http://127.0.0.1:8702"
    assert tasks.endswith("ImmediateBackend") and mail.endswith("console_mail.EmailBackend")


SHOW_SAFETY = (
    "from django.conf import settings as s;"
    "print(s.DEBUG, s.MAILERS['default']['BACKEND'], s.DATABASES['default']['HOST'])"
)


def test_a_deployments_command_beside_a_demo_stays_a_deployments(tmp_path: Path) -> None:
    var = tmp_path / "var"
    var.mkdir()
    (var / "secret_key").write_text("the-demo-key-" + "x" * 40)
    production = {"DATABASE_URL": PRODUCTION_DATABASE}
    # Without its own key it stops, and says how the demo's would be asked for.
    done = run_cli(["manage", "shell", "-c", SHOW_SAFETY], tmp_path, **production)
    assert done.returncode == 1
    assert done.stderr.strip().splitlines() == [
        "ortaq manage: ORTAQ_SECRET_KEY must be set when ORTAQ_DEBUG is off.",
        "Beside the demo, ORTAQ_DEMO=1 takes its settings.",
    ]
    # With it, no DEBUG and real e-mail, for the database it names.
    key = {"ORTAQ_SECRET_KEY": "a-long-production-like-secret-key-for-this-test-only-0123456789"}
    done = run_cli(["manage", "shell", "-c", SHOW_SAFETY], tmp_path, **production, **key)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().splitlines()[-1].split() == [
        "False",
        "django.core.mail.backends.smtp.EmailBackend",
        "db.ortaq.invalid",
    ]
    # Asking for the demo's settings there is refused.
    done = run_cli(["manage", "shell", "-c", SHOW_SAFETY], tmp_path, ORTAQ_DEMO="1", **production)
    assert done.returncode == 1 and "names another database" in done.stderr


def test_without_a_key_or_a_demo_a_command_says_so_in_one_line(tmp_path: Path) -> None:
    done = run_cli(["check"], tmp_path)
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    assert done.stderr.strip().splitlines() == [
        "ortaq check: ORTAQ_SECRET_KEY must be set when ORTAQ_DEBUG is off."
    ]


@pytest.mark.django_db
def test_a_missing_import_file_is_one_clear_line(capsys, tmp_path: Path) -> None:
    assert main(["import-schools", str(tmp_path / "nowhere.csv")]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"Cannot read {tmp_path / 'nowhere.csv'}: No such file")


def test_serve_collects_static_files_only_when_they_changed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    sources = tmp_path / "sources"
    sources.mkdir()
    style = sources / "extra.css"
    style.write_text("body { color: black; }")
    runs: list[str] = []
    monkeypatch.setattr("django.core.management.call_command", lambda name, **_: runs.append(name))
    with override_settings(STATIC_ROOT=tmp_path / "static", STATICFILES_DIRS=[sources]):
        (tmp_path / "static").mkdir()
        assert cli._collect_static_if_needed() is True
        assert cli._collect_static_if_needed() is False
        assert cli._collect_static_if_needed() is False
        style.write_text("body { color: navy; }")
        assert cli._collect_static_if_needed() is True
        (sources / "new.js").write_text("")
        assert cli._collect_static_if_needed() is True
        assert cli._collect_static_if_needed() is False
    assert runs == ["collectstatic"] * 3


def test_serve_collects_again_when_the_manifest_is_missing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, settings: Any
) -> None:
    runs: list[str] = []
    monkeypatch.setattr("django.core.management.call_command", lambda name, **_: runs.append(name))
    storages = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"},
    }
    static_root = tmp_path / "static"
    static_root.mkdir()
    with override_settings(STATIC_ROOT=static_root, STORAGES=storages):
        assert cli._collect_static_if_needed() is True
        # The stamp is there but no staticfiles.json: the collected files are not usable.
        assert cli._collect_static_if_needed() is True
        (static_root / "staticfiles.json").write_text("{}")
        assert cli._collect_static_if_needed() is False
    assert runs == ["collectstatic"] * 2


@pytest.mark.django_db
def test_a_failing_deploy_check_prints_its_messages_and_exits_1(capsys) -> None:
    # The test settings are a developer's: no HSTS, no secure cookies, so --deploy fails.
    assert main(["check", "--deploy"]) == 1
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err
    assert "System check identified some issues" in captured.err
    assert "(security.W004)" in captured.err
