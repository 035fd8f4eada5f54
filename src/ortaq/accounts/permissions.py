"""Who may see and change people, their roles and their imports.

Who looks after whom, and whose page one may open, are each one rule:
``User.objects.looked_after_by`` and ``visible_to`` in SQL for every list (the people page,
bulk enrolment), ``accounts.manage_person`` and ``accounts.view_person`` here for one person. A
test holds each pair together for every role on people of every place
(``tests/test_visibility.py``).
"""

from collections.abc import Sequence
from dataclasses import dataclass

import rules
from django.contrib.auth.models import AnonymousUser

from ortaq.accounts.models import PEOPLE_MANAGERS, User
from ortaq.core.roles import (
    COUNTRY,
    Role,
    Scope,
    ScopeKind,
    grants_of,
    holds,
    is_admin,
    predicate,
    role_anywhere,
)
from ortaq.schools.models import School
from ortaq.schools.places import Places

# Roles a school head may hand out in her own school.
PRINCIPAL_GRANTS = frozenset({Role.TEACHER, Role.FACILITATOR})
__all__ = ["PEOPLE_MANAGERS", "PRINCIPAL_GRANTS", "may_grant", "may_manage_school_staff"]


def may_manage_school_staff(user: User | AnonymousUser | None, school: School | None) -> bool:
    """Tell whether ``user`` may import or look after the teachers of ``school``."""
    if school is None:
        return holds(user, [Role.ADMIN], [COUNTRY])
    return holds(user, PEOPLE_MANAGERS, school.scope_chain())


def may_grant(user: User | AnonymousUser, role: str, chain: Sequence[Scope]) -> bool:
    """Tell whether ``user`` may give (or take away) ``role`` at the last scope of ``chain``.

    An administrator or a methodologist may grant within her scope, but a role as high as her
    own only strictly below it (a regional methodologist appoints district methodologists); only
    an administrator grants the administrator role. A school head appoints the teachers and
    facilitators of her school.
    """
    if holds(user, [Role.ADMIN], [COUNTRY]):
        return True
    target = chain[-1]
    above = set(chain[:-1])
    within = set(chain)
    for held_role, scope in grants_of(user):
        if held_role == Role.ADMIN and (scope in above or (scope in within and role != Role.ADMIN)):
            return True
        if (
            held_role == Role.COORDINATOR
            and role != Role.ADMIN
            and (scope in above or (scope == target and role != Role.COORDINATOR))
        ):
            return True
        if held_role == Role.PRINCIPAL and role in PRINCIPAL_GRANTS and scope == target:
            return True
    return False


@predicate
def is_self(user: User | AnonymousUser, person: User | None) -> bool:
    return person is not None and user.pk == person.pk


def works_within(person: User) -> Sequence[Scope]:
    """The scopes a person works within: her school's chain, or the country alone."""
    school = person.profile.school
    return school.scope_chain() if school is not None else (COUNTRY,)


@predicate
def manages_person(user: User | AnonymousUser, person: User | None) -> bool:
    """She is a methodologist, head or administrator over the school where this person works;
    held in the whole country, over everyone (people of no school too)."""
    return person is not None and holds(user, PEOPLE_MANAGERS, works_within(person))


rules.add_perm("accounts.view_iin", is_self | is_admin)
rules.add_perm("accounts.change_profile", is_self | is_admin)
# Deleting (anonymising) an account: the person herself, or an administrator.
rules.add_perm("accounts.delete_account", is_self | is_admin)
rules.add_perm("accounts.list_people", is_admin | role_anywhere(*PEOPLE_MANAGERS))
# Their SQL: ``User.objects.looked_after_by`` and ``visible_to``.
rules.add_perm("accounts.manage_person", manages_person)
rules.add_perm("accounts.view_person", is_self | manages_person)
rules.add_perm("accounts.import_teachers", is_admin | role_anywhere(*PEOPLE_MANAGERS))
rules.add_perm("accounts.manage_roles", is_admin | role_anywhere(Role.COORDINATOR, Role.PRINCIPAL))


@dataclass(frozen=True, slots=True)
class GrantOffer:
    """What a role form offers her: the roles she may grant somewhere, the kinds of place she
    may grant them at, and her places (``may_grant`` still decides each grant)."""

    roles: tuple[str, ...]
    kinds: tuple[str, ...]
    places: Places


def grant_offer(user: User) -> GrantOffer:
    if holds(user, [Role.ADMIN], [COUNTRY]):
        every = tuple(c for c, _label in ScopeKind.choices if c != ScopeKind.OBJECT)
        return GrantOffer(tuple(Role.values), every, Places(everything=True))
    roles: set[str] = set()
    kinds: set[str] = set()
    regions: set[int] = set()
    districts: set[int] = set()
    for held_role, scope in grants_of(user):
        if held_role in (Role.ADMIN, Role.COORDINATOR):
            # A role as high as her own only strictly below her place.
            roles |= {r for r in Role.values if r != Role.ADMIN}
            below = {
                ScopeKind.COUNTRY: (ScopeKind.REGION, ScopeKind.DISTRICT, ScopeKind.SCHOOL),
                ScopeKind.REGION: (ScopeKind.REGION, ScopeKind.DISTRICT, ScopeKind.SCHOOL),
                ScopeKind.DISTRICT: (ScopeKind.DISTRICT, ScopeKind.SCHOOL),
            }.get(ScopeKind(scope.kind), ())
            kinds.update(below)
            if scope.kind == ScopeKind.COUNTRY:
                return GrantOffer(tuple(sorted(roles)), tuple(kinds), Places(everything=True))
            if scope.kind == ScopeKind.REGION:
                regions.add(int(scope.key))
            elif scope.kind == ScopeKind.DISTRICT:
                districts.add(int(scope.key))
        elif held_role == Role.PRINCIPAL and scope.kind == ScopeKind.SCHOOL:
            roles |= PRINCIPAL_GRANTS
            kinds.add(ScopeKind.SCHOOL)
    ordered_roles = tuple(r for r in Role.values if r in roles)
    ordered_kinds = tuple(c for c, _label in ScopeKind.choices if c in kinds)
    places = Places(False, tuple(sorted(regions)), tuple(sorted(districts)))
    return GrantOffer(ordered_roles, ordered_kinds, places)
