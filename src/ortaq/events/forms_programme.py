"""Forms of the call for contributions, contributions, reviews and the programme. Each offers
only the choices she may take: the call's kinds and languages, the event's accepted
contributions."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from ortaq.events.choices import (
    LANGUAGES,
    ContributionKind,
    Recommendation,
    SessionKind,
)
from ortaq.events.contributions import KIND_FORMS, MAX_AUTHORS, AuthorIn
from ortaq.events.forms import _when
from ortaq.events.models import Call, Contribution

LANGUAGE_NAMES = dict(LANGUAGES)


class CallForm(forms.Form):
    opens_at = _when(_("The call opens"))
    closes_at = _when(_("The call closes"))
    kinds = forms.MultipleChoiceField(
        label=_("Kinds of contribution taken"),
        choices=ContributionKind.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    languages = forms.MultipleChoiceField(
        label=_("Languages of contributions"),
        choices=LANGUAGES,
        widget=forms.CheckboxSelectMultiple,
    )
    blind = forms.BooleanField(
        label=_("Blind review: reviewers do not see who wrote a contribution"),
        required=False,
        initial=True,
    )
    instructions = forms.CharField(
        label=_("Instructions to authors"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    @classmethod
    def initial_of(cls, call: Call | None) -> dict[str, Any]:
        if call is None:
            return {"blind": True, "kinds": ContributionKind.values, "languages": ["kk", "ru"]}
        return {
            "opens_at": call.opens_at,
            "closes_at": call.closes_at,
            "kinds": call.kind_list(),
            "languages": call.language_list(),
            "blind": call.blind,
            "instructions": call.instructions,
        }


class ContributionForm(forms.Form):
    """A contribution: its kind among the call's, title, language among the call's, abstract,
    each kind's own fields (shown with the kind they belong to, word limits in their help), and
    up to eleven co-authors, one a line: "Name; e-mail; school"."""

    kind = forms.ChoiceField(label=_("Kind"))
    title = forms.CharField(label=_("Title"), max_length=300)
    language = forms.ChoiceField(label=_("Language"))
    abstract = forms.CharField(
        label=_("Abstract"),
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("At most 300 words (250 for a poster, 500 for a symposium)."),
    )
    coauthors = forms.CharField(
        label=_("Co-authors"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "You are the first author. One co-author a line: name; e-mail; school. "
            "A co-author without an account gives a name and an e-mail."
        ),
    )

    def __init__(self, *args: Any, call: Call, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        kinds = call.kind_list()
        self.fields["kind"].choices = [  # type: ignore[attr-defined]
            (k, label) for k, label in ContributionKind.choices if k in kinds
        ]
        self.fields["language"].choices = [  # type: ignore[attr-defined]
            (code, LANGUAGE_NAMES[code]) for code in call.language_list()
        ]
        self.kind_fields: list[tuple[str, str]] = []
        for kind in kinds:
            for kind_field in KIND_FORMS[kind].fields:
                name = f"{kind}__{kind_field.name}"
                self.fields[name] = forms.CharField(
                    label=f"{ContributionKind(kind).label}: {kind_field.label}",
                    required=False,
                    widget=forms.Textarea(attrs={"rows": 3}),
                    help_text=_("At most %(words)s words.") % {"words": kind_field.words},
                )
                self.kind_fields.append((kind, name))

    @classmethod
    def initial_of(cls, contribution: Contribution) -> dict[str, Any]:
        initial: dict[str, Any] = {
            "kind": contribution.kind,
            "title": contribution.title,
            "language": contribution.language,
            "abstract": contribution.abstract,
            "coauthors": "\n".join(
                "; ".join(part for part in (a.name, a.email, a.affiliation) if part)
                for a in contribution.authors.all()
                if a.order > 1
            ),
        }
        for name, value in (contribution.details or {}).items():
            initial[f"{contribution.kind}__{name}"] = value
        return initial

    def clean_coauthors(self) -> list[AuthorIn]:
        found = []
        for line in (self.cleaned_data.get("coauthors") or "").splitlines():
            parts = [part.strip() for part in line.split(";")]
            if not parts[0]:
                continue
            found.append(AuthorIn(parts[0], *(parts[1:3])))
        if len(found) >= MAX_AUTHORS:
            raise forms.ValidationError(
                _("A contribution has at most %(count)s authors.") % {"count": MAX_AUTHORS}
            )
        for author in found:
            if author.email and not forms.EmailField().clean(author.email):
                raise forms.ValidationError(_("Give each co-author's e-mail correctly."))
        return found

    def details(self) -> dict[str, str]:
        kind = self.cleaned_data.get("kind")
        prefix = f"{kind}__"
        return {
            name.removeprefix(prefix): self.cleaned_data.get(name) or ""
            for k, name in self.kind_fields
            if k == kind
        }


class AssignForm(forms.Form):
    reviewer = forms.EmailField(label=_("The reviewer's e-mail"))


class ReviewForm(forms.Form):
    recommendation = forms.ChoiceField(
        label=_("Recommendation"), choices=Recommendation.choices, widget=forms.RadioSelect
    )
    comments_to_authors = forms.CharField(
        label=_("Comments to the authors"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("The authors read them without your name."),
    )
    comments_to_organisers = forms.CharField(
        label=_("Comments to the organisers"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Only the organisers read them."),
    )


class SessionForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=SessionKind.choices)
    title = forms.CharField(label=_("Title"), max_length=300, required=False)
    starts_at = _when(_("Starts"))
    ends_at = _when(_("Ends"))
    room = forms.CharField(label=_("Room"), max_length=200, required=False)
    online_url = forms.URLField(
        label=_("Online meeting link"),
        required=False,
        max_length=500,
        assume_scheme="https",
        help_text=_("Only registered people see it."),
    )


class PlaceForm(forms.Form):
    """Place one of the event's accepted contributions in a session."""

    contribution: forms.ModelChoiceField[Contribution] = forms.ModelChoiceField(
        label=_("Contribution"), queryset=Contribution.objects.none()
    )
    order = forms.IntegerField(label=_("Order"), min_value=0, max_value=999, required=False)

    def __init__(self, *args: Any, accepted: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["contribution"].queryset = accepted  # type: ignore[attr-defined]


class ChairForm(forms.Form):
    chair = forms.EmailField(label=_("The chair's e-mail"))
