"""Recounting the circles report's running totals in the background."""

from datetime import timedelta

from django.tasks import task
from django.utils import timezone

from ortaq.communities.models import CircleTallyChange
from ortaq.communities.services.tallies import circle_tallies_refresh

SWEEP = timedelta(minutes=1)


@task()
def refresh_circle_tallies() -> int:
    """Recount the places whose circle figures changed (see services.tallies)."""
    return circle_tallies_refresh()


@task()
def sweep_circle_tallies(reschedule: bool = True) -> int:
    """Recount whatever is still waiting, then come back in a minute: a change that committed
    while a refresh was running is counted here at the latest."""
    try:
        if CircleTallyChange.objects.exists():
            return circle_tallies_refresh()
        return 0
    finally:
        if reschedule and sweep_circle_tallies.get_backend().supports_defer:
            sweep_circle_tallies.using(run_after=timezone.now() + SWEEP).enqueue()
