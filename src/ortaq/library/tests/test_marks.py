"""Percentages become marks by the rule in force on the day, at every band edge; a later dated
rule changes marks from its day only; administrators add rules whose bands are checked; a
teacher's mark sheet refuses a wrong cell without saving anything and adds up rows and the
class."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone, translation

from ortaq.accounts.models import User
from ortaq.accounts.services import role_grant
from ortaq.core.errors import DomainError, NotAllowed
from ortaq.core.roles import Role
from ortaq.library import marks
from ortaq.library.choices import Status
from ortaq.library.marks import BandFields, mark_for, percent
from ortaq.library.models import MarkEntry, MarkScale, MarkSheet
from ortaq.testing.factories import make_user
from ortaq.testing.summative import summative_complete, summative_sheet

pytestmark = pytest.mark.django_db

EDGES = [
    ("0", 2),
    ("39", 2),
    ("39.99", 2),
    ("40", 3),
    ("64", 3),
    ("64.99", 3),
    ("65", 4),
    ("84", 4),
    ("84.99", 4),
    ("85", 5),
    ("100", 5),
]
NATIONAL = [BandFields(Decimal(p), m) for p, m in [(0, 2), (40, 3), (65, 4), (85, 5)]]


@pytest.mark.parametrize(("value", "mark"), EDGES)
def test_the_national_bands_at_every_edge(value: str, mark: int) -> None:
    for grade in (2, 5, 11):
        assert mark_for(Decimal(value), grade) == mark


def test_the_first_grade_is_not_marked() -> None:
    assert mark_for(Decimal(90), 1) is None


def test_a_percentage_is_cut_not_rounded_up() -> None:
    assert percent(10, 25) == Decimal("40.00")
    assert percent(3999, 10000) == Decimal("39.99")
    assert percent(19999, 50000) == Decimal("39.99")  # 39.998 % is not yet 40 %
    assert mark_for(percent(19999, 50000), 5) == 2
    assert percent(13, 20) == Decimal("65.00")
    assert mark_for(percent(13, 20), 5) == 4


@pytest.fixture
def admin() -> User:
    person = make_user()
    role_grant(actor=None, user=person, role=Role.ADMIN)
    return person


def test_a_later_dated_rule_changes_marks_from_its_day_only(admin: User) -> None:
    day = date(2027, 9, 1)
    bands = [BandFields(Decimal(p), m) for p, m in [(0, 2), (50, 3), (70, 4), (90, 5)]]
    rule = marks.mark_scale_create(
        actor=admin,
        name="Жаңа ереже",
        grade_from=5,
        grade_to=9,
        effective_from=day,
        bands=bands,
        source="№ 1 бұйрық",
    )
    assert mark_for(Decimal(45), 5, on=day) == 2
    assert mark_for(Decimal("49.99"), 5, on=day) == 2
    assert mark_for(Decimal(50), 5, on=day) == 3
    assert mark_for(Decimal(85), 5, on=day + timedelta(days=30)) == 4
    # The day before, and in grades it does not cover, the earlier rule still applies.
    assert mark_for(Decimal(45), 5, on=day - timedelta(days=1)) == 3
    assert mark_for(Decimal(85), 5, on=day - timedelta(days=1)) == 5
    assert mark_for(Decimal(45), 10, on=day) == 3
    # Sent twice, it is added once.
    again = marks.mark_scale_create(
        actor=admin, name="Жаңа ереже", grade_from=5, grade_to=9, effective_from=day, bands=bands
    )
    assert again.pk == rule.pk
    states = {line.scale.pk: line.state for line in marks.rules_overview(day)}
    assert states[rule.pk] == "in_force"
    national = MarkScale.objects.get(effective_from__isnull=True)
    assert states[national.pk] == "in_force"  # still for grades 2–4 and 10–11
    assert {line.scale.pk: line.state for line in marks.rules_overview(day - timedelta(1))}[
        rule.pk
    ] == "future"


def test_a_sheet_is_marked_by_the_rule_of_the_day_it_was_opened(admin: User) -> None:
    teacher = make_user()
    version = summative_complete(teacher, status=Status.PUBLISHED)
    sheet = summative_sheet(teacher, version, pupils=1)
    MarkSheet.objects.filter(pk=sheet.pk).update(created_at=timezone.now() - timedelta(days=10))
    sheet.refresh_from_db()
    marks.points_enter(actor=teacher, sheet=sheet, cells={(1, 1): 2, (1, 2): 3})  # 50 %
    marks.mark_scale_create(
        actor=admin,
        name="Қатаң ереже",
        grade_from=2,
        grade_to=11,
        effective_from=timezone.localdate() - timedelta(days=1),
        bands=[BandFields(Decimal(p), m) for p, m in [(0, 2), (60, 3), (75, 4), (90, 5)]],
    )
    assert marks.sheet_grid(sheet).rows[0].mark == 3  # the national rule of its day
    fresh = summative_sheet(teacher, version, pupils=1, label="5 Ә")
    marks.points_enter(actor=teacher, sheet=fresh, cells={(1, 1): 2, (1, 2): 3})
    assert marks.sheet_grid(fresh).rows[0].mark == 2


@pytest.mark.parametrize(
    ("bands", "message"),
    [
        ([(10, 2), (50, 3)], "The first band starts at 0 %."),
        (
            [(0, 2), (50, 3), (40, 4)],
            "The band from 40 % must start higher than the band before it.",
        ),
        (
            [(0, 2), (50, 3), (70, 3)],
            "The band from 70 % must give a higher mark than the band before it.",
        ),
        ([], "Give the rule at least one band."),
    ],
)
def test_a_rules_bands_are_checked(admin: User, bands: list[tuple[int, int]], message: str) -> None:
    with translation.override("en"), pytest.raises(DomainError) as refused:
        marks.mark_scale_create(
            actor=admin,
            name="X",
            grade_from=2,
            grade_to=11,
            effective_from=date(2030, 1, 1),
            bands=[BandFields(Decimal(p), m) for p, m in bands],
        )
    assert message in refused.value.message
    assert not MarkScale.objects.filter(name="X").exists()


def test_only_an_administrator_adds_a_rule_and_one_per_day(admin: User) -> None:
    with pytest.raises(NotAllowed):
        marks.mark_scale_create(
            actor=make_user(), name="X", grade_from=2, grade_to=11,
            effective_from=date(2030, 1, 1), bands=NATIONAL,
        )  # fmt: skip
    marks.mark_scale_create(
        actor=admin, name="A", grade_from=2, grade_to=11, effective_from=date(2030, 1, 1),
        bands=NATIONAL,
    )  # fmt: skip
    with pytest.raises(DomainError):
        marks.mark_scale_create(
            actor=admin, name="B", grade_from=5, grade_to=6, effective_from=date(2030, 1, 1),
            bands=NATIONAL,
        )  # fmt: skip


# --- Mark sheets ---------------------------------------------------------------------------


@pytest.fixture
def sheet() -> MarkSheet:
    teacher = make_user()
    version = summative_complete(teacher, status=Status.PUBLISHED)  # tasks of 4 and 6 points
    return summative_sheet(teacher, version, pupils=4)


def test_a_sheet_is_opened_on_a_published_summative_task_once_per_class() -> None:
    teacher = make_user()
    draft = summative_complete(teacher)
    with pytest.raises(DomainError):
        marks.sheet_create(actor=teacher, version=draft, label="5 А", grade=5, pupils=20)
    published = summative_complete(teacher, status=Status.PUBLISHED)
    first = marks.sheet_create(actor=teacher, version=published, label=" 5  А ", grade=5, pupils=20)
    assert first.label == "5 А"
    again = marks.sheet_create(actor=teacher, version=published, label="5 А", grade=5, pupils=20)
    assert again.pk == first.pk
    with pytest.raises(DomainError):
        marks.sheet_create(actor=teacher, version=published, label="5 Б", grade=5, pupils=61)


def test_a_wrong_cell_refuses_the_whole_grid(sheet: MarkSheet) -> None:
    teacher = sheet.owner
    with translation.override("en"), pytest.raises(marks.CellErrors) as refused:
        marks.points_enter(
            actor=teacher,
            sheet=sheet,
            cells={(1, 1): "4", (1, 2): "7", (2, 1): "два", (2, 2): "-1", (5, 1): "1"},
        )
    assert refused.value.errors == {
        (1, 2): "Write from 0 to 6 points.",
        (2, 1): "Write a whole number of points.",
        (2, 2): "Write from 0 to 6 points.",
        (5, 1): "There is no such cell in this sheet.",
    }
    assert not MarkEntry.objects.filter(sheet=sheet).exists()


def test_the_grid_adds_up_rows_and_the_class(sheet: MarkSheet) -> None:
    teacher = sheet.owner
    cells = {(1, 1): "4", (1, 2): "6", (2, 1): "2", (2, 2): "2", (3, 1): "3", (3, 2): ""}
    marks.points_enter(actor=teacher, sheet=sheet, cells=cells)
    marks.points_enter(actor=teacher, sheet=sheet, cells=cells)  # again: nothing changes
    assert MarkEntry.objects.filter(sheet=sheet).count() == 5
    grid = marks.sheet_grid(sheet)
    first, second, third, fourth = grid.rows
    assert (first.total, first.percent, first.mark) == (10, Decimal("100.00"), 5)
    assert (second.total, second.percent, second.mark) == (4, Decimal("40.00"), 3)
    assert (third.total, third.mark, third.entered) == (None, None, 3)  # task 2 not marked yet
    assert fourth.empty
    assert grid.averages == [Decimal("3.0"), Decimal("4.0")]
    assert grid.average_percent == Decimal("70.0")
    assert grid.marks == [(5, 1), (4, 0), (3, 1), (2, 0)]
    assert grid.marked == 2
    # Clearing a cell removes its points.
    marks.points_enter(actor=teacher, sheet=sheet, cells={(1, 2): ""})
    assert marks.sheet_grid(sheet).rows[0].mark is None


def test_a_class_is_not_made_smaller_than_its_rows_with_points(sheet: MarkSheet) -> None:
    teacher = sheet.owner
    marks.points_enter(actor=teacher, sheet=sheet, cells={(4, 1): "1"})
    with pytest.raises(DomainError, match="4"):
        marks.sheet_update(actor=teacher, sheet=sheet, label="5 А", grade=5, pupils=3)
    marks.sheet_update(actor=teacher, sheet=sheet, label="5 Ә", grade=5, pupils=30)
    sheet.refresh_from_db()
    assert (sheet.label, sheet.pupils) == ("5 Ә", 30)


def test_a_sheet_is_its_owners_alone(sheet: MarkSheet) -> None:
    from django.http import Http404

    with pytest.raises(Http404):
        marks.points_enter(actor=make_user(), sheet=sheet, cells={(1, 1): "1"})
    with pytest.raises(Http404):
        marks.sheet_get(sheet_id=sheet.pk, user=make_user())
