"""The e-textbook for pupils (issue 15): a lesson's page, a class's answers, a unit's pack.

- The lesson page of a unit of eight lessons, each with six tasks (one of every kind): its
  size in KB (budget: under 100 KB before media) and the median time of 30 requests by a
  pupil without an account, in process.
- 300 pupils answering one class session at once behind ``ortaq serve`` (gunicorn,
  production settings, PostgreSQL, Redis): each sends her first result to one task, with her
  own receipt and the CSRF cookie her page gave her. As the events benchmark does, once from
  16 concurrent clients (budgets: every answer accepted, all 300 counted, none twice, the
  median under 200 ms), and once from 300 connections released at the same instant, then
  every answer again (a page retrying), also at once (budgets: all accepted, all counted, the
  repeats counted zero times; its median, the queue before gunicorn's workers, reported).
- The unit's offline pack (its eight lessons' pages, script and styles) built in under 10 s.
"""

import http.client
import json
import os
import statistics
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path
from typing import Any

from bench.courses import median_ms, result

PUPILS = 300
CLIENTS = int(os.environ.get("BENCH_TEXTBOOK_CLIENTS", "16"))
LESSONS = 8
BUDGETS = {"page_kb": 100.0, "page_ms": 200.0, "answer_ms": 200.0, "pack_s": 10.0}
ROOT = Path(__file__).resolve().parent.parent


def _post(port: int, body: dict[str, Any], csrf: str) -> tuple[int, float, bool]:
    started = time.perf_counter()
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    counted = False
    try:
        conn.request(
            "POST",
            "/kk/textbooks/class/answer/",
            body=json.dumps(body),
            headers={
                "Cookie": f"csrftoken={csrf}",
                "X-CSRFToken": csrf,
                "Content-Type": "application/json",
                "Host": "127.0.0.1",
            },
        )
        response = conn.getresponse()
        status = response.status
        if status == 200:
            counted = bool(json.loads(response.read()).get("counted"))
    except OSError:
        status = 0
    finally:
        conn.close()
    return status, (time.perf_counter() - started) * 1000, counted


def answer_all(
    port: int, bodies: list[dict[str, Any]], clients: int | None = None
) -> list[tuple[int, float, bool]]:
    """Send the bodies from ``clients`` threads (one per body unless given) released together,
    each sending its share one after another with its own CSRF cookie."""
    from django.middleware.csrf import CSRF_ALLOWED_CHARS, CSRF_SECRET_LENGTH
    from django.utils.crypto import get_random_string

    clients = clients or len(bodies)
    answers: list[tuple[int, float, bool]] = []
    lock = threading.Lock()
    barrier = threading.Barrier(clients)
    shares = [bodies[i::clients] for i in range(clients)]

    def pupil(share: list[dict[str, Any]]) -> None:
        csrf = get_random_string(CSRF_SECRET_LENGTH, allowed_chars=CSRF_ALLOWED_CHARS)
        barrier.wait()
        for body in share:
            answer = _post(port, body, csrf)
            with lock:
                answers.append(answer)

    threads = [threading.Thread(target=pupil, args=(share,)) for share in shares]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return answers


def _bodies(code: str, exercise: int) -> list[dict[str, Any]]:
    return [
        {"code": code, "exercise": exercise, "right": n % 3 != 0, "receipt": str(uuid.uuid4())}
        for n in range(PUPILS)
    ]


def run() -> list[dict[str, Any]]:
    from django.test import Client

    from bench.events import _wait
    from bench.page import free_port
    from ortaq.testing.textbooks import pupil_book, pupil_session
    from ortaq.textbooks.models import Receipt, Tally
    from ortaq.textbooks.packs import unit_pack

    book = pupil_book(slug="bench-textbook", lessons=LESSONS)
    url = f"/kk/textbooks/{book.textbook.slug}/lessons/{book.lesson.pk}/"
    results = []
    ms, size = median_ms(Client(), url, repeat=30)
    results.append(result("textbook: lesson page, HTML", size / 1024, "KB", BUDGETS["page_kb"]))
    results.append(result("textbook: lesson page, median", ms, "ms", BUDGETS["page_ms"]))

    started = time.perf_counter()
    data, _unit = unit_pack(slug=book.textbook.slug, unit_id=book.unit.pk, user=_anonymous())
    elapsed = time.perf_counter() - started
    results.append(
        result(f"textbook: unit pack of {LESSONS} lessons", elapsed, "s", BUDGETS["pack_s"])
    )
    results.append(result("textbook: unit pack, size", len(data) / 1024, "KB", None))

    sessions = [pupil_session(book) for _ in range(3)]
    exercise = book.exercises()[0].pk
    rounds = [_bodies(session.code, exercise) for session in sessions]
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
        # Warm every worker up (imports, connections), as a running site is.
        answer_all(port, rounds[0][:40], 8)
        # 300 pupils from 16 clients; then 300 from 300 connections at the same instant, and
        # each of those answers sent again (a page retrying), also at once.
        spread = answer_all(port, rounds[1], CLIENTS)
        burst = answer_all(port, rounds[2])
        repeats = answer_all(port, rounds[2])
    finally:
        server.terminate()
        server.wait(timeout=60)
    for name, session, answers, again, judged in (
        (f"{CLIENTS} clients", sessions[1], spread, [], True),
        ("all at the same instant, then again", sessions[2], burst, repeats, False),
    ):
        times = sorted(ms for _status, ms, _counted in answers)
        errors = sum(1 for status, _ms, _c in answers + again if status != 200)
        tally = Tally.objects.get(session=session, exercise_id=exercise)
        receipts = Receipt.objects.filter(session=session).count()
        twice = max(tally.answered - PUPILS, 0) + sum(1 for _s, _ms, c in again if c)
        label = f"textbook: {PUPILS} pupils answer one class session, {name}"
        results += [
            result(f"{label}: answers refused", errors, "", 0),
            result(f"{label}: counted", tally.answered, "", PUPILS, True),
            result(f"{label}: counted twice", twice + abs(receipts - PUPILS), "", 0),
            result(
                f"{label}: median",
                statistics.median(times),
                "ms",
                BUDGETS["answer_ms"] if judged else None,
            ),
            result(f"{label}: 95th percentile", times[int(len(times) * 0.95) - 1], "ms", None),
            result(f"{label}: slowest", times[-1], "ms", None),
        ]
    return results


def _anonymous() -> Any:
    from django.contrib.auth.models import AnonymousUser

    return AnonymousUser()


def main() -> int:
    from bench.__main__ import DEFAULT_URL, prepare_database, report

    prepare_database(os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL))
    return report(run(), "textbook.json")
