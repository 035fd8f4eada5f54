"""Middleware of accounts: sign out a session left idle or too old; remember the language a
signed-in person reads in."""

import time
from collections.abc import Callable
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import SESSION_KEY, logout
from django.contrib.auth.views import redirect_to_login
from django.contrib.sessions.backends.base import SessionBase
from django.http import HttpRequest, HttpResponse
from django.shortcuts import resolve_url
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language_from_path
from django.utils.translation import gettext as _

from ortaq.accounts.services import user_language_set

# What the session remembers (as whole seconds since the epoch).
SIGNED_IN_AT = "ortaq_signed_in_at"
SEEN_AT = "ortaq_seen_at"
# How stale "last seen" may be: writing it on every request would write the session on every
# page. So she is signed out after between (idle - REFRESH_SECONDS) and idle without activity.
REFRESH_SECONDS = 300


def now() -> int:
    """The clock the sessions are measured by (tests replace it)."""
    return int(time.time())


def stamp_sign_in(session: SessionBase) -> None:
    """Note in ``session`` that she signs in now (the receiver of ``user_logged_in`` calls it)."""
    session[SIGNED_IN_AT] = session[SEEN_AT] = now()


class IdleSessionMiddleware:
    """Sign out a session unused for ``ORTAQ_SESSION_IDLE_SECONDS`` (teachers share school
    computers) or signed in more than ``SESSION_COOKIE_AGE`` ago, however active.

    The person then lands on the sign-in page with a message, and comes back to the page she
    asked for (for a form she sent, the page it was on) once signed in. The API answers as to
    anyone not signed in. Must come after the session, authentication and messages middleware.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        session = request.session
        # SESSION_KEY rather than request.user: no need to load the user to know.
        if SESSION_KEY in session and SEEN_AT in session:
            moment = now()
            idle = settings.ORTAQ_SESSION_IDLE_SECONDS
            if moment - session[SEEN_AT] > idle:
                message = _(
                    "You were signed out after a long time without activity. Sign in again to "
                    "go on where you were."
                )
                return self._signed_out(request, message)
            if moment - session.get(SIGNED_IN_AT, moment) > settings.SESSION_COOKIE_AGE:
                message = _(
                    "You were signed out: you signed in a long time ago. Sign in again to go on "
                    "where you were."
                )
                return self._signed_out(request, message)
            if moment - session[SEEN_AT] >= min(REFRESH_SECONDS, idle // 10):
                session[SEEN_AT] = moment
        response = self.get_response(request)
        session = request.session
        if SESSION_KEY in session and SEEN_AT not in session:
            # A session from before these notes: its clocks start now.
            stamp_sign_in(session)
        return response

    def _signed_out(self, request: HttpRequest, message: str) -> HttpResponse:
        logout(request)
        login_url = resolve_url(settings.LOGIN_URL)
        if request.path_info.startswith("/api/") or request.path == login_url:
            return self.get_response(request)
        messages.info(request, message)
        return redirect_to_login(_where_she_was(request), login_url)


def _where_she_was(request: HttpRequest) -> str:
    """The page she asked for; for a form she sent, the page of the form (if on this site)."""
    if request.method in ("GET", "HEAD"):
        return request.get_full_path()
    referer = request.headers.get("Referer", "")
    if referer and url_has_allowed_host_and_scheme(
        referer, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        parts = urlsplit(referer)
        return parts.path + (f"?{parts.query}" if parts.query else "")
    return resolve_url(settings.LOGIN_REDIRECT_URL)


class LanguagePreferenceMiddleware:
    """Remember the language a signed-in person reads in, for her e-mails and documents."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and response.status_code == 200:
            language = get_language_from_path(request.path_info)
            if language and language != user.language:
                user_language_set(user=user, language=language)
        return response
