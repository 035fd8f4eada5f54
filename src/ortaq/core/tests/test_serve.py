"""``ortaq serve`` on a fresh install answers within 30 seconds: the static files are collected
(copied and hashed) first, and compressed in the background, after which gunicorn's workers are
replaced and send the compressed copies."""

import http.client
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from ortaq.testing.utils import free_port

pytestmark = pytest.mark.sqlite_pass


def get(port: int, path: str, headers: dict[str, str]) -> tuple[int, dict[str, str], bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    connection.request("GET", path, headers=headers)
    response = connection.getresponse()
    answer = (response.status, dict(response.getheaders()), response.read())
    connection.close()
    return answer


def test_a_fresh_serve_answers_within_30_seconds_then_sends_compressed_files(
    tmp_path: Path,
) -> None:
    var = tmp_path / "var"
    port = free_port()
    keep = ("PATH", "HOME", "LANG", "PYTHONPATH", "VIRTUAL_ENV")
    env = {key: os.environ[key] for key in keep if key in os.environ} | {
        "DJANGO_SETTINGS_MODULE": "ortaq.config.settings",
        "ORTAQ_SECRET_KEY": "a-long-production-like-secret-key-for-this-test-only-0123456789",
        "ORTAQ_ALLOWED_HOSTS": "127.0.0.1",
        "ORTAQ_SSL_REDIRECT": "false",
        "ORTAQ_VAR_DIR": str(var),
        "ORTAQ_WORKERS": "2",
        "ORTAQ_LOG_LEVEL": "WARNING",
        "EMAIL_URL": "dummymail://",
    }
    started = time.monotonic()
    server = subprocess.Popen(  # noqa: S603 - this interpreter's ortaq
        [sys.executable, "-m", "ortaq.cli", "serve", "--port", str(port)],
        cwd=tmp_path,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        status = 0
        while time.monotonic() - started < 30 and status != 200:
            try:
                status = get(port, "/healthz", {})[0]
            except OSError:
                time.sleep(0.2)
        assert status == 200, "ortaq serve did not answer within 30 s of a fresh install"

        manifest = json.loads((var / "static" / "staticfiles.json").read_text())
        css = "/static/" + manifest["paths"]["ortaq/ortaq.css"]
        # Meanwhile the file goes out as it is.
        status, headers, body = get(port, css, {"Accept-Encoding": "gzip, br"})
        assert status == 200
        plain = body

        # Compressed in the background, then gunicorn's new workers send the Brotli copy.
        deadline = time.monotonic() + 600
        encoding = headers.get("Content-Encoding")
        while encoding != "br" and time.monotonic() < deadline:
            time.sleep(0.5)
            status, headers, body = get(port, css, {"Accept-Encoding": "gzip, br"})
            encoding = headers.get("Content-Encoding")
        assert (status, encoding) == (200, "br")
        assert len(body) < len(plain)
        assert get(port, css, {})[2] == plain
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
