"""Behaviour that exists only under production settings, checked in a fresh interpreter that
loads the settings from production-like environment variables (no debug, no test mode)."""

import json
from pathlib import Path
from typing import Any

from ortaq.core.tests.utils import run_python

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
    env = {
        "DJANGO_SETTINGS_MODULE": "ortaq.config.settings",
        "ORTAQ_SECRET_KEY": "a-long-production-like-secret-key-for-this-test-only-0123456789",
        "ORTAQ_ALLOWED_HOSTS": "testserver",
        "ORTAQ_VAR_DIR": str(tmp_path / "var"),
    }
    keep = ("PATH", "HOME", "LANG", "LC_ALL", "PYTHONPATH", "VIRTUAL_ENV")
    done = run_python(["-c", PROBE], cwd=tmp_path, env=env, keep=keep)
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
