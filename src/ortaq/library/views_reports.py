"""The library's report of a district, a region or the country, on a page and as CSV (streamed)
or XLSX. Who may read which place is ``reports.places_of``; the figures are read from the
running totals, counted at most once a minute per place (``reports.report_cached``)."""

from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse, HttpResponseBase, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_safe

from ortaq.core.actors import AuthenticatedHttpRequest
from ortaq.core.spreadsheets import csv_lines, xlsx_bytes
from ortaq.library import reports

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class PlaceForm(forms.Form):
    place = forms.ChoiceField(label=gettext_lazy("Report of"))

    def __init__(self, *args: Any, choices: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["place"]
        assert isinstance(field, forms.ChoiceField)  # noqa: S101
        field.choices = choices


@login_required
@require_safe
def report(request: AuthenticatedHttpRequest) -> HttpResponseBase:
    """Resources by kind, subject, status and level, the median days to publication,
    contributing schools and the most used resources of a place she reads; CSV or XLSX too."""
    if not request.user.has_perm("library.read_report"):
        raise PermissionDenied
    choices = reports.places_of(request.user)
    if not choices:
        raise PermissionDenied
    if "place" in request.GET:
        form = PlaceForm(request.GET, choices=choices)
        if not form.is_valid():
            raise PermissionDenied  # a place not on her list: as one she may not read
        value = form.cleaned_data["place"]
    else:
        value = choices[0][0]
        form = PlaceForm(initial={"place": value}, choices=choices)
    place = reports.place_from(value, request.user)
    if place is None:
        raise PermissionDenied
    found = reports.report_cached(place)
    export = request.GET.get("format")
    if export in ("csv", "xlsx"):
        name = f"library-report-{timezone.localdate().isoformat()}.{export}"
        response: HttpResponseBase
        if export == "csv":
            response = StreamingHttpResponse(
                csv_lines(reports.table(found)), content_type="text/csv; charset=utf-8"
            )
        else:
            response = HttpResponse(
                xlsx_bytes(reports.table(found), title=_("Library")), content_type=XLSX
            )
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response
    return render(request, "library/report.html", {"form": form, "report": found})
