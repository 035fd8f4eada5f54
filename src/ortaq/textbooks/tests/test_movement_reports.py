"""The programme's report: its figures on generated data, who reads it, CSV and XLSX."""

import io
from datetime import timedelta

import openpyxl
import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from ortaq.accounts.services import role_grant
from ortaq.core.models import Subject
from ortaq.core.roles import Role
from ortaq.library.choices import Kind, Status
from ortaq.library.models import Resource, ResourceGroup, Version
from ortaq.schools.models import Region, School
from ortaq.testing.factories import make_school, make_user
from ortaq.testing.http import signed_in
from ortaq.testing.movements import move_entry, move_movement, move_staff, move_team
from ortaq.testing.refusals import assert_refused
from ortaq.textbooks import reports
from ortaq.textbooks.choices import EntryStatus, ExerciseKind, StaffRole
from ortaq.textbooks.models import (
    ClassSession,
    Exercise,
    Lesson,
    Tally,
    Textbook,
    TextbookGroup,
    Unit,
)

pytestmark = pytest.mark.django_db


def lesson_with(unit: Unit, position: int, statuses: list[str], school: School) -> Lesson:
    """A lesson whose content has versions of ``statuses`` (the last is the latest)."""
    if not statuses:
        return Lesson.objects.create(unit=unit, position=position, title=f"Сабақ {position}")
    resource = Resource.objects.create(
        group=ResourceGroup.objects.create(),
        language="kk",
        kind=Kind.TEXTBOOK,
        subject=Subject.objects.order_by("pk")[0],
        school=school,
    )
    for number, status in enumerate(statuses, start=1):
        version = Version.objects.create(
            resource=resource, number=number, status=status, title=f"Сабақ {position}"
        )
        if status == Status.PUBLISHED:
            resource.current = version
            resource.save(update_fields=["current"])
    return Lesson.objects.create(
        unit=unit, position=position, title=f"Сабақ {position}", resource=resource
    )


@pytest.fixture
def world() -> dict[str, object]:
    textbook = Textbook.objects.create(
        group=TextbookGroup.objects.create(),
        slug="dialog-5",
        language="kk",
        title="Мәдениеттер диалогы, 5-сынып",
        grade_from=5,
        grade_to=5,
    )
    unit = Unit.objects.create(textbook=textbook, position=1, title="Отбасы")
    writer_school = make_school(name_kk="Жазушы мектеп")
    lessons = [
        lesson_with(unit, 1, [], writer_school),
        lesson_with(unit, 2, [Status.DRAFT], writer_school),
        lesson_with(unit, 3, [Status.IN_REVIEW], writer_school),
        lesson_with(unit, 4, [Status.CHANGES], writer_school),
        lesson_with(unit, 5, [Status.PUBLISHED], writer_school),
        lesson_with(unit, 6, [Status.PUBLISHED, Status.DRAFT], writer_school),
    ]
    teacher = make_user()
    published = lessons[4]
    assert published.resource is not None and published.resource.current is not None
    exercise = Exercise.objects.create(
        version=published.resource.current, position=1, kind=ExerciseKind.SHORT, prompt="?"
    )
    for code, answered, right in (("AAAAA2", 20, 15), ("AAAAA3", 10, 3)):
        session = ClassSession.objects.create(
            lesson=published,
            version=published.resource.current,
            teacher=teacher,
            code=code,
            closes_at=timezone.now() + timedelta(hours=1),
        )
        Tally.objects.create(session=session, exercise=exercise, answered=answered, right=right)
    movement = move_movement()
    almaty = move_team(movement, school=make_school(region=Region.objects.get(code="KZ-19")))
    atyrau = move_team(movement, school=make_school(region=Region.objects.get(code="KZ-23")))
    move_entry(almaty, status=EntryStatus.ACCEPTED)
    move_entry(almaty, status=EntryStatus.SUBMITTED)
    move_entry(atyrau, status=EntryStatus.CHANGES)
    return {"movement": movement, "teacher": teacher, "textbook": textbook}


def test_the_figures(world: dict[str, object], django_assert_max_num_queries: object) -> None:
    reader = make_user()
    with django_assert_max_num_queries(9), translation.override("kk"):  # type: ignore[operator]
        found = reports.report(user=reader)
    (row,) = found.textbooks
    assert row.states == {"none": 1, "draft": 1, "review": 1, "changes": 1, "published": 2}
    (school,) = found.schools
    assert (school.name, school.lessons, school.published) == ("Жазушы мектеп", 5, 2)
    (practice,) = found.practice
    assert (practice.sessions, practice.answered, practice.right) == (2, 30, 18)
    assert practice.rate == 60.0
    by_region = {e.region: e.by_status for e in found.entries}
    with translation.override("kk"):
        almaty = Region.objects.get(code="KZ-19").name
    assert found.entry_totals.total == 3
    assert sum(by_region[almaty].values()) == 2


def test_who_reads_it(world: dict[str, object]) -> None:
    with translation.override("kk"):
        page = reverse("textbooks:report")
    assert_refused(Client().get(page), as_="visitor")
    assert signed_in(make_user()).get(page).status_code == 403
    movement = world["movement"]
    assert signed_in(move_staff(movement, StaffRole.MODERATOR)).get(page).status_code == 200  # type: ignore[arg-type]
    methodologist = make_user()
    role_grant(
        actor=None,
        user=methodologist,
        role=Role.COORDINATOR,
        target=Region.objects.get(code="KZ-23"),
    )
    with translation.override("kk"):
        response = signed_in(methodologist).get(page)
    assert response.status_code == 200
    assert "Мәдениеттер диалогы, 5-сынып" in response.content.decode()


def test_csv_and_xlsx(world: dict[str, object]) -> None:
    movement = world["movement"]
    client = signed_in(move_staff(movement))  # type: ignore[arg-type]
    with translation.override("kk"):
        page = reverse("textbooks:report")
        csv = client.get(page, {"format": "csv"})
        xlsx = client.get(page, {"format": "xlsx"})
    text = b"".join(csv.streaming_content).decode("utf-8-sig")  # type: ignore[attr-defined]
    assert "Мәдениеттер диалогы, 5-сынып" in text
    assert timezone.localdate().strftime("%d.%m.%Y") in text
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx.content)).active
    assert sheet is not None
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    textbook_row = next(r for r in rows if r[0] == "Мәдениеттер диалогы, 5-сынып")
    assert textbook_row[1:7] == [1, 1, 1, 1, 2, 6]
    practice_row = next(r for r in rows if r[0] == "Сабақ 5")
    assert list(practice_row[2:6]) == [2, 30, 18, 60]
