"""Remember the language a signed-in person reads in, for her e-mails and documents."""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils.translation import get_language_from_path

from ortaq.accounts.services import user_language_set


class LanguagePreferenceMiddleware:
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
