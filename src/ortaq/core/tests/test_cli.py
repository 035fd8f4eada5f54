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
    # Another command, started later in another shell, finds the same settings.
    for name in DEMO_VARIABLES[:-1]:
        del os.environ[name]
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
    for name in DEMO_VARIABLES[:-1]:
        del os.environ[name]
    cli._beside_demo(immediate_tasks=False)
    assert "ORTAQ_TASKS" not in os.environ
    assert os.environ["ORTAQ_SECRET_KEY"] == (environment / "secret_key").read_text()


@pytest.mark.parametrize(
    ("command", "tasks"), [(["worker"], None), (["migrate"], "immediate"), (["serve"], None)]
)
def test_main_takes_the_demos_settings_for_every_command_but_serve(
    environment: Path, monkeypatch: pytest.MonkeyPatch, command: list[str], tasks: str | None
) -> None:
    cli._demo_environment(port=8000)
    for name in DEMO_VARIABLES[:-1]:
        del os.environ[name]
    for name in ("cmd_worker", "cmd_migrate", "cmd_serve"):
        monkeypatch.setattr(cli, name, lambda args: 0)
    assert main(command) == 0
    assert os.environ.get("ORTAQ_TASKS") == tasks
    beside = command != ["serve"]
    assert (os.environ.get("ORTAQ_SECRET_KEY") is not None) == beside


def test_a_configured_key_or_no_demo_leaves_the_environment_alone(environment: Path) -> None:
    cli._beside_demo()
    assert "ORTAQ_SECRET_KEY" not in os.environ and not environment.exists()
    cli._demo_environment(port=8000)
    for name in DEMO_VARIABLES[:-1]:
        del os.environ[name]
    os.environ["ORTAQ_SECRET_KEY"] = "the deployment's own key"
    cli._beside_demo()
    assert os.environ["ORTAQ_SECRET_KEY"] == "the deployment's own key"
    assert "ORTAQ_DEBUG" not in os.environ and "EMAIL_URL" not in os.environ


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
    done = run_cli(["manage", "shell", "-c", SHOW_SETTINGS], tmp_path)
    assert done.returncode == 0, done.stderr
    key, base_url, tasks, mail = done.stdout.strip().splitlines()[-1].split()
    assert key == (var / "secret_key").read_text()
    assert base_url == "http://127.0.0.1:8702"
    assert tasks.endswith("ImmediateBackend") and mail.endswith("console.EmailBackend")


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
