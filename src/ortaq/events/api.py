"""Events in the API: the calendar's events and one event (public fields; the online link
only to a caller registered for it, or who runs it), registering, cancelling, taking an
offered seat and her registrations; the waiting list for those who run an event; the
programme's sessions; contributions (her own, those she reviews, all for the organisers) and
her reviews.

Authors never see a reviewer's name here either (``ContributionOut.comments_to_authors``
carries the comments alone); a reviewer of a blind call gets no authors."""

import datetime
from typing import Any, Literal

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Router, Schema
from ninja.errors import AuthenticationError
from ninja.pagination import paginate
from ninja.responses import Status
from pydantic import Field

from ortaq.accounts.models import User
from ortaq.accounts.queries import api_caller, current_user
from ortaq.core.errors import DomainError
from ortaq.core.links import absolute_url
from ortaq.core.pagination import Mapped, Pages
from ortaq.events import contributions as calls
from ortaq.events import programme as prog
from ortaq.events import queries, services
from ortaq.events.choices import (
    ContributionKind,
    Recommendation,
    RegistrationStatus,
)
from ortaq.events.contributions import AuthorIn
from ortaq.events.models import (
    Contribution,
    Event,
    Registration,
    ReviewAssignment,
    Session,
)

router = Router(tags=["events"])
Language = Literal["kk", "ru", "en"]


# Public operations (``auth=None``: the schema asks for no credentials) still read the caller's
# session or personal token, if she sends one, to show her what she may see.
OPTIONAL_AUTH = None


class EventRefusal(Schema):
    """A visitor asked for something that needs a caller: she authenticates first."""

    detail: str


# --- Schemas --------------------------------------------------------------------------------


class EventOut(Schema):
    """An event's public fields, in each language written (empty where not)."""

    slug: str = Field(description="Its address: /<language>/events/<slug>/.")
    kind: str
    status: str
    title_kk: str
    title_ru: str
    title_en: str
    starts_at: datetime.datetime
    ends_at: datetime.datetime
    mode: str
    venue: str
    languages: list[str]
    capacity: int | None
    registration_opens_at: datetime.datetime | None
    registration_closes_at: datetime.datetime | None

    @classmethod
    def of(cls, event: Event) -> "EventOut":
        return cls(
            slug=event.slug,
            kind=event.kind,
            status=event.status,
            title_kk=event.title_kk,
            title_ru=event.title_ru,
            title_en=event.title_en,
            starts_at=event.starts_at,
            ends_at=event.ends_at,
            mode=event.mode,
            venue=event.venue,
            languages=event.language_list(),
            capacity=event.capacity,
            registration_opens_at=event.registration_opens_at,
            registration_closes_at=event.registration_closes_at,
        )


class EventDetailOut(EventOut):
    description_kk: str
    description_ru: str
    description_en: str
    join_url: str | None = Field(
        description=(
            "Her personal join link to the online meeting: only for a caller registered for "
            "it (holding a seat); the meeting's own link is never given."
        )
    )


class EventRegistrationOut(Schema):
    event: str = Field(description="The event's slug.")
    role: str
    status: Literal["registered", "waiting", "offered", "cancelled"]
    waiting_since: datetime.datetime | None
    offer_expires_at: datetime.datetime | None
    join_url: str | None = Field(
        description="Her personal join link, while she holds a seat at an online event."
    )

    @classmethod
    def of(cls, registration: Registration, slug: str | None = None) -> "EventRegistrationOut":
        return cls(
            event=slug or registration.event.slug,
            join_url=_join_url(registration, registration.event),
            role=registration.role,
            status=registration.status,  # type: ignore[arg-type]
            waiting_since=registration.waiting_since,
            offer_expires_at=registration.offer_expires_at,
        )


class EventWaitingOut(Schema):
    """Someone on an event's waiting list (or offered a seat), for those who run it."""

    name: str
    email: str
    status: str
    waiting_since: datetime.datetime | None
    offer_expires_at: datetime.datetime | None


class EventRegisterIn(Schema):
    answers: dict[int, str] = Field(
        default_factory=dict, description="Answers to the event's questions, by question id."
    )


class EventSessionOut(Schema):
    id: int
    kind: str
    title: str
    starts_at: datetime.datetime
    ends_at: datetime.datetime
    room: str
    online_url: str | None = Field(description="Only for those registered, or who run it.")
    chairs: list[str]
    contributions: list[int] = Field(description="Its contributions' ids, in order.")


class ContributionAuthorOut(Schema):
    name: str
    affiliation: str


class ContributionAuthorIn(Schema):
    name: str = Field(min_length=1, max_length=200)
    email: str = Field("", max_length=254)
    affiliation: str = Field("", max_length=300)


class ReviewSummaryOut(Schema):
    """A review as the organisers read it."""

    reviewer: str
    recommendation: str | None
    comments_to_authors: str
    comments_to_organisers: str


class ContributionOut(Schema):
    id: int
    event: str
    kind: str
    title: str
    abstract: str
    language: str
    status: str
    details: dict[str, str]
    authors: list[ContributionAuthorOut] | None = Field(
        description="null for a reviewer of a blind call (she never learns who wrote it)."
    )
    comments_to_authors: list[str] = Field(
        description="For its authors once decided: the reviews' comments, without names."
    )
    reviews: list[ReviewSummaryOut] | None = Field(description="For those who run the event only.")


class ContributionIn(Schema):
    kind: ContributionKind
    title: str = Field(min_length=1, max_length=300)
    abstract: str = Field(min_length=1, max_length=20000)
    language: Language
    details: dict[str, str] = Field(
        default_factory=dict, description="The kind's own fields, by name (word-limited)."
    )
    coauthors: list[ContributionAuthorIn] = Field(
        default_factory=list, max_length=11, description="After her, in order."
    )


class ContributionDecisionIn(Schema):
    accept: bool


class ReviewerAssignIn(Schema):
    reviewer_id: int


class EventReviewIn(Schema):
    recommendation: Recommendation
    comments_to_authors: str = Field("", max_length=10000)
    comments_to_organisers: str = Field("", max_length=10000)


class EventReviewOut(Schema):
    """One of her assignments as a reviewer, with her review if written."""

    id: int
    contribution: ContributionOut
    recommendation: str | None
    comments_to_authors: str
    comments_to_organisers: str


def _join_url(registration: Registration | None, event: Event) -> str | None:
    if (
        registration is None
        or registration.status != RegistrationStatus.REGISTERED
        or not event.is_online
        or not event.online_url
    ):
        return None
    return absolute_url(reverse("events_join", args=[registration.join_token()]))


# --- Helpers --------------------------------------------------------------------------------


def _event(request: HttpRequest, slug: str) -> Event:
    event = queries.event_get(slug=slug)
    if not api_caller(request).has_perm("events.view_event", event):
        raise Http404
    return event


def _run(request: HttpRequest, slug: str) -> tuple[User, Event]:
    user = current_user(request)
    event = _event(request, slug)
    if not user.has_perm("events.change_event", event):
        raise PermissionDenied
    return user, event


def _contribution_out(contribution: Contribution, user: User | AnonymousUser) -> ContributionOut:
    runs = calls.runs(user, contribution.event)
    author = calls.is_author(user, contribution)
    reviews = None
    if runs:
        reviews = [
            ReviewSummaryOut(
                reviewer=a.reviewer.get_full_name() or a.reviewer.email,
                recommendation=getattr(getattr(a, "review", None), "recommendation", None),
                comments_to_authors=getattr(getattr(a, "review", None), "comments_to_authors", ""),
                comments_to_organisers=getattr(
                    getattr(a, "review", None), "comments_to_organisers", ""
                ),
            )
            for a in contribution.review_assignments.all()
        ]
    return ContributionOut(
        id=contribution.pk,
        event=contribution.event.slug,
        kind=contribution.kind,
        title=contribution.title,
        abstract=contribution.abstract,
        language=contribution.language,
        status=contribution.status,
        details=dict(contribution.details or {}),
        authors=[
            ContributionAuthorOut(name=a.name, affiliation=a.affiliation)
            for a in contribution.authors.all()
        ]
        if calls.shows_authors_to(user, contribution)
        else None,
        comments_to_authors=calls.comments_for_authors(contribution) if author else [],
        reviews=reviews,
    )


def _contributions(event: Event) -> QuerySet[Contribution]:
    return Contribution.objects.filter(event=event).prefetch_related(
        "authors", "review_assignments__reviewer", "review_assignments__review"
    )


def _get_contribution(request: HttpRequest, event: Event, contribution_id: int) -> Contribution:
    contribution = get_object_or_404(_contributions(event), pk=contribution_id)
    contribution.event = event
    user = api_caller(request)
    if not calls.may_view_contribution(user, contribution):
        # A visitor is not told whether it exists: she authenticates first (decision 0011).
        if not isinstance(user, User):
            raise AuthenticationError
        raise Http404
    return contribution


# --- Events and registration ----------------------------------------------------------------


@router.get(
    "/events", response=list[EventOut], auth=OPTIONAL_AUTH, summary="Upcoming published events"
)
@paginate(Pages)
def list_events(request: HttpRequest) -> Mapped[Event, EventOut]:
    """Published events that have not ended, by start."""
    found = Event.objects.upcoming(timezone.now()).order_by("starts_at", "pk")
    return Mapped(found, EventOut.of)


@router.get("/events/{slug}", response=EventDetailOut, auth=OPTIONAL_AUTH, summary="One event")
def get_event(request: HttpRequest, slug: str) -> EventDetailOut:
    event = _event(request, slug)
    user = api_caller(request)
    registration = services.registration_of(user, event)
    return EventDetailOut(
        **dict(EventOut.of(event)),
        description_kk=event.description_kk,
        description_ru=event.description_ru,
        description_en=event.description_en,
        join_url=_join_url(registration, event),
    )


@router.get(
    "/me/event-registrations",
    response=list[EventRegistrationOut],
    summary="Her registrations (every status), latest event first",
)
@paginate(Pages)
def my_registrations(request: HttpRequest) -> Mapped[Registration, EventRegistrationOut]:
    user = current_user(request)
    found = (
        Registration.objects.filter(user=user)
        .select_related("event")
        .order_by("-event__starts_at", "-pk")
    )
    return Mapped(found, EventRegistrationOut.of)


@router.post(
    "/events/{slug}/registration",
    response={200: EventRegistrationOut, 201: EventRegistrationOut},
    summary="Register (a seat, or the waiting list when full)",
)
def register(
    request: HttpRequest, slug: str, body: EventRegisterIn
) -> Status[EventRegistrationOut]:
    """201 when registering changed something (registered, waiting or offered a seat), 200
    when she was registered, waiting or offered already; a closed event or registration is
    refused with 400."""
    user = current_user(request)
    event = _event(request, slug)
    if not user.has_perm("events.register", event):
        raise DomainError(_("This event is not open for registration."), code="closed")
    outcome = services.registration_register(actor=user, event=event, answers=body.answers)
    return Status(
        201 if outcome.changed else 200, EventRegistrationOut.of(outcome.registration, slug)
    )


def _mine(user: User, event: Event) -> Registration:
    registration = services.registration_of(user, event)
    if registration is None:
        raise Http404
    return registration


@router.delete(
    "/events/{slug}/registration",
    response=EventRegistrationOut,
    summary="Cancel her registration (or her place on the waiting list)",
)
def cancel_registration(request: HttpRequest, slug: str) -> EventRegistrationOut:
    user = current_user(request)
    event = _event(request, slug)
    registration = services.registration_cancel(actor=user, registration=_mine(user, event))
    return EventRegistrationOut.of(registration, slug)


@router.post(
    "/events/{slug}/registration/seat",
    response=EventRegistrationOut,
    summary="Take the seat offered to her from the waiting list",
)
def take_seat(request: HttpRequest, slug: str) -> EventRegistrationOut:
    """400 when no seat is offered to her, or the offer expired (it passed on)."""
    user = current_user(request)
    event = _event(request, slug)
    registration = services.offer_accept(actor=user, registration=_mine(user, event))
    return EventRegistrationOut.of(registration, slug)


@router.get(
    "/events/{slug}/waiting-list",
    response=list[EventWaitingOut],
    summary="The waiting list and the seats offered (those who run the event)",
)
@paginate(Pages)
def waiting_list(request: HttpRequest, slug: str) -> Mapped[Registration, EventWaitingOut]:
    _user, event = _run(request, slug)
    found = (
        Registration.objects.filter(
            event=event, status__in=[RegistrationStatus.WAITING, RegistrationStatus.OFFERED]
        )
        .select_related("user")
        .order_by("waiting_since", "pk")
    )
    return Mapped(
        found,
        lambda r: EventWaitingOut(
            name=r.user.get_full_name(),
            email=r.user.email,
            status=r.status,
            waiting_since=r.waiting_since,
            offer_expires_at=r.offer_expires_at,
        ),
    )


# --- The programme --------------------------------------------------------------------------


@router.get(
    "/events/{slug}/sessions",
    response=list[EventSessionOut],
    auth=OPTIONAL_AUTH,
    summary="The programme's sessions, in order",
)
def list_sessions(request: HttpRequest, slug: str) -> list[EventSessionOut]:
    event = _event(request, slug)
    programme = prog.programme_of(event, api_caller(request))

    def out(session: Session) -> EventSessionOut:
        return EventSessionOut(
            id=session.pk,
            kind=session.kind,
            title=session.title,
            starts_at=session.starts_at,
            ends_at=session.ends_at,
            room=session.room,
            online_url=(session.online_url or None) if programme.online else None,
            chairs=[chair.get_full_name() for chair in session.chairs.all()],
            contributions=[slot.contribution_id for slot in session.slots.all()],
        )

    return [out(session) for session in programme.sessions]


# --- Contributions and reviews --------------------------------------------------------------


@router.get(
    "/events/{slug}/contributions",
    response=list[ContributionOut],
    auth=OPTIONAL_AUTH,
    summary="The event's contributions the caller may read",
)
@paginate(Pages)
def list_contributions(request: HttpRequest, slug: str) -> Mapped[Contribution, ContributionOut]:
    """Accepted ones of a published event for anyone; her own and those she reviews; all of
    them for those who run it."""
    event = _event(request, slug)
    user = api_caller(request)
    visible = calls.contributions_visible_to(user).filter(event=event).values("pk")
    found = _contributions(event).filter(pk__in=visible).order_by("pk")

    def out(contribution: Contribution) -> ContributionOut:
        contribution.event = event
        return _contribution_out(contribution, user)

    return Mapped(found, out)


@router.post(
    "/events/{slug}/contributions",
    response={201: ContributionOut},
    summary="Submit a contribution to the event's open call",
)
def submit_contribution(
    request: HttpRequest, slug: str, body: ContributionIn
) -> Status[ContributionOut]:
    """She is its first author; a co-author whose e-mail has an account is linked to it. A
    call closed, a kind or language it does not take, or a field over its word limit: 400."""
    user = current_user(request)
    event = _event(request, slug)
    contribution = calls.contribution_submit(
        actor=user,
        event=event,
        kind=body.kind,
        title=body.title,
        abstract=body.abstract,
        language=body.language,
        details=body.details,
        coauthors=[AuthorIn(a.name, a.email, a.affiliation) for a in body.coauthors],
    )
    return Status(201, _contribution_out(_get_contribution(request, event, contribution.pk), user))


@router.get(
    "/events/{slug}/contributions/{contribution_id}",
    response={200: ContributionOut, 401: EventRefusal},
    auth=OPTIONAL_AUTH,
    summary="One contribution",
)
def get_contribution(request: HttpRequest, slug: str, contribution_id: int) -> ContributionOut:
    event = _event(request, slug)
    return _contribution_out(
        _get_contribution(request, event, contribution_id), api_caller(request)
    )


@router.put(
    "/events/{slug}/contributions/{contribution_id}",
    response=ContributionOut,
    summary="Change her contribution while the call is open",
)
def update_contribution(
    request: HttpRequest, slug: str, contribution_id: int, body: ContributionIn
) -> ContributionOut:
    user = current_user(request)
    event = _event(request, slug)
    contribution = _get_contribution(request, event, contribution_id)
    if not calls.is_author(user, contribution):
        raise PermissionDenied
    calls.contribution_update(
        actor=user,
        contribution=contribution,
        kind=body.kind,
        title=body.title,
        abstract=body.abstract,
        language=body.language,
        details=body.details,
        coauthors=[AuthorIn(a.name, a.email, a.affiliation) for a in body.coauthors],
    )
    return _contribution_out(_get_contribution(request, event, contribution_id), user)


@router.post(
    "/events/{slug}/contributions/{contribution_id}/withdrawal",
    response=ContributionOut,
    summary="Withdraw her contribution before it is decided",
)
def withdraw_contribution(request: HttpRequest, slug: str, contribution_id: int) -> ContributionOut:
    user = current_user(request)
    event = _event(request, slug)
    contribution = _get_contribution(request, event, contribution_id)
    if not calls.is_author(user, contribution):
        raise PermissionDenied
    calls.contribution_withdraw(actor=user, contribution=contribution)
    return _contribution_out(_get_contribution(request, event, contribution_id), user)


@router.post(
    "/events/{slug}/contributions/{contribution_id}/decision",
    response=ContributionOut,
    summary="Accept or decline a contribution (those who run the event)",
)
def decide_contribution(
    request: HttpRequest, slug: str, contribution_id: int, body: ContributionDecisionIn
) -> ContributionOut:
    """Its authors are told by e-mail; on acceptance those with an account are registered
    as speakers (poster presenters), holding a seat past capacity."""
    user, event = _run(request, slug)
    contribution = _get_contribution(request, event, contribution_id)
    calls.contribution_decide(actor=user, contribution=contribution, accept=body.accept)
    return _contribution_out(_get_contribution(request, event, contribution_id), user)


@router.post(
    "/events/{slug}/contributions/{contribution_id}/reviewers",
    response={201: ContributionOut},
    summary="Assign a reviewer (those who run the event)",
)
def assign_reviewer(
    request: HttpRequest, slug: str, contribution_id: int, body: ReviewerAssignIn
) -> Status[ContributionOut]:
    user, event = _run(request, slug)
    contribution = _get_contribution(request, event, contribution_id)
    reviewer = User.objects.filter(pk=body.reviewer_id, is_active=True).first()
    if reviewer is None:
        raise DomainError(_("There is no such person."), code="reviewer")
    calls.reviewer_assign(actor=user, contribution=contribution, reviewer=reviewer)
    return Status(201, _contribution_out(_get_contribution(request, event, contribution_id), user))


def _review_out(assignment: ReviewAssignment, user: User) -> EventReviewOut:
    review: Any = getattr(assignment, "review", None)
    return EventReviewOut(
        id=assignment.pk,
        contribution=_contribution_out(assignment.contribution, user),
        recommendation=review.recommendation if review else None,
        comments_to_authors=review.comments_to_authors if review else "",
        comments_to_organisers=review.comments_to_organisers if review else "",
    )


def _assignments(user: User) -> QuerySet[ReviewAssignment]:
    return (
        ReviewAssignment.objects.filter(reviewer=user)
        .select_related("contribution__event", "review")
        .prefetch_related(
            "contribution__authors",
            "contribution__review_assignments",
        )
        .order_by("contribution__event__starts_at", "pk")
    )


@router.get("/me/reviews", response=list[EventReviewOut], summary="Her review assignments")
@paginate(Pages)
def my_reviews(request: HttpRequest) -> Mapped[ReviewAssignment, EventReviewOut]:
    user = current_user(request)
    return Mapped(_assignments(user), lambda a: _review_out(a, user))


@router.put(
    "/me/reviews/{review_id}", response=EventReviewOut, summary="Write or correct her review"
)
def write_review(request: HttpRequest, review_id: int, body: EventReviewIn) -> EventReviewOut:
    """Until the contribution is decided (400 after)."""
    user = current_user(request)
    assignment = _assignments(user).filter(pk=review_id).first()
    if assignment is None:
        raise Http404
    calls.review_save(
        actor=user,
        assignment=assignment,
        recommendation=body.recommendation,
        comments_to_authors=body.comments_to_authors,
        comments_to_organisers=body.comments_to_organisers,
    )
    return _review_out(_assignments(user).get(pk=review_id), user)
