"""Forms of a Lesson Study group and the steps of its cycles. Each offers only what the person
may do; none has a field for a pupil's name, photo or identifier (``NO_PUPIL_IDENTIFIERS``
says why, on every form about pupils)."""

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from ortaq.accounts.models import User
from ortaq.core.forms import DayInput
from ortaq.core.models import Subject
from ortaq.journal.services import Texts
from ortaq.lessonstudy.choices import CASE_PUPIL_CODES, Band
from ortaq.lessonstudy.models import NO_PUPIL_IDENTIFIERS, CasePupil, PlanStage, Report
from ortaq.networks.choices import LANGUAGES
from ortaq.schools.models import School

GRADE_CHOICES = [(g, str(g)) for g in range(0, 12)]
TEXT = {"rows": 3}


class GroupForm(forms.Form):
    name = forms.CharField(label=_("Name of the group"), max_length=200)
    purpose = forms.CharField(
        label=_("What the group researches"), widget=forms.Textarea(attrs=TEXT), required=False
    )
    language = forms.ChoiceField(label=_("Language of the group"), choices=LANGUAGES)
    schools = forms.ModelMultipleChoiceField(
        label=_("Schools of the group"),
        queryset=School.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )
    facilitator = forms.EmailField(
        label=_("Facilitator's e-mail"),
        help_text=_("The teacher who will run the group's cycles; she needs an Ortaq account."),
    )

    def __init__(self, *args: Any, schools: list[School], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast("forms.ModelMultipleChoiceField[School]", self.fields["schools"])
        field.queryset = School.objects.filter(pk__in=[s.pk for s in schools]).order_by(
            "name_kk", "pk"
        )

    def clean_facilitator(self) -> User:
        email = self.cleaned_data["facilitator"].strip().lower()
        found = User.objects.filter(email__iexact=email, is_active=True).first()
        if found is None:
            raise forms.ValidationError(_("Nobody with this e-mail has an Ortaq account."))
        return found


class ExpertForm(forms.Form):
    email = forms.EmailField(
        label=_("Knowledgeable other's e-mail"),
        required=False,
        help_text=_(
            "An outside expert (a researcher or a trainer) with an Ortaq account. She reads the "
            "group's working material and comments on its discussions. Leave empty for none."
        ),
    )

    def clean_email(self) -> User | None:
        email = self.cleaned_data["email"].strip().lower()
        if not email:
            return None
        found = User.objects.filter(email__iexact=email, is_active=True).first()
        if found is None:
            raise forms.ValidationError(_("Nobody with this e-mail has an Ortaq account."))
        return found


class CycleForm(forms.Form):
    title = forms.CharField(
        label=_("Title of the cycle"),
        max_length=200,
        help_text=_("For example: Speaking in pairs in Kazakh lessons, 5th grade."),
    )


class FocusForm(forms.Form):
    subject = forms.ModelChoiceField(
        label=_("Subject"), queryset=Subject.objects.all(), required=False
    )
    grades = forms.TypedMultipleChoiceField(
        label=_("Grades"),
        choices=GRADE_CHOICES,
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("Several in a multi-grade class of a small-scale school."),
    )
    objectives = forms.CharField(
        label=_("Learning objectives"),
        required=False,
        help_text=_("Codes of the curriculum, separated by spaces or commas: 5.2.1.1, 5.3.2.1."),
    )
    approach = forms.CharField(
        label=_("Which teaching approach"), widget=forms.Textarea(attrs=TEXT)
    )
    learning = forms.CharField(
        label=_("should improve which learning"), widget=forms.Textarea(attrs=TEXT)
    )
    learners = forms.CharField(label=_("for which pupils"), widget=forms.Textarea(attrs=TEXT))
    research_question = forms.CharField(
        label=_("The research question in one sentence"),
        required=False,
        widget=forms.Textarea(attrs=TEXT),
        help_text=_("Leave empty to have it made from the three parts above."),
    )

    def objective_codes(self) -> list[str]:
        raw: str = self.cleaned_data.get("objectives", "")
        return [code for code in raw.replace(",", " ").replace(";", " ").split() if code]


class CasePupilsForm(forms.Form):
    """One row per letter: a band makes her a case pupil, with the reason she was chosen."""

    notice = NO_PUPIL_IDENTIFIERS

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for code in CASE_PUPIL_CODES:
            self.fields[f"band_{code}"] = forms.ChoiceField(
                label=_("Case pupil %(code)s: attainment band") % {"code": code},
                choices=[("", _("not a case pupil")), *Band.choices],
                required=False,
            )
            self.fields[f"reason_{code}"] = forms.CharField(
                label=_("Case pupil %(code)s: why this pupil") % {"code": code},
                widget=forms.Textarea(attrs=TEXT),
                required=False,
                help_text=_("What she typifies: never her name or anything that identifies her."),
            )

    @staticmethod
    def initial_for(pupils: list[CasePupil]) -> dict[str, str]:
        initial: dict[str, str] = {}
        for pupil in pupils:
            initial[f"band_{pupil.code}"] = pupil.band
            initial[f"reason_{pupil.code}"] = pupil.reason
        return initial

    def rows(self) -> list[tuple[str, forms.BoundField, forms.BoundField]]:
        return [(c, self[f"band_{c}"], self[f"reason_{c}"]) for c in CASE_PUPIL_CODES]

    def chosen(self) -> list[tuple[str, str, str]]:
        data = self.cleaned_data
        return [
            (code, data[f"band_{code}"], data.get(f"reason_{code}", ""))
            for code in CASE_PUPIL_CODES
            if data.get(f"band_{code}")
        ]


class LessonForm(forms.Form):
    teacher = forms.TypedChoiceField(label=_("Who teaches it"), required=False, coerce=int)
    taught_on = forms.DateField(label=_("Taught on"), required=False, widget=DayInput())
    class_label = forms.CharField(
        label=_("Class"), max_length=40, required=False, help_text=_("For example 5 «Ә» or 3–4.")
    )
    learning_intention = forms.CharField(
        label=_("Learning intention"), required=False, widget=forms.Textarea(attrs=TEXT)
    )
    success_criteria = forms.CharField(
        label=_("Success criteria"), required=False, widget=forms.Textarea(attrs=TEXT)
    )
    interview_questions = forms.CharField(
        label=_("Questions for the case pupils' interviews"),
        required=False,
        widget=forms.Textarea(attrs=TEXT),
    )

    def __init__(self, *args: Any, members: list[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast(forms.TypedChoiceField, self.fields["teacher"])
        field.choices = [("", "—"), *((m.pk, m.get_full_name() or m.email) for m in members)]
        self.members = {m.pk: m for m in members}

    def teacher_user(self) -> User | None:
        chosen = self.cleaned_data.get("teacher")
        return self.members.get(chosen) if chosen else None


class PlanForm(forms.Form):
    """The plan's grid: one row per stage (its place, title, minutes, what the teacher does,
    and one prediction per case pupil), ``EXTRA`` empty rows to add stages, a box to remove a
    stage. Stages are reordered by their place numbers."""

    EXTRA = 2
    notice = NO_PUPIL_IDENTIFIERS

    def __init__(
        self, *args: Any, stages: list[PlanStage], pupils: list[CasePupil],
        predictions: dict[tuple[int, int], str], **kwargs: Any,
    ) -> None:  # fmt: skip
        super().__init__(*args, **kwargs)
        self.pupils = pupils
        self.row_keys: list[str] = []
        rows: list[tuple[str, PlanStage | None]] = [(str(s.pk), s) for s in stages]
        rows += [(f"new{i}", None) for i in range(1, self.EXTRA + 1)]
        for index, (key, stage) in enumerate(rows, start=1):
            self.row_keys.append(key)
            new = stage is None
            self.fields[f"{key}-position"] = forms.IntegerField(
                label=_("Place"), min_value=1, max_value=99, initial=index, required=not new
            )
            self.fields[f"{key}-title"] = forms.CharField(
                label=_("Stage"), max_length=200, required=False,
                initial=stage.title if stage else "",
            )  # fmt: skip
            self.fields[f"{key}-minutes"] = forms.IntegerField(
                label=_("Minutes"), min_value=1, max_value=240, required=False,
                initial=stage.minutes if stage else None,
            )  # fmt: skip
            self.fields[f"{key}-teacher"] = forms.CharField(
                label=_("What the teacher does"), required=False,
                widget=forms.Textarea(attrs={"rows": 3}),
                initial=stage.teacher_activity if stage else "",
            )  # fmt: skip
            for pupil in pupils:
                self.fields[f"{key}-p{pupil.pk}"] = forms.CharField(
                    label=_("Pupil %(code)s: predicted to do and learn") % {"code": pupil.code},
                    required=False,
                    widget=forms.Textarea(attrs={"rows": 3}),
                    initial=predictions.get((stage.pk, pupil.pk), "") if stage else "",
                )
            if not new:
                self.fields[f"{key}-delete"] = forms.BooleanField(
                    label=_("Remove this stage"), required=False
                )

    def rows(self) -> list[dict[str, Any]]:
        found = []
        for number, key in enumerate(self.row_keys, start=1):
            found.append(
                {
                    "key": key,
                    "number": number,
                    "new": key.startswith("new"),
                    "position": self[f"{key}-position"],
                    "title": self[f"{key}-title"],
                    "minutes": self[f"{key}-minutes"],
                    "teacher": self[f"{key}-teacher"],
                    "cells": [(p, self[f"{key}-p{p.pk}"]) for p in self.pupils],
                    "delete": self[f"{key}-delete"] if not key.startswith("new") else None,
                }
            )
        return found


class InterviewForm(forms.Form):
    notice = NO_PUPIL_IDENTIFIERS
    pupil = forms.TypedChoiceField(label=_("Case pupil"), coerce=int)
    text = forms.CharField(
        label=_("What the pupil said"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=NO_PUPIL_IDENTIFIERS,
    )

    def __init__(self, *args: Any, pupils: list[CasePupil], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast(forms.TypedChoiceField, self.fields["pupil"])
        field.choices = [(p.pk, p.code) for p in pupils]


class InterviewTextForm(forms.Form):
    """An interview note corrected: its text only (its pupil and lesson stay)."""

    notice = NO_PUPIL_IDENTIFIERS
    text = forms.CharField(
        label=_("What the pupil said"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=NO_PUPIL_IDENTIFIERS,
    )


class DiscussionForm(forms.Form):
    """What the group concluded: one box per case pupil and stage (beside what was predicted
    and observed), then the teaching, the findings and the changes for the next lesson."""

    notice = NO_PUPIL_IDENTIFIERS
    held_on = forms.DateField(label=_("Held on"), required=False, widget=DayInput())
    teaching = forms.CharField(
        label=_("About the teaching"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    findings = forms.CharField(label=_("Agreed findings"), widget=forms.Textarea(attrs={"rows": 4}))
    changes = forms.CharField(
        label=_("Changes for the next research lesson"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args: Any, cells: list[Any], **kwargs: Any) -> None:
        """``cells``: the grid's cells (``queries.Cell``), each with what was concluded."""
        super().__init__(*args, **kwargs)
        self.cell_keys = []
        for cell in cells:
            stage_id, pupil_id = cell.stage.pk, cell.pupil.pk
            key = f"point-{stage_id}-{pupil_id}"
            self.cell_keys.append((stage_id, pupil_id, key))
            self.fields[key] = forms.CharField(
                label=_("Pupil %(code)s, stage %(stage)s: what we concluded")
                % {"code": cell.pupil.code, "stage": cell.stage.position},
                initial=cell.point,
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
            )

    def points(self) -> dict[tuple[int, int], str]:
        return {(s, p): self.cleaned_data.get(key, "") for s, p, key in self.cell_keys}


class ExpertCommentsForm(forms.Form):
    text = forms.CharField(
        label=_("The knowledgeable other's comments"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
    )


class ReportDraftForm(forms.Form):
    language = forms.ChoiceField(label=_("Language of the report"), choices=LANGUAGES)


class ReportForm(forms.Form):
    notice = NO_PUPIL_IDENTIFIERS
    title = forms.CharField(label=_("Title"), max_length=300)
    summary = forms.CharField(
        label=_("Summary"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    body = forms.CharField(
        label=_("Report"),
        widget=forms.Textarea(attrs={"rows": 24}),
        help_text=_("Markdown: # for headings, - for lists, **bold**."),
    )


class ReportSubmitForm(forms.Form):
    """The titles and abstracts a journal asks of every submission, in its three languages:
    the report's own language comes filled in from its title and summary."""

    title_kk = forms.CharField(label=_("Title in Kazakh"), max_length=300)
    title_ru = forms.CharField(label=_("Title in Russian"), max_length=300)
    title_en = forms.CharField(label=_("Title in English"), max_length=300)
    abstract_kk = forms.CharField(
        label=_("Abstract in Kazakh"), widget=forms.Textarea(attrs={"rows": 3})
    )
    abstract_ru = forms.CharField(
        label=_("Abstract in Russian"), widget=forms.Textarea(attrs={"rows": 3})
    )
    abstract_en = forms.CharField(
        label=_("Abstract in English"), widget=forms.Textarea(attrs={"rows": 3})
    )

    @staticmethod
    def initial_for(report: Report) -> dict[str, str]:
        return {
            f"title_{report.language}": report.title,
            f"abstract_{report.language}": report.summary,
        }

    def texts(self) -> Texts:
        return Texts(**{name: self.cleaned_data[name] for name in Texts.__dataclass_fields__})
