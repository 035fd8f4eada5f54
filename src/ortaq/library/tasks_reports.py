"""Recounting the library report's running totals in the background (``services.tallies``)."""

from datetime import timedelta

from django.tasks import task
from django.utils import timezone

from ortaq.library.models import LibraryTallyChange
from ortaq.library.services.tallies import library_tallies_refresh

SWEEP = timedelta(minutes=1)


@task()
def refresh_library_tallies() -> int:
    """Recount the places whose library figures changed."""
    return library_tallies_refresh()


@task()
def sweep_library_tallies(reschedule: bool = True) -> int:
    """Recount whatever is still waiting, then come back in a minute: a change that committed
    while a refresh was running is counted here at the latest."""
    try:
        if LibraryTallyChange.objects.exists():
            return library_tallies_refresh()
        return 0
    finally:
        if reschedule and sweep_library_tallies.get_backend().supports_defer:
            sweep_library_tallies.using(run_after=timezone.now() + SWEEP).enqueue()
