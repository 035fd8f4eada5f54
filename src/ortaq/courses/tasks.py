"""Background work of the courses app: offline packs and reminders."""

import logging
from datetime import timedelta

from django.tasks import task
from django.utils import timezone

from ortaq.courses.models import OfflinePack
from ortaq.courses.services import pack_build, pack_failed, reminders_send_due

logger = logging.getLogger(__name__)
REMINDER_SWEEP = timedelta(hours=1)


@task()
def build_pack(pack_id: int) -> int:
    """Build an offline pack; mark it failed (to be asked for again) if anything goes wrong."""
    pack = OfflinePack.objects.select_related("course", "module").get(pk=pack_id)
    try:
        pack_build(pack=pack)
    except Exception:
        logger.exception("offline pack %s failed", pack_id)
        pack_failed(pack=pack)
        raise
    return pack.size


@task()
def send_reminders(reschedule: bool = True) -> int:
    """Send the reminders that are due, then come back in an hour.

    ``ortaq worker`` queues the first sweep when it starts; each sweep queues the next, so the
    reminders need no cron.
    """
    try:
        return reminders_send_due()
    finally:
        # A failed sweep (the mail server down) must not stop the ones after it.
        if reschedule and send_reminders.get_backend().supports_defer:
            send_reminders.using(run_after=timezone.now() + REMINDER_SWEEP).enqueue()
