"""The posts of courses and circles move into the discussion core and nothing is lost: the
migrations are run backwards to the tables each app had, rows are written there as the old
code wrote them, and the migrations run forwards again."""

import datetime
import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from ortaq.communities.models import Thread
from ortaq.courses.choices import ActivityKind
from ortaq.discussions.models import Attachment, Discussion, Mention, Post, PostReport
from ortaq.discussions.queries import posts_of
from ortaq.testing.factories import make_circle, make_course, make_user

BEFORE = [
    ("communities", "0002_one_time_keys_for_meetings_projects_and_stage_items"),
    ("courses", "0004_tallies"),
]
AFTER = [
    ("communities", "0003_posts_move_to_discussions"),
    ("courses", "0005_posts_move_to_discussions"),
]


def _migrate(targets: list[tuple[str, str]]) -> Any:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.fixture
def whole_schema_after() -> Iterator[None]:
    """Migrate every app forwards again after the test, however it ended. Going back to
    ``BEFORE`` also unapplies what depends on it (the circles' tallies, Lesson Study, the
    journal…), which ``AFTER`` alone does not bring back: the tests after this one would find
    those tables gone."""
    yield
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("whole_schema_after")
def test_every_post_report_file_and_mention_moves(reference_data: None) -> None:
    author, reader, moderator = make_user(), make_user(), make_user()
    built = make_course(kinds=(ActivityKind.DISCUSSION,))
    activity = built.first(ActivityKind.DISCUSSION)
    circle = make_circle(members=(author, reader))
    now = timezone.now()
    thread = Thread.objects.create(
        circle=circle, title="Жоспар", author=author, created_at=now, last_post_at=now,
        post_count=2,
    )  # fmt: skip
    old = _migrate(BEFORE)
    circle_post = old.get_model("communities", "Post")
    first = circle_post.objects.create(
        thread_id=thread.pk, author_id=author.pk, body="Бірінші", created_at=now,
        edited_at=now + datetime.timedelta(minutes=1), client_key=uuid.uuid4(),
    )  # fmt: skip
    hidden = circle_post.objects.create(
        thread_id=thread.pk, author_id=reader.pk, body="Жарнама", created_at=now,
        hidden_at=now, hidden_by_id=moderator.pk, hidden_reason="Жарнама емес пе",
    )  # fmt: skip
    old.get_model("communities", "Attachment").objects.create(
        post_id=first.pk, file="circles/abc.pdf", name="Жоспар.pdf",
        content_type="application/pdf", size=1234,
    )  # fmt: skip
    old.get_model("communities", "Mention").objects.create(post_id=first.pk, user_id=reader.pk)
    old.get_model("communities", "PostReport").objects.create(
        post_id=hidden.pk, reporter_id=author.pk, reason="Спам", created_at=now,
        resolved_at=now, resolved_by_id=moderator.pk,
    )  # fmt: skip
    course_post = old.get_model("courses", "Post")
    opening = course_post.objects.create(
        activity_id=activity.pk, author_id=author.pk, body="Сұрақ", created_at=now
    )
    reply = course_post.objects.create(
        activity_id=activity.pk, author_id=None, parent_id=opening.pk, quote_id=opening.pk,
        body="Жауап", created_at=now,
    )  # fmt: skip
    old.get_model("courses", "PostReport").objects.create(
        post_id=reply.pk, reporter_id=reader.pk, reason="Дөрекі", created_at=now
    )

    _migrate(AFTER)
    assert Discussion.objects.count() == 2
    in_thread = list(posts_of(target=thread))
    assert [p.pk for p in in_thread] == [first.pk, hidden.pk]  # circles keep their ids
    moved_first, moved_hidden = in_thread
    assert (moved_first.author_id, moved_first.body, moved_first.client_key) == (
        author.pk, "Бірінші", first.client_key,
    )  # fmt: skip
    assert moved_first.edited_at == now + datetime.timedelta(minutes=1)
    assert (moved_hidden.hidden_reason, moved_hidden.hidden_by_id) == (
        "Жарнама емес пе",
        moderator.pk,
    )
    (attachment,) = Attachment.objects.all()
    assert (attachment.post_id, attachment.file.name, attachment.name, attachment.size) == (
        first.pk, "circles/abc.pdf", "Жоспар.pdf", 1234,
    )  # fmt: skip
    assert list(Mention.objects.values_list("post_id", "user_id")) == [(first.pk, reader.pk)]
    in_course = list(posts_of(target=activity))
    assert [p.body for p in in_course] == ["Сұрақ", "Жауап"]
    moved_opening, moved_reply = in_course
    assert moved_opening.pk > hidden.pk  # shifted past the circles' posts
    assert (moved_reply.parent_id, moved_reply.quote_id, moved_reply.author_id) == (
        moved_opening.pk, moved_opening.pk, None,
    )  # fmt: skip
    reports = {r.post_id: r for r in PostReport.objects.all()}
    assert set(reports) == {hidden.pk, moved_reply.pk}
    assert reports[hidden.pk].resolved_by_id == moderator.pk
    assert (
        reports[moved_reply.pk].reason == "Дөрекі" and reports[moved_reply.pk].resolved_at is None
    )
    # New posts take ids after the moved ones.
    later = Post.objects.create(discussion=moved_opening.discussion, body="Кейін", created_at=now)
    assert later.pk > moved_reply.pk
