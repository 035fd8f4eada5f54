"""The events section of an association's site (``networks.sections``)."""

from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe

from ortaq.events.queries import association_events
from ortaq.networks.models import Association


def association_events_section(request: HttpRequest, association: Association) -> SafeString:
    """Its upcoming published events, or nothing when it has none."""
    events = association_events(association=association)
    if not events:
        return mark_safe("")  # noqa: S308 - an empty string
    return mark_safe(  # noqa: S308 - a rendered template
        render_to_string(
            "events/includes/association_section.html", {"events": events}, request=request
        )
    )
