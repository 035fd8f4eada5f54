"""Courses at national scale (issue 3), on PostgreSQL, after ``bench.imports`` has loaded 10,000
schools and 11,000 teachers:

- bulk enrolment of the 11,000 teachers into a 40-activity course (budget 20 s);
- with them enrolled and progressing: the course page for a teacher and the report page for a
  regional methodologist, median of repeated requests (budget 100 ms each);
- an offline pack of the 40-activity course without videos (budget 10 s);
- the course page of a course shaped like Moodle's small test course (11 modules, 64 activities)
  under ``ortaq serve`` against a bare Django view behind the same server (``bench.page``);
- certificates for 11,000 completions, rendered by two ``ortaq worker`` processes (budget 15 min).
"""

import os
import random
import statistics
import subprocess
import sys
import time
from typing import Any

from django.db import transaction
from django.test import Client
from django.utils import timezone

BUDGETS = {
    "enrol": 20.0,
    "page_ms": 100.0,
    "pack": 10.0,
    "certificates_min": 15.0,
}
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


def settle() -> None:
    """Let the database finish with the bulk set-up before a throughput is measured: vacuum and
    analyse what it wrote (else autovacuum does it during the measurement, on the same two
    cores) and write its dirty pages out (else the checkpoint does, stalling answers)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("VACUUM (ANALYZE)")
        cursor.execute("CHECKPOINT")


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


def page_benchmark(trainer: Any, national: Any) -> list[dict[str, Any]]:
    """The course page shaped like Moodle's small test course (11 modules, 64 activities), with
    every imported teacher enrolled and none of them having opened it yet (``bench.page``)."""
    from bench import page
    from ortaq.accounts.models import User
    from ortaq.courses.models import Activity
    from ortaq.courses.services import Criteria, enrol_by_criteria
    from ortaq.courses.services.authoring import content_changed

    moodle_shaped = build_course(
        trainer, modules=11, per_module=6, title="Moodle-shaped: 11 modules, 64 activities"
    )
    extra = list(Activity.objects.filter(module__course=moodle_shaped).order_by("-pk")[:2])
    for activity in extra:  # 66 - 2 = 64 activities, as in Moodle's small test course
        activity.delete()
    content_changed(moodle_shaped)
    enrol_by_criteria(actor=national, course=moodle_shaped, cohort=None, criteria=Criteria())
    more_readers(moodle_shaped, page.READERS)
    settle()
    readers = list(
        User.objects.filter(enrollments__course=moodle_shaped).order_by("pk").only("pk", "password")
    )
    # She reads in the page's language (a first view in another would also save her choice).
    User.objects.filter(pk__in=[r.pk for r in readers]).update(language="kk")
    return page.run(moodle_shaped, readers)


def more_readers(course: Any, wanted: int) -> None:
    """Enrol more teachers in ``course`` until it has ``wanted``, written in bulk: each round of
    genuine first views needs teachers no earlier round used (``bench.page``)."""
    from django.contrib.auth.hashers import make_password

    from ortaq.accounts.models import User
    from ortaq.courses.models import Enrollment

    missing = wanted - Enrollment.objects.filter(course=course).count()
    if missing <= 0:
        return
    password = make_password(None)  # no one signs in with it: the benchmark makes sessions
    first = User.objects.filter(email__startswith="reader-").count()
    made = User.objects.bulk_create(
        User(email=f"reader-{n}@bench.ortaq.kz", password=password, language="kk")
        for n in range(first, first + missing)
    )
    Enrollment.objects.bulk_create(Enrollment(user=user, course=course) for user in made)


def page_only() -> list[dict[str, Any]]:
    """``--only page``: the course page after the imports, without the other figures."""
    from ortaq.accounts.services import role_grant, user_create
    from ortaq.core.roles import Role

    trainer = user_create(email="trainer@bench.ortaq.kz", password=None, verified=True)
    role_grant(actor=None, user=trainer, role=Role.TRAINER)
    national = user_create(email="national@bench.ortaq.kz", password=None, verified=True)
    role_grant(actor=None, user=national, role=Role.COORDINATOR)
    return page_benchmark(trainer, national)


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

    results += page_benchmark(trainer, national)

    if quick:
        print("quick run: certificates not rendered")
    else:
        results += certificates(course)
    return results
