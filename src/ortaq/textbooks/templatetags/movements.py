"""``{% load movements %}``: the project movement on her own page."""

from django import template

from ortaq.accounts.models import User
from ortaq.textbooks.queries_movements import my_team_list, waiting_for

register = template.Library()


@register.inclusion_tag("textbooks/includes/my_movements.html")
def my_movements_for(user: User) -> dict[str, object]:
    """Entries and teams' applications waiting for her decision, her teams' entries sent back
    for changes, and the teams she leads (four queries)."""
    return {"waiting": waiting_for(user=user), "teams": my_team_list(user=user)}
