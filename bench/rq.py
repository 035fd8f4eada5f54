"""Certificates and e-mails for 11,000 teachers through two RQ workers (``ORTAQ_TASKS=rq``),
after ``bench.imports`` has loaded 10,000 schools and 11,000 teachers:

- the import queues the 11,000 invitations in Redis (tasks of 500 e-mails each);
- every teacher completes a course: the completion queues, in Redis, her certificate (drawn as a
  PDF, then an e-mail saying it is ready) and the e-mail saying she completed;
- two ``ortaq worker --burst`` processes (RQ workers) take it all and stop when nothing is
  left. Budget: 15 minutes, as for the database backend's workers (``bench.courses``).

    make bench BENCH_ONLY=rq          # or: .venv/bin/python -m bench --only rq
"""

import os
import subprocess
import sys
import time
from typing import Any

from django.db import transaction
from django.utils import timezone

from bench.courses import analyse, build_course, result

BUDGET_MIN = 15.0


def _counts() -> dict[str, dict[str, int]]:
    """Per queue: tasks waiting and failed (finished tasks leave RQ's registry after 500 s, so
    what ran is what was waiting before less what waits after)."""
    import django_rq
    from rq.registry import FailedJobRegistry

    from ortaq.core.rqworker import JOB_CLASS, queue_names

    counts = {}
    for name in queue_names():
        queue = django_rq.get_queue(name, job_class=JOB_CLASS)
        counts[name] = {
            "waiting": queue.count,
            "failed": FailedJobRegistry(queue=queue).count,
        }
    return counts


def run() -> list[dict[str, Any]]:
    from django.conf import settings

    from ortaq.accounts.services import role_grant, user_create
    from ortaq.certificates.models import Certificate
    from ortaq.core.roles import Role
    from ortaq.courses.models import Activity, ActivityCompletion, Enrollment
    from ortaq.courses.services import Criteria, enrol_by_criteria
    from ortaq.courses.services.progress import evaluate_completion

    assert settings.TASKS["default"]["BACKEND"] == "django_tasks_rq.RQBackend"
    trainer = user_create(email="trainer@bench.ortaq.kz", password=None, verified=True)
    role_grant(actor=None, user=trainer, role=Role.TRAINER)
    national = user_create(email="national@bench.ortaq.kz", password=None, verified=True)
    role_grant(actor=None, user=national, role=Role.COORDINATOR)
    course = build_course(trainer, modules=2, per_module=4, title="Инклюзивті білім беру")
    enrolled = enrol_by_criteria(actor=national, course=course, cohort=None, criteria=Criteria())
    print(f"{enrolled.enrolled:,} teachers enrolled")

    activities = list(Activity.objects.filter(module__course=course, required=True))
    enrollments = list(Enrollment.objects.filter(course=course).select_related("course", "user"))
    now = timezone.now()
    ActivityCompletion.objects.bulk_create(
        [ActivityCompletion(enrollment=e, activity=a, completed_at=now)
         for e in enrollments for a in activities],
        batch_size=5000,
    )  # fmt: skip
    started = time.perf_counter()
    for enrollment in enrollments:
        with transaction.atomic():
            evaluate_completion(enrollment)
    completing = time.perf_counter() - started
    analyse()
    before = _counts()
    print(f"{len(enrollments):,} completions recorded in {completing:.1f} s; queued in Redis:")
    for name, count in before.items():
        print(f"  {name}: {count['waiting']:,} tasks")

    env = {**os.environ, "ORTAQ_LOG_LEVEL": "WARNING"}
    started = time.perf_counter()
    workers = [
        subprocess.Popen(
            [sys.executable, "-m", "ortaq.cli", "worker", "--burst"],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for _ in range(2)
    ]
    for worker in workers:
        worker.wait()
    working = time.perf_counter() - started
    after = _counts()
    made = Certificate.objects.exclude(pdf="").count()
    done = {name: before[name]["waiting"] - count["waiting"] for name, count in after.items()}
    print(
        f"two RQ workers: {made:,} certificate PDFs and their e-mails, the invitations and the "
        f"completion e-mails in {working / 60:.1f} min; tasks run per queue: {done}"
    )
    assert made == len(enrollments), made
    by_queue = ", ".join(f"{name} {n:,}" for name, n in done.items())
    assert all(count["failed"] == 0 for count in after.values()), after
    assert all(count["waiting"] == 0 for count in after.values()), after
    return [
        result(
            f"certificates and e-mails for {len(enrollments):,} teachers, two RQ workers",
            working / 60,
            "min",
            BUDGET_MIN,
        ),
        result(
            f"  tasks run: {sum(done.values()):,} ({by_queue})",
            sum(done.values()) / working,
            "/s",
            None,
        ),
    ]
