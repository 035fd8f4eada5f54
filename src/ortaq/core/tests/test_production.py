"""Behaviour that exists only under production settings, checked in a fresh interpreter that
loads the settings from production-like environment variables (no debug, no test mode)."""

import json
import os
from pathlib import Path
from typing import Any

import pytest

from ortaq.testing.utils import run_python

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


CACHE_PROBE = """
import json, django
django.setup()
import redis
from django.conf import settings
from django.contrib.sessions.backends.cache import SessionStore
from django.core.cache import cache
from ortaq.accounts.models import user_cache_key
cache.set(user_cache_key(7), "a cached user")
session = SessionStore()
session["probe"] = 1
session.save()
raw = redis.Redis.from_url(settings.REDIS_URL)
keys = sorted(key.decode() for key in raw.keys("*"))
raw.delete(*keys)
print(json.dumps(keys))
"""


def test_every_cache_key_starts_with_the_configured_prefix(tmp_path: Path) -> None:
    import redis

    url = "redis://127.0.0.1:6379/13"
    try:
        redis.Redis.from_url(url).ping()
    except redis.ConnectionError:
        pytest.skip("no Redis at 127.0.0.1:6379")
    env = {
        "DJANGO_SETTINGS_MODULE": "ortaq.config.settings",
        "ORTAQ_SECRET_KEY": "a-long-production-like-secret-key-for-this-test-only-0123456789",
        "ORTAQ_VAR_DIR": str(tmp_path / "var"),
        "REDIS_URL": url,
        "ORTAQ_CACHE_KEY_PREFIX": "school-a",
    }
    done = run_python(["-c", CACHE_PROBE], cwd=tmp_path, env=env)
    assert done.returncode == 0, done.stderr
    keys = json.loads(done.stdout.strip().splitlines()[-1])
    # The user cached by the app's own key and the session: neither escapes the prefix.
    assert len(keys) == 2
    assert "school-a:1:ortaq:user:7" in keys
    assert all(key.startswith("school-a:1:") for key in keys), keys


ERROR_PROBE = """
import json, logging, django
django.setup()
from django.core import mail
from django.test import Client
from django.urls import path
import ortaq.config.urls

def broken(request):
    raise RuntimeError("the page broke")

ortaq.config.urls.urlpatterns.append(path("broken", broken))
logging.getLogger("ortaq.probe").warning("Сабақ жоспары", extra={"course_id": 7})
response = Client(raise_request_exception=False).get("/broken", secure=True)
print(json.dumps({
    "status": response.status_code,
    "mail": [[m.to, m.subject, "RuntimeError" in m.body and "the page broke" in m.body]
             for m in mail.outbox],
}))
"""


def test_a_server_error_is_mailed_to_the_admins_and_logged_as_json(tmp_path: Path) -> None:
    env = {
        "DJANGO_SETTINGS_MODULE": "ortaq.config.settings",
        "ORTAQ_SECRET_KEY": "a-long-production-like-secret-key-for-this-test-only-0123456789",
        "ORTAQ_ALLOWED_HOSTS": "testserver",
        "ORTAQ_VAR_DIR": str(tmp_path / "var"),
        "ORTAQ_ADMINS": "ops@ortaq.example.kz, Duty <duty@ortaq.example.kz>",
        "EMAIL_URL": "memorymail://",
    }
    done = run_python(["-c", ERROR_PROBE], cwd=tmp_path, env=env)
    assert done.returncode == 0, done.stderr
    *logged, last = done.stdout.strip().splitlines()
    probe = json.loads(last)
    assert probe["status"] == 500
    # One e-mail, to both admins, with the traceback.
    assert probe["mail"] == [
        [
            ["ops@ortaq.example.kz", "Duty <duty@ortaq.example.kz>"],
            "[Django] ERROR (EXTERNAL IP): Internal Server Error: /broken",
            True,
        ]
    ]
    # Every log line on stdout is one JSON object, and none goes to stderr.
    records = [json.loads(line) for line in logged]
    assert "the page broke" not in done.stderr
    warning = next(r for r in records if r["logger"] == "ortaq.probe")
    assert warning["level"] == "WARNING" and warning["message"] == "Сабақ жоспары"
    assert warning["course_id"] == 7 and warning["time"]
    error = next(r for r in records if r["logger"] == "django.request")
    assert error["level"] == "ERROR" and error["status_code"] == 500
    assert error["message"] == "Internal Server Error: /broken"
    assert "RuntimeError: the page broke" in error["exc_info"]


def test_the_test_settings_are_chosen_only_explicitly(tmp_path: Path) -> None:
    # pytest-env chose them for this run …
    assert os.environ["ORTAQ_TESTING"] == "true"
    # … while a process that merely imports pytest (a tool installed beside the site) gets the
    # production settings, which want a secret key.
    env = {"DJANGO_SETTINGS_MODULE": "ortaq.config.settings", "ORTAQ_VAR_DIR": str(tmp_path)}
    done = run_python(["-c", "import pytest, django; django.setup()"], cwd=tmp_path, env=env)
    assert done.returncode == 1
    assert "ORTAQ_SECRET_KEY must be set when ORTAQ_DEBUG is off." in done.stderr
