"""Telling a course's moderators that a post is reported."""

from django.db import transaction

from ortaq.core.background import enqueue_on_commit
from ortaq.courses.models import PostReport


@transaction.atomic
def moderators_alert(*, report: PostReport) -> None:
    """Queue the e-mail that tells the course's moderators of ``report``, once its report is
    committed. ``post_report`` calls it: the e-mail goes only for a post's first open report,
    and once for it however often she repeats it (see ``tasks.tell_moderators``)."""
    enqueue_on_commit("ortaq.courses.tasks.tell_moderators", report.pk)
