"""What the tests of the engines for more than one machine share: Redis for RQ, a replica."""

import os
from collections.abc import Iterator
from typing import Any

import pytest

IN_CI = os.environ.get("CI", "").lower() == "true"


def through_pgbouncer() -> bool:
    """Whether the tests reach PostgreSQL through PgBouncer in transaction mode (the settings
    then turn server-side cursors and prepared statements off)."""
    from django.conf import settings

    return bool(settings.DATABASES["default"].get("DISABLE_SERVER_SIDE_CURSORS"))


# The Redis databases the RQ tests empty, never the developer's REDIS_URL: 9 in a serial run,
# one per pytest-xdist worker (gw0, gw1, …) in a parallel one, clear of the benchmarks' 3 and 4
# and of 13 and 15, which single tests use.
RQ_TEST_DATABASES = (9, 10, 11, 12, 14)


def _rq_test_url() -> str:
    """ORTAQ_TEST_RQ_URL (Redis database 9 by default) for a serial run and the first worker;
    each other worker the next of ``RQ_TEST_DATABASES`` on the same server."""
    from urllib.parse import urlsplit

    given = os.environ.get("ORTAQ_TEST_RQ_URL", "redis://127.0.0.1:6379/9")
    worker = int(os.environ.get("PYTEST_XDIST_WORKER", "gw0").removeprefix("gw"))
    if worker == 0:
        return given
    if worker >= len(RQ_TEST_DATABASES):
        raise RuntimeError(
            f"pytest-xdist worker gw{worker}: the RQ tests have Redis databases for "
            f"{len(RQ_TEST_DATABASES)} workers (RQ_TEST_DATABASES); run fewer (-n)"
        )
    return urlsplit(given)._replace(path=f"/{RQ_TEST_DATABASES[worker]}").geturl()


RQ_TEST_URL = _rq_test_url()


def unavailable(reason: str) -> None:
    """Skip, saying why; in CI, which starts every engine, fail instead."""
    if IN_CI:
        pytest.fail(f"{reason} (CI must start it: see .ci/run)")
    pytest.skip(reason)


def _reset_task_backends() -> None:
    # Django keeps each task backend once made, whatever the settings say after.
    from asgiref.local import Local
    from django.tasks import task_backends

    task_backends.__dict__.pop("settings", None)
    task_backends._connections = Local(task_backends.thread_critical)  # type: ignore[attr-defined]


@pytest.fixture
def rq_tasks(settings: Any) -> Iterator[Any]:
    """Tasks through RQ in this worker's Redis database (``RQ_TEST_URL``, emptied before and
    after); yields the connection."""
    import redis

    connection = redis.Redis.from_url(RQ_TEST_URL)
    try:
        connection.ping()
    except redis.ConnectionError:
        unavailable(f"no Redis at {RQ_TEST_URL}: RQ tests skipped")
    connection.flushdb()
    settings.RQ_QUEUES = {name: {"URL": RQ_TEST_URL} for name in ("email", "default")}
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["email", "default"]}
    }
    _reset_task_backends()
    yield connection
    settings.TASKS = {
        "default": {
            "BACKEND": "django.tasks.backends.immediate.ImmediateBackend",
            "QUEUES": ["email", "default"],
        }
    }
    _reset_task_backends()
    connection.flushdb()


def _free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _wait_for_port(port: int, process: Any, seconds: float = 30) -> None:
    """Return once something listens on ``port`` (polled, for ``seconds`` at most)."""
    import socket
    import time

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"moto_server stopped: {process.returncode}")
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.05)
    raise RuntimeError(f"nothing listens on port {port} after {seconds} s")


@pytest.fixture(scope="session")
def moto_endpoint() -> Iterator[str]:
    """An S3-compatible server: ORTAQ_TEST_S3_ENDPOINT when given, or moto's server in a process
    of its own on a free port, stopped at the end of the session."""
    import shutil
    import subprocess
    import sys
    from pathlib import Path

    given = os.environ.get("ORTAQ_TEST_S3_ENDPOINT")
    if given:
        yield given
        return
    command = shutil.which("moto_server", path=str(Path(sys.executable).parent))
    if command is None:
        unavailable("moto's server is not installed (pip install 'moto[server]'): S3 skipped")
    assert command is not None
    port = _free_port()
    process = subprocess.Popen(  # noqa: S603 - our own moto_server, fixed arguments
        [command, "-H", "127.0.0.1", "-p", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        _wait_for_port(port, process)
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        process.wait(10)


@pytest.fixture
def moto_s3(settings: Any, moto_endpoint: str, monkeypatch: Any) -> Any:
    """Uploads of this test in a bucket of its own on the S3-compatible server; returns a boto3
    client and the bucket's name as ``(client, bucket)``."""
    import uuid

    import boto3

    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    bucket = f"ortaq-test-{uuid.uuid4().hex[:12]}"
    client = boto3.client("s3", endpoint_url=moto_endpoint, region_name="us-east-1")
    client.create_bucket(Bucket=bucket)
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "ortaq.core.storage.S3Storage",
            "OPTIONS": {
                "bucket_name": bucket,
                "endpoint_url": moto_endpoint,
                "region_name": "us-east-1",
                "default_acl": None,
                "querystring_auth": True,
                "querystring_expire": 300,
                "signature_version": "s3v4",
                "file_overwrite": False,
            },
        },
    }
    return client, bucket


@pytest.fixture
def replica(settings: Any) -> Any:
    """Report reads on the streaming replica (DATABASE_REPLICA_URL); returns ``caught_up()``,
    which returns once the replica has replayed everything committed on the primary."""
    import time

    from django.db import connections

    if "replica" not in settings.DATABASES:
        unavailable("no replica: set DATABASE_REPLICA_URL (scripts/start-replica starts one)")
    settings.ORTAQ_REPLICA_READS = True

    def caught_up(seconds: float = 30) -> None:
        with connections["default"].cursor() as cursor:
            cursor.execute("SELECT pg_current_wal_lsn()")
            (target,) = cursor.fetchone()
        deadline = time.monotonic() + seconds
        with connections["replica"].cursor() as cursor:
            while True:
                cursor.execute("SELECT pg_last_wal_replay_lsn() >= %s::pg_lsn", [target])
                if cursor.fetchone()[0]:
                    return
                if time.monotonic() > deadline:
                    raise AssertionError(f"the replica did not reach {target} in {seconds} s")
                time.sleep(0.01)

    return caught_up
