"""Template context shared by every page."""

from functools import lru_cache

from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse, translate_url
from django.utils.translation import get_language, override

# Named by URL name, so that core need not import the apps that own the pages.
NAVIGATION = (
    "core:home",
    "core:audit",
    "courses:catalogue",
    "communities:circles",
    "consultations:answers",
    "schools:directory",
    "accounts:dashboard",
    "accounts:people",
    "account_login",
    "account_signup",
    "account_logout",
)


def site(request: HttpRequest) -> dict[str, object]:
    """Give every page the language switcher's links to this same page in each language, the
    header's links and the origin of course materials."""
    current = get_language() or settings.LANGUAGE_CODE
    query = request.META.get("QUERY_STRING", "")
    prefix = f"/{current}/"
    links = []
    for code, name in settings.LANGUAGES:
        # Every page lives under its language's prefix, with the same path after it, so the
        # link is the path with the prefix swapped (resolving and reversing costs more).
        if request.path.startswith(prefix):
            url = f"/{code}/{request.path[len(prefix) :]}"
        else:
            url = translate_url(request.path, code)
        if query:
            url = f"{url}?{query}"
        links.append({"code": code, "name": name, "url": url, "current": code == current})
    return {
        "language_links": links,
        "site_name": settings.ORTAQ_SITE_NAME,
        "nav": navigation(current),
        # Set when course materials come from an origin of their own (``ORTAQ_MEDIA_URL``):
        # a <video> then fetches with CORS, without which its captions would not load.
        "media_origin": settings.MEDIA_ORIGIN,
    }


@lru_cache(maxsize=8)
def navigation(language: str) -> dict[str, str]:
    """The addresses every page's header links to, in one language (reversed once)."""
    with override(language):
        return {name.replace(":", "_"): reverse(name) for name in NAVIGATION}
