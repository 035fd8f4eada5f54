"""E-mails of discussions: each post to those who asked for every post, mentions to those
named, and the daily digest (a sweep every hour sends the digests that are due)."""

from datetime import timedelta

from django.core.mail import EmailMultiAlternatives, mailers
from django.tasks import task
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from ortaq.communities.models import Mention, Post
from ortaq.communities.services.digests import digests_send_due
from ortaq.communities.services.discussions import members_to_notify
from ortaq.core.links import absolute_url
from ortaq.core.markup import plain_text

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
    mentioned = {m.user_id for m in Mention.objects.filter(post=post)}
    people = {u.pk: u for u in members_to_notify(circle)}
    people |= {m.user.pk: m.user for m in Mention.objects.filter(post=post).select_related("user")}
    messages = []
    for person in people.values():
        if person.pk == post.author_id or not person.is_active:
            continue
        with translation.override(person.language):
            url = absolute_url(
                reverse("communities:thread", args=[circle.pk, post.thread_id]) + f"#p{post.pk}"
            )
            author = post.author.get_full_name() if post.author else _("A former member")
            subject = (
                _("%(author)s mentioned you in “%(thread)s”")
                if person.pk in mentioned
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
                    "settings": absolute_url(
                        reverse("communities:notifications", args=[circle.pk])
                    ),
                },
            )
        messages.append(EmailMultiAlternatives(subject=subject, body=body, to=[person.email]))
    return mailers.default.send_messages(messages) or 0 if messages else 0


@task(queue_name="email")
def send_digests(reschedule: bool = True) -> int:
    """Send the daily digests that are due, then come back in an hour (``ortaq worker`` queues
    the first sweep)."""
    try:
        return digests_send_due()
    finally:
        if reschedule and send_digests.get_backend().supports_defer:
            send_digests.using(run_after=timezone.now() + DIGEST_SWEEP).enqueue()
