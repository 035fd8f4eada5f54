"""``{% load library_work %}``: what waits for her in the library, on her own page."""

from django import template

from ortaq.accounts.models import User
from ortaq.library.queries_review import waiting_for

register = template.Library()


@register.inclusion_tag("library/includes/waiting.html")
def library_waiting(user: User) -> dict[str, object]:
    """Submissions to check, reviews to send, her versions returned for changes (three
    queries)."""
    return {"found": waiting_for(user)}
