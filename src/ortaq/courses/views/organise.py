"""What methodologists, facilitators and moderators use: cohorts, bulk enrolment, reports,
reflections to review and reported posts."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from ortaq.accounts.queries import holders_of
from ortaq.core.actors import AuthenticatedHttpRequest
from ortaq.core.errors import DomainError, show_refusal
from ortaq.core.roles import Role
from ortaq.core.spreadsheets import csv_lines
from ortaq.courses import queries, services
from ortaq.courses.forms import (
    CohortForm,
    CriteriaForm,
    CsvEnrolForm,
    EmailForm,
    ReportFilterForm,
    ReviewForm,
)
from ortaq.courses.models import Cohort, Course, ReflectionSubmission
from ortaq.courses.reports_export import report_rows, to_xlsx
from ortaq.courses.services.enrolment import bulk_enrolment_refusal


def _organised_course(request: HttpRequest, course_id: int) -> Course:
    course = queries.course_get_for_user(course_id=course_id, user=request.user)
    if not request.user.has_perm("courses.manage_cohorts", course):
        raise PermissionDenied
    return course


@login_required
@require_http_methods(["GET", "POST"])
def cohorts(request: AuthenticatedHttpRequest, course_id: int) -> HttpResponse:
    """The course's cohorts, and a form to start one."""
    course = _organised_course(request, course_id)
    places = queries.report_scope(viewer=request.user, course=course).places()
    form = CohortForm(request.POST or None, places=places)
    if request.method == "POST" and form.is_valid():
        try:
            cohort = services.cohort_save(actor=request.user, course=course, **form.cleaned_data)
        except DomainError as exc:
            show_refusal(request, exc, form)
        else:
            return redirect("courses:cohort", course_id=course.pk, cohort_id=cohort.pk)
    listed = course.cohorts.select_related("region")
    return render(
        request,
        "courses/organise/cohorts.html",
        {"course": course, "cohorts": listed, "form": form},
    )


@login_required
@require_http_methods(["GET", "POST"])
def cohort(request: AuthenticatedHttpRequest, course_id: int, cohort_id: int) -> HttpResponse:
    """A cohort: its dates and region, its facilitators."""
    course = _organised_course(request, course_id)
    found = get_object_or_404(Cohort, pk=cohort_id, course=course)
    form = CohortForm.for_cohort(
        found,
        request.POST if "name" in request.POST else None,
        places=queries.report_scope(viewer=request.user, course=course).places(),
    )
    facilitator_form = EmailForm(request.POST if "email" in request.POST else None)
    if request.method == "POST":
        try:
            if "name" in request.POST and form.is_valid():
                services.cohort_save(
                    actor=request.user, course=course, cohort=found, **form.cleaned_data
                )
                messages.success(request, _("The cohort is saved."))
                return redirect("courses:cohort", course_id=course.pk, cohort_id=found.pk)
            if "email" in request.POST and facilitator_form.is_valid():
                person = facilitator_form.cleaned_data["email"]
                services.cohort_facilitator_add(actor=request.user, cohort=found, user=person)
                messages.success(request, _("%(name)s facilitates this cohort.") % {"name": person})
                return redirect("courses:cohort", course_id=course.pk, cohort_id=found.pk)
        except DomainError as exc:
            show_refusal(request, exc)
    facilitators = holders_of(role=Role.FACILITATOR, target=found)
    return render(
        request,
        "courses/organise/cohort.html",
        {
            "course": course,
            "cohort": found,
            "form": form,
            "facilitator_form": facilitator_form,
            "facilitators": facilitators,
            "enrolled": found.enrollments.count(),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def enrolment(request: AuthenticatedHttpRequest, course_id: int) -> HttpResponse:
    """Enrol many teachers at once: from a CSV of e-mails or IINs, or by place and kind. The
    enrolment runs as a job in the background; she is sent to its page, which shows progress,
    then who was enrolled and who could not be."""
    course = _organised_course(request, course_id)
    csv_form = CsvEnrolForm(
        request.POST if request.POST.get("by") == "csv" else None,
        request.FILES or None,
        course=course,
    )
    criteria_form = CriteriaForm(
        request.POST if request.POST.get("by") == "criteria" else None,
        course=course,
        places=queries.report_scope(viewer=request.user, course=course).places(),
    )
    status = 200
    if request.method == "POST":
        try:
            if request.POST.get("by") == "csv" and csv_form.is_valid():
                job = services.enrol_from_csv_start(
                    actor=request.user,
                    course=course,
                    cohort=csv_form.cleaned_data["cohort"],
                    upload=csv_form.cleaned_data["file"],
                )
                return redirect("core:job", job_id=job.pk)
            if request.POST.get("by") == "criteria" and criteria_form.is_valid():
                job = services.enrol_by_criteria_start(
                    actor=request.user,
                    course=course,
                    cohort=criteria_form.cleaned_data["cohort"],
                    criteria=criteria_form.criteria(),
                )
                return redirect("core:job", job_id=job.pk)
            status = 400
        except DomainError as exc:
            show_refusal(
                request, exc, csv_form if request.POST.get("by") == "csv" else criteria_form
            )
            status = 400
    return render(
        request,
        "courses/organise/enrolment.html",
        {
            "course": course,
            "csv_form": csv_form,
            "criteria_form": criteria_form,
            "refusal": bulk_enrolment_refusal(course),
            "opens_later": course.opens_later(),
        },
        status=status,
    )


@login_required
@require_http_methods(["GET"])
def report(request: AuthenticatedHttpRequest, course_id: int) -> HttpResponseBase:
    """The course's report for the places or cohorts she looks after; as CSV or XLSX too."""
    course = queries.course_get_for_user(course_id=course_id, user=request.user)
    if not request.user.has_perm("courses.view_report", course):
        raise PermissionDenied
    scope = queries.report_scope(viewer=request.user, course=course)
    form = ReportFilterForm(request.GET or None, course=course, scope=scope)
    filters = form.cleaned_data if form.is_valid() else {}
    result = queries.report_cached(
        course=course,
        scope=scope,
        whole_group=filters.get("whole_group") != "0",
        cohort=filters.get("cohort"),
        region=filters.get("region"),
        district=filters.get("district"),
        school=filters.get("school_bin"),
    )
    export = request.GET.get("format")
    if export in ("csv", "xlsx"):
        rows = report_rows(course, result)
        stamp = timezone.localdate().isoformat()
        name = f"ortaq-course-{course.pk}-report-{stamp}.{export}"
        response: HttpResponse | StreamingHttpResponse
        if export == "csv":
            response = StreamingHttpResponse(
                csv_lines(rows), content_type="text/csv; charset=utf-8"
            )
        else:
            response = HttpResponse(
                to_xlsx(rows),
                content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            )
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response
    return render(
        request,
        "courses/organise/report.html",
        {
            "course": course,
            "report": result,
            "form": form,
            "scope": scope,
            "can_see_completions": request.user.has_perm("courses.view_completions", course),
        },
    )


@login_required
@require_http_methods(["GET"])
def reviews(request: AuthenticatedHttpRequest, course_id: int) -> HttpResponse:
    """Reflections waiting for her: those of her cohorts (all, for a trainer)."""
    course = queries.course_get_for_user(course_id=course_id, user=request.user)
    if not request.user.has_perm("courses.review_course", course):
        raise PermissionDenied
    return render(
        request,
        "courses/organise/reviews.html",
        {
            "course": course,
            "waiting": queries.reflections_to_review(course=course, user=request.user),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def review(request: AuthenticatedHttpRequest, course_id: int, submission_id: int) -> HttpResponse:
    submission = get_object_or_404(
        ReflectionSubmission.objects.select_related("enrollment__user", "activity__module__course"),
        pk=submission_id,
        activity__module__course_id=course_id,
    )
    if not request.user.has_perm("courses.review_reflection", submission.enrollment):
        raise PermissionDenied
    form = ReviewForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.reflection_review(
                actor=request.user,
                submission=submission,
                accept=form.cleaned_data["decision"] == "accept",
                feedback=form.cleaned_data["feedback"],
            )
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Your review is saved; the teacher sees it."))
            return redirect("courses:reviews", course_id=course_id)
    return render(
        request,
        "courses/organise/review.html",
        {"course": submission.activity.module.course, "submission": submission, "form": form},
    )
