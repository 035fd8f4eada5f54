"""Pages of attendance and after the event: her QR code, the check-in at the door, the tick
list, the participant report (checked, then confirmed), materials, feedback, the
recommendations, certificates, school teams and the statistics (CSV and XLSX)."""

import base64

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from ortaq.core.actors import AuthenticatedHttpRequest
from ortaq.core.csvimport import ImportRejected
from ortaq.core.decorators import check_object_perm
from ortaq.core.errors import DomainError, show_refusal
from ortaq.core.forms import id_from
from ortaq.core.spreadsheets import csv_lines, xlsx_bytes
from ortaq.core.uploads import read_csv_upload
from ortaq.events import after, attendance, queries, services, statistics, teams
from ortaq.events.choices import TEAM_KINDS, RegistrationStatus, TeamStatus
from ortaq.events.forms_attendance import (
    CheckInForm,
    ConfirmForm,
    FeedbackForm,
    MaterialForm,
    OutcomeForm,
    ReportForm,
    TeamDecisionForm,
    TeamForm,
)
from ortaq.events.models import Contribution, Event, Feedback, Material, Registration, Team

CHANGE = "events.change_event"
RECORD = "events.record_attendance"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _event(request: HttpRequest, slug: str, perm: str = "") -> Event:
    """The event at ``slug`` that she may see (404 otherwise); with ``perm``, 403 without it."""
    event = queries.event_get(slug=slug, bare=True)
    if not request.user.has_perm("events.view_event", event):
        raise Http404
    if perm:
        check_object_perm(request, perm, event)
    return event


def qr_data_url(registration: Registration) -> str:
    """Her QR code for the door as a PNG ``data:`` URL."""
    png = attendance.checkin_qr_png(registration)
    return "data:image/png;base64," + base64.b64encode(png).decode()


# --- Her QR code, and the check-in at the door --------------------------------------------


@login_required
@require_safe
def my_code(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    """Her QR code for the door: it opens the check-in page with her code on the organiser's
    phone; the code is written under it, to type where no camera reads it."""
    found = _event(request, slug)
    registration = services.registration_of(request.user, found)
    if registration is None or registration.status != RegistrationStatus.REGISTERED:
        messages.info(request, _("You are not registered for this event."))
        return redirect("events:event", slug=found.slug)
    return render(
        request,
        "events/attendance/my_code.html",
        {"event": found, "registration": registration, "qr": qr_data_url(registration)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def checkin(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    """The door: her QR code opens this page with her code (``?code=``) on the organiser's
    phone, which shows whom it is and checks her in with one button; or the code is typed."""
    found = _event(request, slug, RECORD)
    form = CheckInForm(request.POST or None, initial={"code": request.GET.get("code", "")})
    person = None
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            done = attendance.checkin(
                actor=request.user, event=found, code=form.cleaned_data["code"]
            )
        except DomainError as exc:
            form.add_error("code", exc.message)
            status = 400
        else:
            if done.already:
                messages.warning(request, attendance.already_message(done))
            else:
                messages.success(
                    request, _("%(name)s is checked in.") % {"name": done.registration.user}
                )
            return redirect("events:checkin", slug=found.slug)
    elif request.method == "GET" and request.GET.get("code"):
        try:
            person = attendance.registration_by_code(event=found, code=request.GET["code"])
        except DomainError as exc:
            form = CheckInForm(initial={"code": request.GET["code"]})
            messages.error(request, exc.message)
    return render(
        request,
        "events/attendance/checkin.html",
        {
            "event": found,
            "form": form,
            "person": person,
            "attended": attendance.attended_count(found),
        },
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def tick_list(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    """Everyone registered, ticked when present: the organiser's list at the door or in class."""
    found = _event(request, slug, RECORD)
    if request.method == "POST":
        shown = {id_from(v) for v in request.POST.getlist("shown")}
        present = {id_from(v) for v in request.POST.getlist("present")}
        ticked, unticked = attendance.tick(
            actor=request.user, event=found, present=present, shown=shown
        )
        messages.success(
            request,
            _("Attendance saved: %(ticked)s ticked, %(unticked)s ticks taken off.")
            % {"ticked": ticked, "unticked": unticked},
        )
        return redirect("events:attendance", slug=found.slug)
    people = list(attendance.tick_list(found))
    return render(
        request,
        "events/attendance/list.html",
        {
            "event": found,
            "people": people,
            "attended": attendance.attended_count(found),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def report_import(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    """A video-conference participant report: upload and check it (every problem by line,
    nothing written), then confirm to record the valid rows."""
    found = _event(request, slug, RECORD)
    if "token" in request.POST:
        confirm = ConfirmForm(request.POST)
        if confirm.is_valid():
            try:
                new, raised = attendance.report_confirm(
                    actor=request.user, event=found, token=confirm.cleaned_data["token"]
                )
            except DomainError as exc:
                show_refusal(request, exc)
            else:
                messages.success(
                    request,
                    _("Attendance recorded: %(new)s new, %(raised)s with more minutes.")
                    % {"new": new, "raised": raised},
                )
                return redirect("events:attendance", slug=found.slug)
        return redirect("events:attendance_import", slug=found.slug)
    form = ReportForm(request.POST or None, request.FILES or None)
    check = None
    errors: list[object] = []
    if request.method == "POST" and form.is_valid():
        try:
            data = read_csv_upload(form.cleaned_data["file"])
            check = attendance.report_check(actor=request.user, event=found, data=data)
        except ImportRejected as exc:
            errors = list(exc.errors)
        except DomainError as exc:
            form.add_error("file", exc.message)
    return render(
        request,
        "events/attendance/import.html",
        {
            "event": found,
            "form": form,
            "check": check,
            "errors": check.errors if check else errors,
            "confirm": ConfirmForm(initial={"token": check.token})
            if check and check.token
            else None,
        },
        status=400 if request.method == "POST" and check is None else 200,
    )


# --- After the event ----------------------------------------------------------------------


def _contributions_for(request: AuthenticatedHttpRequest, event: Event, organiser: bool):  # type: ignore[no-untyped-def]
    contributions = Contribution.objects.filter(event=event).order_by("pk")
    if organiser:
        return contributions
    return contributions.filter(authors__user_id=request.user.pk).distinct()


@require_http_methods(["GET", "POST"])
def materials(request: HttpRequest, slug: str) -> HttpResponse:
    """Slides, posters and recordings of the event; its authors and organisers add them."""
    found = _event(request, slug)
    user = request.user
    may_add = user.has_perm("events.add_material", found)
    organiser = user.has_perm(CHANGE, found)
    form = None
    if may_add:
        form = MaterialForm(
            request.POST or None,
            request.FILES or None,
            contributions=_contributions_for(request, found, organiser),  # type: ignore[arg-type]
            organiser=organiser,
        )
    if request.method == "POST":
        if not user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if "remove" in request.POST:
            material = get_object_or_404(Material, event=found, pk=id_from(request.POST["remove"]))
            try:
                after.material_remove(actor=user, material=material)
            except DomainError as exc:
                show_refusal(request, exc)
            else:
                messages.success(request, _("The material is removed."))
            return redirect("events:materials", slug=found.slug)
        check_object_perm(request, "events.add_material", found)
        assert form is not None  # noqa: S101 - she may add
        if form.is_valid():
            data = form.cleaned_data
            try:
                after.material_add(
                    actor=user,
                    event=found,
                    kind=data["kind"],
                    title=data["title"],
                    upload=data["file"],
                    url=data["url"],
                    contribution=data["contribution"],
                )
            except DomainError as exc:
                show_refusal(request, exc, form)
            else:
                messages.success(request, _("The material is added."))
                return redirect("events:materials", slug=found.slug)
    return render(
        request,
        "events/attendance/materials.html",
        {
            "event": found,
            "materials": list(after.materials_of(found)),
            "form": form,
            "organiser": organiser,
        },
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def feedback(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    """Her feedback (a rating and a comment), once, editable; the organisers see the summary."""
    found = _event(request, slug)
    organiser = request.user.has_perm(CHANGE, found)
    may_give = request.user.has_perm("events.give_feedback", found)
    if not may_give and not organiser:
        check_object_perm(request, "events.give_feedback", found)
    mine = Feedback.objects.filter(event=found, user=request.user).first()
    form = FeedbackForm(
        request.POST or None,
        initial={"rating": mine.rating, "comment": mine.comment} if mine else None,
    )
    if request.method == "POST" and form.is_valid():
        try:
            after.feedback_save(actor=request.user, event=found, **form.cleaned_data)
        except DomainError as exc:
            show_refusal(request, exc, form)
        else:
            messages.success(request, _("Thank you: your feedback is saved."))
            return redirect("events:feedback", slug=found.slug)
    return render(
        request,
        "events/attendance/feedback.html",
        {
            "event": found,
            "form": form if may_give else None,
            "mine": mine,
            "summary": after.feedback_summary(found) if organiser else None,
            "comments": list(
                Feedback.objects.filter(event=found).exclude(comment="").order_by("-pk")[:200]
            )
            if organiser
            else [],
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def outcome(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    """Publish the round table's recommendations (or a resolution) in kk, ru and en."""
    found = _event(request, slug, CHANGE)
    form = OutcomeForm(
        request.POST or None,
        initial={"kk": found.outcome_kk, "ru": found.outcome_ru, "en": found.outcome_en},
    )
    if request.method == "POST" and form.is_valid():
        after.outcome_publish(actor=request.user, event=found, **form.cleaned_data)
        messages.success(request, _("The recommendations are published on the event's page."))
        return redirect("events:event", slug=found.slug)
    return render(request, "events/attendance/outcome.html", {"event": found, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def certificates(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    """The event's certificates: who earns one, how many are issued; issue them."""
    found = _event(request, slug, CHANGE)
    if request.method == "POST":
        try:
            after.certificates_issue(actor=request.user, event=found)
        except DomainError as exc:
            show_refusal(request, exc)
        else:
            messages.success(
                request,
                _("The certificates are being issued: each person gets hers by e-mail."),
            )
        return redirect("events:certificates", slug=found.slug)
    return render(
        request,
        "events/attendance/certificates.html",
        {
            "event": found,
            "owed": len(after.certified_people(found)),
            "issued": after.certificates_of(found).count(),
        },
    )


# --- Teams --------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def teams_page(request: HttpRequest, slug: str) -> HttpResponse:
    """A festival's or camp's school teams: a school applies; the organisers accept or decline
    (up to the capacity in teams) and record results."""
    found = _event(request, slug)
    if found.kind not in TEAM_KINDS:
        raise Http404
    user = request.user
    organiser = user.has_perm(CHANGE, found)
    may_apply = user.has_perm("events.apply_team", found)
    school = user.profile.school if may_apply else None  # type: ignore[union-attr]
    form = (
        TeamForm(
            request.POST if "name" in request.POST else None,
            teachers=teams.teachers_of(school),
        )
        if school is not None
        else None
    )
    if request.method == "POST":
        if not user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if "decision" in request.POST:
            check_object_perm(request, CHANGE, found)
            decision = TeamDecisionForm(request.POST)
            if decision.is_valid():
                team = get_object_or_404(Team, event=found, pk=decision.cleaned_data["team"])
                try:
                    if decision.cleaned_data["decision"] == "result":
                        teams.team_result(
                            actor=user,
                            team=team,
                            result=decision.cleaned_data["result"],
                        )
                    else:
                        teams.team_decide(
                            actor=user,
                            team=team,
                            accept=decision.cleaned_data["decision"] == "accept",
                        )
                except DomainError as exc:
                    show_refusal(request, exc)
                else:
                    messages.success(request, _("The team is saved."))
            return redirect("events:teams", slug=found.slug)
        check_object_perm(request, "events.apply_team", found)
        if form is not None and form.is_valid():
            try:
                teams.team_apply(actor=user, event=found, **form.cleaned_data)
            except DomainError as exc:
                show_refusal(request, exc, form)
            else:
                messages.success(request, _("Your team has applied; the organisers will decide."))
                return redirect("events:teams", slug=found.slug)
    listed = list(teams.teams_visible_to(user, found))
    return render(
        request,
        "events/attendance/teams.html",
        {
            "event": found,
            "teams": listed,
            "form": form,
            "organiser": organiser,
            "accepted": sum(1 for t in listed if t.status == TeamStatus.ACCEPTED),
        },
        status=400 if request.method == "POST" else 200,
    )


# --- Statistics ---------------------------------------------------------------------------


@login_required
@require_safe
def statistics_page(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    found = _event(request, slug, "events.view_statistics")
    return render(
        request,
        "events/attendance/statistics.html",
        {"event": found, "stats": statistics.event_statistics(found)},
    )


@login_required
@require_safe
def statistics_csv(request: AuthenticatedHttpRequest, slug: str) -> StreamingHttpResponse:
    found = _event(request, slug, "events.view_statistics")
    rows = statistics.event_statistics(found).rows()
    response = StreamingHttpResponse(csv_lines(rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{found.slug}-statistics.csv"'
    return response


@login_required
@require_safe
def statistics_xlsx(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    found = _event(request, slug, "events.view_statistics")
    rows = statistics.event_statistics(found).rows()
    response = HttpResponse(xlsx_bytes(rows, title=_("Statistics")), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{found.slug}-statistics.xlsx"'
    return response
