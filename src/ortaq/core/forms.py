from django import forms
from django.utils.translation import gettext_lazy as _


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
