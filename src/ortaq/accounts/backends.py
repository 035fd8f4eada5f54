"""Authentication backends for Ortaq.

- Model permissions are asked only for staff. Everyone else's rights are scoped roles
  (``rules``); asking the permission tables would cost two queries on every page that checks a
  right, to learn nothing. Staff use the technical administration site, which needs them.
- The signed-in person is read from the cache, not the database, on every request (with her
  session, when the sessions are in the cache: ``accounts.sessions``); a change to her account
  drops the cached copy (``forget_cached_user``, and a signal on save).
"""

from contextvars import ContextVar
from typing import Any

from allauth.account.auth_backends import AuthenticationBackend
from django.contrib.auth.backends import ModelBackend
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import transaction

from ortaq.accounts.models import User, grants_cache_key, user_cache_key
from ortaq.accounts.queries import user_with_roles

USER_SECONDS = 3600

# What the cache held for the signed-in person when her session was read with it
# (``accounts.sessions``): her id and her user, or None if the cache had none. For ``get_user``.
read_with_session: ContextVar[tuple[str, User | None] | None] = ContextVar(
    "read_with_session", default=None
)


class StaffPermissionsOnly:
    """Answer no model permissions for anyone but staff; read the signed-in user from the cache."""

    def get_user(self, user_id: Any) -> Any:
        # Looked for with her session, in the same round trip (``accounts.sessions``)? Then
        # what that found (None: not in the cache, which is not asked again).
        read = read_with_session.get()
        read_with_session.set(None)
        key = user_cache_key(user_id)
        user = read[1] if read is not None and read[0] == str(user_id) else cache.get(key)
        if user is None:
            try:
                pk = User._meta.pk.to_python(user_id)
            except ValidationError:
                return None
            # She and her roles in one statement (her roles travel with her: every page asks).
            user = user_with_roles(pk)
            if user is None or not self.user_can_authenticate(user):  # type: ignore[attr-defined]
                return None
            if not transaction.get_connection().in_atomic_block:
                # Her roles' own entry is kept with hers, in one round trip and for as long.
                grants = user.role_grants()
                cache.set_many({key: user, grants_cache_key(user.pk): grants}, USER_SECONDS)
        return user

    def get_all_permissions(self, user_obj: Any, obj: Any = None) -> set[str]:
        if not getattr(user_obj, "is_staff", False):
            return set()
        permissions: set[str] = super().get_all_permissions(user_obj, obj)  # type: ignore[misc]
        return permissions


class StaffModelBackend(StaffPermissionsOnly, ModelBackend):
    """Django's own backend (the administration site, and signing in after an invitation)."""


class EmailBackend(StaffPermissionsOnly, AuthenticationBackend):  # type: ignore[misc]
    """django-allauth's backend (sign-in by e-mail with its rate limits)."""
