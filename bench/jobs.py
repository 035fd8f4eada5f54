"""Bulk enrolment by criteria as a background job (issue 10), on PostgreSQL.

Makes N teachers (20,000 by default; 300,000 with ``BENCH_NATIONAL=1``) in the schools of the
country, then enrols every teacher of the country into a course by criteria, as the worker
does it: the job is queued as the page queues it, and run in a process of its own while this
process reads the job's page (as the person's browser does every 2 s), so that the page is seen
answering and showing progress throughout. Budget: 300,000 teachers in under 60 s (the issue's);
the smaller run in under 10 s.

    BENCH_NATIONAL=1 .venv/bin/python -m bench --only jobs
"""

import os
import re
import statistics
import subprocess
import sys
import time
from typing import Any

from django.db import connection, transaction
from django.test import Client

NATIONAL = bool(os.environ.get("BENCH_NATIONAL"))
TEACHERS = 300_000 if NATIONAL else 20_000
BUDGET_SECONDS = 60.0 if NATIONAL else 10.0
BATCH = 10_000
RUN_JOB = (
    "import django; django.setup(); from ortaq.core.jobs import job_run; job_run(job_id=%(job_id)s)"
)


def make_schools() -> list[int]:
    """The country's schools, imported as the imports benchmark does unless they are there."""
    from ortaq.schools.models import Region, School

    if School.objects.count() < 1000:
        from bench.imports import SCHOOLS, numbers, schools_csv
        from ortaq.schools.services import schools_import

        regions = list(Region.objects.values_list("code", flat=True))
        schools_import(actor=None, data=schools_csv(regions, numbers("05044", SCHOOLS)))
    return list(School.objects.order_by("pk").values_list("pk", flat=True))


def make_teachers(count: int, schools: list[int]) -> None:
    """``count`` teachers with a profile at a school and the teacher role there, written in
    batches as set-up (not a user's write path: the imports benchmark measures that)."""
    from ortaq.accounts.models import Profile, RoleAssignment, User
    from ortaq.core.roles import Role, ScopeKind

    started = time.perf_counter()
    for start in range(0, count, BATCH):
        numbers = range(start, min(start + BATCH, count))
        with transaction.atomic():
            users = User.objects.bulk_create(
                [
                    User(
                        email=f"national{n}@bench.ortaq.kz",
                        last_name="Сейітова",
                        first_name="Айгерім",
                        password="!",  # noqa: S106 - no password: an unusable one
                    )
                    for n in numbers
                ]
            )
            Profile.objects.bulk_create(
                [
                    Profile(user_id=user.pk, school_id=schools[n % len(schools)])
                    for n, user in zip(numbers, users, strict=True)
                ]
            )
            RoleAssignment.objects.bulk_create(
                [
                    RoleAssignment(
                        user_id=user.pk,
                        role=Role.TEACHER,
                        scope_kind=ScopeKind.SCHOOL,
                        school_id=schools[n % len(schools)],
                    )
                    for n, user in zip(numbers, users, strict=True)
                ]
            )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    print(f"set-up: {count:,} teachers in {time.perf_counter() - started:.1f} s")


def run() -> list[dict[str, Any]]:
    from bench.courses import build_course
    from ortaq.accounts.models import User
    from ortaq.accounts.services import role_grant
    from ortaq.core.models import JobState
    from ortaq.core.roles import Role
    from ortaq.courses.models import Enrollment
    from ortaq.courses.services import enrol_by_criteria_start
    from ortaq.courses.services.enrolment import Criteria
    from ortaq.testing.factories import make_user

    schools = make_schools()
    make_teachers(TEACHERS, schools)
    admin = make_user(email="jobs-admin@bench.ortaq.kz")
    role_grant(actor=None, user=admin, role=Role.ADMIN, target=None)
    trainer = make_user(email="jobs-trainer@bench.ortaq.kz")
    role_grant(actor=None, user=trainer, role=Role.TRAINER, target=None)
    course = build_course(trainer, modules=2, per_module=4, title="Ұлттық курс")
    wanted = User.objects.filter(role_assignments__role=Role.TEACHER, is_active=True).count()

    with transaction.atomic():
        job = enrol_by_criteria_start(
            actor=admin, course=course, cohort=None, criteria=Criteria(role=Role.TEACHER)
        )
    client = Client()
    client.force_login(admin)
    page = f"/en/jobs/{job.pk}/"

    client.get(page)  # the page's first rendering (templates, translations) is not counted
    # The job runs in a process of its own, as in ``ortaq worker``.
    worker = subprocess.Popen(
        [sys.executable, "-c", RUN_JOB % {"job_id": job.pk}], env={**os.environ}
    )
    started = time.perf_counter()
    page_ms: list[float] = []
    seen: list[str] = []
    while worker.poll() is None:
        asked = time.perf_counter()
        response = client.get(page)
        page_ms.append((time.perf_counter() - asked) * 1000)
        assert response.status_code == 200, response.status_code
        html = response.content.decode()
        found = re.search(r'<progress id="job-progress" max="100" value="(\d+)"', html)
        seen.append(f"{found.group(1)}%" if found else "done")
        time.sleep(0.5)
    seconds = time.perf_counter() - started
    assert worker.returncode == 0, worker.returncode
    job.refresh_from_db()
    assert job.state == JobState.SUCCEEDED, (job.state, job.message)
    enrolled = Enrollment.objects.filter(course=course).count()
    assert job.summary["enrolled"] == enrolled == wanted, (job.summary, enrolled, wanted)
    distinct = list(dict.fromkeys(seen))
    print(f"enrol {enrolled:,} teachers by criteria (job): {seconds:.1f} s")
    print(
        f"  the job's page: {len(page_ms)} reads, median {statistics.median(page_ms or [0]):.0f}"
        f" ms, slowest {max(page_ms or [0]):.0f} ms; progress shown: {', '.join(distinct[:12])}"
    )
    return [
        {
            "name": f"enrol {TEACHERS:,} teachers by criteria (job)",
            "value": seconds,
            "unit": "s",
            "budget": BUDGET_SECONDS,
        },
        {
            "name": "  its page, slowest read while it ran",
            "value": max(page_ms or [0]),
            "unit": "ms",
            "budget": None,
        },
    ]
