"""What the tests of the engines for more than one machine share: Redis for RQ, a replica."""

import os
from collections.abc import Iterator
from typing import Any

import pytest

IN_CI = os.environ.get("CI", "").lower() == "true"
# A database of its own, never the developer's REDIS_URL: the fixture empties it.
RQ_TEST_URL = os.environ.get("ORTAQ_TEST_RQ_URL", "redis://127.0.0.1:6379/9")


def unavailable(reason: str) -> None:
    """Skip, saying why; in CI, which starts every engine, fail instead."""
    if IN_CI:
        pytest.fail(f"{reason} (CI must start it: see .ci/run)")
    pytest.skip(reason)


def _reset_task_backends() -> None:
    # Django keeps each task backend once made, whatever the settings say after.
    from django.tasks import task_backends
    from django.utils.connection import Local

    task_backends.__dict__.pop("settings", None)
    task_backends._connections = Local(task_backends.thread_critical)


@pytest.fixture
def rq_tasks(settings: Any) -> Iterator[Any]:
    """Tasks through RQ in Redis database 9 (emptied before and after); yields the connection."""
    import redis

    connection = redis.Redis.from_url(RQ_TEST_URL)
    try:
        connection.ping()
    except redis.ConnectionError:
        unavailable(f"no Redis at {RQ_TEST_URL}: RQ tests skipped")
    connection.flushdb()
    settings.RQ_QUEUES = {name: {"URL": RQ_TEST_URL} for name in ("default", "email")}
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default", "email"]}
    }
    _reset_task_backends()
    yield connection
    settings.TASKS = {
        "default": {
            "BACKEND": "django.tasks.backends.immediate.ImmediateBackend",
            "QUEUES": ["default", "email"],
        }
    }
    _reset_task_backends()
    connection.flushdb()
