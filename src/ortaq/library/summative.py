"""A summative task's specification and tasks: writing them, and whether they add up
(docs/decisions/0024-the-library.md).

A version of a summative resource (``Kind.summative()``) has a specification (purpose, duration,
total points) and ``Task`` rows, each assessing curriculum objectives (``TaskObjective``) with
per objective ``Criterion`` rows and their ``Descriptor`` rows and points. Only the resource's
authors change them, and only while the version is editable (a draft, or changes requested);
every change locks the version's row and raises its ``revision``, so that of two people saving
at once the second is told (``Conflict``), not overwritten.

``validate`` says what is missing or does not add up, task by task; ``summative_problems`` is
what submitting a version for review refuses it for.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.contrib.auth.models import AnonymousUser
from django.db import IntegrityError, transaction
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _

from ortaq.accounts.models import User
from ortaq.core.errors import DomainError, NotAllowed
from ortaq.library.choices import EDITABLE, Kind
from ortaq.library.models import Alignment, Criterion, Descriptor, Task, TaskObjective, Version

# A reasonable duration of a summative work, in minutes: a term's work fits one lesson, a
# unit's a part of one; two lessons at most.
MIN_DURATION = 10
MAX_DURATION = 90
EDIT = "library.edit_resource"


class Conflict(DomainError):
    """Someone saved the version since this form was opened: nothing is overwritten."""

    status = 409

    def __init__(self, message: str) -> None:
        super().__init__(message, code="conflict")


@dataclass(frozen=True)
class DescriptorFields:
    text: str
    points: int


@dataclass(frozen=True)
class CriterionFields:
    objective: str
    text: str
    descriptors: tuple[DescriptorFields, ...] = ()


@dataclass(frozen=True)
class TaskFields:
    """What an author writes of a task: the task itself, the objectives it assesses, and its
    criteria (each for one objective) with their descriptors, in order."""

    number: int
    text: str
    task_type: str
    skill_level: str
    points: int
    minutes: int | None = None
    mark_scheme: str = ""
    objectives: tuple[str, ...] = ()
    criteria: tuple[CriterionFields, ...] = field(default_factory=tuple)


# --- Reads ------------------------------------------------------------------------------------


def tasks_of(version: Version) -> list[Task]:
    """The version's tasks in order with their objectives, criteria and descriptors: four
    queries whatever their number (none if a caller prefetched them)."""
    cache = getattr(version, "_prefetched_objects_cache", {})
    if "tasks" in cache:
        return list(version.tasks.all())
    return list(
        Task.objects.filter(version=version)
        .order_by("number")
        .prefetch_related(
            "objectives",
            Prefetch(
                "criteria",
                queryset=Criterion.objects.order_by("position", "pk").prefetch_related(
                    "descriptors"
                ),
            ),
        )
    )


def version_get(*, resource_id: int, number: int, user: User | AnonymousUser) -> Version | None:
    """Version ``number`` of the resource, if ``user`` may read it (``Version.objects
    .visible_to``), with its resource; None otherwise."""
    return (
        Version.objects.visible_to(user)
        .filter(resource_id=resource_id, number=number)
        .select_related("resource", "resource__subject")
        .first()
    )


def may_edit(user: User | AnonymousUser, version: Version) -> bool:
    """Whether ``user`` may change the version's tasks now: one of its authors, while it is a
    draft or has changes requested."""
    return version.status in EDITABLE and user.has_perm(EDIT, version)


# --- Validation --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Problem:
    """One thing that stops the version from being submitted, and the task it is in."""

    message: str
    task: int | None = None

    def __str__(self) -> str:
        return self.message


def validate(version: Version, tasks: list[Task] | None = None) -> list[Problem]:
    """What is missing or does not add up in the version's summative task, in the order an
    author would put it right: the specification, then each task, then the total. Nothing for
    a resource of another kind."""
    if version.resource.kind not in Kind.summative():
        return []
    tasks = tasks_of(version) if tasks is None else tasks
    problems: list[Problem] = []
    duration = version.duration_minutes
    if not version.purpose.strip():
        problems.append(Problem(_("State the purpose of the summative work.")))
    if duration is None:
        problems.append(Problem(_("State how many minutes the work takes.")))
    elif not MIN_DURATION <= duration <= MAX_DURATION:
        problems.append(
            Problem(
                _(
                    "The work takes %(minutes)s minutes: a summative work takes from "
                    "%(low)s to %(high)s minutes."
                )
                % {"minutes": duration, "low": MIN_DURATION, "high": MAX_DURATION}
            )
        )
    if version.total_points is None:
        problems.append(Problem(_("State the total points of the work.")))
    if not tasks:
        problems.append(Problem(_("Add at least one task.")))
    for task in tasks:
        problems += _task_problems(task)
    if tasks and version.total_points is not None:
        added = sum(task.points for task in tasks)
        if added != version.total_points:
            problems.append(
                Problem(
                    _(
                        "The tasks' points add up to %(sum)s, but the total points of the work "
                        "are %(total)s."
                    )
                    % {"sum": added, "total": version.total_points}
                )
            )
    minutes = sum(task.minutes or 0 for task in tasks)
    if duration is not None and minutes > duration:
        problems.append(
            Problem(
                _("The tasks' times add up to %(sum)s minutes, more than the work's %(minutes)s.")
                % {"sum": minutes, "minutes": duration}
            )
        )
    return problems


def _task_problems(task: Task) -> list[Problem]:
    number = task.number
    objectives = [objective.code for objective in task.objectives.all()]
    criteria = list(task.criteria.all())
    problems: list[Problem] = []

    def problem(message: str) -> None:
        problems.append(Problem(message, task=number))

    if not objectives:
        problem(
            _("Task %(number)s assesses no objective: add the curriculum objectives it assesses.")
            % {"number": number}
        )
    by_objective: dict[str, list[Criterion]] = defaultdict(list)
    for criterion in criteria:
        by_objective[criterion.objective_code].append(criterion)
        if criterion.objective_code not in objectives:
            problem(
                _(
                    "Task %(number)s: the criterion “%(criterion)s” is for objective %(code)s, "
                    "which the task does not assess."
                )
                % {
                    "number": number,
                    "criterion": _short(criterion.text),
                    "code": criterion.objective_code,
                }
            )
        if not criterion.descriptors.all():
            problem(
                _("Task %(number)s: the criterion “%(criterion)s” has no descriptor.")
                % {"number": number, "criterion": _short(criterion.text)}
            )
    for code in objectives:
        if not by_objective.get(code):
            problem(
                _("Task %(number)s: objective %(code)s has no assessment criterion.")
                % {"number": number, "code": code}
            )
    descriptors = sum(
        descriptor.points for criterion in criteria for descriptor in criterion.descriptors.all()
    )
    if criteria and descriptors != task.points:
        problem(
            _(
                "Task %(number)s: its descriptors' points add up to %(sum)s, but the task is "
                "worth %(points)s."
            )
            % {"number": number, "sum": descriptors, "points": task.points}
        )
    return problems


def _short(text: str, length: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= length else text[: length - 1].rstrip() + "…"


def summative_problems(version: Version) -> list[str]:
    """Why the version may not be submitted for review yet, each a translated sentence naming
    its task; empty when its summative task adds up (or it is of another kind). Submitting a
    version calls it and refuses while anything is listed."""
    return [problem.message for problem in validate(version)]


def submit_check(version: Version) -> None:
    """Refuse submitting ``version`` for review while its summative task does not add up,
    naming every problem (a check for the review's ``SUBMIT_CHECKS``)."""
    problems = summative_problems(version)
    if problems:
        raise DomainError(
            _("The summative task is not ready for review: %(problems)s")
            % {"problems": " ".join(problems)},
            code="summative",
        )


# --- Writes ------------------------------------------------------------------------------------


def _lock(actor: User, version: Version, revision: int | None) -> Version:
    """The version's row, locked, once the actor may change its tasks now and nobody saved it
    since the revision she started from (``revision``; None: do not check)."""
    locked = (
        Version.objects.select_for_update(of=("self",))
        .select_related("resource")
        .get(pk=version.pk)
    )
    if locked.resource.kind not in Kind.summative():
        raise DomainError(_("Only a summative task has a specification and tasks."))
    if not actor.has_perm(EDIT, locked):
        raise NotAllowed(_("Only the resource's authors change its tasks."))
    if locked.status not in EDITABLE:
        raise NotAllowed(
            _(
                "This version is under review or published and can no longer be changed: "
                "start a new version to change it."
            )
        )
    if revision is not None and revision != locked.revision:
        raise Conflict(
            _(
                "Someone else saved this version while you were editing it. Nothing was "
                "overwritten: your text is kept below. Check it against the version as it is "
                "now and save again."
            )
        )
    return locked


def _bump(actor: User, version: Version) -> None:
    version.revision += 1
    version.updated_at = timezone.now()
    version.updated_by = actor
    version.save(update_fields=["revision", "updated_at", "updated_by"])


@transaction.atomic
def specification_save(
    *,
    actor: User,
    version: Version,
    purpose: str,
    duration_minutes: int | None,
    total_points: int | None,
    revision: int | None = None,
) -> Version:
    """Save the summative work's specification: its purpose, duration and total points."""
    locked = _lock(actor, version, revision)
    unchanged = (
        locked.purpose == purpose
        and locked.duration_minutes == duration_minutes
        and locked.total_points == total_points
    )
    if not unchanged:
        locked.purpose = purpose
        locked.duration_minutes = duration_minutes
        locked.total_points = total_points
        locked.save(update_fields=["purpose", "duration_minutes", "total_points"])
        _bump(actor, locked)
    return locked


@transaction.atomic
def task_save(
    *,
    actor: User,
    version: Version,
    fields: TaskFields,
    number: int | None = None,
    revision: int | None = None,
) -> Task:
    """Add a task to the version (``number`` None) or replace task ``number`` with
    ``fields``: the task, its objectives, criteria and descriptors. Saving the same fields
    again changes nothing but the revision."""
    locked = _lock(actor, version, revision)
    task = None
    if number is not None:
        task = Task.objects.filter(version=locked, number=number).first()
        if task is None:
            raise DomainError(_("This task is no longer in the version."), code="gone")
    clash = Task.objects.filter(version=locked, number=fields.number)
    if task is not None:
        clash = clash.exclude(pk=task.pk)
    if clash.exists():
        raise DomainError(
            _("The version already has a task %(number)s: give this one another number.")
            % {"number": fields.number},
            code="number",
        )
    values = {
        "number": fields.number,
        "text": fields.text,
        "task_type": fields.task_type,
        "skill_level": fields.skill_level,
        "minutes": fields.minutes,
        "points": fields.points,
        "mark_scheme": fields.mark_scheme,
    }
    try:
        with transaction.atomic():
            if task is None:
                task = Task.objects.create(version=locked, **values)
            else:
                for name, value in values.items():
                    setattr(task, name, value)
                task.save(update_fields=list(values))
    except IntegrityError:
        raise DomainError(
            _("The version already has a task %(number)s: give this one another number.")
            % {"number": fields.number},
            code="number",
        ) from None
    _replace_parts(task, fields)
    _bump(actor, locked)
    return task


def _replace_parts(task: Task, fields: TaskFields) -> None:
    """Write the task's objectives, criteria and descriptors anew (nothing else refers to
    them: a mark sheet refers to tasks of published versions only)."""
    TaskObjective.objects.filter(task=task).delete()
    Criterion.objects.filter(task=task).delete()
    codes = list(dict.fromkeys(fields.objectives))
    TaskObjective.objects.bulk_create([TaskObjective(task=task, code=code) for code in codes])
    descriptors: list[Descriptor] = []
    for position, given in enumerate(fields.criteria):
        criterion = Criterion.objects.create(
            task=task, objective_code=given.objective, text=given.text, position=position
        )
        descriptors += [
            Descriptor(criterion=criterion, text=d.text, points=d.points, position=index)
            for index, d in enumerate(given.descriptors)
        ]
    Descriptor.objects.bulk_create(descriptors)


@transaction.atomic
def task_delete(*, actor: User, version: Version, number: int, revision: int | None = None) -> None:
    """Take task ``number`` out of the version (with its objectives, criteria and
    descriptors). A task already gone is not an error: the second click of a double click."""
    locked = _lock(actor, version, revision)
    deleted, _by_model = Task.objects.filter(version=locked, number=number).delete()
    if deleted:
        _bump(actor, locked)


def summative_copy(*, source: Version, target: Version) -> None:
    """Copy ``source``'s specification and tasks (with objectives, criteria and descriptors)
    to ``target``, a new version started from it. Call inside the transaction that creates
    ``target``; it has no tasks yet."""
    target.purpose = source.purpose
    target.duration_minutes = source.duration_minutes
    target.total_points = source.total_points
    target.save(update_fields=["purpose", "duration_minutes", "total_points"])
    for task in tasks_of(source):
        copy = Task.objects.create(
            version=target,
            number=task.number,
            text=task.text,
            task_type=task.task_type,
            skill_level=task.skill_level,
            minutes=task.minutes,
            points=task.points,
            mark_scheme=task.mark_scheme,
        )
        _replace_parts(copy, fields_of(task))


def fields_of(task: Task) -> TaskFields:
    """A stored task as the fields that would write it again (a form's initial values)."""
    return TaskFields(
        number=task.number,
        text=task.text,
        task_type=task.task_type,
        skill_level=task.skill_level,
        points=task.points,
        minutes=task.minutes,
        mark_scheme=task.mark_scheme,
        objectives=tuple(objective.code for objective in task.objectives.all()),
        criteria=tuple(
            CriterionFields(
                objective=criterion.objective_code,
                text=criterion.text,
                descriptors=tuple(
                    DescriptorFields(text=d.text, points=d.points)
                    for d in criterion.descriptors.all()
                ),
            )
            for criterion in task.criteria.all()
        ),
    )


# --- What the pages and sheets show ------------------------------------------------------------


@dataclass
class SpecLine:
    """A line of the specification table: one objective a task assesses, with the task's
    level, number, type, time and points (which a table spans over the task's lines)."""

    task: Task
    code: str
    objective: str
    first: bool
    span: int


def specification_lines(version: Version, tasks: list[Task]) -> list[SpecLine]:
    """The specification table's lines, task by task and objective by objective, each
    objective with its wording where the version states it (one query)."""
    wording = dict(Alignment.objects.filter(version=version).values_list("code", "description"))
    lines: list[SpecLine] = []
    for task in tasks:
        codes = [objective.code for objective in task.objectives.all()] or [""]
        for index, code in enumerate(codes):
            lines.append(
                SpecLine(
                    task=task,
                    code=code,
                    objective=wording.get(code, ""),
                    first=index == 0,
                    span=len(codes),
                )
            )
    return lines


def summative_context(version: Version) -> dict[str, object]:
    """What the resource page's block and the two sheets show of a summative task: its
    specification, the table's lines, its tasks with criteria and descriptors (five queries)."""
    listed = tasks_of(version)
    return {
        "version": version,
        "resource": version.resource,
        "tasks": listed,
        "lines": specification_lines(version, listed),
        "points": sum(task.points for task in listed),
        "minutes": sum(task.minutes or 0 for task in listed),
        "grades": [grade.grade for grade in version.grades.all()],
    }
