"""What waits for her in the associations' journals, on her own page."""

from django import template

from ortaq.accounts.models import User
from ortaq.journal.queries import pending_reviews, undecided

register = template.Library()


@register.inclusion_tag("journal/includes/waiting.html")
def journal_waiting(user: User) -> dict[str, object]:
    """The reviews asked of her that she has yet to send, and the manuscripts of the journals
    she edits that wait for her decision (two queries)."""
    return {"reviews": list(pending_reviews(user)), "manuscripts": list(undecided(user))}
