"""Template helpers: ``{% load ortaq %}``."""

from typing import Any

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from ortaq.core.i18n import current_language, localized_with_language
from ortaq.core.i18n import localized as localized_value
from ortaq.core.markup import render_markdown
from ortaq.core.markup import summary as plain_summary

register = template.Library()


@register.filter
def localized(obj: Any, field: str) -> str:
    """``{{ region|localized:"name" }}``: the field in the page's language, with fallbacks."""
    return localized_value(obj, field)


def _value_and_language(obj: Any, field: str) -> tuple[str, str]:
    # A model with its own rule for the field (a school's English name is its own language's)
    # says which language it chose through ``<field>_and_language()``.
    own = getattr(obj, f"{field}_and_language", None)
    if callable(own):
        value, language = own()
        return str(value), str(language)
    return localized_with_language(obj, field)


@register.filter
def localized_html(obj: Any, field: str = "name") -> SafeString:
    """``{{ school|localized_html }}``: the localized value, in ``<span lang="…">`` when it is
    written in another language than the page's (a fallback), as WCAG 3.1.2 asks."""
    if obj is None:
        return mark_safe("")  # noqa: S308 - a constant empty string
    value, language = _value_and_language(obj, field)
    if language == current_language():
        return format_html("{}", value)
    return format_html('<span lang="{}">{}</span>', language, value)


@register.filter
def localized_lang_attr(obj: Any, field: str = "name") -> SafeString:
    """``<title{{ school|localized_lang_attr }}>``: `` lang="ru"`` when the localized value is a
    fallback in another language than the page's, else nothing (for elements that may not hold
    a ``<span>``, such as ``<title>`` or an attribute's owner)."""
    if obj is None:
        return mark_safe("")  # noqa: S308 - a constant empty string
    language = _value_and_language(obj, field)[1]
    if language == current_language():
        return mark_safe("")  # noqa: S308 - a constant empty string
    return format_html(' lang="{}"', language)


@register.filter
def markdown(text: str) -> SafeString:
    """``{{ activity.body|markdown }}``: Markdown written by a person, sanitised."""
    return render_markdown(text)


@register.filter
def summary(text: str, length: int = 280) -> str:
    """``{{ post.body|summary:280 }}``: the first words of Markdown as one line of plain text."""
    return plain_summary(text, int(length))


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


@register.filter
def audit_details(event: Any) -> str:
    """``{{ event|audit_details }}``: an audit event's details as a sentence."""
    from ortaq.core.audit import audit_details_text

    return audit_details_text(event)
