"""Sessions in the cache (Redis in production), a signed-in person's under a key that ends with
her id, so that one round trip brings her session and her cached user.

Django's cache sessions read the session, then (her id being in it) her user: two round trips
to Redis before a page does anything, on every request. Here the key of a signed-in session is
its 32 random characters, a dot and her id, so that ``load`` reads both entries at once; the
user read with her session is handed to the authentication backend
(``ortaq.accounts.backends``), which otherwise reads it itself. The key is made anew whenever
the session's owner changes (signing in, out, or as someone else), as Django makes a new key on
signing in; a session from before this, whose key names no one, is read as before and given a
new key the next time it is saved.

The id in the key names nothing the session does not hold: changing it changes the key, which
then finds no session. Her id is hers to see (Django's cookie sessions carry the whole session).
"""

from typing import Any

from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.backends import cache as cache_sessions
from django.contrib.sessions.backends.base import UpdateError

from ortaq.accounts.backends import read_with_session
from ortaq.accounts.models import User, user_cache_key

RANDOM_LENGTH = 32  # what Django's _get_new_session_key makes


def owner_in_key(session_key: str | None) -> str | None:
    """The id a session key names after its random part, if any."""
    if session_key and len(session_key) > RANDOM_LENGTH + 1 and session_key[RANDOM_LENGTH] == ".":
        return session_key[RANDOM_LENGTH + 1 :]
    return None


class SessionStore(cache_sessions.SessionStore):
    def _get_new_session_key(self) -> str:
        parent: Any = super()  # django-stubs do not declare the store's private helpers
        key: str = parent._get_new_session_key()
        owner = self._owner(load=False)
        return f"{key}.{owner}" if owner is not None else key

    def load(self) -> dict[str, Any]:
        read_with_session.set(None)  # nothing of an earlier request on this thread
        owner = owner_in_key(self.session_key)
        if owner is None:
            loaded: dict[str, Any] = super().load()
            return loaded
        this: Any = self  # django-stubs do not declare the store's private attributes
        session_key, user_key = self.cache_key, user_cache_key(owner)
        found: dict[str, Any]
        try:
            found = this._cache.get_many([session_key, user_key])
        except Exception:  # as Django's load: an unusable key is no session
            found = {}
        data: dict[str, Any] | None = found.get(session_key)
        if data is None:
            this._session_key = None
            return {}
        if str(data.get(SESSION_KEY)) == owner:
            user = found.get(user_key)
            read_with_session.set((owner, user if isinstance(user, User) else None))
        return data

    def save(self, must_create: bool = False) -> None:
        key = self.session_key
        if not must_create and key is not None and owner_in_key(key) != self._owner(load=True):
            # Signed in or out since the key was made: a key naming who holds it now. As
            # Django's save, a session ended meanwhile (signed out in another tab) stays ended.
            if not self.exists(key):
                raise UpdateError
            self.create()  # a new key (``_get_new_session_key``), the same data
            self.delete(key)
            return
        super().save(must_create)

    def _owner(self, *, load: bool) -> str | None:
        """Whose session this is (None for a visitor's); without ``load``, only if its data
        is already at hand."""
        this: Any = self
        data = this._session if load else getattr(self, "_session_cache", {})
        owner = data.get(SESSION_KEY)
        return str(owner) if owner is not None else None
