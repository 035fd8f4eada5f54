"""``{% load lessonstudy %}``: what waits for a person in her Lesson Study groups."""

from django import template

from ortaq.accounts.models import User
from ortaq.lessonstudy.queries.cycles import waiting_for

register = template.Library()


@register.inclusion_tag("lessonstudy/includes/waiting.html")
def lesson_study_waiting(user: User) -> dict[str, object]:
    """Research lessons of the groups she facilitates that wait for their discussion, and
    discussions that wait for her comments as a knowledgeable other: for her own page."""
    return {"found": waiting_for(user=user)}
