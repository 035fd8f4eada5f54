"""``{% load library_work %}``: what waits for her in the library, on her own page; what the
apps above show on a version's pages."""

from typing import Any

from django import template
from django.utils.safestring import SafeString, mark_safe

from ortaq.accounts.models import User
from ortaq.library import hooks
from ortaq.library.models import Version
from ortaq.library.queries_review import waiting_for

register = template.Library()


@register.inclusion_tag("library/includes/waiting.html")
def library_waiting(user: User) -> dict[str, object]:
    """Submissions to check, reviews to send, her versions returned for changes (three
    queries)."""
    return {"found": waiting_for(user)}


@register.simple_tag(takes_context=True)
def version_sections(context: dict[str, Any], version: Version) -> SafeString:
    """What the apps above show of ``version`` (a textbook lesson's tasks and media), rendered
    by their own templates, which escape what people wrote."""
    html = hooks.render_sections(context.get("request"), version)
    return mark_safe("".join(html))  # noqa: S308 - rendered templates
