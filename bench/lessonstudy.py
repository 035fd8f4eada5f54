"""Send 500 observation notes in one batch through the API, as an observer's phone does when
its connection returns; then the same batch again (every note already stored).

Budget (issue 12): the batch stored in under 1 second on this 2-core machine with PostgreSQL,
measured from the request to the answer (authentication, the checks of every note, the
insert), in process with Django's test client and an API token.
"""

import datetime
import json
import time
import uuid
from typing import Any

NOTES = 500
BUDGET_SECONDS = 1.0


def prepare() -> tuple[Any, int, list[int], list[int]]:
    """An association's group with an observer, a cycle with three case pupils and a lesson
    with five stages; her API token's raw value, the lesson and the pupils' and stages' ids."""
    from django.utils import timezone

    from ortaq.accounts.models import User
    from ortaq.accounts.services import api_token_create
    from ortaq.communities.choices import CircleKind, MemberRole, MembershipStatus
    from ortaq.communities.models import Circle, Membership
    from ortaq.lessonstudy.models import CasePupil, Cycle, Group, PlanStage, ResearchLesson
    from ortaq.networks.models import Association
    from ortaq.schools.models import Region

    region = Region.objects.get(code="KZ-19")
    observer = User.objects.create(email="observer@bench.ortaq.kz", first_name="Айгүл")
    association = Association.objects.create(slug="bench-lesson-study", region=region, name_kk="Б")
    circle = Circle.objects.create(name="Lesson Study", kind=CircleKind.NETWORK, region=region)
    Membership.objects.create(
        circle=circle,
        user=observer,
        role=MemberRole.MEMBER,
        status=MembershipStatus.ACTIVE,
        joined_at=timezone.now(),
    )
    group = Group.objects.create(circle=circle, association=association)
    cycle = Cycle.objects.create(group=group, title="Мәтінді түсініп оқу")
    pupils = [
        CasePupil.objects.create(cycle=cycle, code=c, band="middle", reason="—") for c in "ABC"
    ]
    lesson = ResearchLesson.objects.create(cycle=cycle, number=1, taught_on=timezone.localdate())
    stages = [
        PlanStage.objects.create(lesson=lesson, position=n, title=f"{n}-кезең") for n in range(1, 6)
    ]
    _token, raw = api_token_create(actor=observer, name="bench")
    return raw, lesson.pk, [p.pk for p in pupils], [s.pk for s in stages]


def run() -> list[dict[str, Any]]:
    from django.test import Client
    from django.utils import timezone

    from ortaq.lessonstudy.models import Note

    raw, lesson_id, pupils, stages = prepare()
    now = timezone.now()
    batch = {
        "notes": [
            {
                "client_id": str(uuid.uuid4()),
                "pupil_id": pupils[n % len(pupils)],
                "stage_id": stages[n * len(stages) // NOTES],
                "text": f"{n + 1}-жазба: оқушы жұбына мәтіннің негізгі ойын түсіндірді.",
                "written_at": (now - datetime.timedelta(seconds=5 * (NOTES - n))).isoformat(),
            }
            for n in range(NOTES)
        ]
    }
    body = json.dumps(batch)
    url = f"/api/v1/lesson-study/lessons/{lesson_id}/notes"
    client = Client()
    headers = {"authorization": f"Bearer {raw}", "accept-encoding": "identity"}

    def send() -> tuple[float, dict[str, Any]]:
        started = time.perf_counter()
        response = client.post(url, body, content_type="application/json", headers=headers)
        seconds = time.perf_counter() - started
        assert response.status_code == 200, response.content  # noqa: S101
        return seconds, response.json()

    # A server that has answered before: its URLs, the API's schemas and the translations are
    # loaded: the first request of a fresh process took 1.2 s, most of it loading them.
    client.get(f"/api/v1/lesson-study/lessons/{lesson_id}/notes", headers=headers)
    first, answer = send()
    assert len(answer["created"]) == NOTES, answer  # noqa: S101
    again, answer = send()
    assert len(answer["existing"]) == NOTES, answer  # noqa: S101
    assert Note.objects.filter(lesson_id=lesson_id).count() == NOTES  # noqa: S101
    print(f"{NOTES} observation notes in one batch: {first:.3f} s; sent again: {again:.3f} s")
    return [
        {
            "name": f"{NOTES} observation notes, one batch",
            "value": first,
            "unit": "s",
            "budget": BUDGET_SECONDS,
        },
        {
            "name": f"the same {NOTES} notes sent again",
            "value": again,
            "unit": "s",
            "budget": BUDGET_SECONDS,
        },
    ]
