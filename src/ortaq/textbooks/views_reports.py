"""The e-textbook programme's report on a page, and as CSV or XLSX."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse, HttpResponseBase, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from ortaq.core.actors import AuthenticatedHttpRequest
from ortaq.core.spreadsheets import csv_lines, xlsx_bytes
from ortaq.textbooks import reports
from ortaq.textbooks.choices import EntryStatus

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@login_required
@require_safe
def report(request: AuthenticatedHttpRequest) -> HttpResponseBase:
    """Lessons by status, schools contributing, class sessions and success rates, and the
    movements' entries by region and status; ``?format=csv`` or ``xlsx`` to download."""
    if not request.user.has_perm("textbooks.read_report"):
        raise PermissionDenied
    found = reports.report(user=request.user)
    export = request.GET.get("format")
    if export in ("csv", "xlsx"):
        name = f"textbook-report-{timezone.localdate().isoformat()}.{export}"
        response: HttpResponseBase
        if export == "csv":
            response = StreamingHttpResponse(
                csv_lines(reports.table(found)), content_type="text/csv; charset=utf-8"
            )
        else:
            response = HttpResponse(
                xlsx_bytes(reports.table(found), title=_("E-textbook")), content_type=XLSX
            )
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response
    return render(
        request,
        "textbooks/report.html",
        {
            "report": found,
            "lesson_states": reports.LESSON_STATES,
            "entry_statuses": EntryStatus.choices,
        },
    )
