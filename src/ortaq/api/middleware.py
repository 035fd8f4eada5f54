"""Keep every error under /api/ in JSON, including those made before or outside an endpoint."""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponseBase, JsonResponse

from ortaq.api.errors import status_message

# Headers of the original answer that still hold for the JSON one.
KEPT_HEADERS = ("Allow", "Content-Language", "Retry-After", "Vary", "WWW-Authenticate")


class JsonApiErrorsMiddleware:
    """Turn an HTML or plain-text error under ``/api/`` into ``{"detail": …}``.

    django-ninja answers a wrong method with ``405 Method not allowed`` in plain text, and
    Django's own handlers (an unknown path, a refused request, a server error outside an
    endpoint) render HTML pages. Placed first in ``MIDDLEWARE``, this sees all of them.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        if (
            not request.path.startswith("/api/")
            or response.status_code < 400
            or response.get("Content-Type", "").startswith("application/json")
        ):
            return response
        allowed = ", ".join(sorted(m.strip() for m in response.get("Allow", "").split(",") if m))
        answer = JsonResponse(
            {"detail": status_message(response.status_code, allowed)},
            status=response.status_code,
        )
        for header in KEPT_HEADERS:
            if header in response:
                answer[header] = response[header]
        return answer
