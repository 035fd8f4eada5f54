"""Template helpers: ``{% load ortaq %}``."""

from typing import Any

from django import template
from django.utils.safestring import SafeString

from ortaq.core.i18n import localized as localized_value
from ortaq.core.markup import render_markdown

register = template.Library()


@register.filter
def localized(obj: Any, field: str) -> str:
    """``{{ region|localized:"name" }}``: the field in the page's language, with fallbacks."""
    return localized_value(obj, field)


@register.filter
def markdown(text: str) -> SafeString:
    """``{{ activity.body|markdown }}``: Markdown written by a person, sanitised."""
    return render_markdown(text)


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
