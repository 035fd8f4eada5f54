"""Pages of events: the calendar and its feed, an event's page, creating and editing it,
its registration questions, publishing and cancelling; registering, the waiting list's offer,
and the personal join link."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from ortaq.core.actors import AuthenticatedHttpRequest
from ortaq.core.decorators import check_object_perm, require_perm
from ortaq.core.errors import DomainError, show_refusal
from ortaq.core.forms import id_from
from ortaq.core.i18n import current_language, localized
from ortaq.core.markup import summary
from ortaq.events import ics, queries, services, staff
from ortaq.events.attendance import attended_count
from ortaq.events.choices import RegistrationRole, RegistrationStatus
from ortaq.events.forms import (
    CalendarForm,
    CancelForm,
    EventForm,
    QuestionForm,
    RegistrationForm,
    StaffForm,
)
from ortaq.events.models import Event, Question, Staff

CHANGE = "events.change_event"

# A page shown in another language than the reader's says so, a whole sentence per pair.
SHOWN_IN = {
    ("kk", "ru"): gettext_lazy(
        "This event is not described in Kazakh yet: it is shown in Russian."
    ),
    ("kk", "en"): gettext_lazy(
        "This event is not described in Kazakh yet: it is shown in English."
    ),
    ("ru", "kk"): gettext_lazy(
        "This event is not described in Russian yet: it is shown in Kazakh."
    ),
    ("ru", "en"): gettext_lazy(
        "This event is not described in Russian yet: it is shown in English."
    ),
    ("en", "kk"): gettext_lazy(
        "This event is not described in English yet: it is shown in Kazakh."
    ),
    ("en", "ru"): gettext_lazy(
        "This event is not described in English yet: it is shown in Russian."
    ),
}


def _event(request: HttpRequest, slug: str, perm: str = "", *, bare: bool = False) -> Event:
    """The event at ``slug`` that she may see (404 otherwise); with ``perm``, 403 without it.
    ``bare``: without its organiser's rows, for a page that shows none of them."""
    event = queries.event_get(slug=slug, bare=bare)
    if not request.user.has_perm("events.view_event", event):
        raise Http404
    if perm:
        check_object_perm(request, perm, event)
    return event


def _filters(request: HttpRequest) -> tuple[CalendarForm, dict[str, object]]:
    form = CalendarForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    region = data.get("region")
    return form, {
        "kind": data.get("kind") or "",
        "region_id": region.pk if region is not None else None,
        "language": data.get("language") or "",
        "online": bool(data.get("online")),
    }


@require_safe
def calendar(request: HttpRequest) -> HttpResponse:
    """Upcoming events, by start, filtered by kind, region, language and online."""
    form, criteria = _filters(request)
    page = queries.calendar_page(
        **criteria,  # type: ignore[arg-type]
        after=request.GET.get("after"),
        before=request.GET.get("before"),
    )
    feed = reverse("events:feed")
    query = {k: request.GET.get(k, "") for k in form.fields if request.GET.get(k)}
    return render(
        request,
        "events/calendar.html",
        {
            "form": form,
            "page": page,
            "feed_url": f"{feed}?{urlencode(query)}" if query else feed,
            "can_add": request.user.has_perm("events.add_event"),
        },
    )


@require_safe
def feed(request: HttpRequest) -> HttpResponse:
    """The calendar as an iCalendar feed, with the same filters; never an online link."""
    _form, criteria = _filters(request)
    events = queries.feed_events(**criteria)  # type: ignore[arg-type]
    response = HttpResponse(
        ics.calendar(events, _("Ortaq events")), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = 'inline; filename="ortaq-events.ics"'
    return response


@require_perm("events.add_event")
@require_http_methods(["GET", "POST"])
def create(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Create a draft event as one of the organisers she may hold it as."""
    choices = services.organiser_choices_for(request.user)
    form = EventForm(request.POST or None, choices=choices)
    if request.method == "POST" and form.is_valid():
        try:
            event = services.event_create(
                actor=request.user, organiser=form.organiser_chosen(), data=form.event_data()
            )
        except DomainError as exc:
            show_refusal(request, exc, form)
        else:
            messages.success(
                request, _("The event is saved as a draft: add its questions, then publish it.")
            )
            return redirect("events:event", slug=event.slug)
    return render(request, "events/form.html", {"form": form, "event": None})


@require_safe
def event(request: HttpRequest, slug: str) -> HttpResponse:
    """The event's public page: what, when, where, who holds it, seats; her registration."""
    found = _event(request, slug)
    services.event_sweep(event=found)
    language = found.written_in()
    registration = services.registration_of(request.user, found)
    by_role = queries.seats_by_role(event=found)
    taken = sum(by_role.values())
    now = timezone.now()
    can_change = request.user.has_perm(CHANGE, found)
    registered = registration is not None and registration.status == RegistrationStatus.REGISTERED
    return render(
        request,
        "events/event.html",
        {
            "event": found,
            "language": language,
            "shown_in": SHOWN_IN.get((current_language(), language)),
            "registration": registration,
            "registered": registered,
            "join_path": (
                reverse("events_join", args=[registration.join_token()])
                if registered and registration is not None and found.is_online
                else ""
            ),
            "taken": taken,
            "waiting": queries.waiting_count(event=found) if found.capacity else 0,
            "full": found.capacity is not None and taken >= found.capacity,
            "open": found.registration_open_at(now),
            # Who takes part, counted from its registrations, once it has more than listeners.
            "roles": role_counts(by_role) if set(by_role) - {RegistrationRole.PARTICIPANT} else [],
            "attended": attended_count(found)
            if found.is_published and found.ends_at < now
            else None,
            "can_change": can_change,
            "questions": list(found.questions.all()) if can_change else [],
            "description": _description(found),
        },
    )


def role_count(role: str, count: int) -> str:
    """``count`` people in ``role``, as a phrase of the reader's language."""
    if role == RegistrationRole.SPEAKER:
        text = ngettext("%(count)s speaker", "%(count)s speakers", count)
    elif role == RegistrationRole.POSTER:
        text = ngettext("%(count)s poster presenter", "%(count)s poster presenters", count)
    elif role == RegistrationRole.ORGANISER:
        text = ngettext("%(count)s organiser", "%(count)s organisers", count)
    elif role == RegistrationRole.MODERATOR:
        text = ngettext("%(count)s moderator", "%(count)s moderators", count)
    elif role == RegistrationRole.CHAIR:
        text = ngettext("%(count)s chair", "%(count)s chairs", count)
    else:
        text = ngettext("%(count)s participant", "%(count)s participants", count)
    return text % {"count": count}


# The order the page names who takes part in.
ROLE_ORDER = (
    RegistrationRole.SPEAKER,
    RegistrationRole.POSTER,
    RegistrationRole.ORGANISER,
    RegistrationRole.MODERATOR,
    RegistrationRole.CHAIR,
    RegistrationRole.PARTICIPANT,
)


def role_counts(by_role: dict[str, int]) -> list[str]:
    return [role_count(role, by_role[role]) for role in ROLE_ORDER if by_role.get(role)]


def _description(event: Event) -> str:
    """What search engines and link previews show of the event: its description's first
    words, or its kind and start."""
    text = localized(event, "description")
    if text:
        return summary(text, 200)
    when = timezone.localtime(event.starts_at).strftime("%d.%m.%Y %H:%M")
    return f"{event.get_kind_display()}, {when}"


@require_safe
def event_ics(request: HttpRequest, slug: str) -> HttpResponse:
    """One event as an ``.ics`` file, without its online link."""
    found = _event(request, slug)
    response = HttpResponse(ics.calendar([found]), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{found.slug}.ics"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def edit(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    """Change the event's texts and details."""
    found = _event(request, slug, CHANGE)
    form = EventForm(request.POST or None, initial=EventForm.initial_of(found))
    if request.method == "POST" and form.is_valid():
        try:
            services.event_update(actor=request.user, event=found, data=form.event_data())
        except DomainError as exc:
            show_refusal(request, exc, form)
        else:
            messages.success(request, _("The event is saved."))
            return redirect("events:event", slug=found.slug)
    return render(request, "events/form.html", {"form": form, "event": found})


@login_required
@require_http_methods(["GET", "POST"])
def questions(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    """The registration form's questions: add one, take one off."""
    found = _event(request, slug, CHANGE)
    form = QuestionForm(request.POST if "text" in request.POST else None)
    if request.method == "POST":
        try:
            if "remove" in request.POST:
                raw = request.POST.get("remove", "")
                question = get_object_or_404(
                    Question, event=found, pk=int(raw) if raw.isdigit() else 0
                )
                services.question_remove(actor=request.user, question=question)
                messages.success(request, _("The question is taken off the form."))
                return redirect("events:questions", slug=found.slug)
            if form.is_valid():
                services.question_add(actor=request.user, event=found, **form.cleaned_data)
                messages.success(request, _("The question is added."))
                return redirect("events:questions", slug=found.slug)
        except DomainError as exc:
            show_refusal(request, exc, form)
    return render(
        request,
        "events/questions.html",
        {"event": found, "form": form, "questions": list(found.questions.all())},
    )


@login_required
@require_POST
def publish(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    found = _event(request, slug, CHANGE)
    try:
        services.event_publish(actor=request.user, event=found)
    except DomainError as exc:
        show_refusal(request, exc)
    else:
        messages.success(request, _("The event is published."))
    return redirect("events:event", slug=found.slug)


@login_required
@require_http_methods(["GET", "POST"])
def cancel(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    """Cancel the event, saying why."""
    found = _event(request, slug, CHANGE)
    form = CancelForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.event_cancel(
                actor=request.user, event=found, reason=form.cleaned_data["reason"]
            )
        except DomainError as exc:
            show_refusal(request, exc, form)
        else:
            messages.success(request, _("The event is cancelled; everyone registered is told."))
            return redirect("events:event", slug=found.slug)
    return render(request, "events/cancel.html", {"event": found, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def staff_page(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    """Who runs the event: its organiser and its staff. Those who run it add organisers,
    moderators and chairs by e-mail and take them off (audited)."""
    found = _event(request, slug, CHANGE)
    form = StaffForm(request.POST if "email" in request.POST else None)
    if request.method == "POST":
        if "remove" in request.POST:
            row = Staff.objects.filter(event=found, pk=id_from(request.POST["remove"])).first()
            if row is None:
                # Removed already (a second click, or another organiser first).
                messages.info(request, _("This person is no longer on the event's staff."))
                return redirect("events:staff", slug=found.slug)
            row.event = found  # so that the service's change is seen on this page's event
            try:
                staff.staff_remove(actor=request.user, staff=row)
            except DomainError as exc:
                show_refusal(request, exc)
                return redirect("events:staff", slug=found.slug)
            messages.success(
                request,
                _("%(name)s is no longer on the event's staff.") % {"name": row.user},
            )
            if not request.user.has_perm(CHANGE, found):
                # She took herself off: the page is no longer hers.
                return redirect("events:event", slug=found.slug)
            return redirect("events:staff", slug=found.slug)
        if form.is_valid():
            person = form.cleaned_data["email"]
            role = form.cleaned_data["role"]
            try:
                staff.staff_add(actor=request.user, event=found, person=person, role=role)
            except DomainError as exc:
                show_refusal(request, exc, form)
            else:
                messages.success(request, staff.added_message(person, role))
                return redirect("events:staff", slug=found.slug)
    rows = list(staff.staff_of(found))
    return render(
        request,
        "events/staff.html",
        {"event": found, "form": form, "staff": rows, "kept": staff.staff_kept(found, rows)},
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def register(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    """Register, answering the organisers' questions: a seat, or the waiting list."""
    found = _event(request, slug, bare=True)
    check_object_perm(request, "events.register", found)
    if request.method == "GET":
        # A form sent is the service's to answer, registered already or not (one query less).
        existing = services.registration_of(request.user, found)
        if existing is not None and existing.status != RegistrationStatus.CANCELLED:
            messages.info(request, _already(existing.status))
            return redirect("events:event", slug=found.slug)
    questions = list(found.questions.all())
    form = RegistrationForm(request.POST if request.method == "POST" else None, questions=questions)
    if request.method == "POST" and form.is_valid():
        try:
            outcome = services.registration_register(
                actor=request.user, event=found, answers=form.answers(), questions=questions
            )
        except DomainError as exc:
            show_refusal(request, exc, form)
        else:
            status = outcome.registration.status
            if not outcome.changed:
                messages.info(request, _already(status))
            elif status == RegistrationStatus.REGISTERED:
                messages.success(request, _("You are registered. A confirmation is on its way."))
            elif status == RegistrationStatus.OFFERED:
                messages.success(request, _("A seat is free for you: take it below."))
            else:
                messages.info(
                    request,
                    _(
                        "The event is full: you are on the waiting list. If a seat is freed, "
                        "we will offer it to you by e-mail."
                    ),
                )
            return redirect("events:event", slug=found.slug)
    return render(request, "events/register.html", {"event": found, "form": form})


def _already(status: str) -> str:
    if status == RegistrationStatus.WAITING:
        return _("You are already on the waiting list of this event.")
    if status == RegistrationStatus.OFFERED:
        return _("A seat is already offered to you: take it on this page.")
    return _("You are already registered for this event.")


@login_required
@require_POST
def withdraw(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    """Cancel her registration, her place on the waiting list, or the seat offered to her."""
    found = _event(request, slug)
    registration = services.registration_of(request.user, found)
    if registration is None or registration.status == RegistrationStatus.CANCELLED:
        messages.info(request, _("You are not registered for this event."))
    else:
        services.registration_cancel(actor=request.user, registration=registration)
        messages.success(request, _("Your registration is cancelled."))
    return redirect("events:event", slug=found.slug)


@login_required
@require_POST
def take_seat(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    """Take the seat offered to her from the waiting list."""
    found = _event(request, slug)
    registration = services.registration_of(request.user, found)
    if registration is None:
        messages.error(request, _("No seat is offered to you for this event."))
        return redirect("events:event", slug=found.slug)
    try:
        services.offer_accept(actor=request.user, registration=registration)
    except DomainError as exc:
        show_refusal(request, exc)
    else:
        messages.success(request, _("The seat is yours: you are registered."))
    return redirect("events:event", slug=found.slug)


@require_safe
def join(request: HttpRequest, token: str) -> HttpResponse:
    """A registered person's personal join link: records her attendance and sends her on to
    the online meeting. The link is the key (it reaches her by e-mail and on her page): it
    opens without signing in, and only for her registration while it holds. A link that is
    not one is a 404; one that cannot open now sends her to the event's page, saying why."""
    try:
        url = services.join_link_follow(token=token)
    except DomainError as exc:
        if exc.code == "invalid_link":
            raise Http404(exc.message) from exc
        messages.error(request, exc.message)
        slug = services.event_slug_of_token(token)
        return redirect("events:event", slug=slug) if slug else redirect("events:calendar")
    response = redirect(url)
    response["Referrer-Policy"] = "no-referrer"
    return response
