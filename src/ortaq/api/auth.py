"""How scripts and browsers prove who they are to the API."""

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja.errors import HttpError
from ninja.security import HttpBearer, SessionAuth
from ninja.utils import check_csrf

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

    def _get_key(self, request: HttpRequest) -> str | None:
        # Without a signed-in session a forged request could use nothing: the answer is 401
        # ("sign in, or send a token"), not a CSRF failure.
        if not request.user.is_authenticated:
            return None
        if self.csrf and not getattr(request, "_ninja_csrf_exempt", False) and check_csrf(request):
            raise HttpError(
                403,
                _(
                    "The CSRF check failed: send the X-CSRFToken header with the value of the "
                    "csrftoken cookie, or use an API token."
                ),
            )
        return request.COOKIES.get(self.param_name)

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        user = super().authenticate(request, key)
        return user if user is not None and user.is_active else None
