"""The daily digest of circles' discussions (a sweep every hour sends the digests that are
due). The e-mails of single posts, mentions and reports are the discussion core's
(``ortaq.discussions.tasks``)."""

from datetime import timedelta

from django.tasks import task
from django.utils import timezone

from ortaq.communities.services.digests import digests_send_due

DIGEST_SWEEP = timedelta(hours=1)


@task(queue_name="email")
def send_digests(reschedule: bool = True) -> int:
    """Send the daily digests that are due, then come back in an hour (``ortaq worker`` queues
    the first sweep)."""
    try:
        return digests_send_due()
    finally:
        if reschedule and send_digests.get_backend().supports_defer:
            send_digests.using(run_after=timezone.now() + DIGEST_SWEEP).enqueue()
