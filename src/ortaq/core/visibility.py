"""Who may see which rows, in SQL: the pieces every scoped model's ``visible_to(user)`` is built of.

Each scoped model has one queryset method that says which rows a person may see (``Circle
.objects.visible_to(user)``, ``Question.objects.visible_to(user)``…). Every list, search,
digest, export and API list starts from it; the object-level permission in the app's
``permissions.py`` says the same of one object, without a query where pages check it often,
and a test per model holds the two together for every role of the role matrix on generated
rows (``docs/decisions/0012-one-visibility-rule-per-model.md``).

``role_over_q`` is the SQL twin of ``core.roles.holds(user, roles, row.scope_chain())``: the
rows over whose place (or over which, as one object) she holds one of the roles.
"""

from collections.abc import Iterable, Mapping
from typing import TypeGuard

from django.contrib.auth.models import AnonymousUser
from django.db.models import Q

from ortaq.core.actors import Actor, Visitor
from ortaq.core.roles import ScopeKind, scopes_where

# A filter no row passes, and one every row passes. ``Q()`` is not the second: OR-ed with
# another condition, an empty ``Q()`` disappears and leaves that condition alone.
NOTHING = Q(pk__in=[])
EVERYTHING = Q(pk__isnull=False)


def is_signed_in[A: Actor](user: A | AnonymousUser | None) -> TypeGuard[A]:
    """A signed-in person whose account is active (an anonymised one is not); where it holds,
    the type checker knows ``user`` is the account (``accounts.User`` in the apps above)."""
    return bool(user is not None and user.is_authenticated and user.is_active)


def role_over_q(user: Visitor | None, roles: Iterable[str], places: Mapping[str, str]) -> Q:
    """The rows over which ``user`` holds one of ``roles``, as a filter.

    ``places`` names, for every kind of scope in the rows' ``scope_chain()`` beyond the whole
    country, the lookup that holds its id: ``{"region": "region_id", "district":
    "district_id", "school": "school_id", "communities.circle": "pk"}``; an object's scope is
    named by its ``app_label.model``. A role held in the whole country reaches every row; one
    held where the chain never passes (another model's object) reaches none. A row is in the
    result exactly when ``holds(user, roles, row.scope_chain())`` is true.
    """
    ids: dict[str, list[int]] = {}
    for scope in scopes_where(user, roles):
        if scope.kind == ScopeKind.COUNTRY:
            return EVERYTHING
        if scope.kind == ScopeKind.OBJECT:
            label, _colon, key = scope.key.rpartition(":")
        else:
            label, key = scope.kind, scope.key
        lookup = places.get(label)
        if lookup is not None:
            ids.setdefault(lookup, []).append(int(key))
    found = NOTHING
    for lookup, keys in sorted(ids.items()):
        found |= Q(**{f"{lookup}__in": sorted(keys)})
    return found
