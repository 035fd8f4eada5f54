"""632 registrations for one event at once, behind ``ortaq serve`` (issue 13).

The regional conference of the issue had 632 participants. Here 632 teachers, each signed in
with a session of her own, send the registration form of one published event with exactly
632 seats, from ``CLIENTS`` concurrent clients on loopback (each sends its share one after
another, all released together), against ``ortaq serve`` (gunicorn, production settings),
PostgreSQL and Redis. Every registration takes the event's row lock, so they queue on it:
the figure is what that queue costs.

Budgets: every answer a redirect back to the event's page (no error), every one of the 632
registered, no seat given twice (632 seats held, one registration per person), the median
answer under 200 ms. Also reported, not judged: the 95th percentile, the slowest answer, and
a second round where all 632 arrive truly at once (632 connections, one request each), whose
median is the queue itself.
"""

import http.client
import os
import socket
import statistics
import subprocess
import sys
import threading
import time
from datetime import timedelta
from pathlib import Path
from typing import Any

from bench.courses import result

PEOPLE = 632
CLIENTS = int(os.environ.get("BENCH_EVENT_CLIENTS", "16"))
BUDGETS = {"median_ms": 200.0}
ROOT = Path(__file__).resolve().parent.parent


def build(slug: str, people: int) -> list[str]:
    """A published seminar with ``people`` seats, and ``people`` teachers signed in: their
    cookies (session and CSRF, the CSRF secret last)."""
    from django.utils import timezone

    from bench.page import session_cookie
    from ortaq.accounts.models import User
    from ortaq.events.models import Event

    organiser = User.objects.create_user(email=f"organiser-{slug}@bench.kz", password=None)
    start = timezone.now() + timedelta(days=14)
    Event.objects.create(
        slug=slug,
        kind="conference",
        status="published",
        published_at=timezone.now(),
        title_kk="Lesson Study: өңірлік конференция",
        title_ru="Lesson Study: региональная конференция",
        organiser_kind="person",
        organiser_person=organiser,
        starts_at=start,
        ends_at=start + timedelta(hours=6),
        mode="online",
        online_url="https://meet.example.org/conference",
        languages="kk ru",
        capacity=people,
    )
    teachers = User.objects.bulk_create(
        User(email=f"t{n}-{slug}@bench.kz", first_name="Мұғалім", last_name=str(n))
        for n in range(people)
    )
    return [session_cookie(t) for t in teachers]


def _post(port: int, path: str, cookie: str) -> tuple[int, float]:
    csrf = cookie.rsplit("=", 1)[1]
    body = f"csrfmiddlewaretoken={csrf}"
    started = time.perf_counter()
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    try:
        conn.request(
            "POST",
            path,
            body=body,
            headers={
                "Cookie": cookie,
                "Content-Type": "application/x-www-form-urlencoded",
                "Host": "127.0.0.1",
            },
        )
        status = conn.getresponse().status
    except OSError:
        status = 0
    finally:
        conn.close()
    return status, (time.perf_counter() - started) * 1000


def register_all(port: int, path: str, cookies: list[str], clients: int) -> list[tuple[int, float]]:
    """Send each cookie's registration from ``clients`` threads released together."""
    answers: list[tuple[int, float]] = []
    lock = threading.Lock()
    barrier = threading.Barrier(clients)
    shares = [cookies[i::clients] for i in range(clients)]

    def client(share: list[str]) -> None:
        barrier.wait()
        for cookie in share:
            answer = _post(port, path, cookie)
            with lock:
                answers.append(answer)

    threads = [threading.Thread(target=client, args=(share,)) for share in shares]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return answers


def _wait(port: int, server: subprocess.Popen[bytes]) -> None:
    for _ in range(400):
        if server.poll() is not None:
            raise AssertionError("ortaq serve stopped")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                pass
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            conn.request("GET", "/healthz")
            if conn.getresponse().status == 200:
                return
        except OSError:
            pass
        time.sleep(0.3)
    raise AssertionError("ortaq serve did not answer")


def _check(slug: str, people: int) -> tuple[int, int, int]:
    """Seats held, registrations, and people registered more than once."""
    from django.db.models import Count

    from ortaq.events.choices import RegistrationStatus
    from ortaq.events.models import Registration

    rows = Registration.objects.filter(event__slug=slug)
    held = rows.filter(status=RegistrationStatus.REGISTERED).count()
    twice = rows.values("user_id").annotate(n=Count("pk")).filter(n__gt=1).count()
    return held, rows.count(), twice


def run() -> list[dict[str, Any]]:
    from bench.page import free_port

    cookies = build("bench-conference", PEOPLE)
    at_once = build("bench-conference-at-once", PEOPLE)
    port = free_port()
    env = {
        **os.environ,
        "ORTAQ_SSL_REDIRECT": "false",
        "ORTAQ_ACCESS_LOG": "/dev/null",
        "ORTAQ_LOG_LEVEL": "WARNING",
    }
    subprocess.run(
        [sys.executable, "-m", "ortaq.cli", "compress-static"], env=env, cwd=ROOT, check=True
    )
    server = subprocess.Popen(
        [sys.executable, "-m", "ortaq.cli", "serve", "--port", str(port)],
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
    )
    try:
        _wait(port, server)
        # Warm every worker up (imports, templates), as a running site is.
        warm = build("bench-warm", 40)
        register_all(port, "/kk/events/bench-warm/register/", warm, 8)
        answers = register_all(port, "/kk/events/bench-conference/register/", cookies, CLIENTS)
        burst = register_all(
            port, "/kk/events/bench-conference-at-once/register/", at_once, len(at_once)
        )
    finally:
        server.terminate()
        server.wait(timeout=60)
    results = []
    for name, found, slug, clients in (
        ("", answers, "bench-conference", CLIENTS),
        (" (all at once)", burst, "bench-conference-at-once", PEOPLE),
    ):
        times = sorted(ms for _status, ms in found)
        errors = sum(1 for status, _ms in found if status != 302)
        held, rows, twice = _check(slug, PEOPLE)
        judged = not name
        label = f"{PEOPLE} registrations{name}, {clients} clients"
        results += [
            result(f"{label}: answers not a redirect", errors, "", 0 if judged else None),
            result(f"{label}: registered", held, "", PEOPLE if judged else None, True),
            result(
                f"{label}: seats given twice",
                max(rows - PEOPLE, 0) + twice,
                "",
                0 if judged else None,
            ),  # fmt: skip
            result(
                f"{label}: median",
                statistics.median(times),
                "ms",
                BUDGETS["median_ms"] if judged else None,
            ),  # fmt: skip
            result(f"{label}: p95", times[int(len(times) * 0.95) - 1], "ms", None),
            result(f"{label}: slowest", times[-1], "ms", None),
        ]
    return results
