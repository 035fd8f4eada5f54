"""Pages of the call for contributions, contributions, reviews and the programme.

A reviewer's page never names the authors of a blind call's contribution; an author's page
never names a reviewer (``contributions.comments_for_authors`` is all she reads of reviews).
The public programme shows a session's online link only to those registered.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from ortaq.accounts.queries import active_user_by_email
from ortaq.core.actors import AuthenticatedHttpRequest
from ortaq.core.errors import DomainError, show_refusal
from ortaq.events import contributions as calls
from ortaq.events import programme as prog
from ortaq.events.choices import ContributionStatus
from ortaq.events.forms_programme import (
    AssignForm,
    CallForm,
    ChairForm,
    ContributionForm,
    PlaceForm,
    ReviewForm,
    SessionForm,
)
from ortaq.events.models import Contribution, Event, ReviewAssignment, Session
from ortaq.events.views import _event

CHANGE = "events.change_event"


def _contribution(request: HttpRequest, event: Event, contribution_id: int) -> Contribution:
    """The event's contribution she may read (404 otherwise)."""
    contribution = get_object_or_404(
        Contribution.objects.prefetch_related("authors", "review_assignments"),
        event=event,
        pk=contribution_id,
    )
    contribution.event = event
    if not calls.may_view_contribution(request.user, contribution):
        if not request.user.is_authenticated:
            raise SignInFirst
        raise Http404
    return contribution


class SignInFirst(Exception):
    """A visitor asked for a contribution she may not read: she signs in first (decision
    0011), without being told whether it exists."""


# --- The call -------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def call(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    """Open or change the event's call for contributions (those who run the event)."""
    event = _event(request, slug, CHANGE)
    current = calls.call_of(event)
    form = CallForm(request.POST or None, initial=CallForm.initial_of(current))
    if request.method == "POST" and form.is_valid():
        try:
            calls.call_save(actor=request.user, event=event, **form.cleaned_data)
        except DomainError as exc:
            show_refusal(request, exc, form)
        else:
            messages.success(request, _("The call for contributions is saved."))
            return redirect("events:contributions", slug=event.slug)
    return render(
        request, "events/programme/call.html", {"event": event, "form": form, "call": current}
    )


@login_required
@require_http_methods(["GET", "POST"])
def submit(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    """Submit a contribution to the open call; her contributions to the event below."""
    event = _event(request, slug)
    current = calls.call_of(event)
    is_open = current is not None and event.is_published and current.open_at(timezone.now())
    form = ContributionForm(request.POST or None, call=current) if current and is_open else None
    if request.method == "POST" and form is not None and form.is_valid():
        try:
            contribution = calls.contribution_submit(
                actor=request.user,
                event=event,
                kind=form.cleaned_data["kind"],
                title=form.cleaned_data["title"],
                abstract=form.cleaned_data["abstract"],
                language=form.cleaned_data["language"],
                details=form.details(),
                coauthors=form.cleaned_data["coauthors"],
            )
        except DomainError as exc:
            show_refusal(request, exc, form)
        else:
            messages.success(request, _("Your contribution is submitted."))
            return redirect("events:contribution", slug=event.slug, contribution_id=contribution.pk)
    mine = calls.contributions_of_author(request.user).filter(event=event)
    return render(
        request,
        "events/programme/submit.html",
        {"event": event, "call": current, "is_open": is_open, "form": form, "mine": mine},
    )


# --- Contributions --------------------------------------------------------------------------


@login_required
@require_safe
def contributions(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    """Every contribution to the event, with its reviewers and their recommendations (those
    who run it): assign a reviewer, accept or decline."""
    event = _event(request, slug, CHANGE)
    return render(
        request,
        "events/programme/contributions.html",
        {
            "event": event,
            "call": calls.call_of(event),
            "contributions": calls.contributions_of_event(event),
            "assign_form": AssignForm(),
        },
    )


@require_safe
def contribution(request: HttpRequest, slug: str, contribution_id: int) -> HttpResponse:
    """A contribution as she may read it: its authors (unless she reviews it blind), and for
    its authors the comments of its reviews once decided (never a reviewer's name)."""
    event = _event(request, slug)
    try:
        found = _contribution(request, event, contribution_id)
    except SignInFirst:
        return redirect_to_login(request.get_full_path())
    author = calls.is_author(request.user, found)
    runs = calls.runs(request.user, event)
    assignment = next(
        (a for a in found.review_assignments.all() if a.reviewer_id == request.user.pk), None
    )
    current = calls.call_of(event)
    return render(
        request,
        "events/programme/contribution.html",
        {
            "event": event,
            "contribution": found,
            "show_authors": calls.shows_authors_to(request.user, found),
            "is_author": author,
            "runs": runs,
            "assignment": assignment,
            "comments": calls.comments_for_authors(found) if author else [],
            "editable": author
            and found.status == ContributionStatus.SUBMITTED
            and current is not None
            and current.open_at(timezone.now()),
            "details": _details(found),
        },
    )


def _details(contribution: Contribution) -> list[tuple[str, str]]:
    form = calls.KIND_FORMS.get(contribution.kind)
    if form is None:
        return []
    values = contribution.details or {}
    return [(str(f.label), values[f.name]) for f in form.fields if values.get(f.name)]


@login_required
@require_http_methods(["GET", "POST"])
def contribution_edit(
    request: AuthenticatedHttpRequest, slug: str, contribution_id: int
) -> HttpResponse:
    event = _event(request, slug)
    found = _contribution(request, event, contribution_id)
    if not calls.is_author(request.user, found):
        raise PermissionDenied
    current = calls.call_of(event)
    if current is None:
        raise Http404
    form = ContributionForm(
        request.POST or None, call=current, initial=ContributionForm.initial_of(found)
    )
    if request.method == "POST" and form.is_valid():
        try:
            calls.contribution_update(
                actor=request.user,
                contribution=found,
                kind=form.cleaned_data["kind"],
                title=form.cleaned_data["title"],
                abstract=form.cleaned_data["abstract"],
                language=form.cleaned_data["language"],
                details=form.details(),
                coauthors=form.cleaned_data["coauthors"],
            )
        except DomainError as exc:
            show_refusal(request, exc, form)
        else:
            messages.success(request, _("Your contribution is saved."))
            return redirect("events:contribution", slug=event.slug, contribution_id=found.pk)
    return render(
        request,
        "events/programme/contribution_form.html",
        {"event": event, "contribution": found, "form": form},
    )


@login_required
@require_POST
def contribution_withdraw(
    request: AuthenticatedHttpRequest, slug: str, contribution_id: int
) -> HttpResponse:
    event = _event(request, slug)
    found = _contribution(request, event, contribution_id)
    if not calls.is_author(request.user, found):
        raise PermissionDenied
    try:
        calls.contribution_withdraw(actor=request.user, contribution=found)
    except DomainError as exc:
        show_refusal(request, exc)
    else:
        messages.success(request, _("Your contribution is withdrawn."))
    return redirect("events:contribution", slug=event.slug, contribution_id=found.pk)


@login_required
@require_POST
def contribution_decide(
    request: AuthenticatedHttpRequest, slug: str, contribution_id: int
) -> HttpResponse:
    """Accept (``decision=accept``) or decline (``decision=decline``) a contribution."""
    event = _event(request, slug, CHANGE)
    found = _contribution(request, event, contribution_id)
    decision = request.POST.get("decision")
    if decision not in ("accept", "decline"):
        messages.error(request, _("Choose to accept or to decline."))
    else:
        try:
            calls.contribution_decide(
                actor=request.user, contribution=found, accept=decision == "accept"
            )
        except DomainError as exc:
            show_refusal(request, exc)
        else:
            messages.success(request, _("The decision is saved; the authors are told."))
    return redirect("events:contributions", slug=event.slug)


@login_required
@require_POST
def reviewer_assign(
    request: AuthenticatedHttpRequest, slug: str, contribution_id: int
) -> HttpResponse:
    event = _event(request, slug, CHANGE)
    found = _contribution(request, event, contribution_id)
    form = AssignForm(request.POST)
    reviewer = None
    if form.is_valid():
        reviewer = active_user_by_email(form.cleaned_data["reviewer"])
    if reviewer is None:
        messages.error(request, _("Nobody with this e-mail has an account."))
    else:
        try:
            calls.reviewer_assign(actor=request.user, contribution=found, reviewer=reviewer)
        except DomainError as exc:
            show_refusal(request, exc)
        else:
            messages.success(request, _("The reviewer is assigned and told by e-mail."))
    return redirect("events:contributions", slug=event.slug)


# --- Reviews --------------------------------------------------------------------------------


@login_required
@require_safe
def reviews(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    """Her review assignments for the event (nobody else's)."""
    event = _event(request, slug)
    return render(
        request,
        "events/programme/reviews.html",
        {"event": event, "assignments": calls.assignments_of(request.user, event)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def review(request: AuthenticatedHttpRequest, slug: str, review_id: int) -> HttpResponse:
    """Her review of one of her assignments: the contribution without its authors when the
    call is blind."""
    event = _event(request, slug)
    assignment = get_object_or_404(
        ReviewAssignment.objects.select_related("contribution", "review"),
        pk=review_id,
        contribution__event=event,
        reviewer_id=request.user.pk,
    )
    found = assignment.contribution
    found.event = event
    existing = getattr(assignment, "review", None)
    initial = (
        {
            "recommendation": existing.recommendation,
            "comments_to_authors": existing.comments_to_authors,
            "comments_to_organisers": existing.comments_to_organisers,
        }
        if existing
        else {}
    )
    form = ReviewForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            calls.review_save(actor=request.user, assignment=assignment, **form.cleaned_data)
        except DomainError as exc:
            show_refusal(request, exc, form)
        else:
            messages.success(request, _("Your review is saved."))
            return redirect("events:reviews", slug=event.slug)
    return render(
        request,
        "events/programme/review.html",
        {
            "event": event,
            "contribution": found,
            "form": form,
            "show_authors": calls.shows_authors_to(request.user, found),
            "details": _details(found),
        },
    )


# --- The programme --------------------------------------------------------------------------


@require_safe
def programme(request: HttpRequest, slug: str) -> HttpResponse:
    """The public programme: sessions in Kazakhstan time, their chairs and contributions; a
    session's online link only for those registered."""
    event = _event(request, slug, bare=True)
    return render(
        request,
        "events/programme/programme.html",
        {
            "event": event,
            "programme": prog.programme_of(event, request.user),
            "can_change": calls.runs(request.user, event),
        },
    )


def _pdf(content: bytes, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{name}"'
    return response


@require_safe
def programme_pdf(request: HttpRequest, slug: str) -> HttpResponse:
    event = _event(request, slug, bare=True)
    return _pdf(prog.programme_pdf(event), f"{event.slug}-programme.pdf")


@require_safe
def abstracts_pdf(request: HttpRequest, slug: str) -> HttpResponse:
    event = _event(request, slug, bare=True)
    return _pdf(prog.abstracts_pdf(event), f"{event.slug}-abstracts.pdf")


@login_required
@require_http_methods(["GET", "POST"])
def sessions(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    """The programme's sessions for those who run the event: add one; place accepted
    contributions and chairs in each (``session_place``, ``session_chair``)."""
    event = _event(request, slug, CHANGE)
    form = SessionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            prog.session_save(actor=request.user, event=event, **form.cleaned_data)
        except DomainError as exc:
            show_refusal(request, exc, form)
        else:
            messages.success(request, _("The session is added."))
            return redirect("events:sessions", slug=event.slug)
    accepted = Contribution.objects.filter(event=event, status=ContributionStatus.ACCEPTED)
    return render(
        request,
        "events/programme/sessions.html",
        {
            "event": event,
            "form": form,
            "sessions": prog.sessions_of(event),
            "place_form": PlaceForm(accepted=accepted),
            "chair_form": ChairForm(),
        },
    )


def _session(event: Event, session_id: int) -> Session:
    session = get_object_or_404(Session, event=event, pk=session_id)
    session.event = event
    return session


@login_required
@require_POST
def session_place(request: AuthenticatedHttpRequest, slug: str, session_id: int) -> HttpResponse:
    event = _event(request, slug, CHANGE)
    session = _session(event, session_id)
    accepted = Contribution.objects.filter(event=event, status=ContributionStatus.ACCEPTED)
    form = PlaceForm(request.POST, accepted=accepted)
    if not form.is_valid():
        messages.error(request, _("Choose one of the accepted contributions."))
    else:
        try:
            prog.slot_place(
                actor=request.user,
                session=session,
                contribution=form.cleaned_data["contribution"],
                order=form.cleaned_data.get("order"),
            )
        except DomainError as exc:
            show_refusal(request, exc)
        else:
            messages.success(request, _("The contribution is placed."))
    return redirect("events:sessions", slug=event.slug)


@login_required
@require_POST
def session_chair(request: AuthenticatedHttpRequest, slug: str, session_id: int) -> HttpResponse:
    event = _event(request, slug, CHANGE)
    session = _session(event, session_id)
    form = ChairForm(request.POST)
    person = None
    if form.is_valid():
        person = active_user_by_email(form.cleaned_data["chair"])
    if person is None:
        messages.error(request, _("Nobody with this e-mail has an account."))
    else:
        try:
            prog.chair_add(actor=request.user, session=session, user=person)
        except DomainError as exc:
            show_refusal(request, exc)
        else:
            messages.success(request, _("The chair is added and registered."))
    return redirect("events:sessions", slug=event.slug)


@login_required
@require_POST
def session_delete(request: AuthenticatedHttpRequest, slug: str, session_id: int) -> HttpResponse:
    event = _event(request, slug, CHANGE)
    try:
        prog.session_delete(actor=request.user, session=_session(event, session_id))
    except DomainError as exc:
        show_refusal(request, exc)
    else:
        messages.success(request, _("The session is taken off the programme."))
    return redirect("events:sessions", slug=event.slug)
