"""Pick the right language of a field stored in several languages."""

from typing import Any

from django.utils.translation import get_language

FALLBACKS = {"kk": ("kk", "ru", "en"), "ru": ("ru", "kk", "en"), "en": ("en", "ru", "kk")}


def current_language() -> str:
    """The two-letter code of the active language (Kazakh when none is active)."""
    return (get_language() or "kk")[:2]


def localized(obj: Any, field: str, language: str | None = None) -> str:
    """Return ``obj.<field>_<language>``, falling back to the other languages when it is empty."""
    return localized_with_language(obj, field, language)[0]


def localized_with_language(obj: Any, field: str, language: str | None = None) -> tuple[str, str]:
    """Return the value ``localized`` picks and the language it is written in.

    The language is the requested one when that field is filled, else the fallback's, so that a
    page can mark a Russian name on an English page with ``lang="ru"``.
    """
    language = language[:2] if language else current_language()
    for code in FALLBACKS.get(language, FALLBACKS["kk"]):
        value = getattr(obj, f"{field}_{code}", "")
        if value:
            return str(value), code
    return "", language
