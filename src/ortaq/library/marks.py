"""Percentages, marks and a teacher's mark sheets (docs/decisions/0024-the-library.md).

A pupil's points become a percentage of the work's total (``percent``, cut, never rounded up:
39.996 % is still below 40), and the percentage a mark by the rule in force for the grade on
the day (``mark_for``: ``MarkScale.objects.in_force`` and its ``MarkBand`` rows; a percentage
between two bands belongs to the lower one). The ministry changes its rules: a new rule is a
new ``MarkScale`` with the day it takes effect (``mark_scale_create``, administrators only), and
a sheet is marked by the rule of the day it was opened, so that what was marked earlier keeps
its rule.

A ``MarkSheet`` is a teacher's grid of her class's points on a published summative task, one
row per pupil, named by its number only: no pupil is named anywhere. Only its owner reads or
changes it. Entering points checks every cell first (whole numbers from 0 to the task's
points) and writes nothing if any is wrong; entering the same points again changes nothing.
"""

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal

from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from ortaq.accounts.models import User
from ortaq.core.errors import DomainError, NotAllowed
from ortaq.library.choices import Kind, Status
from ortaq.library.models import MarkBand, MarkEntry, MarkScale, MarkSheet, Task, Version

HUNDRED = Decimal(100)
CENT = Decimal("0.01")
# A sheet is opened on a published version: its tasks no longer change.
MARKABLE = frozenset({Status.PUBLISHED, Status.SUPERSEDED})
MAX_PUPILS = 60


# --- Percentages and marks -----------------------------------------------------------------


def percent(points: int | Decimal, total: int | Decimal) -> Decimal:
    """``points`` as a percentage of ``total``, to two decimals, cut (not rounded): a pupil at
    39.996 % has not reached 40 %."""
    if total <= 0:
        raise ValueError("total must be positive")
    return (Decimal(points) * HUNDRED / Decimal(total)).quantize(CENT, rounding=ROUND_DOWN)


def band_mark(bands: list[MarkBand], value: Decimal) -> int | None:
    """The mark of the highest band (``bands`` in ascending order) whose start ``value``
    reaches: between two bands, the lower one."""
    mark = None
    for band in bands:
        if value >= band.min_percent:
            mark = band.mark
        else:
            break
    return mark


def rule_for(grade: int, on: date | None = None) -> tuple[MarkScale | None, list[MarkBand]]:
    """The rule in force for ``grade`` on ``on`` (today) and its bands in order (two queries);
    (None, []) where no rule gives marks (the first grade is not marked)."""
    scale = MarkScale.objects.in_force(grade, on)
    if scale is None:
        return None, []
    return scale, list(scale.bands.order_by("min_percent"))


def mark_for(value: Decimal, grade: int, on: date | None = None) -> int | None:
    """The school mark for a percentage in ``grade`` by the rule in force on ``on`` (today);
    None where no rule gives marks."""
    _scale, bands = rule_for(grade, on)
    return band_mark(bands, value)


# --- The rules -----------------------------------------------------------------------------


@dataclass(frozen=True)
class BandFields:
    min_percent: Decimal
    mark: int


def bands_problems(bands: list[BandFields]) -> list[str]:
    """What is wrong with a rule's bands: the first starts at 0 %, each starts higher than the
    one before (and at most at 100 %), and each gives a higher mark."""
    if not bands:
        return [_("Give the rule at least one band.")]
    problems = []
    if bands[0].min_percent != 0:
        problems.append(_("The first band starts at 0 %."))
    for before, after in zip(bands, bands[1:], strict=False):
        if after.min_percent <= before.min_percent:
            problems.append(
                _("The band from %(after)s %% must start higher than the band before it.")
                % {"after": after.min_percent}
            )
        if after.mark <= before.mark:
            problems.append(
                _("The band from %(after)s %% must give a higher mark than the band before it.")
                % {"after": after.min_percent}
            )
    if any(not 0 <= band.min_percent <= 100 for band in bands):
        problems.append(_("A band starts between 0 % and 100 %."))
    return problems


@transaction.atomic
def mark_scale_create(
    *,
    actor: User,
    name: str,
    grade_from: int,
    grade_to: int,
    effective_from: date,
    bands: list[BandFields],
    source: str = "",
) -> MarkScale:
    """Add a rule of the ministry that takes effect on ``effective_from`` for grades
    ``grade_from`` to ``grade_to``, with its bands. Earlier rules stay for what was marked
    under them. The same rule sent again is the one already added."""
    if not actor.has_perm("library.edit_mark_scales"):
        raise NotAllowed(_("Only an administrator adds a rule for marks."))
    if grade_from > grade_to:
        raise DomainError(_("The first grade of a rule comes before its last."), code="grades")
    problems = bands_problems(bands)
    if problems:
        raise DomainError(" ".join(problems), code="bands")
    same_day = MarkScale.objects.filter(
        effective_from=effective_from, grade_from__lte=grade_to, grade_to__gte=grade_from
    )
    for scale in same_day.prefetch_related("bands"):
        given = [(band.min_percent, band.mark) for band in bands]
        held = [(band.min_percent, band.mark) for band in scale.bands.all()]
        if (scale.grade_from, scale.grade_to, held) == (grade_from, grade_to, given):
            return scale
        raise DomainError(
            _("A rule for some of these grades already takes effect on that day: %(name)s.")
            % {"name": scale.name},
            code="same_day",
        )
    scale = MarkScale.objects.create(
        name=name,
        grade_from=grade_from,
        grade_to=grade_to,
        effective_from=effective_from,
        source=source,
    )
    MarkBand.objects.bulk_create(
        [MarkBand(scale=scale, min_percent=b.min_percent, mark=b.mark) for b in bands]
    )
    return scale


@dataclass
class RuleLine:
    """A rule as the rules' page lists it: in force today for some grade, to come, or
    earlier."""

    scale: MarkScale
    state: str  # "in_force", "future" or "earlier"
    bands: list[MarkBand]


def rules_overview(today: date | None = None) -> list[RuleLine]:
    """Every rule (two queries), each said to be in force today (for at least one of its
    grades), to take effect later, or earlier (replaced by a later one)."""
    day = today or timezone.localdate()
    scales = list(MarkScale.objects.prefetch_related("bands").order_by("grade_from", "pk"))
    in_force: set[int] = set()
    for grade in range(0, 12):
        covering = [
            s
            for s in scales
            if s.grade_from <= grade <= s.grade_to
            and (s.effective_from is None or s.effective_from <= day)
        ]
        if covering:
            latest = max(covering, key=lambda s: s.effective_from or date.min)
            in_force.add(latest.pk)
    lines = []
    for scale in scales:
        if scale.pk in in_force:
            state = "in_force"
        elif scale.effective_from is not None and scale.effective_from > day:
            state = "future"
        else:
            state = "earlier"
        lines.append(RuleLine(scale=scale, state=state, bands=list(scale.bands.all())))
    order = {"in_force": 0, "future": 1, "earlier": 2}
    lines.sort(key=lambda line: (order[line.state], line.scale.grade_from))
    return lines


# --- Mark sheets ---------------------------------------------------------------------------


def sheets_of(user: User) -> "list[MarkSheet]":
    """Her mark sheets, the latest changed first, with their versions (one query)."""
    return list(
        MarkSheet.objects.filter(owner_id=user.pk)
        .select_related("version", "version__resource")
        .order_by("-updated_at", "-pk")
    )


def sheet_get(*, sheet_id: int, user: User, for_write: bool = False) -> MarkSheet:
    """Her mark sheet (404 for anybody else's: a sheet is its owner's alone), with its version
    and resource; locked when ``for_write``."""
    rows = MarkSheet.objects.filter(pk=sheet_id, owner_id=user.pk).select_related(
        "version", "version__resource"
    )
    if for_write:
        rows = rows.select_for_update(of=("self",))
    sheet = rows.first()
    if sheet is None:
        raise Http404
    return sheet


def may_open_sheet(version: Version) -> bool:
    return version.status in MARKABLE and version.resource.kind in Kind.summative()


@transaction.atomic
def sheet_create(
    *, actor: User, version: Version, label: str, grade: int, pupils: int
) -> MarkSheet:
    """Open a mark sheet of a published summative task for a class (``label``, e.g. "5 А") of
    ``pupils`` numbered pupils. Her sheet of the same task for the same class, if she has one,
    is returned instead of a second."""
    label = " ".join(label.split())
    if not may_open_sheet(version):
        raise DomainError(
            _("A mark sheet is opened on a published summative task."), code="not_published"
        )
    if not label:
        raise DomainError(_("Name the class, for example 5 А."), code="label")
    if not 1 <= pupils <= MAX_PUPILS:
        raise DomainError(
            _("A class has from 1 to %(max)s pupils.") % {"max": MAX_PUPILS}, code="pupils"
        )
    if not Task.objects.filter(version=version).exists():
        raise DomainError(_("This summative task has no tasks to mark."), code="no_tasks")
    found = MarkSheet.objects.filter(
        owner_id=actor.pk, version=version, label=label, grade=grade
    ).first()
    if found is not None:
        return found
    return MarkSheet.objects.create(
        version=version, owner=actor, label=label, grade=grade, pupils=pupils
    )


@transaction.atomic
def sheet_update(
    *, actor: User, sheet: MarkSheet, label: str, grade: int, pupils: int
) -> MarkSheet:
    """Rename the sheet's class, change its grade or its number of pupils. Fewer pupils than
    rows holding points is refused: nothing entered is lost without her clearing it first."""
    locked = sheet_get(sheet_id=sheet.pk, user=actor, for_write=True)
    label = " ".join(label.split())
    if not label:
        raise DomainError(_("Name the class, for example 5 А."), code="label")
    if not 1 <= pupils <= MAX_PUPILS:
        raise DomainError(
            _("A class has from 1 to %(max)s pupils.") % {"max": MAX_PUPILS}, code="pupils"
        )
    beyond = (
        MarkEntry.objects.filter(sheet=locked, row__gt=pupils)
        .order_by("row")
        .values_list("row", flat=True)
        .first()
    )
    if beyond is not None:
        raise DomainError(
            _("Row %(row)s holds points: clear its points before making the class smaller.")
            % {"row": beyond},
            code="pupils",
        )
    locked.label, locked.grade, locked.pupils = label, grade, pupils
    locked.updated_at = timezone.now()
    locked.save(update_fields=["label", "grade", "pupils", "updated_at"])
    return locked


@transaction.atomic
def sheet_delete(*, actor: User, sheet: MarkSheet) -> None:
    """Delete her sheet with its points."""
    MarkSheet.objects.filter(pk=sheet.pk, owner_id=actor.pk).delete()


class CellErrors(DomainError):
    """Some cells of a grid are wrong: ``errors`` maps (row, task number) to why. Nothing was
    written."""

    def __init__(self, errors: dict[tuple[int, int], str]) -> None:
        super().__init__(
            _("Some points are not right: see the marked cells. Nothing was saved."),
            code="cells",
        )
        self.errors = errors


def check_cell(raw: object, task: Task) -> tuple[int | None, str | None]:
    """A cell as typed (text, a number or None) as points of ``task``: (points, None), or
    (None, why it is wrong). An empty cell is no points entered."""
    if raw is None:
        return None, None
    text = str(raw).strip()
    if text == "":
        return None, None
    try:
        value = int(text)
    except ValueError:
        return None, _("Write a whole number of points.")
    if not 0 <= value <= task.points:
        return None, _("Write from 0 to %(points)s points.") % {"points": task.points}
    return value, None


@transaction.atomic
def points_enter(
    *, actor: User, sheet: MarkSheet, cells: Mapping[tuple[int, int], object]
) -> MarkSheet:
    """Set the points of the cells given, each ``(row, task number) → points`` (an empty cell
    clears them). Every cell is checked before anything is written; any wrong one refuses the
    whole (``CellErrors``). Sending the same points again changes nothing."""
    locked = sheet_get(sheet_id=sheet.pk, user=actor, for_write=True)
    tasks = {task.number: task for task in Task.objects.filter(version_id=locked.version_id)}
    errors: dict[tuple[int, int], str] = {}
    wanted: dict[tuple[int, int], int | None] = {}
    for (row, number), raw in cells.items():
        task = tasks.get(number)
        if task is None or not 1 <= row <= locked.pupils:
            errors[(row, number)] = _("There is no such cell in this sheet.")
            continue
        value, error = check_cell(raw, task)
        if error is not None:
            errors[(row, number)] = error
        else:
            wanted[(row, number)] = value
    if errors:
        raise CellErrors(errors)
    held = {(entry.row, entry.task_id): entry for entry in MarkEntry.objects.filter(sheet=locked)}
    to_create, to_update, to_delete = [], [], []
    for (row, number), value in wanted.items():
        entry = held.get((row, tasks[number].pk))
        if value is None:
            if entry is not None:
                to_delete.append(entry.pk)
        elif entry is None:
            to_create.append(MarkEntry(sheet=locked, row=row, task=tasks[number], points=value))
        elif entry.points != value:
            entry.points = value
            to_update.append(entry)
    if to_create or to_update or to_delete:
        MarkEntry.objects.filter(pk__in=to_delete).delete()
        MarkEntry.objects.bulk_create(to_create)
        MarkEntry.objects.bulk_update(to_update, ["points"])
        locked.updated_at = timezone.now()
        locked.save(update_fields=["updated_at"])
    return locked


# --- The grid ------------------------------------------------------------------------------


@dataclass
class GridRow:
    """One pupil's row: her points per task (None where none is entered), and once every task
    has points, her total, percentage and mark."""

    number: int
    points: list[int | None]
    total: int | None = None
    percent: Decimal | None = None
    mark: int | None = None

    @property
    def complete(self) -> bool:
        return all(value is not None for value in self.points)

    @property
    def empty(self) -> bool:
        return all(value is None for value in self.points)

    @property
    def entered(self) -> int:
        return sum(value for value in self.points if value is not None)


@dataclass
class Grid:
    """A sheet's rows, totals and the class's summary, as the page, the PDF, the exports and
    the API show them."""

    sheet: MarkSheet
    tasks: list[Task]
    total: int
    rows: list[GridRow]
    scale: MarkScale | None
    averages: list[Decimal | None] = field(default_factory=list)
    average_percent: Decimal | None = None
    marks: list[tuple[int, int]] = field(default_factory=list)  # (mark, how many pupils)
    marked: int = 0

    def export_rows(self) -> list[list[object]]:
        """The grid as rows of a spreadsheet: a header, a row per pupil, the averages and the
        marks' distribution."""
        header: list[object] = [_("Pupil no.")]
        header += [
            _("Task %(number)s (%(points)s)") % {"number": t.number, "points": t.points}
            for t in self.tasks
        ]
        header += [_("Total (%(points)s)") % {"points": self.total}, _("Per cent"), _("Mark")]
        rows: list[list[object]] = [header]
        for row in self.rows:
            rows.append(
                [
                    row.number,
                    *row.points,
                    row.total if row.complete else row.entered or None,
                    row.percent,
                    row.mark,
                ]
            )
        rows.append([_("Average"), *self.averages, None, self.average_percent, None])
        for mark, count in self.marks:
            rows.append([_("Mark %(mark)s") % {"mark": mark}, count])
        return rows


def _average(values: list[int] | list[Decimal]) -> Decimal | None:
    if not values:
        return None
    return (Decimal(sum(values)) / len(values)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def sheet_grid(sheet: MarkSheet, on: date | None = None) -> Grid:
    """The sheet as a grid (four queries: tasks, entries, the rule and its bands). A row is
    marked once every task has its points; the rule is the one in force on the day the sheet
    was opened (or ``on``)."""
    tasks = list(Task.objects.filter(version_id=sheet.version_id).order_by("number"))
    index = {task.pk: position for position, task in enumerate(tasks)}
    points: dict[int, list[int | None]] = {
        row: [None] * len(tasks) for row in range(1, sheet.pupils + 1)
    }
    for entry in MarkEntry.objects.filter(sheet=sheet, row__lte=sheet.pupils).only(
        "row", "task_id", "points"
    ):
        if entry.task_id in index:
            points[entry.row][index[entry.task_id]] = entry.points
    total = sum(task.points for task in tasks)
    day = on or timezone.localdate(sheet.created_at)
    scale, bands = rule_for(sheet.grade, day)
    rows = []
    for number, values in points.items():
        row = GridRow(number=number, points=values)
        if row.complete and total:
            row.total = row.entered
            row.percent = percent(row.total, total)
            row.mark = band_mark(bands, row.percent)
        rows.append(row)
    grid = Grid(sheet=sheet, tasks=tasks, total=total, rows=rows, scale=scale)
    grid.averages = [
        _average([v for row in rows if (v := row.points[i]) is not None]) for i in range(len(tasks))
    ]
    complete = [row for row in rows if row.percent is not None]
    grid.marked = len(complete)
    grid.average_percent = _average([row.percent for row in complete if row.percent is not None])
    counts = Counter(row.mark for row in complete if row.mark is not None)
    marks = sorted({band.mark for band in bands} | set(counts), reverse=True)
    grid.marks = [(mark, counts.get(mark, 0)) for mark in marks]
    return grid


def cells_from_post(
    data: object, sheet: MarkSheet, tasks: list[Task]
) -> dict[tuple[int, int], object]:
    """The grid's cells as a form posts them: ``p-<row>-<task number>`` for every row and task
    of the sheet (a cell absent from the form is left as it is)."""
    get = getattr(data, "get", None)
    cells: dict[tuple[int, int], object] = {}
    if get is None:
        return cells
    for row in range(1, sheet.pupils + 1):
        for task in tasks:
            name = f"p-{row}-{task.number}"
            value = get(name)
            if value is not None:
                cells[(row, task.number)] = value
    return cells
