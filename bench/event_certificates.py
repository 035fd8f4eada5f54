"""Certificates for the 632 attendees of one conference (issue 13), as the organiser issues
them once it has ended: ``events.after.certificates_issue`` queues one task, which issues every
certificate owed (role and hours) and queues each PDF; two ``db_worker`` processes (as
``bench.courses`` measures course certificates) run it all and stop when nothing is left.

Budget: all 632 issued and drawn in under 2 minutes, from the organiser's button to the last PDF.

    make bench BENCH_ONLY=event_certificates   # or: python -m bench --only event_certificates
"""

import os
import subprocess
import sys
import time
from datetime import timedelta
from typing import Any

from bench.courses import analyse, result

PEOPLE = 632
BUDGET_MIN = 2.0


def build(slug: str) -> Any:
    """A conference that ended yesterday with 632 people: 22 speakers, 19 poster presenters,
    19 organisers and 572 participants, every one recorded as attending."""
    from django.utils import timezone

    from ortaq.accounts.models import User
    from ortaq.events.models import Attendance, Event, Registration

    organiser = User.objects.create_user(email=f"organiser-{slug}@bench.kz", password=None)
    start = timezone.now() - timedelta(days=1, hours=8)
    event = Event.objects.create(
        slug=slug,
        kind="conference",
        status="published",
        published_at=start - timedelta(days=30),
        title_kk="Lesson Study: өңірлік конференция",
        title_ru="Lesson Study: региональная конференция",
        organiser_kind="person",
        organiser_person=organiser,
        starts_at=start,
        ends_at=start + timedelta(hours=6),
        mode="online",
        online_url="https://meet.example.org/conference",
        languages="kk ru",
        hours=6,
    )
    people = User.objects.bulk_create(
        User(
            email=f"a{n}-{slug}@bench.kz",
            first_name="Мұғалім",
            last_name=f"Қатысушы {n}",
            language="kk" if n % 2 else "ru",
        )
        for n in range(PEOPLE)
    )
    roles = ["speaker"] * 22 + ["poster"] * 19 + ["organiser"] * 19
    roles += ["participant"] * (PEOPLE - len(roles))
    Registration.objects.bulk_create(
        Registration(event=event, user=person, role=role, status="registered")
        for person, role in zip(people, roles, strict=True)
    )
    Attendance.objects.bulk_create(
        Attendance(event=event, user=person, source="import", minutes=300) for person in people
    )
    return event


def run() -> list[dict[str, Any]]:
    from django.db import transaction
    from django_tasks_db.models import DBTaskResult

    from ortaq.certificates.models import Certificate
    from ortaq.events.after import certificates_issue

    event = build("bench-certificates")
    analyse()
    started = time.perf_counter()
    with transaction.atomic():
        certificates_issue(actor=event.organiser_person, event=event)
    queued = DBTaskResult.objects.filter(status="READY").count()
    env = {**os.environ, "ORTAQ_LOG_LEVEL": "WARNING"}
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
    elapsed = time.perf_counter() - started
    issued = Certificate.objects.filter(title__startswith="Lesson Study").count()
    drawn = Certificate.objects.filter(title__startswith="Lesson Study").exclude(pdf="").count()
    print(
        f"{queued} task(s) queued by the organiser; {issued} certificates issued and {drawn} "
        f"drawn by two workers in {elapsed:.1f} s"
    )
    assert issued == drawn == PEOPLE, (issued, drawn)
    return [
        result(
            f"event certificates for {PEOPLE} attendees: issued and drawn",
            elapsed / 60,
            "min",
            BUDGET_MIN,
        )
    ]
