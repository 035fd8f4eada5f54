"""Background work of discussions: the e-mails of ``notices``, sent after the post or report
is committed. Each task takes ids and re-reads the rows."""

from django.core.mail import mailers
from django.tasks import task

from ortaq.discussions import notices


@task(queue_name="email")
def notify_post(post_id: int) -> int:
    """Tell those named in a post, and those who asked for each post, about it."""
    return mailers.default.send_messages(notices.post_messages(post_id)) or 0


@task(queue_name="email")
def notify_mentioned(post_id: int, user_ids: list[int]) -> int:
    """Tell the people a corrected post names for the first time."""
    return mailers.default.send_messages(notices.mentioned_messages(post_id, user_ids)) or 0


@task(queue_name="email")
def notify_report(post_id: int) -> int:
    """Tell the moderators, each in her language, that a post has been reported."""
    return mailers.default.send_messages(notices.report_messages(post_id)) or 0
