"""Errors that services raise for a person to read, and how pages show them."""

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest


class DomainError(Exception):
    """Refuse a request with a translated message that is safe to show to the person who made it.

    Views turn it into a form error or a message; the API into ``{"detail": message}`` with
    ``status`` as the HTTP status code.
    """

    status = 400

    def __init__(self, message: str, *, code: str = "invalid") -> None:
        super().__init__(message)
        self.message = message
        self.code = code


class NotAllowed(DomainError):
    """Refuse an action the acting person may not take."""

    status = 403

    def __init__(self, message: str, *, code: str = "forbidden") -> None:
        super().__init__(message, code=code)


def show_refusal(request: HttpRequest, exc: DomainError, form: Any = None) -> None:
    """Show a service's refusal to the person on a page: the 403 page when she may not act at
    all, otherwise its message on ``form`` (when given) or above the page."""
    if exc.status == 403:
        raise PermissionDenied from exc
    if form is not None:
        form.add_error(None, exc.message)
    else:
        messages.error(request, exc.message)


def carry_out(
    request: HttpRequest, action: Callable[[], object], *, done: str | None, form: Any = None
) -> bool:
    """Carry out a service's write for a page and say whether it was made: on success show
    ``done`` (when given), on a refusal show it as ``show_refusal`` does (on ``form``, when
    given). The page then redirects or renders as it would have."""
    try:
        action()
    except DomainError as exc:
        show_refusal(request, exc, form)
        return False
    if done is not None:
        messages.success(request, done)
    return True
