"""The acting person, as ``core`` and ``schools`` see her.

Services take the person who acts as their ``actor``. Apps above ``accounts`` type it as
``accounts.models.User``; ``core`` and ``schools`` lie below ``accounts`` and may not import it
(see ``docs/decisions/0001-roles-in-core.md``), so they type it as :class:`Actor`: what they
read of her, which ``User`` has. A visitor who has not signed in is an ``AnonymousUser``;
functions that answer for visitors too take a :data:`Visitor`.

A view that only a signed-in person reaches (``login_required``, ``require_perm``) takes an
:class:`AuthenticatedHttpRequest`, whose ``user`` is the account model, as django-stubs
recommends.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Protocol

from django.contrib.auth.models import AnonymousUser
from django.db.models import Model
from django.http import HttpRequest

if TYPE_CHECKING:
    # django-stubs' name for ``settings.AUTH_USER_MODEL`` (``accounts.User``), as it types
    # ``HttpRequest.user`` and foreign keys to the account: ``Account`` in core's annotations,
    # for the type checker only, so that core imports no app above it.
    from django.contrib.auth.models import _User

    type Account = _User

    # ``core.roles`` reads grants through this protocol; at run time nothing here needs it.
    from ortaq.core.roles import Grant


class Actor(Protocol):
    """A signed-in person: her id, whether her account is active, her permissions and roles."""

    @property
    def pk(self) -> Any: ...

    @property
    def is_authenticated(self) -> bool: ...

    @property
    def is_active(self) -> bool: ...

    def has_perm(self, perm: str, obj: Model | None = None) -> bool: ...

    def role_grants(self) -> frozenset[Grant]: ...


# Whoever makes a request: a signed-in person or a visitor.
type Visitor = Actor | AnonymousUser


class AuthenticatedHttpRequest(HttpRequest):
    """A request that only a signed-in person makes: the views behind ``login_required`` or
    ``require_perm`` (which send visitors to sign in first) take it."""

    user: Account
