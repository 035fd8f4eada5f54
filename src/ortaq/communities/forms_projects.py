"""Forms of development projects: the project, each stage's fields and items, comments, the
assessment and the showcase's search."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from ortaq.communities.choices import Criterion, Level
from ortaq.communities.models import ConsultationNote, EvidenceItem, LogEntry, Project
from ortaq.communities.models.projects import is_web_link
from ortaq.core.forms import DayInput
from ortaq.core.models import Subject
from ortaq.schools.models import Region

DATE = DayInput()


def _area(rows: int = 4) -> forms.Textarea:
    return forms.Textarea(attrs={"rows": rows})


def _one_time_key() -> forms.UUIDField:
    """The hidden key of one form shown (the view gives a fresh one): the same form sent twice,
    a double click, makes one row."""
    return forms.UUIDField(widget=forms.HiddenInput, required=False)


class ProjectForm(forms.ModelForm[Project]):
    class Meta:
        model = Project
        fields = ("title", "subject", "theme")
        help_texts = {  # noqa: RUF012
            "theme": _("A few words others can find it by: reading, inclusion, local history…"),
        }


class NewProjectForm(ProjectForm):
    client_key = _one_time_key()


class ConcernForm(forms.ModelForm[Project]):
    class Meta:
        model = Project
        fields = ("values", "concern")
        widgets = {"values": _area(), "concern": _area()}  # noqa: RUF012
        help_texts = {  # noqa: RUF012
            "values": _("What matters most to you in your teaching, in a few sentences."),
            "concern": _(
                "One thing in your own practice or your school you want to improve, and why."
            ),
        }


class PlanForm(forms.ModelForm[Project]):
    class Meta:
        model = Project
        fields = ("aims", "actions", "timeline", "involved", "planned_evidence")
        widgets = {name: _area(3) for name in fields}  # noqa: RUF012
        help_texts = {  # noqa: RUF012
            "planned_evidence": _("What you will collect to see whether it worked."),
        }


class SharingForm(forms.ModelForm[Project]):
    class Meta:
        model = Project
        fields = ("presentation_title", "presented_at", "presented_on", "event_url", "summary")
        widgets = {"presented_on": DATE, "summary": _area(16)}  # noqa: RUF012
        help_texts = {  # noqa: RUF012
            "presented_at": _("The network event: a seminar, a conference, a meeting of circles."),
            "summary": _("About 800 words that other teachers can read: the concern, what you "
                         "did, what changed, what you learnt."),
        }  # fmt: skip

    def clean_event_url(self) -> str:
        url: str = self.cleaned_data["event_url"]
        if url and not is_web_link(url):
            raise forms.ValidationError(
                _("Give a web address that starts with http:// or https://."), code="scheme"
            )
        return url


STAGE_FORMS: dict[int, type[forms.ModelForm[Project]]] = {
    1: ConcernForm,
    3: PlanForm,
    6: SharingForm,
}


class ConsultationForm(forms.ModelForm[ConsultationNote]):
    client_key = _one_time_key()

    class Meta:
        model = ConsultationNote
        fields = ("consulted", "who", "said", "on_date")
        widgets = {"said": _area(), "on_date": DATE}  # noqa: RUF012


class LogForm(forms.ModelForm[LogEntry]):
    client_key = _one_time_key()

    class Meta:
        model = LogEntry
        fields = ("on_date", "text")
        widgets = {"on_date": DATE, "text": _area()}  # noqa: RUF012


class EvidenceForm(forms.ModelForm[EvidenceItem]):
    upload = forms.FileField(
        label=_("File"),
        required=False,
        help_text=_("A photo, PDF, document or spreadsheet, at most 20 MB."),
    )
    client_key = _one_time_key()

    class Meta:
        model = EvidenceItem
        fields = ("kind", "caption", "text", "pupils_appear", "consent_obtained")
        widgets = {"text": _area(3)}  # noqa: RUF012
        help_texts = {  # noqa: RUF012
            "text": _("Or write the evidence down: notes, survey figures."),
            "consent_obtained": _("Required where pupils can be recognised."),
        }


class CommentForm(forms.Form):
    body = forms.CharField(label=_("Comment"), widget=_area(3), max_length=5000)
    client_key = forms.UUIDField(widget=forms.HiddenInput, required=False)


class AssessForm(forms.Form):
    comment = forms.CharField(
        label=_("Comment for the teacher"), widget=_area(5), required=False, max_length=5000
    )
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("accept", _("Accept the portfolio")), ("return", _("Return it for changes"))],
        widget=forms.RadioSelect,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for criterion in Criterion:
            self.fields[f"level_{criterion.value}"] = forms.TypedChoiceField(
                label=criterion.label,
                choices=Level.choices,
                coerce=int,
                widget=forms.RadioSelect,
            )
        # The levels first, then the comment and the decision.
        self.order_fields([f"level_{c.value}" for c in Criterion])

    def levels(self) -> dict[str, int]:
        return {c.value: self.cleaned_data[f"level_{c.value}"] for c in Criterion}


class ShowcaseForm(forms.Form):
    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=200,
        help_text=_("Words of the title, concern, summary, theme or school."),
    )
    region = forms.ModelChoiceField(
        label=_("Region"), queryset=Region.objects.all(), required=False, empty_label=_("All")
    )
    school = forms.CharField(
        label=_("School"), required=False, max_length=200, help_text=_("Its name or BIN.")
    )
    subject = forms.ModelChoiceField(
        label=_("Subject"), queryset=Subject.objects.all(), required=False, empty_label=_("All")
    )
    theme = forms.CharField(label=_("Theme"), required=False, max_length=120)
