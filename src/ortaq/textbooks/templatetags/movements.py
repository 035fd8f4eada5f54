"""``{% load movements %}``: the project movement on her own page."""

from django import template

from ortaq.accounts.models import User
from ortaq.textbooks.queries_movements import my_team_list, waiting_for

register = template.Library()


@register.inclusion_tag("textbooks/includes/my_movements.html")
def my_movements_for(user: User) -> dict[str, object]:
    """Entries and teams' applications waiting for her decision, her teams' entries sent back
    for changes, and the teams she leads (four queries at most; one for a person on no
    movement's staff who leads no team)."""
    teams = my_team_list(user=user)
    # An entry sent back belongs to a team she leads in a movement not yet published: with no
    # such team (the list is cut at twenty, never emptied), there is none to ask for.
    return {"waiting": waiting_for(user=user, leads=bool(teams)), "teams": teams}
