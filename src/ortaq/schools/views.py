"""The school directory, each school's page, and the forms methodologists use to keep it right."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from ortaq.core.actors import AuthenticatedHttpRequest
from ortaq.core.decorators import check_object_perm, require_perm
from ortaq.core.errors import DomainError
from ortaq.core.imports import csv_import_page
from ortaq.core.models import JobKind
from ortaq.schools import queries, services
from ortaq.schools.forms import SchoolForm, SchoolSearchForm
from ortaq.schools.sections import school_sections

PAGE_SIZE = 25


@require_safe
def directory(request: HttpRequest) -> HttpResponse:
    """List schools by name, region, district, locality and size, 25 to a page."""
    form = SchoolSearchForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    schools = queries.schools_search(
        q=filters.get("q", ""),
        region=filters.get("region"),
        district=filters.get("district"),
        locality=filters.get("locality", ""),
        small_scale=filters.get("small_scale"),
    )
    page = Paginator(schools, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "schools/directory.html", {"form": form, "page": page})


@require_safe
def detail(request: HttpRequest, school_id: int) -> HttpResponse:
    """A school's record, and what other apps say of it (the associations it belongs to…)."""
    school = queries.school_get(school_id=school_id)
    return render(
        request,
        "schools/detail.html",
        {
            "school": school,
            "can_change": request.user.has_perm("schools.change_school", school),
            "sections": school_sections(request, school),
        },
    )


@require_perm("schools.add_school")
@require_http_methods(["GET", "POST"])
def create(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = SchoolForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            school = services.school_create(actor=request.user, data=form.school_fields())
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("The school was added."))
            return redirect("schools:detail", school_id=school.pk)
    return render(request, "schools/form.html", {"form": form, "school": None})


@login_required
@require_http_methods(["GET", "POST"])
def update(request: AuthenticatedHttpRequest, school_id: int) -> HttpResponse:
    school = queries.school_get(school_id=school_id)
    check_object_perm(request, "schools.change_school", school)
    form = SchoolForm(request.POST or None, instance=school)
    if request.method == "POST" and form.is_valid():
        try:
            services.school_update(actor=request.user, school=school, data=form.school_fields())
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("The school's record was saved."))
            return redirect("schools:detail", school_id=school.pk)
    return render(request, "schools/form.html", {"form": form, "school": school})


@require_perm("schools.import_schools")
@require_http_methods(["GET", "POST"])
def import_schools(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Upload a CSV of schools; show every problem with its line, or what was imported."""
    return csv_import_page(
        request,
        template="schools/import.html",
        kind=JobKind.SCHOOLS_IMPORT,
        start=lambda upload: services.schools_import_start(actor=request.user, upload=upload),
    )
