"""Progress person by person: who has not started, who stalled and where, who completed; with
downloads and reminders. For those who may read the course's report, about the teachers it
shows them."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse, QueryDict, StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST, require_safe

from ortaq.core.actors import AuthenticatedHttpRequest
from ortaq.core.errors import DomainError, show_refusal
from ortaq.core.spreadsheets import csv_lines, safe_rows, xlsx_bytes
from ortaq.courses import queries
from ortaq.courses.forms import ProgressFilterForm
from ortaq.courses.models import Course
from ortaq.courses.queries.progress import (
    PROGRESS_PER_PAGE,
    ProgressRow,
    filters_to_data,
    progress_all,
    progress_page,
    progress_queryset,
)
from ortaq.courses.services import reminder_days_of, reminders_send_chosen
from ortaq.courses.tasks import remind_matching

# More teachers than this are reminded in the background rather than while the page waits.
REMIND_AT_ONCE = 200


def _course_and_scope(
    request: AuthenticatedHttpRequest, course_id: int
) -> tuple[Course, queries.ReportScope]:
    course = queries.course_get_for_user(course_id=course_id, user=request.user)
    if not request.user.has_perm("courses.view_report", course):
        raise PermissionDenied
    return course, queries.report_scope(viewer=request.user, course=course)


def _when(value: Any) -> str:
    return formats.date_format(timezone.localtime(value), "SHORT_DATE_FORMAT") if value else ""


def progress_rows_for_export(rows: list[ProgressRow] | Any) -> list[list[Any]]:
    """The list as a table, its heading row first; cells a spreadsheet would run stay text."""
    table: list[list[Any]] = [
        [
            _("Teacher"),
            _("E-mail"),
            _("School"),
            _("District"),
            _("Region"),
            _("Cohort"),
            _("Status"),
            _("Required activities done"),
            _("Required activities"),
            _("Last activity"),
            _("Last step"),
            _("Days without a step"),
            _("Completed"),
        ]
    ]
    for row in rows:
        enrollment = row.enrollment
        person = enrollment.user
        school = row.school
        table.append(
            [
                person.get_full_name() or person.email,
                person.email,
                school.name if school else "",
                str(school.district) if school and school.district else "",
                str(school.region) if school else "",
                enrollment.cohort.name if enrollment.cohort else "",
                row.status_label,
                row.done,
                row.required,
                enrollment.last_activity.title if enrollment.last_activity else "",
                _when(enrollment.last_progress_at),
                "" if row.days_idle is None else row.days_idle,
                _when(enrollment.completed_at),
            ]
        )
    return safe_rows(table)


@login_required
@require_safe
def progress(request: AuthenticatedHttpRequest, course_id: int) -> HttpResponseBase:
    """The teachers she looks after, fifty to a page, with their status, where they stopped and
    how long ago; as CSV or XLSX too."""
    course, scope = _course_and_scope(request, course_id)
    form = ProgressFilterForm(request.GET or None, course=course, scope=scope)
    filters = form.filters()
    export = request.GET.get("format")
    if export in ("csv", "xlsx"):
        stamp = timezone.localdate().isoformat()
        name = f"ortaq-course-{course.pk}-progress-{stamp}.{export}"
        everyone = progress_all(course=course, scope=scope, filters=filters)
        response: HttpResponse | StreamingHttpResponse
        if export == "csv":

            def lines() -> Any:
                # A thousand rows at a time, so the download starts at once and holds little.
                header_done = False
                chunk: list[ProgressRow] = []
                for row in everyone:
                    chunk.append(row)
                    if len(chunk) == 1000:
                        table = progress_rows_for_export(chunk)
                        yield from csv_lines(table if not header_done else table[1:])
                        header_done, chunk = True, []
                table = progress_rows_for_export(chunk)
                yield from csv_lines(table if not header_done else table[1:])

            response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
        else:
            response = HttpResponse(
                xlsx_bytes(
                    progress_rows_for_export(list(everyone)), title=_("Progress"), first_width=32
                ),
                content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            )
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response
    page = progress_page(
        course=course, scope=scope, filters=filters, after=request.GET.get("after")
    )
    kept = request.GET.copy()
    for key in ("after", "format"):
        kept.pop(key, None)
    return render(
        request,
        "courses/organise/progress.html",
        {
            "course": course,
            "form": form,
            "page": page,
            "scope": scope,
            "query": kept.urlencode(),
            "per_page": PROGRESS_PER_PAGE,
            "reminder_days": reminder_days_of(course),
        },
    )


@login_required
@require_POST
def remind(request: AuthenticatedHttpRequest, course_id: int) -> HttpResponse:
    """Remind the teachers ticked on the page, or all who match its filter (in the background
    when they are many); each at most once per the course's reminder period."""
    course, scope = _course_and_scope(request, course_id)
    query = request.POST.get("filter", "")
    form = ProgressFilterForm(QueryDict(query) or None, course=course, scope=scope)
    filters = form.filters()
    back = reverse("courses:progress", kwargs={"course_id": course.pk})
    back = f"{back}?{query}" if query else back
    everyone = request.POST.get("which") == "all"
    chosen = [int(v) for v in request.POST.getlist("enrollment") if v.isdigit()]
    if not everyone and not chosen:
        messages.error(request, _("Tick the teachers to remind first."))
        return redirect(back)
    if everyone:
        many = progress_queryset(course=course, scope=scope, filters=filters)[
            : REMIND_AT_ONCE + 1
        ].count()
        if many > REMIND_AT_ONCE:
            remind_matching.enqueue(request.user.pk, course.pk, filters_to_data(filters))
            messages.success(
                request,
                _(
                    "More than %(count)s teachers match: the reminders are being sent in the "
                    "background. Anyone reminded in the last %(days)s days is skipped."
                )
                % {"count": REMIND_AT_ONCE, "days": reminder_days_of(course)},
            )
            return redirect(back)
    try:
        result = reminders_send_chosen(
            actor=request.user,
            course=course,
            filters=filters,
            enrollment_ids=None if everyone else chosen,
        )
    except DomainError as exc:
        show_refusal(request, exc)
        return redirect(back)
    parts = [
        ngettext("%(count)s teacher reminded.", "%(count)s teachers reminded.", result.sent)
        % {"count": result.sent}
    ]
    if result.recent:
        parts.append(
            ngettext(
                "%(count)s skipped: already reminded in the last %(days)s days.",
                "%(count)s skipped: already reminded in the last %(days)s days.",
                result.recent,
            )
            % {"count": result.recent, "days": result.days}
        )
    if result.finished:
        parts.append(
            ngettext(
                "%(count)s skipped: completed the course or no longer has an account.",
                "%(count)s skipped: completed the course or no longer have an account.",
                result.finished,
            )
            % {"count": result.finished}
        )
    messages.success(request, " ".join(parts))
    return redirect(back)
