"""``{% load communities %}``: the circles on a person's own page."""

from django import template

from ortaq.accounts.models import User
from ortaq.communities.queries.waiting import circles_waiting

register = template.Library()


@register.inclusion_tag("communities/includes/my_circles.html")
def my_circles(user: User) -> dict[str, object]:
    """Her circles, and what waits for her in them (portfolios to assess, requests to join)."""
    return {"found": circles_waiting(user=user)}
