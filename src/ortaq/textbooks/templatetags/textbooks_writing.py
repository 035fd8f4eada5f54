"""``{% load textbooks_writing %}``: the textbook lessons waiting for her to write, on her own
page."""

from django import template

from ortaq.accounts.models import User
from ortaq.textbooks.queries import waiting_for

register = template.Library()


@register.inclusion_tag("textbooks/includes/waiting.html")
def lessons_to_write(user: User) -> dict[str, object]:
    """The lessons commissioned from her or her school, not yet sent for review (one query)."""
    return {"found": waiting_for(user)}
