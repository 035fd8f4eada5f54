"""Who may do what with events (decision 0023).

Published and cancelled events are public; a draft is seen by those who run it
(``events.view_event``, twin of ``Event.objects.visible_to``). Those who run an event
(``events.change_event``, twin of ``Event.objects.run_by``): the person it is organised in the
name of, its staff organisers, the coordinators of its organising association, the holders of
a runner's role (``RUNNERS``: administrators, methodologists, school heads, event organisers)
over its region, district, organising school or association, or on the event itself.
``tests/test_visibility.py`` holds each pair together.

Who may create an event, and in whose name, is ``organiser_choices_for`` in
``events.services``: the organiser choices her roles give her.
"""

import rules
from django.contrib.auth.models import AnonymousUser

from ortaq.accounts.models import User
from ortaq.core.roles import Role, holds, holds_anywhere, predicate
from ortaq.core.visibility import is_signed_in
from ortaq.events.choices import EventStatus, OrganiserKind, StaffRole
from ortaq.events.models import RUNNERS, Event, Staff
from ortaq.networks.models import Association

# Who may hold an event in her own name: anyone given a role to run things somewhere.
PERSONAL_ORGANISERS = (
    Role.ORGANISER,
    Role.TRAINER,
    Role.COORDINATOR,
    Role.PRINCIPAL,
    Role.ADMIN,
)
_CACHE = "_runs_event"


def runs(user: User | AnonymousUser | None, event: Event) -> bool:
    """She runs ``event`` (``Event.objects.run_by``), read once per event object and person."""
    if user is None or not is_signed_in(user):
        return False
    cache: dict[int, bool] = event.__dict__.setdefault(_CACHE, {})
    if user.pk not in cache:
        cache[user.pk] = _runs(user, event)
    return cache[user.pk]


def forget_runs(event: Event) -> None:
    """Forget who runs ``event`` as read on this object: its staff changed."""
    event.__dict__.pop(_CACHE, None)


def _runs(user: User, event: Event) -> bool:
    if event.organiser_kind == OrganiserKind.PERSON and event.organiser_person_id == user.pk:
        return True
    if holds(user, RUNNERS, event.scope_chain()):
        return True
    if event.organiser_association_id is not None:
        # Its coordinators and the methodologists over it: ``networks.change_association``.
        association = event.organiser_association
        if user.has_perm("networks.change_association", association):
            return True
    return Staff.objects.filter(event=event, user_id=user.pk, role=StaffRole.ORGANISER).exists()


@predicate
def view_event(user: User | AnonymousUser | None, event: Event) -> bool:
    """She may see ``event``: twin of ``Event.objects.visible_to``."""
    if event.status in (EventStatus.PUBLISHED, EventStatus.CANCELLED):
        return True
    return runs(user, event)


@predicate
def change_event(user: User | AnonymousUser | None, event: Event) -> bool:
    """She may edit, publish and cancel ``event``: twin of ``Event.objects.run_by``."""
    return runs(user, event)


@predicate
def register(user: User | AnonymousUser | None, event: Event) -> bool:
    """She may register for ``event``: signed in and it is published (the window and the
    seats are the service's to check, with a message)."""
    return bool(user is not None and is_signed_in(user) and event.status == EventStatus.PUBLISHED)


@predicate
def may_create_events(user: User | AnonymousUser | None) -> bool:
    """She may create an event as someone (``events.services.organiser_choices_for`` lists
    whom): she holds a role that runs things, or runs an association."""
    if user is None or not is_signed_in(user):
        return False
    if holds_anywhere(user, PERSONAL_ORGANISERS):
        return True
    return Association.objects.run_by(user).exists()


rules.add_perm("events.add_event", may_create_events)
rules.add_perm("events.view_event", view_event)
rules.add_perm("events.change_event", change_event)
rules.add_perm("events.register", register)
