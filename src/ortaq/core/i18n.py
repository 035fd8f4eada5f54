"""Pick the right language of a field stored in several languages."""

from typing import Any

from django.utils.translation import get_language

FALLBACKS = {"kk": ("kk", "ru", "en"), "ru": ("ru", "kk", "en"), "en": ("en", "ru", "kk")}


def localized(obj: Any, field: str, language: str | None = None) -> str:
    """Return ``obj.<field>_<language>``, falling back to the other languages when it is empty."""
    language = (language or get_language() or "kk")[:2]
    for code in FALLBACKS.get(language, FALLBACKS["kk"]):
        value = getattr(obj, f"{field}_{code}", "")
        if value:
            return str(value)
    return ""
