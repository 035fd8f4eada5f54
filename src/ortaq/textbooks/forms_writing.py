"""The forms of a textbook's structure and of writing its lessons: plain forms that work
without script, offering only what the person may choose, and keeping what she wrote when a
service refuses it."""

import re
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from ortaq.core.models import Subject
from ortaq.networks.models import Association
from ortaq.schools.models import School
from ortaq.textbooks.choices import ExerciseKind, MediaKind, StaffRole
from ortaq.textbooks.models import GRADES, Exercise
from ortaq.textbooks.services.books import About, Commission
from ortaq.textbooks.services.writing import Choice, MediaDraft, TaskDraft

SPLIT = re.compile(r"[\s,;]+")
ROWS = 8
GAPS = 6
WRITTEN_IN = (("kk", "Қазақша"), ("ru", "Русский"))


class TextbookForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=300)
    language = forms.ChoiceField(label=_("Language"), choices=WRITTEN_IN)
    grade_from = forms.TypedChoiceField(label=_("From grade"), choices=GRADES, coerce=int)
    grade_to = forms.TypedChoiceField(label=_("To grade"), choices=GRADES, coerce=int)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    association = forms.ModelChoiceField(
        label=_("Association of schools"),
        queryset=Association.objects.none(),
        required=False,
    )
    is_published = forms.BooleanField(
        label=_("Open to readers"),
        required=False,
        help_text=_("Readers see its published lessons; the others stay with its staff."),
    )

    def __init__(
        self,
        *args: Any,
        associations: QuerySet[Association],
        association_required: bool,
        editing: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["association"]
        field.queryset = associations  # type: ignore[attr-defined]
        field.required = association_required
        if editing:
            del self.fields["language"]

    def about(self, language: str = "") -> About:
        data = self.cleaned_data
        return About(
            title=data["title"],
            grade_from=data["grade_from"],
            grade_to=data["grade_to"],
            language=data.get("language") or language,
            description=data["description"],
            association=data.get("association"),
            is_published=data["is_published"],
        )


class StaffForm(forms.Form):
    email = forms.EmailField(label=_("E-mail"))
    role = forms.ChoiceField(label=_("Role"), choices=StaffRole.choices)


class UnitForm(forms.Form):
    title = forms.CharField(label=_("Title of the unit"), max_length=300)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class LessonAddForm(forms.Form):
    title = forms.CharField(label=_("Planned title of the lesson"), max_length=300)


class CommissionForm(forms.Form):
    title = forms.CharField(label=_("Planned title"), max_length=300)
    teacher_email = forms.EmailField(
        label=_("Teacher's e-mail"),
        required=False,
        help_text=_("Commission it from one teacher, or from a school below."),
    )
    school = forms.ModelChoiceField(
        label=_("School"), queryset=School.objects.none(), required=False
    )
    due_on = forms.DateField(
        label=_("Due"),
        required=False,
        # A date input takes only ISO dates: in the page's own format (12.05.2031 in kk and ru)
        # the browser showed the field empty, and saving the plan again dropped the date.
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def __init__(self, *args: Any, schools: QuerySet[School], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["school"].queryset = schools  # type: ignore[attr-defined]

    def commission(self) -> Commission:
        data = self.cleaned_data
        return Commission(
            title=data["title"],
            teacher_email=data["teacher_email"] or "",
            school=data["school"],
            due_on=data["due_on"],
        )


class StartForm(forms.Form):
    subject = forms.ModelChoiceField(
        label=_("Subject"),
        queryset=Subject.objects.all(),
        help_text=_("Its experts review the lesson in the library."),
    )
    codes = forms.CharField(
        label=_("Curriculum objective codes"),
        required=False,
        help_text=_("As in the curriculum, separated by commas: 5.2.1.1, 5.2.1.2."),
    )

    def clean_codes(self) -> list[str]:
        return [code for code in SPLIT.split(self.cleaned_data["codes"] or "") if code]


class GuideForm(forms.Form):
    revision = forms.IntegerField(widget=forms.HiddenInput)
    text = forms.CharField(
        label=_("Teacher's guide"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=_("In Markdown: how to teach the lesson, timings, what to watch for."),
    )


class TaskForm(forms.Form):
    """A task of any kind on one page: its prompt, hint and feedback; up to eight rows of
    options (a choice with its feedback, a pair, or an item in the right order); and the
    accepted answers of each gap (a short answer's are gap 1's)."""

    revision = forms.IntegerField(widget=forms.HiddenInput)
    kind = forms.ChoiceField(label=_("Kind of task"), choices=ExerciseKind.choices)
    prompt = forms.CharField(
        label=_("Task"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Markdown. For gaps, write [1], [2]… where they are."),
    )
    hint = forms.CharField(label=_("Hint"), required=False)
    feedback_right = forms.CharField(label=_("Feedback on a right answer"), required=False)
    feedback_wrong = forms.CharField(label=_("Feedback on a wrong answer"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for n in range(1, ROWS + 1):
            self.fields[f"text_{n}"] = forms.CharField(
                label=_("Option, item or left side %(n)s") % {"n": n},
                required=False,
                max_length=500,
            )
            self.fields[f"match_{n}"] = forms.CharField(
                label=_("Matches (for a matching task) %(n)s") % {"n": n},
                required=False,
                max_length=500,
            )
            self.fields[f"right_{n}"] = forms.BooleanField(
                label=_("Right option %(n)s") % {"n": n}, required=False
            )
            self.fields[f"feedback_{n}"] = forms.CharField(
                label=_("Feedback when option %(n)s is chosen") % {"n": n},
                required=False,
                max_length=500,
            )
        for n in range(1, GAPS + 1):
            self.fields[f"gap_{n}"] = forms.CharField(
                label=_("Accepted answers for gap [%(n)s]") % {"n": n}
                if n > 1
                else _("Accepted answers for gap [1], or of a short answer"),
                required=False,
                help_text=_("Separate several accepted answers with “;”.") if n == 1 else "",
            )

    @classmethod
    def of(cls, exercise: Exercise, revision: int) -> "TaskForm":
        """The form filled with a task as it is (its options and accepted answers)."""
        initial: dict[str, Any] = {
            "revision": revision,
            "kind": exercise.kind,
            "prompt": exercise.prompt,
            "hint": exercise.hint,
            "feedback_right": exercise.feedback_right,
            "feedback_wrong": exercise.feedback_wrong,
        }
        for n, option in enumerate(exercise.options.all(), 1):
            initial |= {
                f"text_{n}": option.text,
                f"match_{n}": option.match,
                f"right_{n}": option.is_right,
                f"feedback_{n}": option.feedback,
            }
        gaps: dict[int, list[str]] = {}
        for accepted in exercise.accepted.all():
            gaps.setdefault(accepted.gap, []).append(accepted.text)
        for gap, texts in gaps.items():
            initial[f"gap_{gap}"] = "; ".join(texts)
        return cls(initial=initial)

    def rows(self) -> list[list[forms.BoundField]]:
        return [
            [self[f"{name}_{n}"] for name in ("text", "match", "right", "feedback")]
            for n in range(1, ROWS + 1)
        ]

    def gap_fields(self) -> list[forms.BoundField]:
        return [self[f"gap_{n}"] for n in range(1, GAPS + 1)]

    def draft(self) -> TaskDraft:
        data = self.cleaned_data
        return TaskDraft(
            kind=data["kind"],
            prompt=data["prompt"],
            hint=data["hint"],
            feedback_right=data["feedback_right"],
            feedback_wrong=data["feedback_wrong"],
            options=tuple(
                Choice(
                    text=data[f"text_{n}"],
                    match=data[f"match_{n}"],
                    is_right=data[f"right_{n}"],
                    feedback=data[f"feedback_{n}"],
                )
                for n in range(1, ROWS + 1)
            ),
            accepted=tuple(
                (n, text)
                for n in range(1, GAPS + 1)
                for text in (data[f"gap_{n}"] or "").split(";")
                if text.strip()
            ),
        )


class MediaForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=MediaKind.choices)
    file = forms.FileField(label=_("File"))
    alt_text = forms.CharField(
        label=_("Alt text"),
        required=False,
        max_length=500,
        help_text=_("Required for a picture: what it shows, for a pupil who cannot see it."),
    )
    captions = forms.FileField(label=_("Captions (WebVTT)"), required=False)
    transcript = forms.CharField(
        label=_("Transcript"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("A recording needs its captions or its transcript."),
    )

    def draft(self) -> MediaDraft:
        data = self.cleaned_data
        return MediaDraft(
            kind=data["kind"], alt_text=data["alt_text"], transcript=data["transcript"]
        )


class MediaEditForm(forms.Form):
    alt_text = forms.CharField(label=_("Alt text"), required=False, max_length=500)
    transcript = forms.CharField(
        label=_("Transcript"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
