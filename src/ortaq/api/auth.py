"""How scripts and browsers prove who they are to the API."""

from typing import Any

from django.http import HttpRequest
from ninja.security import HttpBearer, SessionAuth

from ortaq.accounts import queries, services


class BearerToken(HttpBearer):
    """``Authorization: Bearer <token>`` with a personal token (see ``ortaq token EMAIL``)."""

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        found = queries.api_token_lookup(raw=token)
        if found is None:
            return None
        services.api_token_touch(token=found)
        request.user = found.user
        return found.user


class ActiveSession(SessionAuth):
    """The browser's session cookie (with its CSRF token for writes)."""

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        user = super().authenticate(request, key)
        return user if user is not None and user.is_active else None
