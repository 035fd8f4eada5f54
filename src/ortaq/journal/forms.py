"""The journal's forms: each offers only the choices the person may take."""

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from ortaq.accounts.models import User
from ortaq.communities.models import Project
from ortaq.core.forms import DayInput
from ortaq.journal.choices import LANGUAGES, Kind, Outcome, Recommendation
from ortaq.journal.models import Section, Submission, normalise_issn
from ortaq.journal.services import Texts


class JournalForm(forms.Form):
    title_kk = forms.CharField(label=_("Title in Kazakh"), max_length=200, required=False)
    title_ru = forms.CharField(label=_("Title in Russian"), max_length=200, required=False)
    title_en = forms.CharField(label=_("Title in English"), max_length=200, required=False)
    issn = forms.CharField(
        label=_("ISSN"),
        max_length=9,
        required=False,
        help_text=_("If the journal has one: eight characters, such as 2226-1249."),
    )

    def clean_issn(self) -> str:
        value: str = self.cleaned_data["issn"]
        return normalise_issn(value) if value.strip() else ""

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not (data.get("title_kk") or data.get("title_ru")):
            raise ValidationError(_("Give the journal's title in Kazakh or in Russian."))
        return data


class CallForm(forms.Form):
    year = forms.IntegerField(label=_("Year of the issue"), min_value=2000, max_value=2100)
    deadline = forms.DateField(label=_("Deadline"), widget=DayInput())


class SubmissionForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=[(Kind.ARTICLE, Kind.ARTICLE.label)])
    title_kk = forms.CharField(label=_("Title in Kazakh"), max_length=300)
    title_ru = forms.CharField(label=_("Title in Russian"), max_length=300)
    title_en = forms.CharField(label=_("Title in English"), max_length=300)
    abstract_kk = forms.CharField(label=_("Abstract in Kazakh"), widget=forms.Textarea)
    abstract_ru = forms.CharField(label=_("Abstract in Russian"), widget=forms.Textarea)
    abstract_en = forms.CharField(label=_("Abstract in English"), widget=forms.Textarea)
    language = forms.ChoiceField(label=_("Language of the text"), choices=LANGUAGES)
    body = forms.CharField(
        label=_("Text"),
        widget=forms.Textarea(attrs={"rows": 20}),
        help_text=_("In Markdown."),
        required=False,
    )
    coauthors = forms.CharField(
        label=_("Co-authors"),
        required=False,
        help_text=_("The e-mails of their Ortaq accounts, in order, separated by commas."),
    )

    project = forms.ModelChoiceField(
        label=_("Development project"),
        queryset=Project.objects.none(),
        required=False,
        help_text=_("For a portfolio: its text is made from your project's stages."),
    )

    def __init__(self, *args: Any, projects: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if projects is not None and projects.exists():
            self.fields["kind"].choices = [  # type: ignore[attr-defined]
                (Kind.ARTICLE, Kind.ARTICLE.label),
                (Kind.PORTFOLIO, Kind.PORTFOLIO.label),
            ]
            self.fields["project"].queryset = projects  # type: ignore[attr-defined]
        else:
            del self.fields["project"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("kind") == Kind.PORTFOLIO:
            if not data.get("project"):
                self.add_error("project", _("Choose the project whose portfolio you send."))
        elif not (data.get("body") or "").strip():
            self.add_error("body", _("Write the text of the manuscript."))
        return data

    def texts(self) -> Texts:
        data = self.cleaned_data
        return Texts(**{name: data[name] for name in Texts.__dataclass_fields__})

    def clean_coauthors(self) -> list[User]:
        emails = [e.strip().lower() for e in self.cleaned_data["coauthors"].split(",") if e.strip()]
        found = {u.email: u for u in User.objects.filter(email__in=emails, is_active=True)}
        missing = [e for e in emails if e not in found]
        if missing:
            raise ValidationError(
                _("No Ortaq account has this e-mail: %(emails)s") % {"emails": ", ".join(missing)}
            )
        return [found[e] for e in emails]


class RevisionForm(forms.Form):
    body = forms.CharField(label=_("Revised text"), widget=forms.Textarea(attrs={"rows": 20}))
    note = forms.CharField(
        label=_("What you changed"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )


class CorrectionForm(forms.Form):
    body = forms.CharField(label=_("Corrected text"), widget=forms.Textarea(attrs={"rows": 20}))
    note = forms.CharField(
        label=_("What the correction changes"), widget=forms.Textarea(attrs={"rows": 3})
    )


class AssignForm(forms.Form):
    email = forms.EmailField(
        label=_("Reviewer's e-mail"),
        help_text=_("If she has an Ortaq account, she also finds the review on her page."),
    )
    name = forms.CharField(
        label=_("Reviewer's name"),
        max_length=200,
        required=False,
        help_text=_("Needed only for a reviewer without an Ortaq account."),
    )
    language = forms.ChoiceField(label=_("Language of her e-mail"), choices=LANGUAGES)
    days = forms.IntegerField(label=_("The link works for (days)"), min_value=1, max_value=120)


class DecisionForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Decision"), choices=Outcome.choices)
    letter = forms.CharField(
        label=_("Letter to the authors"), widget=forms.Textarea(attrs={"rows": 5}), required=False
    )


class ReviewForm(forms.Form):
    recommendation = forms.ChoiceField(
        label=_("Recommendation"), choices=Recommendation.choices, widget=forms.RadioSelect
    )
    to_authors = forms.CharField(
        label=_("Comments to the authors"),
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("The authors read these without your name."),
    )
    to_editor = forms.CharField(
        label=_("Comments to the editor only"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
    )


class IssueForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    number = forms.IntegerField(label=_("Number"), min_value=1, max_value=99, initial=1)
    title = forms.CharField(label=_("Title"), max_length=300, required=False)


class SectionForm(forms.Form):
    title = forms.CharField(label=_("New section"), max_length=200)


class PlaceForm(forms.Form):
    submission = forms.ModelChoiceField(label=_("Accepted article"), queryset=Submission.objects)
    section = forms.ModelChoiceField(label=_("Section"), queryset=Section.objects)

    def __init__(self, *args: Any, accepted: Any, sections: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, queryset in (("submission", accepted), ("section", sections)):
            field = self.fields[name]
            field.queryset = queryset  # type: ignore[attr-defined]
            field.empty_label = None  # type: ignore[attr-defined]
