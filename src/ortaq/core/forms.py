from django import forms
from django.utils.translation import gettext_lazy as _

from ortaq.core.models import AuditAction


class DayInput(forms.DateInput):
    """A browser's date picker. Its value is always sent as year-month-day, the only form an
    ``<input type="date">`` reads: in the locale's own format (12.05.2031 in kk and ru) the
    field would open empty and a second save would clear the date."""

    input_type = "date"

    def __init__(self, attrs: dict[str, str] | None = None) -> None:
        super().__init__(attrs, format="%Y-%m-%d")


class CsvImportForm(forms.Form):
    file = forms.FileField(
        label=_("CSV file"),
        help_text=_("UTF-8, with “,” or “;” between the columns; at most 20 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
    )


def id_from(value: str | None) -> int:
    """Read an object's id from a query or form parameter: 0, which matches no row, for anything
    that is not a plain number (a crafted "abc" or "²" must not become a server error)."""
    return int(value) if value and value.isascii() and value.isdigit() else 0


class AuditFilterForm(forms.Form):
    """Narrow the audit log: by act, by a person's e-mail, by dates, by object."""

    action = forms.ChoiceField(
        label=_("What"), required=False, choices=[("", _("Every act")), *AuditAction.choices]
    )
    who = forms.CharField(
        label=_("Who or whom (e-mail)"), required=False, max_length=254, strip=True
    )
    since = forms.DateField(label=_("From"), required=False, widget=DayInput())
    until = forms.DateField(label=_("To"), required=False, widget=DayInput())
    object_type = forms.CharField(required=False, max_length=100, widget=forms.HiddenInput)
    object_id = forms.CharField(required=False, max_length=64, widget=forms.HiddenInput)
