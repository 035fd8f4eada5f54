"""The load test (issue 10): Locust on loopback against ``ortaq serve`` (gunicorn), PostgreSQL
and Redis, with two ``ortaq worker`` processes running the background tasks on RQ
(``ORTAQ_TASKS=rq``, in the test's Redis database).

    make load                      # or: .venv/bin/python -m bench.load [--seconds 60]

At once, for ``--seconds`` (60) after all have arrived (over 20 seconds, not counted): 200
teachers progressing in a 20-activity course (its page, the next activity, "done", at a
teacher's pace: ``bench/locustfile.py``), 20 regional methodologists reading the course's report
(and now and then its CSV), and 10 people at a time enrolling themselves in an open course, each
a new teacher. The 11,000 teachers of ``bench.imports`` are all enrolled in the first course, so
that every report counts its region's thousand. Uses the database ``ortaq_load``
(``LOAD_DATABASE_URL``, dropped and re-created) and Redis database 4 (``LOAD_REDIS_URL``).
Budget: no error, and the 95th percentile of every kind of request under 500 ms; prints
Locust's table and exits 1 otherwise. ``--pace stress`` sends each teacher's three requests back
to back every 1 to 3 seconds instead: what the server answers when it cannot keep up (reported,
not judged).
"""

import argparse
import csv
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

P95_MS = 500.0
RAMP = 20  # seconds over which the simulated people arrive, not counted
ROOT = Path(__file__).resolve().parent.parent


def build() -> dict[str, object]:
    """The courses, the people and their sessions."""
    from bench import imports
    from bench.courses import settle
    from bench.page import session_cookie
    from ortaq.accounts.models import User
    from ortaq.accounts.services import role_grant, user_create
    from ortaq.core.roles import Role
    from ortaq.courses.models import Course
    from ortaq.courses.services import (
        CourseFields,
        Criteria,
        activity_save,
        course_create,
        course_publish,
        enrol_by_criteria,
        module_save,
    )
    from ortaq.courses.services.tallies import tallies_refresh
    from ortaq.schools.models import Region
    from ortaq.testing.factories import activity_fields

    imports.run()
    trainer = user_create(email="trainer@load.ortaq.kz", password=None, verified=True)
    role_grant(actor=None, user=trainer, role=Role.TRAINER)
    national = user_create(email="national@load.ortaq.kz", password=None, verified=True)
    role_grant(actor=None, user=national, role=Role.COORDINATOR)

    def course(title: str, activities: int) -> Course:
        made = course_create(
            actor=trainer,
            language="kk",
            data=CourseFields(title=title, summary="Жүктеме.", hours=8),
        )
        for m in range(activities // 5):
            module = module_save(actor=trainer, course=made, title=f"{m + 1}-модуль")
            for a in range(5):
                fields = activity_fields("page", f"{m + 1}.{a + 1} оқу")
                fields.body = "Сабақты әр оқушыға бейімдеу. " * 20
                activity_save(actor=trainer, module=module, data=fields)
        course_publish(actor=trainer, course=made)
        return made

    progressing = course("Жүктеме сынағы: 20 тапсырма", 20)
    open_course = course("Ашық курс: 5 тапсырма", 5)
    enrol_by_criteria(actor=national, course=progressing, cohort=None, criteria=Criteria())
    settle()
    # The running totals the reports read, as ``ortaq worker`` keeps them (every minute).
    tallies_refresh(group_id=progressing.group_id)
    methodologists = []
    for n, region in enumerate(Region.objects.order_by("code")[:20]):
        person = user_create(email=f"region{n}@load.ortaq.kz", password=None, verified=True)
        role_grant(actor=None, user=person, role=Role.COORDINATOR, target=region)
        methodologists.append(person)
    teachers = list(
        User.objects.filter(enrollments__course=progressing).order_by("pk").only("pk", "password")
    )
    User.objects.filter(pk__in=[t.pk for t in teachers]).update(language="kk")
    return {
        "course": progressing.pk,
        "open_course": open_course.pk,
        "teachers": [session_cookie(t) for t in teachers[:200]],
        "methodologists": [session_cookie(m) for m in methodologists],
        "enrollers": [session_cookie(t) for t in teachers[200:3200]],
    }


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.load")
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument(
        "--again",
        metavar="FOLDER",
        help="run again on the database and sessions a previous run left in FOLDER",
    )
    parser.add_argument(
        "--pace",
        choices=["teacher", "stress"],
        default="teacher",
        help="a teacher's pace (judged), or her requests back to back (reported)",
    )
    args = parser.parse_args()
    redis_url = os.environ.get("LOAD_REDIS_URL", "redis://127.0.0.1:6379/4")
    url = os.environ.get("LOAD_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/ortaq_load")
    if args.again:
        folder = Path(args.again)
        for name, value in (("DATABASE_URL", url), ("REDIS_URL", redis_url)):
            os.environ[name] = value
        os.environ.setdefault("ORTAQ_SECRET_KEY", "benchmark-only-secret-key-" + "x" * 30)
        os.environ.setdefault("ORTAQ_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
        os.environ.setdefault("EMAIL_URL", "dummymail://")
        plan = json.loads((folder / "sessions.json").read_text())
    else:
        os.environ.setdefault("BENCH_REDIS_URL", redis_url)
        from bench.__main__ import prepare_database

        prepare_database(url)
        plan = build()
        # The build's own background work (the 11,000 imported teachers' invitations) is not
        # part of the measured minute.
        from django_tasks_db.models import DBTaskResult

        DBTaskResult.objects.all().delete()
        folder = Path(tempfile.mkdtemp(prefix="ortaq-load-"))
        (folder / "sessions.json").write_text(json.dumps(plan))
        print(f"sessions in {folder} (--again {folder} runs the test again on them)")
    from bench.page import free_port

    port = free_port()
    env = {
        **os.environ,
        "ORTAQ_SSL_REDIRECT": "false",
        "ORTAQ_ACCESS_LOG": "/dev/null",
        "ORTAQ_LOG_LEVEL": "WARNING",
        "ORTAQ_LOAD_SESSIONS": str(folder / "sessions.json"),
        "ORTAQ_LOAD_PACE": args.pace,
        "ORTAQ_TASKS": "rq",
        "ORTAQ_RQ_URL": redis_url,
    }
    python = sys.executable
    subprocess.run([python, "-m", "ortaq.cli", "compress-static"], env=env, cwd=ROOT, check=True)
    server = subprocess.Popen(
        [python, "-m", "ortaq.cli", "serve", "--port", str(port)], env=env, cwd=ROOT
    )
    workers = [
        subprocess.Popen([python, "-m", "ortaq.cli", "worker"], env=env, cwd=ROOT) for _ in range(2)
    ]
    try:
        for _ in range(400):
            done = subprocess.run(
                [
                    "curl",
                    "-s",
                    "-o",
                    "/dev/null",
                    "-w",
                    "%{http_code}",
                    f"http://127.0.0.1:{port}/healthz",
                ],
                capture_output=True,
                text=True,
            )
            if done.stdout == "200":
                break
            time.sleep(0.3)
        # A worker's first answers import and compile what the later ones reuse (seconds on
        # a busy machine): warm every worker up first, as a running site is.
        base = f"http://127.0.0.1:{port}/kk/courses/"
        teacher, methodologist = plan["teachers"][-1], plan["methodologists"][-1]
        for path, cookie in (
            ("", ""),
            (f"{plan['course']}/", teacher),
            (f"{plan['course']}/report/", methodologist),
        ):
            warm = [
                subprocess.Popen(
                    ["curl", "-s", "-o", "/dev/null", "-H", f"Cookie: {cookie}", base + path]
                )
                for _ in range(12)
            ]
            for process in warm:
                process.wait()
        users = 200 + 20 + 10
        # They arrive over RAMP seconds (not all in the same instant, each with a cold session,
        # user and page); the figures count from when the last has arrived (--reset-stats).
        subprocess.run(
            [
                python,
                "-m",
                "locust",
                "-f",
                str(ROOT / "bench" / "locustfile.py"),
                "--headless",
                "--users",
                str(users),
                "--spawn-rate",
                f"{users / RAMP:.1f}",
                "--reset-stats",
                "--run-time",
                f"{args.seconds + RAMP}s",
                "--host",
                f"http://127.0.0.1:{port}",
                "--csv",
                str(folder / "load"),
                "--csv-full-history",
                "--only-summary",
                "--loglevel",
                "WARNING",
            ],
            env=env,
            cwd=ROOT,
        )
    finally:
        for process in (server, *workers):
            process.terminate()
        for process in (server, *workers):
            try:
                process.wait(timeout=60)  # gunicorn lets its answers finish first
            except subprocess.TimeoutExpired:
                process.kill()
    return report(folder / "load_stats.csv", judged=args.pace == "teacher")


def report(stats: Path, *, judged: bool = True) -> int:
    """Judge Locust's figures: every kind of request without failure and with p95 in budget
    (with ``judged`` false, only without failure)."""
    failed = False
    print()
    print(f"{'request':<28} {'count':>7} {'failed':>6} {'median':>7} {'p95':>7} {'req/s':>6}")
    with stats.open() as source:
        for row in csv.DictReader(source):
            p95 = float(row["95%"] or 0)
            failures = int(row["Failure Count"])
            one_kind = row["Name"] != "Aggregated"
            bad = one_kind and (failures > 0 or (judged and p95 > P95_MS))
            failed |= bad
            print(
                f"{row['Name']:<28} {int(row['Request Count']):>7} {failures:>6} "
                f"{float(row['Median Response Time']):>5.0f}ms {p95:>5.0f}ms "
                f"{float(row['Requests/s']):>6.1f}{'  OVER BUDGET' if bad else ''}"
            )
    if judged:
        print(f"budget: no failure, p95 under {P95_MS:.0f} ms for every request")
    else:
        print("budget: no failure (the stress pace's latencies are reported, not judged)")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
