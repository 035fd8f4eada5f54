"""Template context shared by every page."""

from functools import lru_cache

from django.conf import settings
from django.contrib.messages import get_messages
from django.http import HttpRequest
from django.urls import reverse, translate_url
from django.utils.functional import SimpleLazyObject
from django.utils.translation import get_language, override

# Named by URL name, so that core need not import the apps that own the pages.
NAVIGATION = (
    "core:home",
    "core:audit",
    "courses:catalogue",
    "communities:circles",
    "consultations:answers",
    "library:catalogue",
    "networks:directory",
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
        # Read only if the page draws the header (an e-mail drawn with the request does not).
        "header_rights": SimpleLazyObject(lambda: rights(request)),
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


# The header's links that only some people see, each by the permission it needs.
RIGHTS = {"people": "accounts.list_people", "audit": "core.view_audit"}


def rights(request: HttpRequest) -> dict[str, bool]:
    """Which of the header's restricted links the person may follow."""
    user = getattr(request, "user", None)  # pages of errors met before authentication have none
    if user is None or not user.is_authenticated:
        return dict.fromkeys(RIGHTS, False)
    return {name: user.has_perm(permission) for name, permission in RIGHTS.items()}


def frame_key(request: HttpRequest) -> str | None:
    """What the frame drawn around a page (``base.html``) depends on beyond the page's address
    and language, as a part of a cache key; None when the frame cannot be kept: messages wait
    to be shown, or the address has a query (the language links repeat it).

    A view that keeps a whole page in the cache (the course page) puts this in its key."""
    if request.META.get("QUERY_STRING") or len(get_messages(request)):
        return None
    signed_in = request.user.is_authenticated
    return f"{int(signed_in)}" + "".join(str(int(v)) for v in rights(request).values())
