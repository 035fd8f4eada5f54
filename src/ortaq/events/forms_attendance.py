"""Forms of attendance and after the event: the check-in code, the participant report, a
material, feedback, the recommendations, and a school's team (which offers only her school's
teachers, and asks no pupil's name)."""

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from ortaq.accounts.models import User
from ortaq.core.forms import CsvImportForm
from ortaq.events.choices import MaterialKind
from ortaq.events.models import Contribution


class CheckInForm(forms.Form):
    code = forms.CharField(
        label=_("Check-in code"),
        max_length=40,
        help_text=_("Scan the QR code with the phone's camera, or type the code under it."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}),
    )


class ReportForm(CsvImportForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["file"].label = _("Participant report (CSV)")
        self.fields["file"].help_text = _(
            "Columns: name, email, minutes (Zoom's participant report is read as it is). "
            "UTF-8, with “,” or “;” between the columns."
        )


class ConfirmForm(forms.Form):
    token = forms.CharField(widget=forms.HiddenInput)


class MaterialForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=MaterialKind.choices)
    title = forms.CharField(label=_("Title"), max_length=300, required=False)
    contribution = forms.ModelChoiceField(
        label=_("Contribution"), queryset=Contribution.objects.none(), required=False
    )
    file = forms.FileField(
        label=_("File"),
        required=False,
        help_text=_(
            "Slides: PDF, PowerPoint or OpenDocument, up to 50 MB. A poster: PDF or a "
            "picture, up to 20 MB."
        ),
    )
    url = forms.URLField(
        label=_("Link to the recording"), required=False, max_length=500, assume_scheme="https"
    )

    def __init__(
        self, *args: Any, contributions: QuerySet[Contribution], organiser: bool, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["contribution"]
        assert isinstance(field, forms.ModelChoiceField)  # noqa: S101 - declared above
        field.queryset = contributions
        if not organiser:
            field.required = True
            field.empty_label = None


class FeedbackForm(forms.Form):
    rating = forms.TypedChoiceField(
        label=_("How useful was the event to you?"),
        coerce=int,
        choices=[(n, str(n)) for n in range(5, 0, -1)],
        widget=forms.RadioSelect,
        help_text=_("5: very useful; 1: not useful."),
    )
    comment = forms.CharField(
        label=_("Comment"),
        required=False,
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class OutcomeForm(forms.Form):
    kk = forms.CharField(
        label=_("Recommendations, in Kazakh"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
    )
    ru = forms.CharField(
        label=_("Recommendations, in Russian"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
    )
    en = forms.CharField(
        label=_("Recommendations, in English"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
    )


class TeamForm(forms.Form):
    name = forms.CharField(label=_("Team name"), max_length=200)
    teachers = forms.ModelMultipleChoiceField(
        label=_("Teachers leading the team"),
        queryset=User.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Teachers of your school with an account on Ortaq."),
    )
    pupils = forms.IntegerField(label=_("Number of pupils"), min_value=1, max_value=500)
    grades = forms.CharField(
        label=_("Grades"),
        max_length=50,
        help_text=_("For example: 5–7. Do not give pupils' names: Ortaq does not keep them."),
    )

    def __init__(self, *args: Any, teachers: QuerySet[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["teachers"]
        assert isinstance(field, forms.ModelMultipleChoiceField)  # noqa: S101 - declared above
        field.queryset = teachers


class TeamDecisionForm(forms.Form):
    team = forms.IntegerField(widget=forms.HiddenInput)
    decision = forms.ChoiceField(
        choices=[("accept", _("Accept")), ("decline", _("Decline")), ("result", _("Save"))]
    )
    result = forms.CharField(label=_("Result or award"), max_length=300, required=False)
