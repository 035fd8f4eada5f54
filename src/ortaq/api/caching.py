"""What caches may keep of the API's answers: nothing of a signed-in caller's.

An answer to a caller with a token or a session may carry her personal data (``/me`` with her
IIN, her certificates, enrolments, questions…) or depend on who she is; no browser or proxy
may store it. Anonymous answers (regions, schools, the catalogue, published answers) stay
cacheable, varying by ``Authorization`` as they do by ``Cookie``.
"""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.http import HttpRequest, HttpResponseBase
from django.utils.cache import add_never_cache_headers, patch_vary_headers


def signed_in(request: HttpRequest) -> bool:
    """Whether the request carries a caller's credentials: a token or a signed-in session."""
    user = getattr(request, "user", None)
    return "Authorization" in request.headers or bool(user and user.is_authenticated)


def private_when_signed_in(
    run: Callable[..., HttpResponseBase],
) -> Callable[..., HttpResponseBase]:
    """A view decorator for every operation: ``Cache-Control: private, no-store`` (with
    Django's other never-cache headers) on every answer to a signed-in caller, errors too."""

    @wraps(run)
    def answered(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        response = run(request, *args, **kwargs)
        patch_vary_headers(response, ("Authorization",))
        if signed_in(request):
            add_never_cache_headers(response)
        return response

    return answered
