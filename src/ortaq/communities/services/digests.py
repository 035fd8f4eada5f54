"""The daily digest: one e-mail per person gathering the new visible posts of all the circles
where she chose a digest, sent once a day at most and never when there is nothing new.

Built in batches of people with a fixed number of queries per batch (their memberships, the
posts of those circles since the oldest digest among them, one update), so that 50,000 members
take minutes, not hours (``bench/digests.py``).
"""

import datetime
import functools
from collections import defaultdict
from dataclasses import dataclass

from django.core.mail import EmailMultiAlternatives, mailers
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import ngettext

from ortaq.accounts.models import User
from ortaq.communities.choices import MembershipStatus, Notify
from ortaq.communities.models import Circle, Membership, Thread
from ortaq.core.links import absolute_url
from ortaq.core.mail import message_to
from ortaq.core.markup import excerpt
from ortaq.discussions.models import Post

PERIOD = datetime.timedelta(days=1)
BATCH = 1000
EXCERPT = 300


@dataclass
class Section:
    circle: Circle
    posts: list[Post]


def _due(now: datetime.datetime) -> "Q":
    return Q(digested_until__lte=now - PERIOD) | Q(
        digested_until__isnull=True, created_at__lte=now - PERIOD
    )


def digests_send_due(*, now: datetime.datetime | None = None, batch: int = BATCH) -> int:
    """Send every digest that is due; return how many e-mails went out."""
    now = now or timezone.now()
    sent = 0
    last_user = 0
    while True:
        user_ids = list(
            Membership.objects.filter(
                _due(now),
                notify=Notify.DAILY_DIGEST,
                status=MembershipStatus.ACTIVE,
                user__is_active=True,
                user_id__gt=last_user,
            )
            .order_by("user_id")
            .values_list("user_id", flat=True)
            .distinct()[:batch]
        )
        if not user_ids:
            return sent
        sent += _send_batch(user_ids, now)
        last_user = user_ids[-1]


def _send_batch(user_ids: list[int], now: datetime.datetime) -> int:
    memberships = list(
        Membership.objects.filter(
            _due(now),
            user_id__in=user_ids,
            notify=Notify.DAILY_DIGEST,
            status=MembershipStatus.ACTIVE,
        ).select_related("user", "circle")
    )
    if not memberships:
        return 0
    since = min(m.digested_until or m.created_at for m in memberships)
    posts: dict[int, list[Post]] = defaultdict(list)
    written = list(
        Post.objects.filter(
            discussion__thread__circle_id__in={m.circle_id for m in memberships},
            created_at__gt=since,
            created_at__lte=now,
            hidden_at__isnull=True,
        )
        .select_related("author", "discussion")
        .order_by("created_at", "pk")
    )
    # The threads in one query (a post reaches its thread through its discussion).
    threads = Thread.objects.in_bulk({p.discussion.target_id for p in written})
    titles: dict[int, str] = {}
    for post in written:
        thread = threads[post.discussion.target_id]
        titles[post.pk] = thread.title
        posts[thread.circle_id].append(post)
    # Each post's excerpt is made once per batch, not once per reader.
    excerpts = {p.pk: excerpt(p.body, EXCERPT) for found in posts.values() for p in found}
    by_user: dict[int, list[Membership]] = defaultdict(list)
    for membership in memberships:
        by_user[membership.user_id].append(membership)
    messages = []
    for found in by_user.values():
        user = found[0].user
        sections = []
        for membership in found:
            start = membership.digested_until or membership.created_at
            new = [
                p
                for p in posts.get(membership.circle_id, [])
                if p.created_at > start and p.author_id != user.pk
            ]
            if new:
                sections.append(Section(membership.circle, new))
        if sections:
            messages.append(_message(user, sections, excerpts, titles))
    if messages:
        mailers.default.send_messages(messages)
    Membership.objects.filter(pk__in=[m.pk for m in memberships]).update(digested_until=now)
    return len(messages)


@functools.lru_cache(maxsize=16384)
def _links(circle_id: int, language: str) -> tuple[str, str]:
    """The circle's discussions and its notification settings, in one language (reversing a
    URL costs more than building the rest of a digest)."""
    with translation.override(language):
        return (
            absolute_url(reverse("communities:threads", args=[circle_id])),
            absolute_url(reverse("communities:notifications", args=[circle_id])),
        )


def _message(
    user: User, sections: list[Section], excerpts: dict[int, str], titles: dict[int, str]
) -> EmailMultiAlternatives:
    count = sum(len(s.posts) for s in sections)

    def subject() -> str:
        return ngettext(
            "Ortaq: %(count)s new post in your circles",
            "Ortaq: %(count)s new posts in your circles",
            count,
        ) % {"count": count}

    def context() -> dict[str, object]:
        return {
            "sections": [
                {
                    "circle": s.circle,
                    "url": _links(s.circle.pk, user.language)[0],
                    "settings": _links(s.circle.pk, user.language)[1],
                    "posts": [
                        {
                            "thread": titles[p.pk],
                            "author": p.author.get_full_name() if p.author else "",
                            "text": excerpts[p.pk],
                        }
                        for p in s.posts
                    ],
                }
                for s in sections
            ],
        }

    return message_to(user, subject, "communities/email/digest.txt", context)
