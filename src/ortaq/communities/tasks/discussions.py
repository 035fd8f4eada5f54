"""E-mails of discussions: each post to those who asked for every post, mentions to those
named (also when a correction names them), reports of posts to the moderators, and the daily
digest (a sweep every hour sends the digests that are due)."""

from datetime import timedelta

from django.core.mail import EmailMultiAlternatives, mailers
from django.tasks import task
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from ortaq.accounts.models import User
from ortaq.communities.models import Mention, Post, PostReport
from ortaq.communities.services.digests import digests_send_due
from ortaq.communities.services.discussions import members_to_notify, report_recipients
from ortaq.core.links import absolute_url
from ortaq.core.markup import excerpt, plain_text

DIGEST_SWEEP = timedelta(hours=1)


@task(queue_name="email")
def notify_post(post_id: int) -> int:
    """Tell those named in a post, and the members who asked for each post, about it (never
    its author; nothing for a post hidden meanwhile)."""
    post = (
        Post.objects.select_related("thread__circle", "author")
        .filter(pk=post_id, hidden_at__isnull=True)
        .first()
    )
    if post is None:
        return 0
    circle = post.thread.circle
    named = {m.user.pk: m.user for m in Mention.objects.filter(post=post).select_related("user")}
    people = {u.pk: u for u in members_to_notify(circle)} | named
    messages = [
        _post_message(post, person, mentioned=person.pk in named)
        for person in people.values()
        if person.pk != post.author_id and person.is_active
    ]
    return mailers.default.send_messages(messages) or 0


@task(queue_name="email")
def notify_mentioned(post_id: int, user_ids: list[int]) -> int:
    """Tell the people a corrected post names for the first time (the service has recorded
    their mentions; nothing for a post hidden meanwhile)."""
    post = (
        Post.objects.select_related("thread__circle", "author")
        .filter(pk=post_id, hidden_at__isnull=True)
        .first()
    )
    if post is None:
        return 0
    people = User.objects.filter(pk__in=user_ids, is_active=True, circle_mentions__post=post)
    messages = [
        _post_message(post, person, mentioned=True)
        for person in people
        if person.pk != post.author_id
    ]
    return mailers.default.send_messages(messages) or 0


def _post_message(post: Post, person: User, *, mentioned: bool) -> EmailMultiAlternatives:
    circle = post.thread.circle
    with translation.override(person.language):
        url = absolute_url(
            reverse("communities:thread", args=[circle.pk, post.thread_id]) + f"#p{post.pk}"
        )
        author = post.author.get_full_name() if post.author else _("A former member")
        subject = (
            _("%(author)s mentioned you in “%(thread)s”")
            if mentioned
            else _("New post in “%(thread)s”")
        ) % {"author": author, "thread": post.thread.title}
        body = render_to_string(
            "communities/email/post.txt",
            {
                "to": person,
                "circle": circle,
                "author": author,
                "text": plain_text(post.body),
                "url": url,
                "settings": absolute_url(reverse("communities:notifications", args=[circle.pk])),
            },
        )
    return EmailMultiAlternatives(subject=subject, body=body, to=[person.email])


@task(queue_name="email")
def notify_report(post_id: int) -> int:
    """Tell the circle's facilitators and the moderators over it, each in her language, that a
    post has been reported (never its author; nothing once the reports are dealt with or the
    post is hidden)."""
    post = (
        Post.objects.select_related("thread__circle", "author")
        .filter(pk=post_id, hidden_at__isnull=True)
        .first()
    )
    if post is None:
        return 0
    reports = list(
        PostReport.objects.filter(post=post, resolved_at__isnull=True).order_by("created_at")
    )
    if not reports:
        return 0
    circle = post.thread.circle
    besides = {r.reporter_id for r in reports} | {post.author_id or 0}
    messages = []
    for person in report_recipients(circle, besides=besides):
        with translation.override(person.language):
            subject = _("A post in “%(circle)s” is reported") % {"circle": circle.name}
            body = render_to_string(
                "communities/email/post_reported.txt",
                {
                    "to": person,
                    "circle": circle,
                    "thread": post.thread,
                    "author": post.author.get_full_name() if post.author else _("A former member"),
                    "reason": reports[0].reason,
                    "text": excerpt(post.body, 500),
                    "url": absolute_url(reverse("communities:moderation", args=[circle.pk])),
                },
            )
        messages.append(EmailMultiAlternatives(subject=subject, body=body, to=[person.email]))
    return mailers.default.send_messages(messages) or 0


@task(queue_name="email")
def send_digests(reschedule: bool = True) -> int:
    """Send the daily digests that are due, then come back in an hour (``ortaq worker`` queues
    the first sweep)."""
    try:
        return digests_send_due()
    finally:
        if reschedule and send_digests.get_backend().supports_defer:
            send_digests.using(run_after=timezone.now() + DIGEST_SWEEP).enqueue()
