"""Daily digests: a fixed number of queries per batch of recipients, whatever their number
and the number of their circles and posts; her language; nothing when nothing is new."""

import datetime
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from ortaq.communities.choices import Notify
from ortaq.communities.models import Membership
from ortaq.communities.services import discussions as services
from ortaq.communities.services.circles import notify_set
from ortaq.communities.services.digests import digests_send_due
from ortaq.discussions.models import Post
from ortaq.testing.factories import add_member, make_circle, make_user

pytestmark = pytest.mark.django_db


def readers_in_circles(readers: int, circles: int, posts: int) -> None:
    yesterday = timezone.now() - datetime.timedelta(days=1, minutes=5)
    for c in range(circles):
        circle = make_circle(name=f"Үйірме {c}")
        writer = make_user()
        add_member(circle, writer)
        for _reader in range(readers):
            add_member(circle, make_user(language="ru"))
        thread = services.thread_create(actor=writer, circle=circle, title="T", body="Бастау")
        for p in range(posts):
            services.post_reply(actor=writer, thread=thread, body=f"Жауап {p}")
    Membership.objects.update(notify=Notify.DAILY_DIGEST, digested_until=yesterday)


def digest_queries(batch: int) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as captured:
        sent = digests_send_due(batch=batch)
    return sent, len(captured)


def test_a_batch_costs_the_same_queries_for_few_and_many(mailoutbox: list[Any]) -> None:
    readers_in_circles(readers=1, circles=1, posts=1)
    few_sent, few = digest_queries(batch=1000)
    assert few_sent == 2  # the reader and the facilitator; never the writer her own posts
    Membership.objects.all().delete()
    readers_in_circles(readers=6, circles=4, posts=5)
    many_sent, many = digest_queries(batch=1000)
    assert many_sent == 28 and many == few
    assert len(mailoutbox) == few_sent + many_sent


def test_batches_add_queries_per_batch_not_per_person(mailoutbox: list[Any]) -> None:
    readers_in_circles(readers=9, circles=1, posts=2)
    sent, in_two = digest_queries(batch=5)
    assert sent == 10
    Membership.objects.update(digested_until=timezone.now() - datetime.timedelta(days=2))
    sent, in_one = digest_queries(batch=10)
    assert sent == 10 and in_two > in_one


def test_nothing_new_sends_nothing(mailoutbox: list[Any]) -> None:
    circle = make_circle()
    reader = make_user()
    add_member(circle, reader)
    Membership.objects.update(
        notify=Notify.DAILY_DIGEST, digested_until=timezone.now() - datetime.timedelta(days=2)
    )
    assert digests_send_due() == 0 and mailoutbox == []


def test_switching_back_to_the_digest_does_not_send_old_posts_again(
    mailoutbox: list[Any], django_capture_on_commit_callbacks: Any
) -> None:
    """Digest, then each post, then digest again: the posts of the meantime were e-mailed one
    by one, and the old ``digested_until`` must not bring them back."""
    circle = make_circle()
    writer, reader = make_user(), make_user()
    add_member(circle, writer)
    add_member(circle, reader)
    long_ago = timezone.now() - datetime.timedelta(days=20)
    Membership.objects.exclude(user=reader).update(notify=Notify.NOTHING)
    Membership.objects.filter(user=reader).update(
        notify=Notify.DAILY_DIGEST, digested_until=long_ago
    )
    notify_set(actor=reader, circle=circle, notify=Notify.EACH_POST)
    with django_capture_on_commit_callbacks(execute=True):
        thread = services.thread_create(
            actor=writer, circle=circle, title="Ескі", body="Бұрынғы пост"
        )
    assert [m.to for m in mailoutbox] == [[reader.email]]  # e-mailed as it came
    before = timezone.now()
    notify_set(actor=reader, circle=circle, notify=Notify.DAILY_DIGEST)
    mine = Membership.objects.get(user=reader)
    assert mine.digested_until is not None and mine.digested_until >= before
    # Choosing the digest again changes nothing.
    notify_set(actor=reader, circle=circle, notify=Notify.DAILY_DIGEST)
    assert Membership.objects.get(user=reader).digested_until == mine.digested_until
    mailoutbox.clear()
    later = timezone.now() + datetime.timedelta(days=1, minutes=1)
    assert digests_send_due(now=later) == 0 and mailoutbox == []
    # A post after the switch is in her next digest.
    Post.objects.filter(discussion__thread=thread).update(created_at=long_ago)
    services.post_reply(actor=writer, thread=thread, body="Жаңа пост")
    Membership.objects.filter(user=reader).update(digested_until=before)
    assert digests_send_due(now=later) == 1 and mailoutbox[0].to == [reader.email]
    assert "Жаңа пост" in mailoutbox[0].body and "Бұрынғы пост" not in mailoutbox[0].body
