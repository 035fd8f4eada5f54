"""Pages of a circle's meetings: the list, planning and changing one, its page (notes, and an
.ics file for calendars), cancelling, and attendance."""

import datetime
import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from ortaq.communities.forms_circles import MeetingForm, NotesForm
from ortaq.communities.models import Circle, Meeting
from ortaq.communities.queries import circles as queries
from ortaq.communities.services import meetings as services
from ortaq.core.actors import AuthenticatedHttpRequest
from ortaq.core.errors import DomainError, show_refusal
from ortaq.core.links import absolute_url

PAGE_SIZE = 30


def _manager(request: HttpRequest, circle: Circle) -> None:
    if not request.user.has_perm("communities.manage_meetings", circle):
        raise PermissionDenied


@login_required
@require_safe
def meetings(request: AuthenticatedHttpRequest, circle_id: int) -> HttpResponse:
    circle = queries.circle_get_for_user(circle_id=circle_id, user=request.user)
    return render(
        request,
        "communities/meetings/list.html",
        {
            "circle": circle,
            "page": Paginator(queries.meetings_of(circle=circle), PAGE_SIZE).get_page(
                request.GET.get("page")
            ),
            "now": timezone.now(),
            "can_manage": request.user.has_perm("communities.manage_meetings", circle),
            "sees_details": request.user.has_perm("communities.view_meeting_details", circle),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def meeting_create(request: AuthenticatedHttpRequest, circle_id: int) -> HttpResponse:
    circle = queries.circle_get_for_user(circle_id=circle_id, user=request.user)
    _manager(request, circle)
    return _meeting_form(request, circle, None)


@login_required
@require_http_methods(["GET", "POST"])
def meeting_edit(
    request: AuthenticatedHttpRequest, circle_id: int, meeting_id: int
) -> HttpResponse:
    circle = queries.circle_get_for_user(circle_id=circle_id, user=request.user)
    _manager(request, circle)
    found = queries.meeting_get(circle=circle, meeting_id=meeting_id)
    if request.method == "POST" and "cancel" in request.POST:
        services.meeting_cancel(actor=request.user, meeting=found)
        messages.success(request, _("The meeting is cancelled."))
        return redirect("communities:meetings", circle_id=circle.pk)
    return _meeting_form(request, circle, found)


def _meeting_form(
    request: AuthenticatedHttpRequest, circle: Circle, meeting: Meeting | None
) -> HttpResponse:
    # A new meeting's form carries a fresh one-time key: sent twice, it plans one meeting.
    initial: dict[str, object] = {"client_key": str(uuid.uuid4())}
    if meeting is not None:
        local = timezone.localtime(meeting.starts_at)
        initial = {
            "date": local.date(),
            "time": local.time().replace(second=0, microsecond=0),
            "duration_minutes": meeting.duration_minutes,
            "place": meeting.place,
            "online_url": meeting.online_url,
            "agenda": meeting.agenda,
        }
    form = MeetingForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            saved = services.meeting_save(
                actor=request.user,
                circle=circle,
                meeting=meeting,
                starts_at=form.starts_at(),
                duration_minutes=data["duration_minutes"],
                place=data["place"],
                online_url=data["online_url"],
                agenda=data["agenda"],
                client_key=data["client_key"],
            )
        except DomainError as exc:
            show_refusal(request, exc, form)
        else:
            messages.success(
                request,
                _("The meeting is planned; the members are told.")
                if meeting is None
                else _("The meeting is saved."),
            )
            return redirect("communities:meeting", circle_id=circle.pk, meeting_id=saved.pk)
    return render(
        request,
        "communities/meetings/form.html",
        {"circle": circle, "meeting": meeting, "form": form},
    )


def _ics_text(value: str) -> str:
    """Escape a text value for iCalendar (RFC 5545, 3.3.11)."""
    return value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def _ics(request: HttpRequest, circle: Circle, meeting: Meeting) -> HttpResponse:
    start = meeting.starts_at.astimezone(datetime.UTC)
    end = start + datetime.timedelta(minutes=meeting.duration_minutes)
    stamp = "%Y%m%dT%H%M%SZ"
    url = absolute_url(request.path)
    location = meeting.place or meeting.online_url
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Ortaq//Circles//KK",
        "BEGIN:VEVENT",
        f"UID:meeting-{meeting.pk}@ortaq",
        f"DTSTAMP:{meeting.updated_at.astimezone(datetime.UTC).strftime(stamp)}",
        f"DTSTART:{start.strftime(stamp)}",
        f"DTEND:{end.strftime(stamp)}",
        f"SUMMARY:{_ics_text(circle.name)}",
        f"LOCATION:{_ics_text(location)}",
        f"DESCRIPTION:{_ics_text(meeting.agenda)}",
        f"URL:{url}",
        "STATUS:CANCELLED" if meeting.cancelled_at else "STATUS:CONFIRMED",
        "END:VEVENT",
        "END:VCALENDAR",
    ]
    response = HttpResponse(
        "\r\n".join(lines) + "\r\n", content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="meeting-{meeting.pk}.ics"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def meeting(request: AuthenticatedHttpRequest, circle_id: int, meeting_id: int) -> HttpResponse:
    """A meeting: when, where (members only), agenda, notes; facilitators write the notes."""
    circle = queries.circle_get_for_user(circle_id=circle_id, user=request.user)
    found = queries.meeting_get(circle=circle, meeting_id=meeting_id)
    sees_details = request.user.has_perm("communities.view_meeting_details", circle)
    if request.GET.get("format") == "ics":
        if not sees_details:
            raise PermissionDenied
        return _ics(request, circle, found)
    can_manage = request.user.has_perm("communities.manage_meetings", circle)
    form = NotesForm(request.POST or None, initial={"notes": found.notes})
    if request.method == "POST":
        _manager(request, circle)
        if form.is_valid():
            try:
                services.meeting_notes_save(
                    actor=request.user, meeting=found, notes=form.cleaned_data["notes"]
                )
            except DomainError as exc:
                show_refusal(request, exc, form)
            else:
                messages.success(request, _("The notes are saved."))
                return redirect("communities:meeting", circle_id=circle.pk, meeting_id=found.pk)
    started = found.starts_at <= timezone.now()
    return render(
        request,
        "communities/meetings/meeting.html",
        {
            "circle": circle,
            "meeting": found,
            "sees_details": sees_details,
            "can_manage": can_manage,
            "started": started,
            "form": form if can_manage and started else None,
            "attendance": queries.attendance_of(meeting=found) if sees_details else [],
        },
    )


@login_required
@require_POST
def attendance(request: AuthenticatedHttpRequest, circle_id: int, meeting_id: int) -> HttpResponse:
    circle = queries.circle_get_for_user(circle_id=circle_id, user=request.user)
    _manager(request, circle)
    found = queries.meeting_get(circle=circle, meeting_id=meeting_id)
    present = [int(v) for v in request.POST.getlist("present") if v.isascii() and v.isdigit()]
    try:
        came = services.attendance_record(actor=request.user, meeting=found, present=present)
    except DomainError as exc:
        show_refusal(request, exc)
    else:
        messages.success(request, _("Attendance is saved: %(count)s came.") % {"count": came})
    return redirect("communities:meeting", circle_id=circle.pk, meeting_id=found.pk)


urlpatterns: list[URLPattern] = [
    path("circles/<int:circle_id>/meetings/", meetings, name="meetings"),
    path("circles/<int:circle_id>/meetings/new/", meeting_create, name="meeting_create"),
    path("circles/<int:circle_id>/meetings/<int:meeting_id>/", meeting, name="meeting"),
    path(
        "circles/<int:circle_id>/meetings/<int:meeting_id>/edit/", meeting_edit, name="meeting_edit"
    ),
    path(
        "circles/<int:circle_id>/meetings/<int:meeting_id>/attendance/",
        attendance,
        name="attendance",
    ),
]
