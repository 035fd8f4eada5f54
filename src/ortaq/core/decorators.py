"""View decorators shared by every app."""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse

View = Callable[..., HttpResponse]


def require_perm(perm: str) -> Callable[[View], View]:
    """Send visitors to the login page, and refuse (403) people without ``perm``.

    For object permissions the view checks ``request.user.has_perm(perm, obj)`` itself once it
    has fetched the object; this decorator guards the permissions that need no object.
    """

    def decorator(view: View) -> View:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not request.user.has_perm(perm):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


def check_object_perm(request: HttpRequest, perm: str, obj: Any) -> None:
    """Raise PermissionDenied unless the signed-in user has ``perm`` on ``obj``."""
    if not request.user.has_perm(perm, obj):
        raise PermissionDenied
