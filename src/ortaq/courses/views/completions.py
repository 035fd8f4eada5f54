"""A course's completions and certificates, for its trainers (who may revoke one) and the
methodologists of the places whose teachers completed it."""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from ortaq.certificates.forms import RevokeForm
from ortaq.certificates.queries import certificate_by_code
from ortaq.certificates.services import certificate_revoke
from ortaq.core.actors import AuthenticatedHttpRequest
from ortaq.core.errors import DomainError, show_refusal
from ortaq.courses import queries
from ortaq.courses.forms import CompletionsFilterForm
from ortaq.courses.models import Course, Enrollment


def _course_for_staff(request: HttpRequest, course_id: int) -> tuple[Course, queries.ReportScope]:
    course = queries.course_get_for_user(course_id=course_id, user=request.user)
    if not request.user.has_perm("courses.view_completions", course):
        raise PermissionDenied
    return course, queries.report_scope(viewer=request.user, course=course)


@login_required
@require_safe
def completions(request: AuthenticatedHttpRequest, course_id: int) -> HttpResponse:
    """Who completed the course, when, and the state of each certificate, with a way to revoke
    one (for those who may); by cohort, name or e-mail, fifty to a page."""
    course, scope = _course_for_staff(request, course_id)
    form = CompletionsFilterForm(request.GET or None, course=course)
    filters = form.cleaned_data if form.is_valid() else {}
    page, rows = queries.completions_page(
        course=course,
        scope=scope,
        q=filters.get("q") or "",
        cohort=filters.get("cohort"),
        page_number=request.GET.get("page"),
    )
    revocable = {
        row.certificate.pk
        for row in rows
        if row.certificate is not None
        and row.certificate.is_valid
        and request.user.has_perm("certificates.revoke_certificate", row.certificate)
    }
    return render(
        request,
        "courses/organise/completions.html",
        {
            "course": course,
            "form": form,
            "page": page,
            "rows": rows,
            "revocable": revocable,
            "scope": scope,
        },
    )


@login_required
@require_POST
def revoke(request: AuthenticatedHttpRequest, course_id: int, code: str) -> HttpResponse:
    """Revoke one of the course's certificates with a reason; doing it again changes nothing."""
    course, _scope = _course_for_staff(request, course_id)
    certificate = certificate_by_code(code=code)
    # The code must be that of a completion of this course, not of another achievement.
    if (
        certificate is None
        or certificate.content_type_id != ContentType.objects.get_for_model(Enrollment).pk
        or not Enrollment.objects.filter(pk=certificate.object_id, course=course).exists()
    ):
        raise Http404
    form = RevokeForm(request.POST)
    if form.is_valid():
        try:
            certificate_revoke(
                actor=request.user, certificate=certificate, reason=form.cleaned_data["reason"]
            )
        except DomainError as exc:
            show_refusal(request, exc)
        else:
            messages.success(
                request,
                _("The certificate %(code)s is revoked.") % {"code": certificate.code},
            )
    else:
        messages.error(request, _("Say why the certificate is revoked."))
    back = {k: request.POST[k] for k in ("q", "cohort", "page") if request.POST.get(k)}
    url = reverse("courses:completions", kwargs={"course_id": course.pk})
    return redirect(f"{url}?{urlencode(back)}" if back else url)
