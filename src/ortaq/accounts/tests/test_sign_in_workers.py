"""Sign-in limits count every attempt, whichever of the server's processes answers it.

Run against a real gunicorn with three worker processes and the cache that a deployment
without Redis gets (the database's), on a database of its own.
"""

import http.client
import os
import re
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlencode

import pytest

from ortaq.testing.utils import free_port, run_python

pytestmark = pytest.mark.sqlite_pass

PASSWORD = "a-long-test-password-2026"
MAKE_TEACHER = f"""
import django
django.setup()
from ortaq.testing.factories import make_user
make_user(email="teacher@example.kz", password="{PASSWORD}")
"""


@pytest.fixture
def server(tmp_path: Path) -> Iterator[int]:
    """A migrated database with one teacher, served by gunicorn with three workers."""
    env = {
        "DJANGO_SETTINGS_MODULE": "ortaq.config.settings",
        "ORTAQ_SECRET_KEY": "a-long-production-like-secret-key-for-this-test-only-0123456789",
        # Debug only so that static files are served without collecting them first.
        "ORTAQ_DEBUG": "true",
        "ORTAQ_ALLOWED_HOSTS": "127.0.0.1",
        "ORTAQ_VAR_DIR": str(tmp_path / "var"),
        "EMAIL_URL": "dummymail://",
    }
    for step in (["-m", "ortaq.cli", "migrate"], ["-c", MAKE_TEACHER]):
        done = run_python(step, cwd=tmp_path, env=env)
        assert done.returncode == 0, done.stderr
    port = free_port()
    keep = ("PATH", "HOME", "LANG", "PYTHONPATH", "VIRTUAL_ENV")
    environ = {key: os.environ[key] for key in keep if key in os.environ} | env
    process = subprocess.Popen(  # noqa: S603 - this interpreter's gunicorn
        [sys.executable, "-m", "gunicorn", "ortaq.config.wsgi:application"]
        + ["--workers", "3", "--bind", f"127.0.0.1:{port}", "--log-level", "warning"],
        cwd=tmp_path,
        env=environ,
    )
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            try:
                if request(port, "GET", "/healthz")[0] == 200:
                    break
            except OSError:
                time.sleep(0.2)
        else:
            pytest.fail("gunicorn did not answer within two minutes")
        yield port
    finally:
        process.terminate()
        process.wait(timeout=30)


def request(
    port: int, method: str, path: str, body: str = "", cookies: str = ""
) -> tuple[int, dict[str, str], str]:
    """One request on a new connection (so that any worker may take it)."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    headers = {"Cookie": cookies, "Connection": "close"}
    if body:
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    connection.request(method, path, body=body, headers=headers)
    response = connection.getresponse()
    answer = (response.status, dict(response.getheaders()), response.read().decode())
    connection.close()
    return answer


def sign_in(port: int, password: str) -> tuple[int, str]:
    status, headers, page = request(port, "GET", "/en/accounts/login/")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    cookie = re.search(r"csrftoken=([^;]+)", headers.get("Set-Cookie", ""))
    assert status == 200 and token and cookie
    form = {
        "csrfmiddlewaretoken": token.group(1),
        "login": "teacher@example.kz",
        "password": password,
    }
    status, _headers, page = request(
        port, "POST", "/en/accounts/login/", urlencode(form), f"csrftoken={cookie.group(1)}"
    )
    return status, page


def test_five_wrong_passwords_count_across_three_workers(server: int) -> None:
    for _attempt in range(5):
        status, page = sign_in(server, "wrong")
        assert status == 200 and "Too many" not in page
    status, page = sign_in(server, PASSWORD)
    assert status == 200
    assert "Too many failed attempts from here" in page
