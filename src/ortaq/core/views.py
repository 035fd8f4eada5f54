"""The landing page, the health check, the audit log and the pages of background jobs."""

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from ortaq.core.audit import PAGE_SIZE, audit_events, audit_filter_of
from ortaq.core.decorators import require_perm
from ortaq.core.forms import AuditFilterForm
from ortaq.core.jobs import back_link, job_get_for_user, jobs_of
from ortaq.core.models import JobKind

# A running job's page reloads itself this often (seconds).
REFRESH_SECONDS = 2


@require_safe
def home(request: HttpRequest) -> HttpResponse:
    """Show what Ortaq is to visitors; send signed-in people to their own page."""
    if request.user.is_authenticated:
        return redirect("accounts:dashboard")
    return render(request, "core/home.html")


@never_cache
@require_safe
def healthz(request: HttpRequest) -> JsonResponse:
    """Report whether the database and, when configured, Redis answer; 503 when one does not."""
    checks: dict[str, str] = {}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        checks["database"] = "ok"
    except Exception as exc:  # noqa: BLE001 - any failure is the answer a health check gives
        checks["database"] = f"error: {type(exc).__name__}"
    if settings.REDIS_URL:
        try:
            cache.set("ortaq:healthz", "1", timeout=5)
            checks["redis"] = "ok" if cache.get("ortaq:healthz") == "1" else "error: no round trip"
        except Exception as exc:  # noqa: BLE001
            checks["redis"] = f"error: {type(exc).__name__}"
    else:
        checks["redis"] = "not configured"
    healthy = all(value in ("ok", "not configured") for value in checks.values())
    return JsonResponse(
        {"status": "ok" if healthy else "error", **checks}, status=200 if healthy else 503
    )


@require_perm("core.view_audit")
@require_safe
def audit_log(request: HttpRequest) -> HttpResponse:
    """The audit log for administrators: newest first, filtered, a page at a time."""
    form = AuditFilterForm(request.GET or None)
    criteria = audit_filter_of(form, request.GET.get("before"))
    events = list(audit_events(criteria)[: PAGE_SIZE + 1])
    more = len(events) > PAGE_SIZE
    events = events[:PAGE_SIZE]
    return render(
        request,
        "core/audit.html",
        {
            "form": form,
            "events": events,
            "next_before": events[-1].pk if more else None,
            "first_page": criteria.before is None,
        },
    )


@login_required
@require_safe
def job(request: HttpRequest, job_id: int) -> HttpResponse:
    """A background job: its progress while it runs (the page reloads itself every few seconds,
    without script, unless she turned that off), then its result or its problems line by line.
    Only the person who started it and the platform's administrators may read it; anyone else
    gets 404."""
    found = job_get_for_user(job_id=job_id, user=request.user)
    return render(
        request,
        "core/job.html",
        {
            "job": found,
            "back": back_link(found),
            # She may stop the reloading (a screen reader starts the page again at each one).
            "refresh_seconds": 0 if request.GET.get("refresh") == "off" else REFRESH_SECONDS,
            "is_import": found.kind in (JobKind.SCHOOLS_IMPORT, JobKind.TEACHERS_IMPORT),
        },
    )


@login_required
@require_safe
def jobs(request: HttpRequest) -> HttpResponse:
    """Her latest background jobs, newest first."""
    return render(request, "core/jobs.html", {"jobs": jobs_of(request.user)})
