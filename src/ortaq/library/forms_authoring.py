"""The forms of writing and reviewing a resource: each offers only the choices the person may
take, and keeps what she wrote when a service refuses it."""

import re
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from ortaq.accounts.models import User
from ortaq.core.models import Subject
from ortaq.library.choices import LANGUAGES, Kind, Licence, Recommendation, Verdict
from ortaq.library.models import GRADES, ChecklistItem, Version
from ortaq.library.services import Answer, Draft

SPLIT = re.compile(r"[\s,;]+")


class DraftFields(forms.Form):
    """The text of a version, as the new-resource and edit pages share it."""

    title = forms.CharField(label=_("Title"), max_length=300)
    summary = forms.CharField(
        label=_("Summary"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Two or three sentences: what it is for and who it helps."),
    )
    body = forms.CharField(
        label=_("Text"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 18}),
        help_text=_("In Markdown: ## for a heading, - for a list item. No script."),
    )
    grades = forms.TypedMultipleChoiceField(
        label=_("Grades"),
        choices=GRADES,
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("A multi-grade plan covers several; 0 is the pre-school class."),
    )
    codes = forms.CharField(
        label=_("Curriculum objective codes"),
        required=False,
        help_text=_("As in the curriculum, separated by commas: 5.2.1.1, 5.2.1.2."),
    )
    licence = forms.ChoiceField(
        label=_("Licence"),
        choices=Licence.choices,
        initial=Licence.CC_BY,
        help_text=_(
            "Creative Commons: others may use it, naming you. "
            "CC BY 4.0 unless you choose otherwise."
        ),
    )
    purpose = forms.CharField(
        label=_("Purpose of the summative assessment"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    duration_minutes = forms.IntegerField(
        label=_("Duration, minutes"), required=False, min_value=5, max_value=240
    )
    total_points = forms.IntegerField(label=_("Total points"), required=False, min_value=1)

    def __init__(self, *args: Any, summative: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not summative:
            for name in ("purpose", "duration_minutes", "total_points"):
                del self.fields[name]

    def clean_codes(self) -> list[str]:
        return [code for code in SPLIT.split(self.cleaned_data["codes"] or "") if code]

    def draft(self) -> Draft:
        data = self.cleaned_data
        return Draft(
            title=data["title"],
            summary=data.get("summary") or "",
            body=data.get("body") or "",
            licence=data["licence"],
            note=data.get("note") or "",
            grades=tuple(data.get("grades") or ()),
            codes=tuple(data.get("codes") or ()),
            purpose=data.get("purpose") or "",
            duration_minutes=data.get("duration_minutes"),
            total_points=data.get("total_points"),
        )


class ResourceForm(DraftFields):
    """A new resource: what it is, then its first draft."""

    kind = forms.ChoiceField(label=_("Kind"), choices=Kind.written_alone)
    subject = forms.ModelChoiceField(label=_("Subject"), queryset=Subject.objects.all())
    language = forms.ChoiceField(label=_("Language of the resource"), choices=LANGUAGES)
    translation_of = forms.IntegerField(
        label=_("Translation of resource no."),
        required=False,
        min_value=1,
        help_text=_(
            "If this is a translation, the number of the resource it translates (in its address)."
        ),
    )
    coauthors = forms.CharField(
        label=_("Co-authors"),
        required=False,
        help_text=_("The e-mails of their Ortaq accounts, in order, separated by commas."),
    )
    field_order = ("kind", "subject", "language", "translation_of", "title", "summary")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, summative=True, **kwargs)
        for name in ("purpose", "duration_minutes", "total_points"):
            self.fields[name].help_text = _("Only for a summative task for a unit or a term.")

    def clean_coauthors(self) -> list[User]:
        emails = [e.lower() for e in SPLIT.split(self.cleaned_data["coauthors"] or "") if e]
        found = {u.email: u for u in User.objects.filter(email__in=emails, is_active=True)}
        missing = [e for e in emails if e not in found]
        if missing:
            raise ValidationError(
                _("No Ortaq account has this e-mail: %(emails)s") % {"emails": ", ".join(missing)}
            )
        return [found[e] for e in dict.fromkeys(emails)]


class VersionForm(DraftFields):
    """The open version's text, with the revision the editing started from."""

    note = forms.CharField(
        label=_("What changed in this version"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    revision = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    @classmethod
    def initial_of(cls, version: Version) -> dict[str, Any]:
        return {
            "title": version.title,
            "summary": version.summary,
            "body": version.body,
            "licence": version.licence,
            "note": version.note,
            "grades": [g.grade for g in version.grades.all()],
            "codes": ", ".join(a.code for a in version.alignments.all()),
            "purpose": version.purpose,
            "duration_minutes": version.duration_minutes,
            "total_points": version.total_points,
            "revision": version.revision,
        }


class AttachmentForm(forms.Form):
    file = forms.FileField(
        label=_("Attach a file"),
        help_text=_("PDF, Word, PowerPoint, Excel, OpenDocument, text or ZIP, up to 50 MB."),
    )


class CommentForm(forms.Form):
    body = forms.CharField(label=_("Your comment"), widget=forms.Textarea(attrs={"rows": 4}))


class ChangesForm(forms.Form):
    comment = forms.CharField(
        label=_("What the authors should change"), widget=forms.Textarea(attrs={"rows": 5})
    )


class AssignForm(forms.Form):
    experts = forms.ModelMultipleChoiceField(
        label=_("Experts"),
        queryset=User.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Experts of the resource's subject over its place."),
    )
    comment = forms.CharField(
        label=_("Note to the experts and authors"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, experts: QuerySet[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["experts"]
        field.queryset = experts  # type: ignore[attr-defined]
        field.label_from_instance = lambda user: user.get_full_name()  # type: ignore[attr-defined]


class ReviewForm(forms.Form):
    """The expert's review: a verdict (and a note) for each item of the checklist, then her
    recommendation."""

    recommendation = forms.ChoiceField(
        label=_("Recommendation"), choices=Recommendation.choices, widget=forms.RadioSelect
    )
    comment = forms.CharField(
        label=_("Comment to the authors"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Needed when you ask for changes: say what to change."),
    )
    name_shown = forms.BooleanField(
        label=_("Show my name to the authors and on the published resource"), required=False
    )

    def __init__(self, *args: Any, items: list[ChecklistItem], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.items = items
        for number, item in enumerate(items, start=1):
            self.fields[f"verdict_{item.pk}"] = forms.ChoiceField(
                label=f"{number}. {item.text}", choices=Verdict.choices, widget=forms.RadioSelect
            )
            self.fields[f"note_{item.pk}"] = forms.CharField(
                label=_("Note on item %(number)s") % {"number": number},
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
            )
        self.order_fields([*(f"{p}_{i.pk}" for i in items for p in ("verdict", "note"))])

    def item_fields(self) -> list[tuple[Any, Any]]:
        return [(self[f"verdict_{i.pk}"], self[f"note_{i.pk}"]) for i in self.items]

    def answers(self) -> dict[int, Answer]:
        data = self.cleaned_data
        return {
            item.pk: Answer(verdict=data[f"verdict_{item.pk}"], comment=data[f"note_{item.pk}"])
            for item in self.items
        }
