"""``{% load events %}``: her events on her own page."""

from django import template

from ortaq.accounts.models import User
from ortaq.events.contributions import work_waiting
from ortaq.events.queries import my_events

register = template.Library()


@register.inclusion_tag("events/includes/my_events.html")
def my_events_for(user: User) -> dict[str, object]:
    """Seats offered to her that wait for her answer, and the events she is registered for or
    waits for."""
    return {"mine": my_events(user=user)}


@register.inclusion_tag("events/includes/work_waiting.html")
def event_work_for(user: User) -> dict[str, object]:
    """The contributions waiting for her review, and the contributions and school teams of the
    events she runs waiting for a decision (three queries)."""
    return {"work": work_waiting(user)}
