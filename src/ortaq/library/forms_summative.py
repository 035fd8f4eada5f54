"""Forms of a summative task's specification and tasks, of the rules for marks and of mark
sheets. They work without JavaScript: a task's criteria and descriptors are the rows of one
table (a formset), "Add rows" sends the form back with more empty rows and nothing lost, and a
row's "Remove" box takes it out when the task is saved."""

import re
from decimal import Decimal
from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.forms import formset_factory
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from ortaq.core.forms import DayInput
from ortaq.library.choices import SkillLevel, TaskType
from ortaq.library.marks import MAX_PUPILS, BandFields
from ortaq.library.models import GRADES, OBJECTIVE_CODE, Task
from ortaq.library.summative import CriterionFields, DescriptorFields, TaskFields

# Empty rows added to the table of criteria at a time.
MORE_ROWS = 3
CODES_SPLIT = re.compile(r"[\s,;]+")


class RevisionForm(forms.Form):
    """The version's revision the page was opened at: a save from an older one is refused."""

    revision = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)


class SpecificationForm(RevisionForm):
    purpose = forms.CharField(
        label=_("Purpose"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_("What the work checks, for example: the unit “Natural numbers”."),
    )
    duration_minutes = forms.IntegerField(
        label=_("Duration, minutes"), min_value=5, max_value=240, required=False
    )
    total_points = forms.IntegerField(
        label=_("Total points"), min_value=1, max_value=200, required=False
    )


def split_codes(text: str) -> list[str]:
    return [code for code in CODES_SPLIT.split(text.strip()) if code]


class TaskForm(RevisionForm):
    number = forms.IntegerField(label=_("Task no."), min_value=1, max_value=99)
    text = forms.CharField(
        label=_("Task"),
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("What the pupils read and do. Markdown."),
    )
    task_type = forms.ChoiceField(label=_("Type"), choices=TaskType.choices)
    skill_level = forms.ChoiceField(label=_("Thinking-skill level"), choices=SkillLevel.choices)
    minutes = forms.IntegerField(
        label=_("Time, minutes"), min_value=1, max_value=240, required=False
    )
    points = forms.IntegerField(label=_("Points"), min_value=1, max_value=100)
    objectives = forms.CharField(
        label=_("Objectives it assesses"),
        required=False,
        help_text=_("Curriculum objective codes, separated by commas: 5.1.2.1, 5.1.2.2."),
    )
    mark_scheme = forms.CharField(
        label=_("Mark scheme"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        help_text=_("The answers and how to mark them, for the teacher. Markdown."),
    )

    def clean_objectives(self) -> list[str]:
        codes = split_codes(self.cleaned_data.get("objectives") or "")
        for code in codes:
            try:
                OBJECTIVE_CODE(code)
            except ValidationError:
                raise ValidationError(
                    gettext("“%(code)s” is not an objective code: write it as 5.1.2.1.")
                    % {"code": code}
                ) from None
        return list(dict.fromkeys(codes))

    @staticmethod
    def initial_of(task: Task | None, revision: int, next_number: int) -> dict[str, Any]:
        if task is None:
            return {"number": next_number, "revision": revision}
        return {
            "number": task.number,
            "text": task.text,
            "task_type": task.task_type,
            "skill_level": task.skill_level,
            "minutes": task.minutes,
            "points": task.points,
            "mark_scheme": task.mark_scheme,
            "objectives": ", ".join(o.code for o in task.objectives.all()),
            "revision": revision,
        }


class RowForm(forms.Form):
    """A row of a task's table: a descriptor and its points under a criterion of an objective.
    A row whose objective and criterion are empty adds a descriptor to the criterion above."""

    objective = forms.CharField(
        label=_("Objective code"), required=False, max_length=20, validators=[OBJECTIVE_CODE]
    )
    criterion = forms.CharField(
        label=_("Assessment criterion"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    descriptor = forms.CharField(
        label=_("Descriptor"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    points = forms.IntegerField(label=_("Points"), required=False, min_value=1, max_value=100)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The table's header names the columns; each cell says its row and column to a screen
        # reader, since a cell has no label of its own.
        row = int(str(self.prefix).rsplit("-", 1)[-1]) + 1 if self.prefix else 1
        for item in self.fields.values():
            item.widget.attrs["aria-label"] = gettext("Row %(row)s: %(column)s") % {
                "row": row,
                "column": item.label,
            }

    def is_blank(self) -> bool:
        data = self.cleaned_data
        return not any(
            (data.get("objective"), data.get("criterion"), data.get("descriptor"))
        ) and data.get("points") in (None, "")


class BaseRowFormSet(forms.BaseFormSet):  # type: ignore[type-arg]
    def add_fields(self, form: forms.Form, index: int | None) -> None:
        super().add_fields(form, index)
        if "DELETE" in form.fields:
            form.fields["DELETE"].label = _("Remove")
            form.fields["DELETE"].widget.attrs["aria-label"] = gettext(
                "Row %(row)s: %(column)s"
            ) % {"row": (index or 0) + 1, "column": gettext("Remove")}

    def criteria(self) -> tuple[CriterionFields, ...]:
        """The rows, in order, as criteria with their descriptors (call once valid): rows under
        a criterion add descriptors to it. Errors are put on the rows that break the rule."""
        built: list[tuple[str, str, list[DescriptorFields]]] = []
        for form in self.forms:
            data = form.cleaned_data
            if not data or data.get("DELETE") or form.is_blank():
                continue
            objective = data.get("objective") or ""
            criterion = (data.get("criterion") or "").strip()
            descriptor = (data.get("descriptor") or "").strip()
            points = data.get("points")
            if criterion:
                if not objective and built:
                    objective = built[-1][0]
                if not objective:
                    form.add_error(
                        "objective", gettext("Name the objective this criterion is for.")
                    )
                    continue
                built.append((objective, criterion, []))
            elif not built:
                form.add_error("criterion", gettext("Write the assessment criterion."))
                continue
            elif objective and objective != built[-1][0]:
                form.add_error(
                    "criterion", gettext("A new objective starts a new criterion: write it.")
                )
                continue
            if descriptor and points is None:
                form.add_error("points", gettext("Give the descriptor's points."))
            elif points is not None and not descriptor:
                form.add_error(
                    "descriptor", gettext("Write what the pupil shows for these points.")
                )
            elif descriptor and points is not None:
                built[-1][2].append(DescriptorFields(text=descriptor, points=points))
        return tuple(
            CriterionFields(objective=o, text=c, descriptors=tuple(d)) for o, c, d in built
        )


RowFormSet = formset_factory(
    RowForm, formset=BaseRowFormSet, extra=0, can_delete=True, max_num=200, absolute_max=200
)


def row_formset(*args: Any, **kwargs: Any) -> BaseRowFormSet:
    """The table of a task's criteria and descriptors (``RowFormSet``), typed."""
    return cast(BaseRowFormSet, RowFormSet(*args, **kwargs))


def rows_of(task: Task | None) -> list[dict[str, Any]]:
    """A stored task's criteria and descriptors as the table's rows."""
    rows: list[dict[str, Any]] = []
    if task is None:
        return rows
    for criterion in task.criteria.all():
        descriptors = list(criterion.descriptors.all())
        first = {"objective": criterion.objective_code, "criterion": criterion.text}
        if not descriptors:
            rows.append(first)
        for index, descriptor in enumerate(descriptors):
            row: dict[str, Any] = dict(first) if index == 0 else {}
            row.update(descriptor=descriptor.text, points=descriptor.points)
            rows.append(row)
    return rows


def rows_posted(data: Any, prefix: str = "form") -> list[dict[str, Any]]:
    """The table's rows as they were posted (not yet checked), without those marked for
    removal, to show again with more empty rows."""
    try:
        total = min(int(data.get(f"{prefix}-TOTAL_FORMS", 0)), 200)
    except (TypeError, ValueError):
        total = 0
    rows = []
    for index in range(total):
        if data.get(f"{prefix}-{index}-DELETE"):
            continue
        row = {
            name: data.get(f"{prefix}-{index}-{name}", "")
            for name in ("objective", "criterion", "descriptor", "points")
        }
        if any(str(value).strip() for value in row.values()):
            rows.append(row)
    return rows


def task_fields(form: TaskForm, criteria: tuple[CriterionFields, ...]) -> TaskFields:
    data = form.cleaned_data
    return TaskFields(
        number=data["number"],
        text=data["text"],
        task_type=data["task_type"],
        skill_level=data["skill_level"],
        points=data["points"],
        minutes=data.get("minutes"),
        mark_scheme=data.get("mark_scheme") or "",
        objectives=tuple(data["objectives"]),
        criteria=criteria,
    )


# --- Mark sheets and rules -------------------------------------------------------------------


class MarkSheetForm(forms.Form):
    label = forms.CharField(label=_("Class"), max_length=40, help_text=_("For example 5 А."))
    grade = forms.TypedChoiceField(label=_("Grade"), choices=GRADES, coerce=int)
    pupils = forms.IntegerField(
        label=_("Number of pupils"),
        min_value=1,
        max_value=MAX_PUPILS,
        help_text=_("Pupils are rows numbered 1, 2, 3…: no names are kept."),
    )


class MarkScaleForm(forms.Form):
    name = forms.CharField(label=_("Rule"), max_length=300)
    grade_from = forms.TypedChoiceField(label=_("From grade"), choices=GRADES, coerce=int)
    grade_to = forms.TypedChoiceField(label=_("To grade"), choices=GRADES, coerce=int)
    effective_from = forms.DateField(label=_("In force from"), widget=DayInput())
    source = forms.CharField(
        label=_("Source"),
        max_length=300,
        required=False,
        help_text=_("The ministry's order: its number and date."),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        low, high = data.get("grade_from"), data.get("grade_to")
        if low is not None and high is not None and low > high:
            self.add_error("grade_to", gettext("The first grade of a rule comes before its last."))
        return data


class BandForm(forms.Form):
    min_percent = forms.DecimalField(
        label=_("From, per cent"), min_value=0, max_value=100, decimal_places=2, required=False
    )
    mark = forms.IntegerField(label=_("Mark"), min_value=0, max_value=100, required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if (data.get("min_percent") is None) != (data.get("mark") is None):
            raise ValidationError(gettext("Give both where the band starts and its mark."))
        return data


class BaseBandFormSet(forms.BaseFormSet):  # type: ignore[type-arg]
    def bands(self) -> list[BandFields]:
        return [
            BandFields(
                min_percent=Decimal(form.cleaned_data["min_percent"]),
                mark=form.cleaned_data["mark"],
            )
            for form in self.forms
            if form.cleaned_data and form.cleaned_data.get("min_percent") is not None
        ]


BandFormSet = formset_factory(
    BandForm, formset=BaseBandFormSet, extra=0, max_num=20, absolute_max=20
)


def band_formset(*args: Any, **kwargs: Any) -> BaseBandFormSet:
    """The table of a rule's bands (``BandFormSet``), typed."""
    return cast(BaseBandFormSet, BandFormSet(*args, **kwargs))
