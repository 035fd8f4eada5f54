"""The communities report page, and its CSV."""

import datetime
from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.urls import URLPattern, path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_safe

from ortaq.communities.choices import ProjectStatus, Stage
from ortaq.communities.queries.reports import (
    Figures,
    Place,
    Report,
    default_place,
    may_read,
    report,
    report_from_tallies,
)
from ortaq.communities.services.tallies import circle_tallies_refresh
from ortaq.core.actors import AuthenticatedHttpRequest
from ortaq.core.forms import DayInput
from ortaq.core.spreadsheets import csv_lines
from ortaq.schools.forms import SchoolByBinField
from ortaq.schools.models import District, Region

# Up to this many places waiting to be recounted, a report read counts them itself.
BACKLOG_COUNTED_HERE = 50


class ReportForm(forms.Form):
    region = forms.ModelChoiceField(
        label=gettext_lazy("Region"), queryset=Region.objects.all(), required=False,
        empty_label=gettext_lazy("The whole country"),
    )  # fmt: skip
    district = forms.ModelChoiceField(
        label=gettext_lazy("District"),
        queryset=District.objects.select_related("region").order_by("region__code", "name_kk"),
        required=False,
        empty_label=gettext_lazy("All"),
    )
    school = SchoolByBinField(required=False)
    since = forms.DateField(label=gettext_lazy("From"), required=False, widget=DayInput())
    until = forms.DateField(label=gettext_lazy("To"), required=False, widget=DayInput())

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # With a region chosen, the list offers its districts only (drawing all 271 options
        # cost most of the page); any district is still accepted, and the chosen one shown.
        region, district = self.data.get("region"), self.data.get("district")
        if region and str(region).isdigit():
            chosen = int(district) if district and str(district).isdigit() else 0
            shown = District.objects.filter(Q(region_id=int(region)) | Q(pk=chosen)).order_by(
                "region__code", "name_kk"
            )
            field = self.fields["district"]
            field.widget.choices = [("", _("All")), *((d.pk, str(d)) for d in shown)]


def _place(data: dict[str, Any]) -> Place | None:
    """The place chosen in the filters; None when none is."""
    school, district, region = data.get("school"), data.get("district"), data.get("region")
    if school is not None:
        return Place(region=school.region, district=school.district, school=school)
    if district is not None:
        return Place(region=district.region, district=district)
    return Place(region=region) if region is not None else None


def _row(figures: Figures) -> list[object]:
    return [
        figures.label,
        figures.circles,
        figures.active,
        figures.meetings,
        "" if figures.attendance is None else figures.attendance,
        *[figures.stages.get(s, 0) for s in Stage.values],
        *[figures.statuses.get(s, 0) for s in ProjectStatus.values],
        figures.accepted,
        figures.members,
        figures.left,
        figures.teachers,
        figures.posts,
        *(
            [
                figures.asked,
                figures.answered,
                "" if figures.median_hours is None else figures.median_hours,
            ]
            if figures.has_questions
            else ["", "", ""]
        ),
    ]


def _csv(found: Report) -> StreamingHttpResponse:
    header = [
        found.rows_heading or _("Place"),
        _("Circles"),
        _("Active in the last 30 days"),
        _("Meetings held"),
        _("Attendance, %"),
        *[_("Stage %(number)s") % {"number": s} for s in Stage.values],
        *[str(label) for label in ProjectStatus.labels],
        _("Portfolios accepted"),
        _("Members"),
        _("Members who left"),
        _("Teachers taking part"),
        _("Posts"),
        _("Questions asked"),
        _("Questions answered"),
        _("Median hours to answer"),
    ]
    rows: list[list[Any]] = [
        [found.place.label, f"{found.since.isoformat()} — {found.until.isoformat()}"],
        header,
        _row(found.totals),
        *(_row(r) for r in found.rows),
    ]
    response = StreamingHttpResponse(csv_lines(rows), content_type="text/csv; charset=utf-8")
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="circles-report-{stamp}.csv"'
    return response


@login_required
@require_safe
def communities_report(request: AuthenticatedHttpRequest) -> HttpResponseBase:
    """Circles, meetings, projects and consultations of a place she looks after."""
    form = ReportForm(request.GET or None)
    data = form.cleaned_data if form.is_bound and form.is_valid() else {}
    # Without a place chosen, the report starts from the one she looks after.
    place = _place(data) or default_place(request.user)
    if not may_read(request.user, place):
        raise PermissionDenied
    today = timezone.localdate()
    since = data.get("since") or today - datetime.timedelta(days=365)
    until = data.get("until") or today
    if place.school is None:
        # The country, a region or a district: from the running totals, after counting a
        # small backlog of changes here (a large one is left to the worker; the page says so).
        circle_tallies_refresh(limit=BACKLOG_COUNTED_HERE)
        found = report_from_tallies(place=place, since=since, until=until)
    else:
        found = report(place=place, since=since, until=until)
    if request.GET.get("format") == "csv":
        return _csv(found)
    return render(
        request,
        "communities/reports/report.html",
        {"form": form, "report": found, "stages": Stage, "statuses": ProjectStatus},
    )


urlpatterns: list[URLPattern] = [
    path("circles/report/", communities_report, name="report"),
]
