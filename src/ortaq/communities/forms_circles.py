"""Forms of circles, members and meetings."""

import datetime
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ortaq.communities.choices import CircleKind, Notify, Visibility
from ortaq.communities.services.meetings import OUT_OF_WINDOW, within_window
from ortaq.core.forms import DayInput
from ortaq.schools.forms import SchoolByBinField
from ortaq.schools.models import District, Region, School


class CircleForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    purpose = forms.CharField(
        label=_("Purpose"), widget=forms.Textarea(attrs={"rows": 4}), required=False,
        max_length=5000,
    )  # fmt: skip
    kind = forms.ChoiceField(
        label=_("Kind"), choices=CircleKind.choices, widget=forms.RadioSelect,
        initial=CircleKind.SCHOOL,
    )  # fmt: skip
    school = SchoolByBinField(
        required=False, help_text=_("For one school's circle: the school's BIN.")
    )
    region = forms.ModelChoiceField(
        label=_("Region of the network"), queryset=Region.objects.all(), required=False
    )
    district = forms.ModelChoiceField(
        label=_("District of the network"),
        queryset=District.objects.select_related("region").order_by("region__code", "name_kk"),
        required=False,
        help_text=_("Leave empty for a network across the region."),
    )
    school_bins = forms.CharField(
        label=_("Schools of the network"),
        widget=forms.Textarea(attrs={"rows": 3, "inputmode": "numeric"}),
        required=False,
        help_text=_("Their BINs, one per line."),
    )
    visibility = forms.ChoiceField(
        label=_("Who can read it"), choices=Visibility.choices, widget=forms.RadioSelect,
        initial=Visibility.MEMBERS,
    )  # fmt: skip
    language = forms.ChoiceField(
        label=_("Language"), choices=[("kk", "Қазақша"), ("ru", "Русский")], initial="kk"
    )

    def __init__(self, *args: Any, circle: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if circle is not None:  # where a circle lies and what kind it is stay as started
            for name in ("kind", "school", "region", "district"):
                del self.fields[name]
            if circle.kind == CircleKind.SCHOOL:
                del self.fields["school_bins"]

    def clean_school_bins(self) -> list[School]:
        bins = [line.strip() for line in self.cleaned_data["school_bins"].split() if line.strip()]
        found = {s.bin: s for s in School.objects.filter(bin__in=bins)}
        unknown = [b for b in bins if b not in found]
        if unknown:
            raise forms.ValidationError(
                _("No school has the BIN %(bins)s.") % {"bins": ", ".join(unknown)}
            )
        return [found[b] for b in bins]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if "kind" not in self.fields:
            return data
        if data.get("kind") == CircleKind.SCHOOL and not data.get("school"):
            self.add_error("school", _("Give the school's BIN."))
        if data.get("kind") == CircleKind.NETWORK and not data.get("region"):
            self.add_error("region", _("Choose the network's region."))
        return data


class InviteSchoolForm(forms.Form):
    school = SchoolByBinField(help_text=_("Every teacher of that school who is not in yet."))


class InviteEmailsForm(forms.Form):
    emails = forms.CharField(
        label=_("E-mail addresses"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One or several, separated by spaces, commas or lines."),
    )

    def clean_emails(self) -> list[str]:
        raw: list[str] = self.cleaned_data["emails"].replace(",", " ").replace(";", " ").split()
        validator = forms.EmailField()
        wrong = []
        for email in raw:
            try:
                validator.clean(email)
            except forms.ValidationError:
                wrong.append(email)
        if wrong:
            raise forms.ValidationError(
                _("Not an e-mail address: %(emails)s") % {"emails": ", ".join(wrong)}
            )
        return raw


class JoinForm(forms.Form):
    message = forms.CharField(
        label=_("A word to the facilitator (optional)"), max_length=500, required=False
    )


class NotifyForm(forms.Form):
    notify = forms.ChoiceField(
        label=_("New posts"), choices=Notify.choices, widget=forms.RadioSelect
    )


class MeetingForm(forms.Form):
    date = forms.DateField(label=_("Date"), widget=DayInput())
    time = forms.TimeField(
        label=_("Time (Kazakhstan, UTC+5)"),
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
    )
    duration_minutes = forms.IntegerField(
        label=_("Length in minutes"), min_value=5, max_value=600, initial=60
    )
    place = forms.CharField(label=_("Place"), max_length=300, required=False)
    online_url = forms.URLField(
        label=_("Online link"), required=False, assume_scheme="https",
        help_text=_("Shown to members only."),
    )  # fmt: skip
    agenda = forms.CharField(
        label=_("Agenda"), widget=forms.Textarea(attrs={"rows": 5}), required=False
    )
    # A fresh one per form shown: the same form sent twice plans one meeting.
    client_key = forms.UUIDField(widget=forms.HiddenInput, required=False)

    def clean_date(self) -> datetime.date:
        day: datetime.date = self.cleaned_data["date"]
        if not within_window(day):
            raise forms.ValidationError(OUT_OF_WINDOW, code="window")
        return day

    def starts_at(self) -> datetime.datetime:
        """The start, read in Kazakhstan's time zone (the site's)."""
        naive = datetime.datetime.combine(self.cleaned_data["date"], self.cleaned_data["time"])
        return timezone.make_aware(naive)


class NotesForm(forms.Form):
    notes = forms.CharField(
        label=_("Notes"), widget=forms.Textarea(attrs={"rows": 8}), required=False,
        help_text=_("What was discussed and decided. Markdown works."),
    )  # fmt: skip
