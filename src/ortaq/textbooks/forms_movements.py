"""The movement's forms: calling a movement, its staff, a team's application, an entry with its
files, and a moderator's decision."""

from typing import Any

from django import forms
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

from ortaq.core.forms import DayInput
from ortaq.networks.models import Association
from ortaq.schools.models import District, Region
from ortaq.textbooks.choices import LANGUAGES, Genre, StaffRole
from ortaq.textbooks.movements import EntryFields, MediaIn, MovementFields
from ortaq.textbooks.queries_movements import Organisers

SLUG = RegexValidator(
    r"^[a-z0-9]+(?:-[a-z0-9]+)*$",
    _("Use lower-case Latin letters and digits, words joined by hyphens."),
)
DATE = DayInput()


class MovementForm(forms.Form):
    title_kk = forms.CharField(label=_("Title in Kazakh"), max_length=300)
    title_ru = forms.CharField(label=_("Title in Russian"), max_length=300)
    title_en = forms.CharField(label=_("Title in English"), max_length=300, required=False)
    theme = forms.CharField(label=_("Theme"), widget=forms.Textarea(attrs={"rows": 3}))
    rules = forms.CharField(
        label=_("Rules"),
        help_text=_("Markdown: what to collect, how to record it, what consent to ask for."),
        widget=forms.Textarea(attrs={"rows": 10}),
    )
    starts_on = forms.DateField(label=_("Entries from"), widget=DATE)
    ends_on = forms.DateField(label=_("Entries until"), widget=DATE)
    hours = forms.IntegerField(
        label=_("Hours on a teacher's certificate"), min_value=0, max_value=200, initial=0
    )

    def movement_fields(self) -> MovementFields:
        data = self.cleaned_data
        return MovementFields(
            title_kk=data["title_kk"],
            title_ru=data["title_ru"],
            title_en=data["title_en"],
            theme=data["theme"],
            rules=data["rules"],
            starts_on=data["starts_on"],
            ends_on=data["ends_on"],
            hours=data["hours"],
        )


class MovementCreateForm(MovementForm):
    """A new movement: its organiser is one of those she may choose, and nothing else."""

    organiser = forms.ChoiceField(label=_("Called by"))
    slug = forms.CharField(
        label=_("Address"),
        max_length=60,
        min_length=3,
        validators=[SLUG],
        help_text=_(
            "For example folklore-2026: the movement's page is /textbooks/movements/<address>/."
        ),
    )
    field_order = ("organiser", "slug")

    def __init__(self, *args: Any, organisers: Organisers, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.organisers = organisers
        field = self.fields["organiser"]
        assert isinstance(field, forms.ChoiceField)  # noqa: S101 - declared above
        field.choices = [
            *((f"association:{a.pk}", a.name) for a in organisers.associations),
            *((f"region:{r.pk}", r.name) for r in organisers.regions),
        ]

    def chosen(self) -> tuple[Association | None, Region | None]:
        kind, _sep, key = self.cleaned_data["organiser"].partition(":")
        if kind == "association":
            return next(a for a in self.organisers.associations if a.pk == int(key)), None
        return None, next(r for r in self.organisers.regions if r.pk == int(key))


class StaffForm(forms.Form):
    email = forms.EmailField(label=_("E-mail"))
    role = forms.ChoiceField(label=_("Role"), choices=StaffRole.choices)


class StatusForm(forms.Form):
    status = forms.CharField(widget=forms.HiddenInput)


class TeamForm(forms.Form):
    name = forms.CharField(label=_("Team name"), max_length=200)
    teachers = forms.CharField(
        label=_("Other teachers leading the team"),
        required=False,
        help_text=_(
            "Their e-mails, one a line: teachers of your school with an account. You lead it too."
        ),
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    grades = forms.CharField(label=_("Grades"), max_length=40, help_text=_("For example 5–7."))
    pupils = forms.IntegerField(label=_("Number of pupils"), min_value=1, max_value=500)

    def emails(self) -> list[str]:
        text: str = self.cleaned_data["teachers"]
        return [line.strip() for line in text.replace(",", "\n").splitlines() if line.strip()]


class TeamDecisionForm(forms.Form):
    team = forms.IntegerField(widget=forms.HiddenInput)
    decision = forms.ChoiceField(
        choices=[("accept", _("Accept")), ("decline", _("Decline"))], widget=forms.HiddenInput
    )


class EntryForm(forms.Form):
    """An entry with up to three new files at once; each picture needs its alt text."""

    title = forms.CharField(label=_("Title"), max_length=300)
    genre = forms.ChoiceField(label=_("Genre"), choices=Genre.choices)
    language = forms.ChoiceField(label=_("Language"), choices=LANGUAGES[:2])
    text = forms.CharField(
        label=_("Text"),
        help_text=_("Markdown. Write it down as it was told."),
        widget=forms.Textarea(attrs={"rows": 12}),
    )
    region = forms.ModelChoiceField(label=_("Region"), queryset=Region.objects.order_by("code"))
    district = forms.ModelChoiceField(
        label=_("District"),
        queryset=District.objects.select_related("region").order_by("region__code", "name_kk"),
        required=False,
    )
    village = forms.CharField(label=_("Village or town"), max_length=200, required=False)
    file_1 = forms.FileField(
        label=_("Recording or picture 1"),
        required=False,
        help_text=_(
            "A recording (MP3, OGG, M4A or WAV, up to 50 MB) or a picture (JPEG, PNG or "
            "WebP, up to 5 MB)."
        ),
    )
    alt_1 = forms.CharField(
        label=_("What the picture shows (alt text)"), max_length=500, required=False
    )
    transcript_1 = forms.CharField(
        label=_("The recording's transcript"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    file_2 = forms.FileField(label=_("Recording or picture 2"), required=False)
    alt_2 = forms.CharField(
        label=_("What the picture shows (alt text)"), max_length=500, required=False
    )
    transcript_2 = forms.CharField(
        label=_("The recording's transcript"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    vouched = forms.BooleanField(
        label=_(
            "I confirm that the people recorded (and the parents of the pupils who took part) "
            "agreed to this publication."
        ),
        required=True,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        region = self.fields["region"]
        assert isinstance(region, forms.ModelChoiceField)  # noqa: S101 - declared above
        region.label_from_instance = lambda obj: obj.name  # type: ignore[method-assign]
        district = self.fields["district"]
        assert isinstance(district, forms.ModelChoiceField)  # noqa: S101 - declared above
        district.label_from_instance = lambda obj: f"{obj.name} ({obj.region.name})"  # type: ignore[method-assign]

    def entry_fields(self) -> EntryFields:
        data = self.cleaned_data
        return EntryFields(
            title=data["title"],
            genre=data["genre"],
            text=data["text"],
            language=data["language"],
            region=data["region"],
            district=data["district"],
            village=data["village"],
        )

    def uploads(self) -> list[MediaIn]:
        data = self.cleaned_data
        return [
            MediaIn(
                upload=data[f"file_{n}"],
                alt_text=data[f"alt_{n}"],
                transcript=data[f"transcript_{n}"],
            )
            for n in (1, 2)
            if data.get(f"file_{n}")
        ]


class ModerationForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[
            ("accept", _("Accept")),
            ("changes", _("Ask for changes")),
            ("decline", _("Decline")),
        ],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("Note to the team"),
        required=False,
        help_text=_("Required when asking for changes or declining."),
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class CollectionFilterForm(forms.Form):
    region = forms.IntegerField(required=False, min_value=1)
    district = forms.IntegerField(required=False, min_value=1)
    village = forms.CharField(required=False, max_length=200)
    genre = forms.ChoiceField(required=False, choices=[("", ""), *Genre.choices])
