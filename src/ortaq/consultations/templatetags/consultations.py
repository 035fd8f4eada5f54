"""``{% load consultations %}``: the questions waiting for a methodologist, on her own page."""

from django import template

from ortaq.accounts.models import User
from ortaq.consultations.queries import open_count
from ortaq.core.roles import Role, holds_anywhere

register = template.Library()


@register.inclusion_tag("consultations/includes/waiting.html")
def questions_waiting(user: User) -> dict[str, object]:
    """How many questions of her places wait for an answer (no query for a teacher)."""
    answers = holds_anywhere(user, [Role.COORDINATOR, Role.ADMIN])
    return {"waiting": open_count(user=user) if answers else 0}
