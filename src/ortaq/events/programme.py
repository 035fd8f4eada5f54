"""The programme of an event: its sessions (plenary, section, poster session, free microphone,
break) with their chairs, rooms and online links, and the accepted contributions placed in
them in order; the programme and the book of abstracts as PDFs (issue 13, decision 0023).

A session's online link is shown only to those registered (holding a seat) and to those who
run the event, as the event's own link is. A chair is registered with the role "chair" by
``services.registration_place`` (a seat even past capacity). The programme is read in a fixed
number of queries (``programme_of``).
"""

from dataclasses import dataclass
from datetime import datetime

from django.contrib.auth.models import AnonymousUser
from django.db import transaction
from django.db.models import Prefetch
from django.utils.translation import gettext as _

from ortaq.accounts.models import User
from ortaq.core.errors import DomainError, NotAllowed
from ortaq.core.pdf import template_to_pdf
from ortaq.core.visibility import is_signed_in
from ortaq.events import services
from ortaq.events.choices import (
    ContributionStatus,
    EventStatus,
    RegistrationRole,
    RegistrationStatus,
    SessionKind,
)
from ortaq.events.models import (
    Contribution,
    ContributionAuthor,
    Event,
    Registration,
    Session,
    Slot,
)

# Kinds of session that hold no contributions.
WITHOUT_CONTRIBUTIONS = frozenset({SessionKind.BREAK})
PDF_STYLE = """
@page { size: A4; margin: 18mm 16mm; @bottom-center { content: counter(page); font-size: 9pt; } }
body { font-size: 10.5pt; line-height: 1.35; }
h1 { font-size: 17pt; margin: 0 0 4mm; }
h2 { font-size: 13pt; margin: 6mm 0 2mm; border-bottom: 0.5pt solid #888; }
h3 { font-size: 11pt; margin: 4mm 0 1mm; }
.muted { color: #555; }
.slot { margin: 1mm 0 2mm; }
.abstract { page-break-inside: avoid; margin-bottom: 6mm; }
.time { font-weight: bold; }
"""


def _runs(user: User | AnonymousUser, event: Event) -> bool:
    return is_signed_in(user) and user.has_perm("events.change_event", event)


def _check(actor: User, event: Event) -> None:
    if not _runs(actor, event):
        raise NotAllowed(_("You may not change this event's programme."))
    if event.status == EventStatus.CANCELLED:
        raise DomainError(_("The event is cancelled: it can no longer be changed."), code="state")


def _validate_times(event: Event, starts_at: datetime, ends_at: datetime) -> None:
    if ends_at < starts_at:
        raise DomainError(_("A session cannot end before it starts."), code="ends_at")
    if starts_at < event.starts_at or ends_at > event.ends_at:
        raise DomainError(_("A session must be held within the event's times."), code="starts_at")


# --- Sessions -------------------------------------------------------------------------------


@transaction.atomic
def session_save(
    *,
    actor: User,
    event: Event,
    kind: str,
    title: str,
    starts_at: datetime,
    ends_at: datetime,
    room: str = "",
    online_url: str = "",
    session: Session | None = None,
) -> Session:
    """Add a session to the programme, or change ``session``."""
    _check(actor, event)
    if kind not in SessionKind.values:
        raise DomainError(_("Choose the kind of session."), code="kind")
    _validate_times(event, starts_at, ends_at)
    if session is not None and session.event_id != event.pk:
        raise NotAllowed(_("This session is of another event."))
    if session is not None and kind in WITHOUT_CONTRIBUTIONS and session.slots.exists():
        raise DomainError(_("A break holds no contributions: move them first."), code="kind")
    session = session or Session(event=event)
    session.kind, session.title = kind, title.strip()[:300]
    session.starts_at, session.ends_at = starts_at, ends_at
    session.room, session.online_url = room.strip()[:200], online_url.strip()[:500]
    session.save()
    return session


@transaction.atomic
def session_delete(*, actor: User, session: Session) -> None:
    """Take a session off the programme; its contributions stay accepted, unplaced."""
    _check(actor, session.event)
    session.slots.all().delete()
    session.delete()


@transaction.atomic
def chair_add(*, actor: User, session: Session, user: User) -> Registration:
    """Make ``user`` a chair of ``session``, registered for the event as a chair."""
    _check(actor, session.event)
    if not user.is_active:
        raise DomainError(_("This person's account is closed."), code="chair")
    session.chairs.add(user)
    return services.registration_place(
        actor=actor, event=session.event, user=user, role=RegistrationRole.CHAIR
    )


@transaction.atomic
def chair_remove(*, actor: User, session: Session, user: User) -> None:
    """She no longer chairs ``session`` (her registration stays)."""
    _check(actor, session.event)
    session.chairs.remove(user)


# --- Slots ----------------------------------------------------------------------------------


@transaction.atomic
def slot_place(
    *,
    actor: User,
    session: Session,
    contribution: Contribution,
    order: int | None = None,
    starts_at: datetime | None = None,
    ends_at: datetime | None = None,
) -> Slot:
    """Place an accepted contribution in ``session`` (moving it there if it was elsewhere), at
    ``order`` (at the end when not given) and, if given, at its own times within the
    session's."""
    _check(actor, session.event)
    if contribution.event_id != session.event_id:
        raise DomainError(_("This contribution is of another event."), code="contribution")
    if contribution.status != ContributionStatus.ACCEPTED:
        raise DomainError(_("Only an accepted contribution has a place."), code="contribution")
    if session.kind in WITHOUT_CONTRIBUTIONS:
        raise DomainError(_("A break holds no contributions."), code="session")
    if starts_at is not None or ends_at is not None:
        if starts_at is None or ends_at is None or ends_at < starts_at:
            raise DomainError(_("Give the slot's start and end, in order."), code="starts_at")
        if starts_at < session.starts_at or ends_at > session.ends_at:
            raise DomainError(_("A slot must be within its session's times."), code="starts_at")
    slot = Slot.objects.filter(contribution=contribution).first() or Slot(contribution=contribution)
    if order is None:
        last = (
            Slot.objects.filter(session=session)
            .exclude(pk=slot.pk)
            .order_by("-order")
            .values_list("order", flat=True)
            .first()
        )
        order = (last or 0) + 1
    slot.session, slot.order = session, max(order, 0)
    slot.starts_at, slot.ends_at = starts_at, ends_at
    slot.save()
    return slot


@transaction.atomic
def slot_remove(*, actor: User, slot: Slot) -> None:
    _check(actor, slot.session.event)
    slot.delete()


# --- Reading the programme ------------------------------------------------------------------


def sees_online_links(user: User | AnonymousUser, event: Event) -> bool:
    """She may see the sessions' online links: she holds a seat, or runs the event."""
    if not is_signed_in(user):
        return False
    if Registration.objects.filter(
        event=event, user_id=user.pk, status=RegistrationStatus.REGISTERED
    ).exists():
        return True
    return _runs(user, event)


@dataclass
class Programme:
    """An event's sessions in order, each with its chairs and its slots' contributions and
    authors; ``online``: whether the reader may see the online links."""

    event: Event
    sessions: list[Session]
    online: bool


def sessions_of(event: Event) -> list[Session]:
    """The event's sessions with chairs, slots, contributions and authors: four queries."""
    slots = Slot.objects.select_related("contribution").prefetch_related(
        Prefetch(
            "contribution__authors", queryset=ContributionAuthor.objects.order_by("order", "pk")
        )
    )
    return list(
        Session.objects.filter(event=event)
        .order_by("starts_at", "pk")
        .prefetch_related(
            Prefetch("chairs", queryset=User.objects.order_by("last_name", "first_name", "pk")),
            Prefetch("slots", queryset=slots.order_by("order", "pk")),
        )
    )


def programme_of(event: Event, user: User | AnonymousUser) -> Programme:
    """The programme as ``user`` reads it."""
    return Programme(event, sessions_of(event), sees_online_links(user, event))


def accepted_of(event: Event) -> list[Contribution]:
    """The accepted contributions, with authors and slot, in programme order (the unplaced
    last, by kind)."""
    found = (
        Contribution.objects.filter(event=event, status=ContributionStatus.ACCEPTED)
        .select_related("slot", "slot__session")
        .prefetch_related(
            Prefetch("authors", queryset=ContributionAuthor.objects.order_by("order", "pk"))
        )
    )

    def key(contribution: Contribution) -> tuple[int, datetime | None, int, int]:
        slot = getattr(contribution, "slot", None)
        if slot is None:
            return (1, None, 0, contribution.pk)
        return (0, slot.session.starts_at, slot.order, contribution.pk)

    placed = [c for c in found if getattr(c, "slot", None) is not None]
    unplaced = [c for c in found if getattr(c, "slot", None) is None]
    placed.sort(key=key)
    unplaced.sort(key=lambda c: (c.kind, c.pk))
    return placed + unplaced


def programme_pdf(event: Event) -> bytes:
    """The printable programme, in the active language, without any online link."""
    return template_to_pdf(
        "events/programme/programme_pdf.html",
        {"event": event, "sessions": sessions_of(event)},
        style=PDF_STYLE,
    )


def abstracts_pdf(event: Event) -> bytes:
    """The book of abstracts: each accepted contribution's title, authors and abstract."""
    return template_to_pdf(
        "events/programme/abstracts_pdf.html",
        {"event": event, "contributions": accepted_of(event)},
        style=PDF_STYLE,
    )
