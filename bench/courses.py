"""Courses at national scale (issue 3), on PostgreSQL, after ``bench.imports`` has loaded 10,000
schools and 11,000 teachers:

- bulk enrolment of the 11,000 teachers into a 40-activity course (budget 20 s);
- with them enrolled and progressing: the course page for a teacher and the report page for a
  regional methodologist, median of repeated requests (budget 100 ms each);
- an offline pack of the 40-activity course without videos (budget 10 s);
- the course page of a course shaped like Moodle's small test course (11 modules, 64 activities)
  for a signed-in teacher under ``ortaq serve`` (gunicorn, production settings) with 16
  connections from wrk (budget: 200 requests/s or more, p99 under 150 ms, under 100 KB); then,
  reported beside it without a budget, the same with each request in the next of 1,000
  teachers' sessions, so that nearly every request is a teacher's first view, computed afresh;
- certificates for 11,000 completions, rendered by two ``ortaq worker`` processes (budget 15 min).
"""

import os
import random
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

from django.db import transaction
from django.test import Client
from django.utils import timezone

BUDGETS = {
    "enrol": 20.0,
    "page_ms": 100.0,
    "pack": 10.0,
    "rps": 200.0,
    "p99_ms": 150.0,
    "page_kb": 100.0,
    "certificates_min": 15.0,
}
READERS = 1000  # teachers whose sessions wrk takes in turn
KINDS = ["page", "video", "quiz", "page", "reflection", "file", "discussion", "interactive"]


def result(
    name: str, value: float, unit: str, budget: float | None, higher_is_better: bool = False
) -> dict[str, Any]:
    """One figure; a budget of None reports it without judging it."""
    return {
        "name": name,
        "value": value,
        "unit": unit,
        "budget": budget,
        "higher": higher_is_better,
    }


def build_course(trainer: Any, modules: int, per_module: int, title: str) -> Any:
    from ortaq.courses.services import (
        ActivityFields,
        ChoiceFields,
        CourseFields,
        QuestionFields,
        activity_save,
        course_create,
        course_publish,
        module_save,
        question_save,
    )
    from ortaq.testing.factories import activity_fields

    course = course_create(
        actor=trainer,
        language="kk",
        data=CourseFields(title=title, summary="Бенчмарк курсы.", hours=72),
    )
    for m in range(modules):
        module = module_save(
            actor=trainer, course=course, title=f"{m + 1}-модуль: инклюзивті сабақ"
        )
        for a in range(per_module):
            kind = KINDS[(m * per_module + a) % len(KINDS)]
            fields: ActivityFields = activity_fields(kind, f"{m + 1}.{a + 1} {kind} тапсырмасы")
            fields.body = "Сабақты әр оқушыға бейімдеу. " * 20
            activity = activity_save(actor=trainer, module=module, data=fields)
            if kind == "quiz":
                question_save(
                    actor=trainer,
                    activity=activity,
                    data=QuestionFields(
                        kind="single",
                        text="Инклюзия деген не?",
                        choices=(ChoiceFields("Бірге оқу", True), ChoiceFields("Бөлек оқу", False)),
                    ),
                )
    course_publish(actor=trainer, course=course)
    course.refresh_from_db()
    return course


def simulate_progress(course: Any) -> None:
    """Give the enrolled teachers varied progress, as bench set-up (not a user's write path):
    a fifth have not started, the others stopped at a random activity."""
    from ortaq.courses.models import Activity, ActivityCompletion, Enrollment

    activities = list(
        Activity.objects.filter(module__course=course).order_by("module__position", "position")
    )
    rng = random.Random(3)
    now = timezone.now()
    completions = []
    updates = []
    for enrollment in Enrollment.objects.filter(course=course).only("pk"):
        reached = 0 if rng.random() < 0.2 else rng.randint(1, len(activities) - 1)
        for activity in activities[:reached]:
            completions.append(
                ActivityCompletion(enrollment_id=enrollment.pk, activity=activity, completed_at=now)
            )
        if reached:
            enrollment.started_at = now
            enrollment.last_progress_at = now
            enrollment.last_activity = activities[reached - 1]
            updates.append(enrollment)
    with transaction.atomic():
        ActivityCompletion.objects.bulk_create(completions, batch_size=5000)
        Enrollment.objects.bulk_update(
            updates, ["started_at", "last_progress_at", "last_activity"], batch_size=5000
        )


def analyse() -> None:
    """Refresh the planner's statistics after the bulk set-up, as autovacuum would by itself."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def median_ms(client: Client, url: str, repeat: int = 60) -> tuple[float, int]:
    client.get(url)  # warm caches and the language preference
    times = []
    size = 0
    for _ in range(repeat):
        started = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (url, response.status_code)
        size = len(response.content)
    return statistics.median(times), size


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


# wrk takes each request's session from this list in turn, so that the page is counted for many
# teachers (each one's first view computed afresh), not served from one teacher's warm cache.
ROTATE_SESSIONS = """
local cookies = {}
for line in io.lines(os.getenv("ORTAQ_BENCH_COOKIES")) do cookies[#cookies + 1] = line end
local n = math.random(#cookies)
request = function()
  n = n % #cookies + 1
  return wrk.format("GET", nil, {["Cookie"] = cookies[n]})
end
"""


def session_cookie(teacher: Any) -> str:
    """A signed-in session for ``teacher``, as the Cookie header's value."""
    from importlib import import_module

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY

    store = import_module(settings.SESSION_ENGINE).SessionStore()
    store[SESSION_KEY] = str(teacher.pk)
    store[BACKEND_SESSION_KEY] = "ortaq.accounts.backends.StaffModelBackend"
    store[HASH_SESSION_KEY] = teacher.get_session_auth_hash()
    store.create()
    return f"{settings.SESSION_COOKIE_NAME}={store.session_key}"


def throughput(course: Any, teachers: list[Any]) -> list[dict[str, Any]]:
    """wrk against gunicorn (ortaq serve): the course page for ``teachers`` signed in, each
    request in the next teacher's session."""
    wrk = shutil.which("wrk")
    if wrk is None:
        print("wrk is not installed (apt-get install wrk): throughput not measured")
        return []
    cookies = [session_cookie(teacher) for teacher in teachers]
    folder = Path(tempfile.mkdtemp(prefix="ortaq-bench-wrk-"))
    (folder / "cookies.txt").write_text("\n".join(cookies) + "\n")
    (folder / "rotate.lua").write_text(ROTATE_SESSIONS)
    port = free_port()
    env = {
        **os.environ,
        "ORTAQ_SSL_REDIRECT": "false",
        "ORTAQ_ACCESS_LOG": "/dev/null",
        "ORTAQ_LOG_LEVEL": "WARNING",
        "ORTAQ_BENCH_COOKIES": str(folder / "cookies.txt"),
    }
    server = subprocess.Popen(
        [sys.executable, "-m", "ortaq.cli", "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    url = f"http://127.0.0.1:{port}/kk/courses/{course.pk}/"
    header = f"Cookie: {cookies[0]}"
    rotate = ["-s", str(folder / "rotate.lua")]
    try:
        for _ in range(400):  # up to two minutes for gunicorn to start on a busy machine
            try:
                check = subprocess.run(
                    [
                        "curl",
                        "-s",
                        "-o",
                        "/dev/null",
                        "-w",
                        "%{http_code} %{size_download}",
                        "-H",
                        header,
                        url,
                    ],
                    capture_output=True,
                    text=True,
                    timeout=5,
                )
                if check.stdout.startswith("200"):
                    break
            except subprocess.TimeoutExpired:
                pass
            time.sleep(0.3)
        status, size = check.stdout.split()
        if status != "200":
            server.terminate()
            raise AssertionError(f"ortaq serve did not answer: {server.communicate()[1]!r}")
        subprocess.run(
            [wrk, "-t2", "-c16", "-d3s", "-H", header, url], capture_output=True, env=env
        )  # warm up the server's processes
        one = _wrk([wrk, "-t2", "-c16", "-d20s", "--latency", "-H", header, url], env)
        many = _wrk([wrk, "-t2", "-c16", "-d20s", "--latency", *rotate, url], env)
    finally:
        server.terminate()
        server.wait(timeout=30)
    return [
        result(
            "course page (64 activities), one teacher, gunicorn + wrk, 16 connections",
            one[0],
            "req/s",
            BUDGETS["rps"],
            higher_is_better=True,
        ),
        result("  p99 latency", one[1], "ms", BUDGETS["p99_ms"]),
        result("  page size", int(size) / 1024, "KB", BUDGETS["page_kb"]),
        result(
            f"  the same for {len(teachers):,} teachers in turn (each first view afresh)",
            many[0],
            "req/s",
            None,
            higher_is_better=True,
        ),
        result("  p99 latency", many[1], "ms", None),
    ]


def _wrk(command: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Run wrk; return its requests per second and its p99 latency in milliseconds."""
    output = subprocess.run(command, capture_output=True, text=True, env=env).stdout
    print(output)
    found = re.search(r"Requests/sec:\s+([\d.]+)", output)
    assert found is not None, output
    p99_text = re.search(r"99%\s+([\d.]+)(us|ms|s)", output)
    assert p99_text is not None, output
    p99 = float(p99_text.group(1)) * {"us": 0.001, "ms": 1, "s": 1000}[p99_text.group(2)]
    assert re.search(r"Non-2xx or 3xx responses: (\d+)", output) is None, output
    return float(found.group(1)), p99


def certificates(course: Any) -> list[dict[str, Any]]:
    """Complete the course for every enrolled teacher, then let two workers render the PDFs."""
    from django_tasks_db.models import DBTaskResult

    from ortaq.certificates.models import Certificate
    from ortaq.courses.models import Activity, ActivityCompletion, Enrollment
    from ortaq.courses.services.progress import evaluate_completion

    activities = list(Activity.objects.filter(module__course=course, required=True))
    enrollments = list(Enrollment.objects.filter(course=course).select_related("course", "user"))
    ActivityCompletion.objects.all().delete()
    now = timezone.now()
    for start in range(0, len(enrollments), 500):
        batch = enrollments[start : start + 500]
        ActivityCompletion.objects.bulk_create(
            [
                ActivityCompletion(enrollment=e, activity=a, completed_at=now)
                for e in batch
                for a in activities
            ],
            batch_size=5000,
        )
    started = time.perf_counter()
    for enrollment in enrollments:
        with transaction.atomic():
            evaluate_completion(enrollment)
    completing = time.perf_counter() - started
    analyse()
    queued = DBTaskResult.objects.filter(
        task_path__endswith="render_certificate", status="READY"
    ).count()
    print(
        f"{len(enrollments):,} completions recorded in {completing:.1f} s; {queued:,} PDFs queued"
    )
    env = {**os.environ, "ORTAQ_LOG_LEVEL": "WARNING"}
    started = time.perf_counter()
    workers = [
        subprocess.Popen(
            [
                sys.executable,
                "-m",
                "ortaq.cli",
                "manage",
                "db_worker",
                "--batch",
                "--queue-name",
                "*",
                "--no-startup-delay",
                "--no-reload",
            ],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for _ in range(2)
    ]
    for worker in workers:
        worker.wait()
    rendering = time.perf_counter() - started
    made = Certificate.objects.exclude(pdf="").count()
    print(f"{made:,} certificate PDFs rendered by two workers in {rendering / 60:.1f} min")
    assert made == len(enrollments), made
    return [
        result(
            f"certificates for {len(enrollments):,} completions: recorded and drawn",
            (completing + rendering) / 60,
            "min",
            BUDGETS["certificates_min"],
        ),
        result(
            "  of which the PDFs, on two workers",
            rendering / 60,
            "min",
            BUDGETS["certificates_min"],
        ),
    ]


def run(*, quick: bool = False) -> list[dict[str, Any]]:
    from ortaq.accounts.models import User
    from ortaq.accounts.services import role_grant, user_create
    from ortaq.core.roles import Role
    from ortaq.courses.models import Enrollment, OfflinePack
    from ortaq.courses.services import Criteria, enrol_by_criteria, pack_build
    from ortaq.schools.models import Region

    trainer = user_create(email="trainer@bench.ortaq.kz", password=None, verified=True)
    role_grant(actor=None, user=trainer, role=Role.TRAINER)
    national = user_create(email="national@bench.ortaq.kz", password=None, verified=True)
    role_grant(actor=None, user=national, role=Role.COORDINATOR)
    regional = user_create(
        email="regional@bench.ortaq.kz", password=None, verified=True, language="kk"
    )
    role_grant(
        actor=None, user=regional, role=Role.COORDINATOR, target=Region.objects.get(code="KZ-19")
    )

    course = build_course(
        trainer, modules=5, per_module=8, title="Инклюзивті білім беру: 40 тапсырма"
    )
    started = time.perf_counter()
    enrolled = enrol_by_criteria(actor=national, course=course, cohort=None, criteria=Criteria())
    enrolment_seconds = time.perf_counter() - started
    print(f"bulk enrolment: {enrolled.enrolled:,} enrolled in {enrolment_seconds:.2f} s")
    again_started = time.perf_counter()
    again = enrol_by_criteria(actor=national, course=course, cohort=None, criteria=Criteria())
    again_seconds = time.perf_counter() - again_started
    print(f"  again: {again.enrolled} new, {again.already:,} already, in {again_seconds:.2f} s")
    results = [
        result(
            f"bulk enrolment of {enrolled.enrolled:,} teachers",
            enrolment_seconds,
            "s",
            BUDGETS["enrol"],
        )
    ]

    simulate_progress(course)
    analyse()
    first = Enrollment.objects.filter(course=course, started_at__isnull=False).first()
    assert first is not None
    teacher = first.user
    User.objects.filter(pk=teacher.pk).update(language="kk")
    client = Client()
    client.force_login(teacher)
    page_ms, page_size = median_ms(client, f"/kk/courses/{course.pk}/")
    results.append(
        result(
            f"course page (40 activities, {enrolled.enrolled:,} enrolled), median",
            page_ms,
            "ms",
            BUDGETS["page_ms"],
        )
    )
    methodologist = Client()
    methodologist.force_login(regional)
    report_ms, _ = median_ms(methodologist, f"/kk/courses/{course.pk}/report/", repeat=20)
    results.append(
        result(
            "report page for a regional methodologist, median", report_ms, "ms", BUDGETS["page_ms"]
        )
    )
    from ortaq.courses.queries import report_for, report_scope

    scope = report_scope(viewer=regional, course=course)
    counted = []
    for _ in range(10):
        started = time.perf_counter()
        report_for(course=course, scope=scope)
        counted.append((time.perf_counter() - started) * 1000)
    fresh = statistics.median(counted)
    print(f"report counted afresh (the page keeps it a minute): median {fresh:.0f} ms")
    national_client = Client()
    national_client.force_login(national)
    national_ms, _ = median_ms(national_client, f"/kk/courses/{course.pk}/report/", repeat=10)
    print(f"report page for the whole country (11,000 teachers): median {national_ms:.0f} ms")

    pack = OfflinePack.objects.create(
        course=course, version=course.content_version, requested_at=timezone.now()
    )
    started = time.perf_counter()
    pack_build(pack=pack)
    results.append(
        result(
            "offline pack of 40 activities, no videos",
            time.perf_counter() - started,
            "s",
            BUDGETS["pack"],
        )
    )

    moodle_shaped = build_course(
        trainer, modules=11, per_module=6, title="Moodle-shaped: 11 modules, 64 activities"
    )
    from ortaq.courses.models import Activity

    extra = list(Activity.objects.filter(module__course=moodle_shaped).order_by("-pk")[:2])
    for activity in extra:  # 66 - 2 = 64 activities, as in Moodle's small test course
        activity.delete()
    from ortaq.courses.services.authoring import content_changed

    content_changed(moodle_shaped)
    from ortaq.courses.services import enrollment_create

    readers = [teacher, *User.objects.exclude(pk=teacher.pk).order_by("pk")[: READERS - 1]]
    for reader in readers:
        enrollment_create(actor=reader, course=moodle_shaped)
    results += throughput(moodle_shaped, readers)

    if quick:
        print("quick run: certificates not rendered")
    else:
        results += certificates(course)
    return results
