"""The busiest page against the framework's ceiling, behind ``ortaq serve`` (issue 10).

In one run of one server (gunicorn, production settings, ``bench.settings``), wrk with 16
connections and ``Accept-Encoding: gzip`` as browsers send it, three alternating rounds of:

- the ceiling: a bare Django view (``bench.urls.bare``) through the same middleware;
- the course page (11 modules, 64 activities) for one signed-in teacher, warm: her progress
  box and outline come from the cache;
- genuine first views: every request a different teacher, enrolled and signed in but who has
  not opened the course yet, and whose user is not in the cache: her user and roles, her
  enrolment and her progress are read from PostgreSQL, and her page is kept for her (each round
  takes teachers no earlier round used, and the run fails if wrk needed more teachers than
  there were). None of them has progressed, so, as at a course's start, the page drawn for the
  first is the page of all (``courses.views.learn``: a first view draws her progress box and
  outline only when no teacher with the same progress has had them drawn).

Budgets: the warm page at 0.25 of the ceiling's requests/s or more, first views at 0.15 or
more (the median of the three rounds' ratios), p99 under 150 ms, the HTML under 100 KB.
"""

import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from bench.courses import result

ROUNDS = 3
SECONDS = 8
# Teachers enrolled in the course (``bench.courses.more_readers``): each round of first views
# takes its own third, and a round at 1,400 first views a second needs some 11,300.
READERS = 36_000
CONNECTIONS = 16
BUDGETS = {"warm_ratio": 0.25, "first_ratio": 0.15, "p99_ms": 150.0, "page_kb": 100.0}
ENCODING = "Accept-Encoding: gzip, deflate, br"

# Each wrk thread takes its own share of the cookies, each once, in order; past the end it
# starts again (no longer first views: ``first_views`` then fails the run).
FIRST_VIEWS = """
local threads = 0
function setup(thread)
  thread:set("id", threads)
  threads = threads + 1
end
function init(args)
  cookies = {}
  local i = 0
  local count = tonumber(os.getenv("ORTAQ_BENCH_THREADS"))
  for line in io.lines(os.getenv("ORTAQ_BENCH_COOKIES")) do
    if i % count == id then cookies[#cookies + 1] = line end
    i = i + 1
  end
  n = 0
end
function request()
  n = n % #cookies + 1
  return wrk.format("GET", nil, {["Cookie"] = cookies[n], ["Accept-Encoding"] = "gzip"})
end
"""


def session_cookie(teacher: Any) -> str:
    """A signed-in session for ``teacher``, as the Cookie header's value, with the CSRF cookie
    her browser got with the sign-in form (without it, every answer would set a new one)."""
    from importlib import import_module

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.middleware.csrf import CSRF_ALLOWED_CHARS, CSRF_SECRET_LENGTH
    from django.utils.crypto import get_random_string

    from ortaq.accounts.middleware import stamp_sign_in

    store = import_module(settings.SESSION_ENGINE).SessionStore()
    stamp_sign_in(store)  # as signing in does (else her first answer would save the session)
    store[SESSION_KEY] = str(teacher.pk)
    store[BACKEND_SESSION_KEY] = "ortaq.accounts.backends.StaffModelBackend"
    store[HASH_SESSION_KEY] = teacher.get_session_auth_hash()
    store.create()
    csrf = get_random_string(CSRF_SECRET_LENGTH, allowed_chars=CSRF_ALLOWED_CHARS)
    return f"{settings.SESSION_COOKIE_NAME}={store.session_key}; {settings.CSRF_COOKIE_NAME}={csrf}"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wrk_run(
    wrk: str, url: str, env: dict[str, str], *headers: str, script: str | None = None
) -> dict[str, float]:
    """One wrk run: requests/s, p99 in ms and the number of requests."""
    command = [wrk, "-t2", f"-c{CONNECTIONS}", f"-d{SECONDS}s", "--timeout", "30s", "--latency"]
    for header in headers:
        command += ["-H", header]
    if script:
        command += ["-s", script]
    output = subprocess.run([*command, url], capture_output=True, text=True, env=env).stdout
    rate = re.search(r"Requests/sec:\s+([\d.]+)", output)
    p99 = re.search(r"99%\s+([\d.]+)(us|ms|s)\b", output)
    count = re.search(r"(\d+) requests in", output)
    assert rate and p99 and count and int(count.group(1)) > 0, output
    assert "Non-2xx or 3xx responses" not in output, output
    assert "Socket errors" not in output, output
    return {
        "rps": float(rate.group(1)),
        "p99": float(p99.group(1)) * {"us": 0.001, "ms": 1, "s": 1000}[p99.group(2)],
        "requests": int(count.group(1)),
    }


def _wait_for(url: str, header: str, server: subprocess.Popen[bytes]) -> tuple[int, int, int]:
    """Wait for the server; return the page's status, its size as sent gzipped, and plain."""
    for _ in range(400):  # up to two minutes for gunicorn to start on a busy machine
        if server.poll() is not None:
            break
        try:
            check = subprocess.run(
                ["curl", "-s", "-o", "/dev/null", "-w", "%{http_code}", "-H", header, url],
                capture_output=True,
                text=True,
                timeout=5,
            )
            if check.stdout == "200":
                break
        except subprocess.TimeoutExpired:
            pass
        time.sleep(0.3)
    sizes = []
    for extra in ([ENCODING], []):
        command = ["curl", "-s", "-o", "/dev/null", "-w", "%{http_code} %{size_download}"]
        for h in [header, *extra]:
            command += ["-H", h]
        status, size = subprocess.run(
            [*command, url], capture_output=True, text=True
        ).stdout.split()
        sizes.append(int(size))
    return int(status), sizes[0], sizes[1]


def run(course: Any, teachers: list[Any]) -> list[dict[str, Any]]:
    """Measure the course page of ``course`` (every one of ``teachers`` enrolled in it)."""
    wrk = shutil.which("wrk")
    if wrk is None:
        print("wrk is not installed (apt-get install wrk): throughput not measured")
        return []
    reader, others = teachers[0], teachers[1:]
    share = len(others) // ROUNDS
    folder = Path(tempfile.mkdtemp(prefix="ortaq-bench-wrk-"))
    (folder / "first.lua").write_text(FIRST_VIEWS)
    cookie_files = []
    for n in range(ROUNDS):
        path = folder / f"cookies-{n}.txt"
        path.write_text(
            "\n".join(session_cookie(t) for t in others[n * share : (n + 1) * share]) + "\n"
        )
        cookie_files.append(path)
    header = f"Cookie: {session_cookie(reader)}"
    port = free_port()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "ORTAQ_SSL_REDIRECT": "false",
        "ORTAQ_ACCESS_LOG": "/dev/null",
        "ORTAQ_LOG_LEVEL": "WARNING",
        "ORTAQ_BENCH_THREADS": "2",
    }
    root = Path(__file__).resolve().parent.parent
    # As at install: static files collected and compressed before the server starts (else it
    # would compress them in the background and replace its workers during the measurement).
    subprocess.run(
        [sys.executable, "-m", "ortaq.cli", "compress-static"], env=env, cwd=root, check=True
    )
    server = subprocess.Popen(
        [sys.executable, "-m", "ortaq.cli", "serve", "--port", str(port)],
        env=env,
        cwd=root,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}"
    url = f"{base}/kk/courses/{course.pk}/"
    rounds: list[dict[str, dict[str, float]]] = []
    try:
        status, gzipped, plain = _wait_for(url, header, server)
        if status != 200:
            server.terminate()
            raise AssertionError(f"ortaq serve did not answer: {server.communicate()[1]!r}")
        print(f"course page: {plain / 1024:.1f} KB, {gzipped / 1024:.1f} KB gzipped")
        # Warm up every worker process (imports, course structure, templates, connections):
        # on a busy machine a worker's first answers take seconds.
        for target, extra in ((f"{base}/bench/bare/", []), (url, ["-H", header])):
            subprocess.run(
                [wrk, "-t2", "-c16", "-d5s", "--timeout", "30s", *extra, "-H", ENCODING, target],
                capture_output=True,
            )
        for n in range(ROUNDS):
            bare = wrk_run(wrk, f"{base}/bench/bare/", env, ENCODING)
            warm = wrk_run(wrk, url, env, header, ENCODING)
            first_env = {**env, "ORTAQ_BENCH_COOKIES": str(cookie_files[n])}
            first = wrk_run(wrk, url, first_env, script=str(folder / "first.lua"))
            # wrk may send one more request per connection than it counts.
            assert first["requests"] + CONNECTIONS <= share, (
                f"{first['requests']:,} first views wanted but only {share:,} teachers per "
                "round: give the benchmark more teachers"
            )
            rounds.append({"bare": bare, "warm": warm, "first": first})
            print(
                f"round {n + 1}: bare view {bare['rps']:.0f} req/s; course page warm "
                f"{warm['rps']:.0f} req/s ({warm['rps'] / bare['rps']:.3f}), p99 "
                f"{warm['p99']:.0f} ms; first views {first['rps']:.0f} req/s "
                f"({first['rps'] / bare['rps']:.3f}), p99 {first['p99']:.0f} ms, "
                f"{first['requests']:,} teachers"
            )
    finally:
        server.terminate()
        server.wait(timeout=30)

    def median(kind: str, figure: str) -> float:
        return statistics.median(r[kind][figure] for r in rounds)

    def ratio(kind: str) -> float:
        return statistics.median(r[kind]["rps"] / r["bare"]["rps"] for r in rounds)

    return [
        result(
            "bare Django view, ortaq serve + wrk, 16 connections",
            median("bare", "rps"),
            "req/s",
            None,
        ),
        result(
            "course page (64 activities), one teacher, warm", median("warm", "rps"), "req/s", None
        ),
        result("  ratio to the bare view", ratio("warm"), "", BUDGETS["warm_ratio"], True),
        result("  p99 latency", median("warm", "p99"), "ms", BUDGETS["p99_ms"]),
        result("  page size (plain)", plain / 1024, "KB", BUDGETS["page_kb"]),
        result("  page size (gzip)", gzipped / 1024, "KB", None),
        result(
            "course page, each request a teacher's first view",
            median("first", "rps"),
            "req/s",
            None,
        ),
        result("  ratio to the bare view", ratio("first"), "", BUDGETS["first_ratio"], True),
        result("  p99 latency", median("first", "p99"), "ms", None),
    ]
