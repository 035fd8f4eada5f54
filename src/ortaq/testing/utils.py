"""Identity numbers, threads released together and fresh interpreters, for tests."""

import itertools
import os
import subprocess
import sys
import threading
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from django.db import connection

from ortaq.core.kz import check_digit

_serial = itertools.count(1)


def valid_id_number(prefix: str = "0604400") -> str:
    """Return a fresh, valid 12-digit IIN or BIN that starts with ``prefix`` (seven digits)."""
    while True:
        first = f"{prefix}{next(_serial):04d}"[:11]
        digit = check_digit(first)
        if digit is not None:
            return first + str(digit)


def at_once(work: Callable[[], Any], times: int = 2) -> list[Any]:
    """Run ``work`` in ``times`` threads released together; return results or exceptions."""
    barrier = threading.Barrier(times)
    results: list[Any] = [None] * times

    def run(index: int) -> None:
        barrier.wait()
        try:
            results[index] = work()
        except Exception as exc:  # noqa: BLE001 - the test inspects what each thread met
            results[index] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(times)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def run_python(
    args: list[str],
    *,
    cwd: Path,
    env: dict[str, str],
    keep: Iterable[str] = ("PATH", "HOME", "LANG", "PYTHONPATH", "VIRTUAL_ENV"),
) -> subprocess.CompletedProcess[str]:
    """Run this interpreter with ``args`` in a fresh process, whose environment is only
    ``keep``'s variables of this one and ``env``: no test settings leak into it."""
    environ = {key: os.environ[key] for key in keep if key in os.environ}
    environ.update(env)
    return subprocess.run(  # noqa: S603 - the test's own interpreter and arguments
        [sys.executable, *args],
        cwd=cwd,
        env=environ,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def free_port() -> int:
    """A TCP port nobody listens on now, for a server a test starts."""
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])
