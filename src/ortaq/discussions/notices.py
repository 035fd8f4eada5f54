"""The e-mails of discussions, each in its reader's language through ``core.mail.message_to``:
a post to those named in it and to those who asked for each post, and a reported post to the
moderators. The owner's policy says where the links go and who is told."""

from django.core.mail import EmailMultiAlternatives
from django.utils.translation import gettext as _

from ortaq.accounts.models import User
from ortaq.core.links import absolute_url
from ortaq.core.mail import message_to
from ortaq.core.markup import excerpt, plain_text
from ortaq.discussions.models import Mention, Post, PostReport
from ortaq.discussions.policies import policy_of, target_of


def _author(post: Post) -> str:
    return post.author.get_full_name() if post.author else _("A former member")


def _shown(post_id: int) -> Post | None:
    return (
        Post.objects.select_related("discussion", "author")
        .filter(pk=post_id, hidden_at__isnull=True)
        .first()
    )


def post_messages(post_id: int) -> list[EmailMultiAlternatives]:
    """A new post, to those named in it and those who asked for each post (never its author;
    nothing for a post hidden meanwhile)."""
    post = _shown(post_id)
    if post is None:
        return []
    policy, target = policy_of(post.discussion), target_of(post.discussion)
    named = {m.user.pk: m.user for m in Mention.objects.filter(post=post).select_related("user")}
    people = {u.pk: u for u in policy.subscribers(target)} | named
    return [
        _post_message(post, person, mentioned=person.pk in named)
        for person in people.values()
        if person.pk != post.author_id and person.is_active
    ]


def mentioned_messages(post_id: int, user_ids: list[int]) -> list[EmailMultiAlternatives]:
    """A corrected post, to the people it names for the first time (the service has recorded
    their mentions; nothing for a post hidden meanwhile)."""
    post = _shown(post_id)
    if post is None:
        return []
    people = User.objects.filter(pk__in=user_ids, is_active=True, discussion_mentions__post=post)
    return [
        _post_message(post, person, mentioned=True)
        for person in people
        if person.pk != post.author_id
    ]


def _post_message(post: Post, person: User, *, mentioned: bool) -> EmailMultiAlternatives:
    policy, target = policy_of(post.discussion), target_of(post.discussion)
    place = policy.label(target)

    def subject() -> str:
        if mentioned:
            return _("%(author)s mentioned you in “%(thread)s”") % {
                "author": _author(post),
                "thread": place,
            }
        return _("New post in “%(thread)s”") % {"thread": place}

    def context() -> dict[str, object]:
        settings = policy.settings_url(target)
        return {
            "place": place,
            "author": _author(post),
            "text": plain_text(post.body),
            "url": absolute_url(policy.post_url(target, post)),
            "settings": absolute_url(settings) if settings else "",
        }

    return message_to(person, subject, "discussions/email/post.txt", context)


def report_messages(post_id: int) -> list[EmailMultiAlternatives]:
    """A reported post, to its owner's moderators (never its author nor its reporters; nothing
    once the reports are dealt with or the post is hidden)."""
    post = _shown(post_id)
    if post is None:
        return []
    reports = list(PostReport.objects.filter(post=post, resolved_at__isnull=True))
    if not reports:
        return []
    policy, target = policy_of(post.discussion), target_of(post.discussion)
    besides = [r.reporter_id for r in reports] + [post.author_id or 0]
    place = policy.label(target)

    def context() -> dict[str, object]:
        return {
            "place": place,
            "author": _author(post),
            "reason": reports[0].reason,
            "text": excerpt(post.body, 500),
            "url": absolute_url(policy.moderation_url(target)),
        }

    return [
        message_to(
            person,
            lambda: _("A post in “%(place)s” is reported") % {"place": place},
            "discussions/email/post_reported.txt",
            context,
        )
        for person in policy.moderators(target, besides=besides)
    ]
