"""The Lesson Study report of an association, a region or the country, on a page and as CSV or
XLSX."""

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
from ortaq.lessonstudy import reports
from ortaq.networks.models import Association
from ortaq.schools.models import Region


class PlaceForm(forms.Form):
    place = forms.ChoiceField(label=gettext_lazy("Report of"))

    def __init__(self, *args: Any, choices: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["place"]
        assert isinstance(field, forms.ChoiceField)  # noqa: S101
        field.choices = choices


def _chosen(value: str) -> tuple[Association | None, Region | None]:
    kind, _sep, key = value.partition(":")
    if kind == "association":
        return Association.objects.select_related("region").get(slug=key), None
    if kind == "region":
        return None, Region.objects.get(pk=int(key))
    return None, None


@login_required
@require_safe
def report(request: AuthenticatedHttpRequest) -> HttpResponseBase:
    """Groups, teachers, cycles by step, research lessons and reports of a place she looks
    after; as CSV or XLSX too. The list of places offers only those she may read."""
    choices = reports.places_of(request.user)
    if not choices:
        raise PermissionDenied
    form = PlaceForm(request.GET or None, choices=choices)
    if form.is_bound and not form.is_valid():
        # A place not on her list: the same answer as a place she may not read.
        raise PermissionDenied
    value = form.cleaned_data["place"] if form.is_bound else choices[0][0]
    if not form.is_bound:
        form = PlaceForm(initial={"place": value}, choices=choices)
    association, region = _chosen(value)
    found = reports.report(association=association, region=region)
    export = request.GET.get("format")
    if export in ("csv", "xlsx"):
        stamp = timezone.localdate().isoformat()
        name = f"lesson-study-report-{stamp}.{export}"
        response: HttpResponseBase
        if export == "csv":
            lines = csv_lines(reports.table(found))
            response = StreamingHttpResponse(lines, content_type="text/csv; charset=utf-8")
        else:
            response = HttpResponse(
                xlsx_bytes(reports.table(found), title=_("Lesson Study")),
                content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            )
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response
    return render(
        request,
        "lessonstudy/reports/report.html",
        {"form": form, "report": found},
    )
