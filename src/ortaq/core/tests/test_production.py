"""Behaviour that exists only under production settings, checked in a fresh interpreter that
loads the settings from production-like environment variables (no debug, no test mode)."""

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

PROBE = """
import json, django
django.setup()
from django.conf import settings
from django.test import Client
client = Client()
health = client.get("/healthz")
page = client.get("/kk/")
api = client.delete("/api/v1/regions", secure=True, HTTP_ACCEPT_LANGUAGE="en")
print(json.dumps({
    "debug": settings.DEBUG,
    "ssl_redirect": settings.SECURE_SSL_REDIRECT,
    "health": [health.status_code, health.headers.get("Content-Type"), health.content.decode()],
    "page": [page.status_code, page.headers.get("Location")],
    "api": [api.status_code, api.headers.get("Content-Type"), api.content.decode()],
}))
"""


def production_probe(tmp_path: Path) -> dict[str, Any]:
    keep = ("PATH", "HOME", "LANG", "LC_ALL", "PYTHONPATH", "VIRTUAL_ENV")
    env = {key: os.environ[key] for key in keep if key in os.environ}
    env.update(
        DJANGO_SETTINGS_MODULE="ortaq.config.settings",
        ORTAQ_SECRET_KEY="a-long-production-like-secret-key-for-this-test-only-0123456789",
        ORTAQ_ALLOWED_HOSTS="testserver",
        ORTAQ_VAR_DIR=str(tmp_path / "var"),
    )
    done = subprocess.run(  # noqa: S603 - the test's own interpreter and probe
        [sys.executable, "-c", PROBE],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def test_production_redirects_to_https_but_answers_the_health_check_over_http(
    tmp_path: Path,
) -> None:
    probe = production_probe(tmp_path)
    assert probe["debug"] is False and probe["ssl_redirect"] is True
    # Pages go to HTTPS …
    assert probe["page"] == [301, "https://testserver/kk/"]
    # … but a load balancer's plain-HTTP probe of /healthz gets the answer itself.
    status, content_type, body = probe["health"]
    assert status == 200 and content_type == "application/json"
    assert json.loads(body)["database"] == "ok"
    # The API's refusals are JSON in production too.
    api_status, api_type, api_body = probe["api"]
    assert api_status == 405 and api_type == "application/json"
    assert json.loads(api_body) == {"detail": "This method is not allowed here. Allowed: GET."}
