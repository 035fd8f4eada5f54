"""A Lesson Study cycle's pages with many observation notes, and its report's PDF (issue 12).

One group, one cycle of four case pupils and a plan of eight stages, observed by six colleagues
who wrote 576 notes (three a cell each, as a busy observer does), each case pupil interviewed
by two of them. Measured for the facilitator, in process (Django's test client, production
settings): the cycle page and the discussion page (median of 30 views) and their SQL queries,
which the tests hold fixed whatever the number of notes; then the published report's PDF, drawn
as the background task draws it.

    .venv/bin/python -m bench --only lessonstudy_pages   # BENCH_DATABASE_URL as make bench

Budgets: each page under 300 ms (a phone on a school's connection waits for the network more
than for the server), the PDF under 10 s.
"""

import os
import sys
import time
from datetime import UTC, date, datetime, timedelta
from typing import Any

from bench.courses import median_ms, result

PUPILS = 4
STAGES = 8
OBSERVERS = 6
NOTES_PER_CELL = 3
BUDGETS = {"page_ms": 300.0, "pdf_s": 10.0}


def prepare() -> tuple[Any, Any]:
    """The group, its cycle observed and discussed, through the services (the notes in bulk,
    as the observation part stores a batch)."""
    from ortaq.accounts.models import User
    from ortaq.communities.services.circles import invitation_answer, members_invite_emails
    from ortaq.lessonstudy.models import Note
    from ortaq.lessonstudy.services import cycles as services
    from ortaq.networks.choices import Steward
    from ortaq.networks.models import Appointment, Association, MemberSchool
    from ortaq.schools.models import Region, School

    region = Region.objects.order_by("pk").first()
    assert region is not None  # noqa: S101 - the migrations load the regions
    schools = [
        School.objects.create(name_kk=f"№{n} мектеп", name_ru=f"Школа №{n}", region=region)
        for n in (1, 2)
    ]
    people = [
        User.objects.create_user(email=f"ls{n}@bench.ortaq.kz", first_name="Айгерім",
                                 last_name=f"Мұғалім{n}")
        for n in range(OBSERVERS + 2)
    ]  # fmt: skip
    coordinator, facilitator, *observers = people
    association = Association.objects.create(slug="bench-ls", name_kk="Қауымдастық", region=region)
    Appointment.objects.create(association=association, user=coordinator, role=Steward.COORDINATOR)
    for school in schools:
        MemberSchool.objects.create(association=association, school=school)
    group = services.group_create(
        actor=coordinator,
        association=association,
        data=services.GroupFields(name="Топ", purpose="", language="kk", schools=schools),
        facilitator=facilitator,
    )
    members_invite_emails(
        actor=facilitator, circle=group.circle, emails=[p.email for p in observers]
    )
    for person in observers:
        invitation_answer(actor=person, circle=group.circle, accept=True)
    cycle = services.cycle_create(actor=facilitator, group=group, title="Жұппен сөйлеу")
    services.focus_save(
        actor=facilitator,
        cycle=cycle,
        data=services.FocusFields(
            subject=None, grades=[5], objectives=["5.1.2.1"], approach="жұппен сөйлеу",
            learning="ауызша түсіндіру", learners="сирек сөйлейтін оқушылар",
        ),
    )  # fmt: skip
    pupils = services.case_pupils_save(
        actor=facilitator,
        cycle=cycle,
        pupils=[
            services.PupilFields(code, ("higher", "middle", "lower", "lower")[n], "Себебі бар")
            for n, code in enumerate("ABCD"[:PUPILS])
        ],
    )
    lesson = cycle.lessons.get(number=1)
    services.plan_save(
        actor=facilitator,
        lesson=lesson,
        stages=[
            services.StageFields(
                pk=None, position=n, title=f"Кезең {n}", minutes=5, teacher_activity="Түсіндіреді",
                predictions={p.pk: "Жұбына түсіндіреді деп болжаймыз." for p in pupils},
            )
            for n in range(1, STAGES + 1)
        ],
    )  # fmt: skip
    start = datetime(2026, 11, 20, 4, 30, tzinfo=UTC)
    Note.objects.bulk_create(
        Note(lesson=lesson, stage=stage, pupil=pupil, observer=observer,
             text="Серігін тыңдап, бір дәлел қосты; үлгі сөйлемді пайдаланды.",
             written_at=start + timedelta(minutes=n))
        for stage in lesson.stages.all()
        for pupil in pupils
        for observer in observers
        for n in range(NOTES_PER_CELL)
    )  # fmt: skip
    for pupil in pupils:
        for observer in observers[:2]:
            services.interview_add(actor=observer, lesson=lesson, pupil=pupil, text="Оңай болды.")
    services.discussion_save(
        actor=facilitator,
        lesson=lesson,
        data=services.DiscussionFields(
            held_on=date(2026, 11, 20), teaching="Қысқа нұсқаулар.",
            findings="Үлгі сөйлемдер көмектесті.", changes="Рөлдер беру.",
        ),
    )  # fmt: skip
    return facilitator, cycle


def run() -> list[dict[str, Any]]:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from ortaq.lessonstudy.models import Note
    from ortaq.lessonstudy.services import cycles as services

    facilitator, cycle = prepare()
    notes = Note.objects.filter(lesson__cycle=cycle).count()
    client = Client()
    client.force_login(facilitator)
    results = []
    for name, url in (
        ("cycle page", f"/kk/lesson-study/cycles/{cycle.pk}/"),
        ("discussion page", f"/kk/lesson-study/cycles/{cycle.pk}/lessons/1/discussion/"),
    ):
        ms, size = median_ms(client, url, repeat=30)
        with CaptureQueriesContext(connection) as queries:
            client.get(url)
        results.append(result(f"lesson study: {name}, {notes} notes", ms, "ms", BUDGETS["page_ms"]))
        results.append(result(f"lesson study: {name}, SQL queries", len(queries), "q", None))
        results.append(result(f"lesson study: {name}, HTML", size / 1024, "KB", None))
    report = services.report_draft(actor=facilitator, cycle=cycle, language="kk")
    started = time.perf_counter()
    services.report_publish(actor=facilitator, report=report)  # the PDF: below, as the task does
    services.report_render(report=report)
    results.append(
        result("lesson study: publish the report and draw its PDF",
               time.perf_counter() - started, "s", BUDGETS["pdf_s"])
    )  # fmt: skip
    return results


def main() -> int:
    from bench.__main__ import DEFAULT_URL, prepare_database, report

    prepare_database(os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL))
    return report(run(), "lessonstudy.json")


if __name__ == "__main__":
    sys.exit(main())
