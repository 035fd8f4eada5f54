"""Reads of events for pages: the calendar, an event's page, her events (decision 0023)."""

from dataclasses import dataclass
from datetime import datetime

from django.contrib.auth.models import AnonymousUser
from django.db.models import Count, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from ortaq.accounts.models import User
from ortaq.core.pagination import KeysetPage, keyset_page
from ortaq.core.visibility import is_signed_in
from ortaq.events.choices import SEAT_HOLDING, EventStatus, Mode, RegistrationStatus
from ortaq.events.models import Event, Registration
from ortaq.networks.models import Association

PAGE_SIZE = 20
FEED_SIZE = 500


def event_get(*, slug: str, bare: bool = False) -> Event:
    """The event at ``slug``, with its organiser's rows; 404 if none. Whether she may see it
    is ``events.view_event`` (the Python twin of ``Event.objects.visible_to``), asked by the
    page: a published event costs it no query. ``bare``: without its organiser's rows."""
    if bare:
        return get_object_or_404(Event, slug=slug)
    return get_object_or_404(
        Event.objects.select_related(
            "organiser_person",
            "organiser_school",
            "organiser_association",
            "region",
            "district",
            "audience_region",
        ),
        slug=slug,
    )


def seats_taken(*, event: Event) -> int:
    return Registration.objects.filter(event=event, status__in=SEAT_HOLDING).count()


def seats_by_role(*, event: Event) -> dict[str, int]:
    """The seats held (registered or offered), by the role of whoever holds them: one query."""
    return dict(
        Registration.objects.filter(event=event, status__in=SEAT_HOLDING)
        .values("role")
        .annotate(count=Count("pk"))
        .values_list("role", "count")
        .order_by()
    )


def waiting_count(*, event: Event) -> int:
    return Registration.objects.filter(event=event, status=RegistrationStatus.WAITING).count()


def _calendar(
    *, kind: str = "", region_id: int | None = None, language: str = "", online: bool = False
) -> QuerySet[Event]:
    found = Event.objects.upcoming(timezone.now())
    if kind:
        found = found.filter(kind=kind)
    if region_id:
        found = found.filter(Q(region_id=region_id) | Q(audience_region_id=region_id))
    if language:
        found = found.filter(languages__contains=language)
    if online:
        found = found.filter(mode__in=[Mode.ONLINE, Mode.BOTH])
    return found


def calendar_page(
    *,
    kind: str = "",
    region_id: int | None = None,
    language: str = "",
    online: bool = False,
    after: str | None = None,
    before: str | None = None,
) -> KeysetPage[Event]:
    """Upcoming published events by start, filtered, a page at a time by key; each with its
    seats taken (``taken``) counted in the same query."""
    found = (
        _calendar(kind=kind, region_id=region_id, language=language, online=online)
        .select_related("region")
        .annotate(taken=Count("registrations", filter=Q(registrations__status__in=SEAT_HOLDING)))
    )
    return keyset_page(found, keys=["starts_key", "id"], per_page=PAGE_SIZE, after=after,
                       before=before)  # fmt: skip


def feed_events(
    *, kind: str = "", region_id: int | None = None, language: str = "", online: bool = False
) -> list[Event]:
    """The calendar's events for its iCalendar feed: the next ``FEED_SIZE`` of them."""
    found = _calendar(kind=kind, region_id=region_id, language=language, online=online)
    return list(found.order_by("starts_key", "id")[:FEED_SIZE])


@dataclass
class Mine:
    """Her events on her own page: seats offered to her (waiting for her answer), and the
    events she is registered for or waits for."""

    offers: list[Registration]
    upcoming: list[Registration]


def my_events(*, user: User | AnonymousUser, now: datetime | None = None) -> Mine:
    if not is_signed_in(user):
        return Mine([], [])
    now = now or timezone.now()
    rows = list(
        Registration.objects.filter(
            user_id=user.pk,
            status__in=[
                RegistrationStatus.REGISTERED,
                RegistrationStatus.WAITING,
                RegistrationStatus.OFFERED,
            ],
            event__status=EventStatus.PUBLISHED,
            event__ends_at__gte=now,
        )
        .select_related("event")
        .order_by("event__starts_at", "pk")[:50]
    )
    offers = [
        r
        for r in rows
        if r.status == RegistrationStatus.OFFERED
        and r.offer_expires_at is not None
        and r.offer_expires_at >= now
    ]
    return Mine(offers=offers, upcoming=[r for r in rows if r not in offers])


def association_events(*, association: Association) -> list[Event]:
    """The association's upcoming published events, for its site."""
    return list(
        Event.objects.upcoming(timezone.now())
        .filter(organiser_association=association)
        .order_by("starts_key", "id")[:10]
    )
