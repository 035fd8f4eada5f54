"""Template helpers: ``{% load ortaq %}``."""

from typing import Any

from django import template

from ortaq.core.i18n import localized as localized_value

register = template.Library()


@register.filter
def localized(obj: Any, field: str) -> str:
    """``{{ region|localized:"name" }}``: the field in the page's language, with fallbacks."""
    return localized_value(obj, field)


@register.simple_tag(takes_context=True)
def query_with(context: template.Context, **changes: Any) -> str:
    """Return the current query string with ``changes`` applied (for pagination links)."""
    params = context["request"].GET.copy()
    for key, value in changes.items():
        if value in (None, ""):
            params.pop(key, None)
        else:
            params[key] = value
    encoded = params.urlencode()
    return f"?{encoded}" if encoded else "?"
