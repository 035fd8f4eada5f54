"""Summative tasks, the rules for marks and mark sheets in the API (issue 14).

A version's specification, tasks, criteria, descriptors and mark scheme are read by whoever
may read the version (a published one by anyone; a draft by its authors, moderators and
assigned experts: a visitor gets 401, anybody else 404). Mark sheets are their owner's alone:
anybody else's is 404. Entering points checks every cell first and writes nothing if any is
wrong (400 with each wrong cell).
"""

from datetime import date, datetime
from decimal import Decimal

from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.errors import AuthenticationError
from ninja.pagination import paginate
from ninja.responses import Status

from ortaq.accounts.queries import api_caller, current_user
from ortaq.core.errors import DomainError
from ortaq.core.pagination import Pages
from ortaq.library import marks, summative
from ortaq.library.marks import Grid
from ortaq.library.models import MarkScale, MarkSheet, Task, Version

router = Router(tags=["library: summative tasks and marks"])
# Public operations (``auth=None``) still read the caller's session or token, if she sends one.
OPTIONAL_AUTH = None


def _version(request: HttpRequest, resource_id: int, version_number: int) -> Version:
    caller = api_caller(request)
    version = summative.version_get(resource_id=resource_id, number=version_number, user=caller)
    if version is None:
        if not caller.is_authenticated:
            raise AuthenticationError
        raise Http404
    if not version.resource.is_summative:
        raise Http404
    return version


# --- A version's summative task ------------------------------------------------------------


class DescriptorOut(Schema):
    text: str
    points: int


class CriterionOut(Schema):
    objective: str = Field(description="The objective code the criterion is for.")
    text: str
    descriptors: list[DescriptorOut]


class TaskOut(Schema):
    number: int
    text: str = Field(description="Markdown.")
    task_type: str = Field(description="mc (multiple choice), short or extended.")
    skill_level: str = Field(description="knowledge, application or higher.")
    minutes: int | None
    points: int
    mark_scheme: str = Field(description="Markdown: the answers and how to mark them.")
    objectives: list[str]
    criteria: list[CriterionOut]

    @staticmethod
    def of(task: Task) -> "TaskOut":
        return TaskOut(
            number=task.number,
            text=task.text,
            task_type=task.task_type,
            skill_level=task.skill_level,
            minutes=task.minutes,
            points=task.points,
            mark_scheme=task.mark_scheme,
            objectives=[objective.code for objective in task.objectives.all()],
            criteria=[
                CriterionOut(
                    objective=criterion.objective_code,
                    text=criterion.text,
                    descriptors=[
                        DescriptorOut(text=d.text, points=d.points)
                        for d in criterion.descriptors.all()
                    ],
                )
                for criterion in task.criteria.all()
            ],
        )


class SummativeOut(Schema):
    resource_id: int
    version: int
    status: str
    language: str
    kind: str = Field(description="unit_task (СОр/БЖБ) or term_task (СОч/ТЖБ).")
    title: str
    purpose: str
    duration_minutes: int | None
    total_points: int | None
    grades: list[int]
    tasks: list[TaskOut]


@router.get(
    "/library/resources/{resource_id}/versions/{version_number}/summative",
    response=SummativeOut,
    auth=OPTIONAL_AUTH,
    summary="A version's summative task: specification, tasks, criteria, descriptors, mark scheme",
)
def summative_read(request: HttpRequest, resource_id: int, version_number: int) -> SummativeOut:
    version = _version(request, resource_id, version_number)
    context = summative.summative_context(version)
    tasks: list[Task] = context["tasks"]  # type: ignore[assignment]
    return SummativeOut(
        resource_id=version.resource_id,
        version=version.number,
        status=version.status,
        language=version.resource.language,
        kind=version.resource.kind,
        title=version.title,
        purpose=version.purpose,
        duration_minutes=version.duration_minutes,
        total_points=version.total_points,
        grades=context["grades"],  # type: ignore[arg-type]
        tasks=[TaskOut.of(task) for task in tasks],
    )


class ProblemOut(Schema):
    task: int | None = Field(description="The task's number, or none for the whole work.")
    message: str


class ProblemsOut(Schema):
    ready: bool = Field(description="Nothing stops the version from being submitted.")
    problems: list[ProblemOut]


@router.get(
    "/library/resources/{resource_id}/versions/{version_number}/summative/problems",
    response=ProblemsOut,
    auth=OPTIONAL_AUTH,
    summary="What does not add up yet in a version's summative task",
)
def summative_check(request: HttpRequest, resource_id: int, version_number: int) -> ProblemsOut:
    version = _version(request, resource_id, version_number)
    problems = summative.validate(version)
    return ProblemsOut(
        ready=not problems,
        problems=[ProblemOut(task=p.task, message=p.message) for p in problems],
    )


# --- Rules for marks -----------------------------------------------------------------------


class BandOut(Schema):
    min_percent: Decimal = Field(description="From this percentage (inclusive) to the next band.")
    mark: int


class MarkRuleOut(Schema):
    id: int
    name: str
    grade_from: int
    grade_to: int
    effective_from: date | None = Field(description="None: in force before any dated rule.")
    source: str
    state: str = Field(description="in_force, future or earlier, on the day asked.")
    bands: list[BandOut]


class MarkRulesFilter(Schema):
    on: date | None = Field(None, description="The day (today unless given).")
    grade: int | None = Field(None, ge=0, le=11, description="Only the rules of this grade.")
    in_force: bool = Field(True, description="Only the rules in force on the day.")


@router.get(
    "/library/mark-rules",
    response=list[MarkRuleOut],
    auth=OPTIONAL_AUTH,
    summary="The rules that turn a percentage into a mark",
)
@paginate(Pages)
def mark_rules(request: HttpRequest, filters: Query[MarkRulesFilter]) -> list[MarkRuleOut]:
    """A percentage between two bands belongs to the lower band."""
    lines = marks.rules_overview(filters.on)
    out = []
    for line in lines:
        scale: MarkScale = line.scale
        if filters.in_force and line.state != "in_force":
            continue
        if filters.grade is not None and not scale.grade_from <= filters.grade <= scale.grade_to:
            continue
        out.append(
            MarkRuleOut(
                id=scale.pk,
                name=scale.name,
                grade_from=scale.grade_from,
                grade_to=scale.grade_to,
                effective_from=scale.effective_from,
                source=scale.source,
                state=line.state,
                bands=[BandOut(min_percent=b.min_percent, mark=b.mark) for b in line.bands],
            )
        )
    return out


# --- Mark sheets ---------------------------------------------------------------------------


class MarkSheetOut(Schema):
    id: int
    resource_id: int
    version: int
    title: str
    label: str
    grade: int
    pupils: int
    created_at: datetime
    updated_at: datetime

    @staticmethod
    def of(sheet: MarkSheet) -> "MarkSheetOut":
        return MarkSheetOut(
            id=sheet.pk,
            resource_id=sheet.version.resource_id,
            version=sheet.version.number,
            title=sheet.version.title,
            label=sheet.label,
            grade=sheet.grade,
            pupils=sheet.pupils,
            created_at=sheet.created_at,
            updated_at=sheet.updated_at,
        )


class MarkRowOut(Schema):
    row: int = Field(description="The pupil's number: no pupil is named.")
    points: list[int | None] = Field(description="Per task, in the tasks' order; None: none yet.")
    total: int | None = Field(description="Once every task has points.")
    percent: Decimal | None
    mark: int | None


class MarkCountOut(Schema):
    mark: int
    pupils: int


class MarkGridOut(MarkSheetOut):
    tasks: list[int] = Field(description="The tasks' numbers, in order.")
    task_points: list[int]
    total_points: int
    rule: str | None = Field(description="The rule the marks follow: of the day it was opened.")
    rows: list[MarkRowOut]
    averages: list[Decimal | None] = Field(description="Average points per task.")
    average_percent: Decimal | None
    marked: int = Field(description="Pupils with points for every task.")
    marks: list[MarkCountOut]

    @staticmethod
    def of_grid(grid: Grid) -> "MarkGridOut":
        return MarkGridOut(
            **MarkSheetOut.of(grid.sheet).dict(),
            tasks=[task.number for task in grid.tasks],
            task_points=[task.points for task in grid.tasks],
            total_points=grid.total,
            rule=grid.scale.name if grid.scale is not None else None,
            rows=[
                MarkRowOut(
                    row=row.number,
                    points=row.points,
                    total=row.total,
                    percent=row.percent,
                    mark=row.mark,
                )
                for row in grid.rows
            ],
            averages=grid.averages,
            average_percent=grid.average_percent,
            marked=grid.marked,
            marks=[MarkCountOut(mark=mark, pupils=count) for mark, count in grid.marks],
        )


@router.get("/library/mark-sheets", response=list[MarkSheetOut], summary="Her mark sheets")
@paginate(Pages)
def sheets(request: HttpRequest) -> list[MarkSheetOut]:
    return [MarkSheetOut.of(sheet) for sheet in marks.sheets_of(current_user(request))]


class MarkSheetIn(Schema):
    resource_id: int
    version: int = Field(ge=1)
    label: str = Field(min_length=1, max_length=40, description="The class, e.g. 5 А.")
    grade: int = Field(ge=0, le=11)
    pupils: int = Field(ge=1, le=marks.MAX_PUPILS)


@router.post(
    "/library/mark-sheets",
    response={200: MarkGridOut, 201: MarkGridOut},
    summary="Open a mark sheet for a class on a published summative task",
)
def sheet_create(request: HttpRequest, payload: MarkSheetIn) -> Status[MarkGridOut]:
    """Her sheet of the same task for the same class, if she has one, is returned (200)."""
    user = current_user(request)
    version = _version(request, payload.resource_id, payload.version)
    before = MarkSheet.objects.filter(owner_id=user.pk, version=version).count()
    sheet = marks.sheet_create(
        actor=user, version=version, label=payload.label, grade=payload.grade, pupils=payload.pupils
    )
    made = MarkSheet.objects.filter(owner_id=user.pk, version=version).count() > before
    return Status(201 if made else 200, MarkGridOut.of_grid(marks.sheet_grid(sheet)))


@router.get(
    "/library/mark-sheets/{sheet_id}",
    response=MarkGridOut,
    summary="Her mark sheet: points, totals, percentages, marks and the class's summary",
)
def sheet_read(request: HttpRequest, sheet_id: int) -> MarkGridOut:
    sheet = marks.sheet_get(sheet_id=sheet_id, user=current_user(request))
    return MarkGridOut.of_grid(marks.sheet_grid(sheet))


class CellIn(Schema):
    row: int = Field(ge=1, le=marks.MAX_PUPILS)
    task: int = Field(ge=1, description="The task's number.")
    points: int | None = Field(description="None clears the cell.")


class PointsIn(Schema):
    cells: list[CellIn] = Field(max_length=marks.MAX_PUPILS * 50)


@router.put(
    "/library/mark-sheets/{sheet_id}/points",
    response=MarkGridOut,
    summary="Enter pupils' points (all or nothing)",
)
def points_enter(request: HttpRequest, sheet_id: int, payload: PointsIn) -> MarkGridOut:
    """Each cell from 0 to its task's points; any wrong cell refuses them all (400, its
    ``detail`` naming each wrong cell). The same points sent again change nothing."""
    user = current_user(request)
    sheet = marks.sheet_get(sheet_id=sheet_id, user=user)
    cells: dict[tuple[int, int], object] = {(c.row, c.task): c.points for c in payload.cells}
    try:
        sheet = marks.points_enter(actor=user, sheet=sheet, cells=cells)
    except marks.CellErrors as exc:
        wrong = [
            _("Pupil %(row)s, task %(task)s: %(message)s")
            % {"row": row, "task": task, "message": message}
            for (row, task), message in sorted(exc.errors.items())
        ]
        raise DomainError(" ".join([exc.message, *wrong]), code="cells") from exc
    return MarkGridOut.of_grid(marks.sheet_grid(sheet))


@router.delete(
    "/library/mark-sheets/{sheet_id}", response={204: None}, summary="Delete her mark sheet"
)
def sheet_delete(request: HttpRequest, sheet_id: int) -> Status[None]:
    user = current_user(request)
    sheet = marks.sheet_get(sheet_id=sheet_id, user=user)
    marks.sheet_delete(actor=user, sheet=sheet)
    return Status(204, None)
