"""Roles held within a scope, and the predicates that every app's ``permissions.py`` builds on.

A role is held in the whole country, a region, a district, a school, or one object (a course,
a circle, an event…). An object answers ``scope_chain()`` with every scope it lies within, from
the country down to itself; a person may act on it when she holds a suitable role at any scope
of that chain. The assignments themselves are stored by ``accounts``; this module only reads
them through ``user.role_grants()``, so that every app can check roles without importing
``accounts``.
"""

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Protocol, runtime_checkable

import rules
from django.contrib.auth.models import AnonymousUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from ortaq.core.actors import Visitor


class Role(models.TextChoices):
    TEACHER = "teacher", _("Teacher")
    FACILITATOR = "facilitator", _("Facilitator")
    TRAINER = "trainer", _("Trainer")
    MODERATOR = "moderator", _("Moderator")
    EXPERT = "expert", _("Expert")
    PRINCIPAL = "principal", _("School head")
    COORDINATOR = "coordinator", _("Methodologist (coordinator)")
    ORGANISER = "organiser", _("Event organiser")
    EDITOR = "editor", _("Editor")
    ADMIN = "admin", _("Administrator")


class ScopeKind(models.TextChoices):
    COUNTRY = "country", _("Whole country")
    REGION = "region", _("Region")
    DISTRICT = "district", _("District")
    SCHOOL = "school", _("School")
    OBJECT = "object", _("One object")


@dataclass(frozen=True, slots=True)
class Scope:
    """Where a role is held: ``kind`` with the id of the region, district, school or object."""

    kind: str
    key: str = ""

    @classmethod
    def country(cls) -> "Scope":
        return cls(ScopeKind.COUNTRY)

    @classmethod
    def region(cls, region_id: int) -> "Scope":
        return cls(ScopeKind.REGION, str(region_id))

    @classmethod
    def district(cls, district_id: int) -> "Scope":
        return cls(ScopeKind.DISTRICT, str(district_id))

    @classmethod
    def school(cls, school_id: int) -> "Scope":
        return cls(ScopeKind.SCHOOL, str(school_id))

    @classmethod
    def of_object(cls, label: str, pk: int) -> "Scope":
        """Scope of one object; ``label`` is ``app_label.model`` in lower case."""
        return cls(ScopeKind.OBJECT, f"{label}:{pk}")


COUNTRY = Scope.country()
Grant = tuple[str, Scope]


@runtime_checkable
class Scoped(Protocol):
    def scope_chain(self) -> Sequence[Scope]: ...


def grants_of(user: Visitor | None) -> frozenset[Grant]:
    """Return the (role, scope) pairs that ``user`` holds; none for anonymous visitors."""
    if user is None or isinstance(user, AnonymousUser):
        return frozenset()
    if not user.is_authenticated or not user.is_active:
        return frozenset()
    return user.role_grants()


def holds(user: Visitor | None, roles: Iterable[str], scopes: Iterable[Scope]) -> bool:
    """Tell whether ``user`` holds any of ``roles`` at any of ``scopes``."""
    grants = grants_of(user)
    if not grants:
        return False
    wanted = set(roles)
    return any((role, scope) in grants for scope in scopes for role in wanted)


def holds_anywhere(user: Visitor | None, roles: Iterable[str]) -> bool:
    """Tell whether ``user`` holds any of ``roles`` at some scope."""
    wanted = set(roles)
    return any(role in wanted for role, _scope in grants_of(user))


def scopes_where(user: Visitor | None, roles: Iterable[str]) -> set[Scope]:
    """Return every scope at which ``user`` holds one of ``roles``."""
    wanted = set(roles)
    return {scope for role, scope in grants_of(user) if role in wanted}


def object_ids_where(user: Visitor | None, roles: Iterable[str], label: str) -> set[int]:
    """Return the ids of the objects of model ``label`` on which ``user`` holds one of
    ``roles`` (see ``Scope.of_object``)."""
    prefix = f"{label}:"
    return {
        int(scope.key.removeprefix(prefix))
        for scope in scopes_where(user, roles)
        if scope.kind == ScopeKind.OBJECT and scope.key.startswith(prefix)
    }


def role_over(*roles: str) -> rules.Predicate:
    """Build a predicate true when the user holds one of ``roles`` over the object's scope chain."""

    def check(user: Visitor | None, obj: object) -> bool:
        if not isinstance(obj, Scoped):
            return False
        return holds(user, roles, obj.scope_chain())

    return rules.Predicate(check, name="role_over(" + ",".join(roles) + ")")


def role_anywhere(*roles: str) -> rules.Predicate:
    """Build a predicate true when the user holds one of ``roles`` at some scope."""

    def check(user: Visitor | None) -> bool:
        return holds_anywhere(user, roles)

    return rules.Predicate(check, name="role_anywhere(" + ",".join(roles) + ")")


def predicate(check: Callable[..., bool]) -> rules.Predicate:
    """Make a ``rules`` predicate of a typed function (``@rules.predicate`` is untyped)."""
    return rules.Predicate(check)


@predicate
def is_admin(user: Visitor | None) -> bool:
    """The user administers the whole platform."""
    return holds(user, [Role.ADMIN], [COUNTRY])
