"""Build the daily digests of 50,000 members of 2,000 circles, with a day's posts in each.

Budget (issue 4): under 5 minutes on this 2-core machine, in the background task that sends
them (here called directly; e-mails go to the dummy mail backend, so the figure is the build
and the database work, not an SMTP server's speed).
"""

import datetime
import time
from typing import Any

MEMBERS = 50_000
CIRCLES = 2_000
POSTS_PER_CIRCLE = 5
BUDGET_SECONDS = 300.0


def prepare() -> None:
    from django.contrib.contenttypes.models import ContentType
    from django.utils import timezone

    from ortaq.accounts.models import User
    from ortaq.communities.choices import CircleKind, MembershipStatus, Notify
    from ortaq.communities.models import Circle, Membership, Thread
    from ortaq.discussions.models import Discussion, Post
    from ortaq.schools.models import Region

    now = timezone.now()
    yesterday = now - datetime.timedelta(days=1, minutes=5)
    region = Region.objects.order_by("pk").first()
    assert region is not None  # noqa: S101 - the migrations load the regions
    users = User.objects.bulk_create(
        (
            User(email=f"digest{n}@bench.ortaq.kz", first_name="Айгүл", last_name=f"Оқытушы{n}",
                 language=("kk", "ru", "en")[n % 3])
            for n in range(MEMBERS)
        ),
        batch_size=5000,
    )  # fmt: skip
    circles = Circle.objects.bulk_create(
        Circle(name=f"Үйірме {n}", kind=CircleKind.NETWORK, region=region) for n in range(CIRCLES)
    )
    Membership.objects.bulk_create(
        (
            Membership(
                circle=circles[n % CIRCLES], user=user, status=MembershipStatus.ACTIVE,
                notify=Notify.DAILY_DIGEST, digested_until=yesterday,
            )
            for n, user in enumerate(users)
        ),
        batch_size=5000,
    )  # fmt: skip
    threads = Thread.objects.bulk_create(
        Thread(circle=c, title=f"{c.name}: біріктірілген сынып", author=users[n],
               created_at=now, last_post_at=now, post_count=POSTS_PER_CIRCLE)
        for n, c in enumerate(circles)
    )  # fmt: skip
    thread_type = ContentType.objects.get_for_model(Thread)
    opened = Discussion.objects.bulk_create(
        Discussion(target_type=thread_type, target_id=t.pk, created_at=now) for t in threads
    )
    discussion_of = {d.target_id: d for d in opened}
    Post.objects.bulk_create(
        (
            Post(discussion=discussion_of[t.pk], author=users[(n + k) % MEMBERS],
                 created_at=now - datetime.timedelta(hours=k),
                 body=f"**{k}.** Бүгінгі сабақта топтық жұмыс жақсы өтті, {t.title}.")
            for n, t in enumerate(threads)
            for k in range(POSTS_PER_CIRCLE)
        ),
        batch_size=5000,
    )  # fmt: skip


def run() -> list[dict[str, Any]]:
    from ortaq.communities.services.digests import digests_send_due

    prepare()
    started = time.perf_counter()
    sent = digests_send_due()
    seconds = time.perf_counter() - started
    print(f"daily digests for {MEMBERS:,} members: {seconds:.1f} s ({sent:,} e-mails)")
    assert sent == MEMBERS, sent  # noqa: S101 - every member has new posts from others
    return [
        {
            "name": f"daily digests, {MEMBERS:,} members",
            "value": seconds,
            "unit": "s",
            "budget": BUDGET_SECONDS,
        }
    ]
