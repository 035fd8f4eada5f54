"""The landing page and the health check."""

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from ortaq.core.audit import PAGE_SIZE, audit_events, audit_filter_of
from ortaq.core.decorators import require_perm
from ortaq.core.forms import AuditFilterForm


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
