"""The movement in the API: the same permissions as the pages, and a teacher's class sessions
with their totals per task."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from ortaq.testing.factories import make_school, make_user
from ortaq.testing.http import bearer, call
from ortaq.testing.movements import move_entry, move_movement, move_staff, move_teacher, move_team
from ortaq.textbooks.choices import EntryStatus, MovementStatus, StaffRole, TeamStatus
from ortaq.textbooks.models import Entry, Team

pytestmark = pytest.mark.django_db
API = "/api/v1/movements"


def test_a_visitor_lists_movements_but_drafts_and_reads_only_published_accepted_entries() -> None:
    published = move_movement(status=MovementStatus.PUBLISHED)
    draft = move_movement(status=MovementStatus.DRAFT)
    team = move_team(published)
    accepted = move_entry(team, status=EntryStatus.ACCEPTED)
    move_entry(team, status=EntryStatus.DECLINED)
    client = Client()
    slugs = [m["slug"] for m in client.get(API).json()["items"]]
    assert published.slug in slugs and draft.slug not in slugs
    assert client.get(f"{API}/{draft.slug}").status_code == 404
    entries = client.get(f"{API}/{published.slug}/entries").json()["items"]
    assert [e["id"] for e in entries] == [accepted.pk]
    teacher_view = client.get(
        f"{API}/{published.slug}/entries", headers=bearer(move_teacher(team))
    ).json()
    assert teacher_view["count"] == 2


def test_apply_decide_submit_and_moderate() -> None:
    movement = move_movement()
    school = make_school()
    teacher = make_user(profile__school=school)
    client = Client()
    assert (
        client.post(f"{API}/{movement.slug}/teams", {}, content_type="application/json").status_code
        == 401
    )
    applied = call(
        client,
        "post",
        f"{API}/{movement.slug}/teams",
        teacher,
        {"name": "Ақбұлақ", "grades": "5–7", "pupils": 10},
    )
    assert applied.status_code == 201
    team_id = applied.json()["id"]
    decide = f"{API}/{movement.slug}/teams/{team_id}/decision"
    assert call(client, "post", decide, teacher, {"accept": True}).status_code == 403
    moderator = move_staff(movement, StaffRole.MODERATOR)
    assert call(client, "post", decide, moderator, {"accept": True}).json()["status"] == (
        TeamStatus.ACCEPTED
    )
    entry = {
        "title": "Ауыл мақалдары",
        "genre": "proverb",
        "text": "Бірлік бар жерде тірлік бар.",
        "language": "kk",
        "region": school.region.code,
        "district_id": school.district_id,
        "village": "Қаскелең",
        "vouched": False,
    }
    submit = f"{API}/{movement.slug}/teams/{team_id}/entries"
    refused = call(client, "post", submit, teacher, entry)
    assert refused.status_code == 400
    made = call(client, "post", submit, teacher, {**entry, "vouched": True})
    assert made.status_code == 201
    entry_id = made.json()["id"]
    other = move_team(movement)
    assert call(client, "post", submit, move_teacher(other), entry).status_code == 403
    moderate = f"{API}/{movement.slug}/entries/{entry_id}/decision"
    assert call(client, "post", moderate, teacher, {"decision": "accept"}).status_code == 403
    assert (
        call(client, "post", moderate, move_teacher(other), {"decision": "accept"}).status_code
        == 404
    )
    done = call(client, "post", moderate, moderator, {"decision": "changes", "note": "Толығырақ."})
    assert done.json()["status"] == EntryStatus.CHANGES
    assert Entry.objects.get(pk=entry_id).vouched_by == teacher
    assert Team.objects.get(pk=team_id).school == school
    waiting = client.get("/api/v1/me/waiting", headers=bearer(teacher)).json()
    assert [e["entry_id"] for e in waiting["movement_entries_to_change"]] == [entry_id]


def test_her_class_sessions_with_totals_per_task() -> None:
    from ortaq.core.models import Subject
    from ortaq.library.choices import Kind, Status
    from ortaq.library.models import Resource, ResourceGroup, Version
    from ortaq.textbooks.models import (
        ClassSession,
        Exercise,
        Lesson,
        Tally,
        Textbook,
        TextbookGroup,
        Unit,
    )

    textbook = Textbook.objects.create(
        group=TextbookGroup.objects.create(),
        slug="t",
        language="kk",
        title="Оқулық",
        grade_from=5,
        grade_to=5,
    )
    unit = Unit.objects.create(textbook=textbook, position=1, title="Бөлім")
    resource = Resource.objects.create(
        group=ResourceGroup.objects.create(),
        language="kk",
        kind=Kind.TEXTBOOK,
        subject=Subject.objects.order_by("pk")[0],
    )
    version = Version.objects.create(
        resource=resource, number=1, status=Status.PUBLISHED, title="Сабақ"
    )
    lesson = Lesson.objects.create(unit=unit, position=1, title="Сабақ", resource=resource)
    teacher = make_user()
    session = ClassSession.objects.create(
        lesson=lesson,
        version=version,
        teacher=teacher,
        code="ABCDE2",
        closes_at=timezone.now() + timedelta(hours=1),
    )
    for position in (1, 2):
        exercise = Exercise.objects.create(
            version=version, position=position, kind="short", prompt="?"
        )
        Tally.objects.create(session=session, exercise=exercise, answered=10, right=position * 3)
    client = Client()
    mine = client.get("/api/v1/me/class-sessions", headers=bearer(teacher)).json()
    assert [(t["position"], t["answered"], t["right"]) for t in mine[0]["tasks"]] == [
        (1, 10, 3),
        (2, 10, 6),
    ]
    assert (
        client.get(
            f"/api/v1/me/class-sessions/{session.pk}", headers=bearer(make_user())
        ).status_code
        == 404
    )
    assert client.get("/api/v1/me/class-sessions").status_code == 401
