"""``{% load communities %}``: the circles on a person's own page."""

from typing import Any

from django import template

from ortaq.communities.queries.waiting import circles_waiting

register = template.Library()


@register.inclusion_tag("communities/includes/my_circles.html")
def my_circles(user: Any) -> dict[str, object]:
    """Her circles, and what waits for her in them (portfolios to assess, requests to join)."""
    return {"found": circles_waiting(user=user)}
