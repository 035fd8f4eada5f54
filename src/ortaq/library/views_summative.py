"""Pages of a summative task: its specification and tasks (edited by its authors while the
version is editable), the pupils' and the teacher's sheets as PDFs, a teacher's mark sheets,
and the administrators' rules that turn percentages into marks.

Refusals follow decision 0011: a visitor is sent to sign in; someone who may not read the
version, or another teacher's mark sheet, gets 404; someone who may read it but not do this,
403.
"""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from ortaq.core.actors import AuthenticatedHttpRequest
from ortaq.core.errors import DomainError, show_refusal
from ortaq.core.spreadsheets import csv_lines, xlsx_bytes
from ortaq.library import marks, summative, summative_pdf
from ortaq.library.forms_summative import (
    MORE_ROWS,
    MarkScaleForm,
    MarkSheetForm,
    SpecificationForm,
    TaskForm,
    band_formset,
    row_formset,
    rows_of,
    rows_posted,
    task_fields,
)
from ortaq.library.links import resource_url
from ortaq.library.models import MarkSheet, Task, Version

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class SignInFirst(Exception):
    """Raised where a visitor asks for what she may read only once signed in."""


def _version(request: HttpRequest, resource_id: int, version_number: int) -> Version:
    """The version she may read, else: a visitor signs in, anybody else gets 404."""
    version = summative.version_get(
        resource_id=resource_id, number=version_number, user=request.user
    )
    if version is None:
        if not request.user.is_authenticated:
            raise SignInFirst
        raise Http404
    return version


def _editable(request: HttpRequest, resource_id: int, version_number: int) -> Version:
    version = _version(request, resource_id, version_number)
    if not summative.may_edit(request.user, version):
        raise PermissionDenied
    return version


def _sign_in_first(view: Any) -> Any:
    """Send a visitor who asked for something she may read only signed in to the sign-in
    page, back here after."""

    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            response: HttpResponse = view(request, *args, **kwargs)
        except SignInFirst:
            return redirect_to_login(request.get_full_path())
        return response

    wrapped.__name__ = view.__name__
    wrapped.__doc__ = view.__doc__
    return wrapped


def _pdf(content: bytes, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


# --- The specification and its tasks ---------------------------------------------------------


@login_required
@_sign_in_first
@require_http_methods(["GET", "POST"])
def tasks(request: AuthenticatedHttpRequest, resource_id: int, version_number: int) -> HttpResponse:
    """The summative work's specification (saved here), its tasks and the checklist of what
    does not add up yet."""
    version = _editable(request, resource_id, version_number)
    form = SpecificationForm(
        request.POST or None,
        initial={
            "purpose": version.purpose,
            "duration_minutes": version.duration_minutes,
            "total_points": version.total_points,
            "revision": version.revision,
        },
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            summative.specification_save(
                actor=request.user,
                version=version,
                purpose=data["purpose"],
                duration_minutes=data["duration_minutes"],
                total_points=data["total_points"],
                revision=data["revision"],
            )
        except DomainError as exc:
            show_refusal(request, exc, form)
        else:
            messages.success(request, _("The specification is saved."))
            return redirect(request.path)
    listed = summative.tasks_of(version)
    return render(
        request,
        "library/summative/tasks.html",
        {
            "version": version,
            "resource": version.resource,
            "resource_url": resource_url(version.resource_id),
            "form": form,
            "tasks": listed,
            "problems": summative.validate(version, listed),
        },
    )


def _task_page(
    request: AuthenticatedHttpRequest, version: Version, task: Task | None
) -> HttpResponse:
    listed = summative.tasks_of(version)
    next_number = max((t.number for t in listed), default=0) + 1
    form = TaskForm(
        request.POST or None,
        initial=TaskForm.initial_of(task, version.revision, next_number),
    )
    if request.method == "POST" and "more" in request.POST:
        # Add empty rows: the form comes back as it was sent, nothing saved and nothing lost.
        rows = row_formset(initial=[*rows_posted(request.POST), *[{}] * MORE_ROWS])
        form = TaskForm(initial=request.POST.dict())
    elif request.method == "POST":
        rows = row_formset(request.POST)
        # Both are checked, so that every mistake is marked at once.
        form_ok, rows_ok = form.is_valid(), rows.is_valid()
        criteria = rows.criteria() if rows_ok else ()
        if form_ok and rows_ok and not any(row.errors for row in rows.forms):
            try:
                saved = summative.task_save(
                    actor=request.user,
                    version=version,
                    fields=task_fields(form, criteria),
                    number=task.number if task is not None else None,
                    revision=form.cleaned_data["revision"],
                )
            except DomainError as exc:
                show_refusal(request, exc, form)
            else:
                messages.success(request, _("Task %(number)s is saved.") % {"number": saved.number})
                return redirect(
                    "library:summative_tasks",
                    resource_id=version.resource_id,
                    version_number=version.number,
                )
    else:
        rows = row_formset(initial=[*rows_of(task), *[{}] * MORE_ROWS])
    return render(
        request,
        "library/summative/task.html",
        {
            "version": version,
            "resource": version.resource,
            "task": task,
            "form": form,
            "rows": rows,
            "problems": [
                p for p in summative.validate(version, listed) if task and p.task == task.number
            ],
        },
    )


@login_required
@_sign_in_first
@require_http_methods(["GET", "POST"])
def task_add(
    request: AuthenticatedHttpRequest, resource_id: int, version_number: int
) -> HttpResponse:
    version = _editable(request, resource_id, version_number)
    return _task_page(request, version, None)


def _task(version: Version, number: int) -> Task:
    for task in summative.tasks_of(version):
        if task.number == number:
            return task
    raise Http404


@login_required
@_sign_in_first
@require_http_methods(["GET", "POST"])
def task_edit(
    request: AuthenticatedHttpRequest, resource_id: int, version_number: int, task_number: int
) -> HttpResponse:
    version = _editable(request, resource_id, version_number)
    return _task_page(request, version, _task(version, task_number))


@login_required
@_sign_in_first
@require_POST
def task_delete(
    request: AuthenticatedHttpRequest, resource_id: int, version_number: int, task_number: int
) -> HttpResponse:
    version = _editable(request, resource_id, version_number)
    try:
        summative.task_delete(actor=request.user, version=version, number=task_number)
    except DomainError as exc:
        show_refusal(request, exc)
    else:
        messages.success(request, _("Task %(number)s is deleted.") % {"number": task_number})
    return redirect(
        "library:summative_tasks", resource_id=version.resource_id, version_number=version.number
    )


@_sign_in_first
@require_safe
def pupils_pdf(request: HttpRequest, resource_id: int, version_number: int) -> HttpResponse:
    """The pupils' sheet: the tasks and their points, in the resource's language."""
    version = _version(request, resource_id, version_number)
    if not version.resource.is_summative:
        raise Http404
    return _pdf(
        summative_pdf.pupils_pdf(version),
        f"summative-{version.resource_id}-v{version.number}-pupils.pdf",
    )


@_sign_in_first
@require_safe
def teacher_pdf(request: HttpRequest, resource_id: int, version_number: int) -> HttpResponse:
    """The teacher's sheet: the specification table, criteria, descriptors, points and the
    mark scheme, in the resource's language."""
    version = _version(request, resource_id, version_number)
    if not version.resource.is_summative:
        raise Http404
    return _pdf(
        summative_pdf.teacher_pdf(version),
        f"summative-{version.resource_id}-v{version.number}-teacher.pdf",
    )


# --- Mark sheets -----------------------------------------------------------------------------


@login_required
@require_safe
def sheets(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Her mark sheets."""
    return render(
        request, "library/summative/sheets.html", {"sheets": marks.sheets_of(request.user)}
    )


@login_required
@_sign_in_first
@require_http_methods(["GET", "POST"])
def sheet_create(
    request: AuthenticatedHttpRequest, resource_id: int, version_number: int
) -> HttpResponse:
    """Open a mark sheet for a class on a published summative task."""
    version = _version(request, resource_id, version_number)
    if not marks.may_open_sheet(version):
        raise PermissionDenied
    grade = version.grades.order_by("grade").values_list("grade", flat=True).first()
    form = MarkSheetForm(request.POST or None, initial={"grade": grade, "pupils": 20})
    if request.method == "POST" and form.is_valid():
        try:
            sheet = marks.sheet_create(actor=request.user, version=version, **form.cleaned_data)
        except DomainError as exc:
            show_refusal(request, exc, form)
        else:
            return redirect("library:mark_sheet", sheet_id=sheet.pk)
    return render(
        request,
        "library/summative/sheet_create.html",
        {"version": version, "resource": version.resource, "form": form},
    )


def _grid_context(sheet: MarkSheet, grid: marks.Grid, **extra: Any) -> dict[str, Any]:
    return {"sheet": sheet, "version": sheet.version, "grid": grid, **extra}


@login_required
@require_http_methods(["GET", "POST"])
def sheet(request: AuthenticatedHttpRequest, sheet_id: int) -> HttpResponse:
    """Her grid: each pupil's points per task, each row's total, percentage and mark, and the
    class's summary. A wrong cell is marked and nothing is saved; what she typed stays."""
    found = marks.sheet_get(sheet_id=sheet_id, user=request.user)
    grid = marks.sheet_grid(found)
    errors: dict[tuple[int, int], str] = {}
    typed: dict[tuple[int, int], object] = {}
    if request.method == "POST":
        typed = marks.cells_from_post(request.POST, found, grid.tasks)
        try:
            marks.points_enter(actor=request.user, sheet=found, cells=typed)
        except marks.CellErrors as exc:
            errors = exc.errors
            messages.error(request, exc.message)
        except DomainError as exc:
            show_refusal(request, exc)
        else:
            messages.success(request, _("The points are saved."))
            return redirect("library:mark_sheet", sheet_id=found.pk)
    rows = [
        {
            "row": row,
            "cells": [
                {
                    "task": task,
                    "name": f"p-{row.number}-{task.number}",
                    "value": typed.get((row.number, task.number), row.points[i])
                    if typed
                    else row.points[i],
                    "error": errors.get((row.number, task.number)),
                }
                for i, task in enumerate(grid.tasks)
            ],
        }
        for row in grid.rows
    ]
    return render(
        request,
        "library/summative/sheet.html",
        _grid_context(found, grid, rows=rows, has_errors=bool(errors)),
    )


@login_required
@require_http_methods(["GET", "POST"])
def sheet_edit(request: AuthenticatedHttpRequest, sheet_id: int) -> HttpResponse:
    """Change the sheet's class, grade or number of pupils."""
    found = marks.sheet_get(sheet_id=sheet_id, user=request.user)
    form = MarkSheetForm(
        request.POST or None,
        initial={"label": found.label, "grade": found.grade, "pupils": found.pupils},
    )
    if request.method == "POST" and form.is_valid():
        try:
            marks.sheet_update(actor=request.user, sheet=found, **form.cleaned_data)
        except DomainError as exc:
            show_refusal(request, exc, form)
        else:
            messages.success(request, _("The class is saved."))
            return redirect("library:mark_sheet", sheet_id=found.pk)
    return render(request, "library/summative/sheet_edit.html", {"sheet": found, "form": form})


@login_required
@require_POST
def sheet_delete(request: AuthenticatedHttpRequest, sheet_id: int) -> HttpResponse:
    found = marks.sheet_get(sheet_id=sheet_id, user=request.user)
    marks.sheet_delete(actor=request.user, sheet=found)
    messages.success(request, _("The mark sheet is deleted."))
    return redirect("library:mark_sheets")


@login_required
@require_safe
def sheet_pdf(request: AuthenticatedHttpRequest, sheet_id: int) -> HttpResponse:
    """The grid to print: empty, to fill in by hand (``?blank=1``), or with the points."""
    found = marks.sheet_get(sheet_id=sheet_id, user=request.user)
    blank = request.GET.get("blank") == "1"
    content = summative_pdf.sheet_pdf(marks.sheet_grid(found), blank=blank)
    return _pdf(content, f"mark-sheet-{found.pk}{'-blank' if blank else ''}.pdf")


@login_required
@require_safe
def sheet_csv(request: AuthenticatedHttpRequest, sheet_id: int) -> StreamingHttpResponse:
    found = marks.sheet_get(sheet_id=sheet_id, user=request.user)
    rows = marks.sheet_grid(found).export_rows()
    response = StreamingHttpResponse(csv_lines(rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="mark-sheet-{found.pk}.csv"'
    return response


@login_required
@require_safe
def sheet_xlsx(request: AuthenticatedHttpRequest, sheet_id: int) -> HttpResponse:
    found = marks.sheet_get(sheet_id=sheet_id, user=request.user)
    rows = marks.sheet_grid(found).export_rows()
    response = HttpResponse(xlsx_bytes(rows, title=found.label, first_width=12), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="mark-sheet-{found.pk}.xlsx"'
    return response


# --- The rules for marks ---------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def mark_rules(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The rules that turn percentages into marks, in force, to come and earlier; an
    administrator adds the ministry's next one with the day it takes effect."""
    if not request.user.has_perm("library.edit_mark_scales"):
        raise PermissionDenied
    form = MarkScaleForm(request.POST or None)
    if request.method == "POST" and "more" in request.POST:
        bands = band_formset(initial=[*_bands_posted(request.POST), *[{}] * 2])
        form = MarkScaleForm(initial=request.POST.dict())
    elif request.method == "POST":
        bands = band_formset(request.POST)
        if form.is_valid() and bands.is_valid():
            try:
                marks.mark_scale_create(
                    actor=request.user, bands=bands.bands(), **form.cleaned_data
                )
            except DomainError as exc:
                show_refusal(request, exc, form)
            else:
                messages.success(request, _("The rule is added."))
                return redirect("library:mark_rules")
    else:
        bands = band_formset(
            initial=[
                {"min_percent": 0, "mark": 2},
                {"min_percent": 40, "mark": 3},
                {"min_percent": 65, "mark": 4},
                {"min_percent": 85, "mark": 5},
                {},
            ]
        )
    return render(
        request,
        "library/summative/mark_rules.html",
        {"form": form, "bands": bands, "rules": marks.rules_overview()},
    )


def _bands_posted(data: Any) -> list[dict[str, Any]]:
    try:
        total = min(int(data.get("form-TOTAL_FORMS", 0)), 20)
    except (TypeError, ValueError):
        total = 0
    rows = []
    for index in range(total):
        row = {name: data.get(f"form-{index}-{name}", "") for name in ("min_percent", "mark")}
        if any(str(value).strip() for value in row.values()):
            rows.append(row)
    return rows
