from django import forms
from django.utils.translation import gettext_lazy as _

from ortaq.core.models import AuditAction


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
    since = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput({"type": "date"})
    )
    until = forms.DateField(label=_("To"), required=False, widget=forms.DateInput({"type": "date"}))
    object_type = forms.CharField(required=False, max_length=100, widget=forms.HiddenInput)
    object_id = forms.CharField(required=False, max_length=64, widget=forms.HiddenInput)
