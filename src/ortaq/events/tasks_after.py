"""Background work after an event: its certificates (``events.after.issue_all``)."""

from django.tasks import task

from ortaq.events.after import issue_all
from ortaq.events.models import Event


@task()
def issue_certificates(event_id: int) -> int:
    """Issue the certificates the event owes and not yet issued (each PDF by its own task):
    however often it runs, one certificate per person and event."""
    event = Event.objects.filter(pk=event_id).first()
    if event is None:
        return 0
    return issue_all(event)
