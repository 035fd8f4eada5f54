"""Who may do what with associations of schools.

Everything an association shows is public. Its coordinators (``Appointment`` rows, read once
per association object by ``appointments_of``), the methodologists of its region and the
administrators run it: its page, member schools, coordinators and editor
(``networks.change_association``); they and its editor write its news (``networks.post_news``).
The SQL twins are ``Association.objects.run_by`` and ``news_written_by``, which read the same
role tuple (``RUNNERS``); ``tests/test_visibility.py`` holds each pair together.

Administrators (the whole country) and methodologists held at a region or the whole country
create associations (``networks.add_association``), each in a region they hold
(``may_create_in``): see ``docs/decisions/0020-associations-and-lesson-study-groups.md``.
"""

from collections.abc import Iterable

import rules
from django.contrib.auth.models import AnonymousUser

from ortaq.accounts.models import User
from ortaq.core.roles import (
    COUNTRY,
    Role,
    Scope,
    ScopeKind,
    holds,
    predicate,
    role_over,
    scopes_where,
)
from ortaq.core.visibility import is_signed_in as signed_in
from ortaq.networks.choices import Steward
from ortaq.networks.models import RUNNERS, Appointment, Association
from ortaq.schools.models import Region

# Who creates associations, and where: the roles held at the region or the whole country.
FOUNDERS = (Role.ADMIN, Role.COORDINATOR)
_CACHE = "_appointments_of"
_ALL = "_all_appointments"


def appointments_of(user: User | AnonymousUser | None, association: Association) -> frozenset[str]:
    """Her roles in ``association`` (coordinator, editor), read once per association object and
    person, or from the whole list a page has read (``remember_appointments``)."""
    if user is None or not signed_in(user):
        return frozenset()
    every: dict[int, frozenset[str]] | None = association.__dict__.get(_ALL)
    if every is not None:
        return every.get(user.pk, frozenset())
    cache: dict[int, frozenset[str]] = association.__dict__.setdefault(_CACHE, {})
    if user.pk not in cache:
        cache[user.pk] = frozenset(
            Appointment.objects.filter(association=association, user_id=user.pk)
            .order_by()
            .values_list("role", flat=True)
        )
    return cache[user.pk]


def remember_appointments(association: Association, appointments: Iterable[Appointment]) -> None:
    """Tell ``appointments_of`` every appointment of ``association`` (its page has read them
    all), so that checking anyone's rights on it costs no query."""
    every: dict[int, set[str]] = {}
    for appointment in appointments:
        every.setdefault(appointment.user_id, set()).add(appointment.role)
    association.__dict__[_ALL] = {pk: frozenset(roles) for pk, roles in every.items()}
    association.__dict__.pop(_CACHE, None)


def forget_appointments(association: Association) -> None:
    """Drop what ``appointments_of`` knows of ``association`` (its appointments changed)."""
    association.__dict__.pop(_ALL, None)
    association.__dict__.pop(_CACHE, None)


def may_create_in(user: User | AnonymousUser, region: Region) -> bool:
    """She may create an association in ``region``: an administrator, or a methodologist held
    at that region or the whole country."""
    return holds(user, FOUNDERS, [COUNTRY, Scope.region(region.pk)])


def founding_regions(user: User | AnonymousUser) -> tuple[bool, frozenset[int]]:
    """Where she may create associations: (everywhere, the ids of her regions)."""
    everywhere = False
    regions: set[int] = set()
    for scope in scopes_where(user, FOUNDERS):
        if scope.kind == ScopeKind.COUNTRY:
            everywhere = True
        elif scope.kind == ScopeKind.REGION:
            regions.add(int(scope.key))
    return everywhere, frozenset(regions)


def _association(obj: object) -> Association | None:
    if isinstance(obj, Association):
        return obj
    found = getattr(obj, "association", None)
    return found if isinstance(found, Association) else None


@predicate
def is_signed_in(user: User | AnonymousUser) -> bool:
    return signed_in(user)


@predicate
def is_coordinator(user: User | AnonymousUser, obj: object) -> bool:
    """One of the association's coordinators (of the association of ``obj``)."""
    association = _association(obj)
    return association is not None and Steward.COORDINATOR in appointments_of(user, association)


@predicate
def is_editor(user: User | AnonymousUser, obj: object) -> bool:
    """The association's editor."""
    association = _association(obj)
    return association is not None and Steward.EDITOR in appointments_of(user, association)


@predicate
def oversees(user: User | AnonymousUser, obj: object) -> bool:
    """A methodologist over the association's region (or over it), or an administrator."""
    association = _association(obj)
    return association is not None and role_over(*RUNNERS)(user, association)


@predicate
def may_found(user: User | AnonymousUser) -> bool:
    """An administrator, or a methodologist held at a region or the whole country."""
    everywhere, regions = founding_regions(user)
    return everywhere or bool(regions)


runs_it = is_coordinator | oversees

rules.add_perm("networks.add_association", is_signed_in & may_found)
# Their SQL: ``Association.objects.run_by`` and ``news_written_by``.
rules.add_perm("networks.change_association", is_signed_in & runs_it)
rules.add_perm("networks.post_news", is_signed_in & (runs_it | is_editor))
