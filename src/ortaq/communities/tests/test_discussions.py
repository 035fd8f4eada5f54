"""Circle discussions: posting, double clicks, attachments, mentions, pinning, reports and
hiding, deleted accounts, privacy of files and the API, and pages of 2,000 posts."""

import datetime
import uuid
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from ortaq.communities.choices import Notify, Visibility
from ortaq.communities.models import Membership, Thread
from ortaq.communities.services import discussions as services
from ortaq.communities.services.digests import digests_send_due
from ortaq.core.errors import DomainError, NotAllowed
from ortaq.discussions import services as core_services
from ortaq.discussions.models import Mention, Post
from ortaq.testing.factories import add_member, facilitator_of, make_circle, make_user
from ortaq.testing.files import PNG
from ortaq.testing.refusals import assert_refused

pytestmark = pytest.mark.django_db


@pytest.fixture
def circle() -> Any:
    return make_circle(visibility=Visibility.MEMBERS, name="Оқу үйірмесі")


def member(circle: Any, **fields: Any) -> Any:
    user = make_user(**fields)
    add_member(circle, user)
    return user


def test_a_thread_and_replies_keep_their_counts(circle: Any) -> None:
    author, other = member(circle), member(circle)
    thread = services.thread_create(actor=author, circle=circle, title="Сәлем", body="Бастайық")
    services.post_reply(actor=other, thread=thread, body="Иә")
    thread.refresh_from_db()
    assert thread.post_count == 2
    hidden = services.post_reply(actor=other, thread=thread, body="Жарнама")
    core_services.post_hide(actor=facilitator_of(circle), post=hidden, reason="Жарнама")
    thread.refresh_from_db()
    assert thread.post_count == 2
    circle.refresh_from_db()
    assert circle.last_activity_at is not None


def test_a_double_click_makes_one_post(circle: Any) -> None:
    author = member(circle)
    key = uuid.uuid4()
    first = services.thread_create(actor=author, circle=circle, title="T", body="B", client_key=key)
    again = services.thread_create(actor=author, circle=circle, title="T", body="B", client_key=key)
    assert first.pk == again.pk and Thread.objects.count() == 1
    reply_key = uuid.uuid4()
    for _click in range(2):
        services.post_reply(actor=author, thread=first, body="R", client_key=reply_key)
    assert Post.objects.count() == 2


def test_outsiders_cannot_post_and_empty_posts_are_refused(circle: Any) -> None:
    with pytest.raises(NotAllowed):
        services.thread_create(actor=make_user(), circle=circle, title="T", body="B")
    with pytest.raises(DomainError) as refused:
        services.thread_create(actor=member(circle), circle=circle, title="T", body="  ")
    assert refused.value.code == "empty"


def test_attachments_are_checked_and_served_only_to_readers(circle: Any, client: Client) -> None:
    author = member(circle)
    with pytest.raises(DomainError) as refused:
        services.thread_create(
            actor=author, circle=circle, title="T", body="B",
            files=[SimpleUploadedFile("x.png", b"MZ\x90 not a picture", "image/png")],
        )  # fmt: skip
    assert refused.value.code == "wrong_type" and not Thread.objects.exists()
    thread = services.thread_create(
        actor=author, circle=circle, title="T", body="B",
        files=[SimpleUploadedFile("board.png", PNG, "image/png")],
    )  # fmt: skip
    attachment = thread.posts.get().attachments.get()
    url = f"/en/circles/{circle.pk}/attachments/{attachment.pk}/"
    client.force_login(author)
    assert client.get(url).status_code == 200
    client.force_login(make_user())
    assert client.get(url).status_code == 404
    client.logout()
    assert client.get(url).status_code == 302
    assert client.get(f"/media/{attachment.file.name}").status_code == 404


def test_mentions_tell_readers_only(
    circle: Any, mailoutbox: list[Any], django_capture_on_commit_callbacks: Any
) -> None:
    author = member(circle)
    reader = member(circle, email="aigul.seitova@example.kz")
    Membership.objects.filter(user=reader).update(notify=Notify.NOTHING)
    outsider = make_user(email="bolat.outside@example.kz")
    with django_capture_on_commit_callbacks(execute=True):
        services.thread_create(
            actor=author, circle=circle, title="Кеңес",
            body="@aigul.seitova және @bolat.outside, қалай ойлайсыздар?",
        )  # fmt: skip
    assert [m.user for m in Mention.objects.all()] == [reader]
    assert [m.to for m in mailoutbox] == [[reader.email]]
    assert outsider.email not in str([m.to for m in mailoutbox])


def test_each_post_goes_to_those_who_asked(
    circle: Any, mailoutbox: list[Any], django_capture_on_commit_callbacks: Any
) -> None:
    author, eager = member(circle), member(circle)
    Membership.objects.filter(user=eager).update(notify=Notify.EACH_POST)
    Membership.objects.filter(user=author).update(notify=Notify.EACH_POST)
    with django_capture_on_commit_callbacks(execute=True):
        services.thread_create(actor=author, circle=circle, title="T", body="Жаңалық")
    assert [m.to for m in mailoutbox] == [[eager.email]]  # never to the author herself


def test_the_digest_gathers_visible_posts_once_a_day(circle: Any, mailoutbox: list[Any]) -> None:
    reader = member(circle)
    other_circle = make_circle(name="Математика")
    add_member(other_circle, reader)
    yesterday = timezone.now() - datetime.timedelta(days=1, minutes=5)
    Membership.objects.filter(user=reader).update(digested_until=yesterday)
    writer = member(circle)
    add_member(other_circle, writer)
    thread = services.thread_create(actor=writer, circle=circle, title="Бірінші", body="Көрінеді")
    hidden = services.post_reply(actor=writer, thread=thread, body="Құпия мәтін")
    core_services.post_hide(actor=facilitator_of(circle), post=hidden, reason="x")
    services.thread_create(actor=writer, circle=other_circle, title="Екінші", body="Тағы")
    private = make_circle(name="Бөтен үйірме")
    services.thread_create(
        actor=facilitator_of(private), circle=private, title="Басқа", body="Көрінбейді"
    )
    assert digests_send_due() >= 1
    mine = [m for m in mailoutbox if m.to == [reader.email]]
    assert len(mine) == 1
    body = mine[0].body
    assert "Көрінеді" in body and "Тағы" in body
    assert "Құпия мәтін" not in body and "Көрінбейді" not in body
    mailoutbox.clear()
    assert digests_send_due() == 0  # not again the same day


def test_a_deleted_account_leaves_the_conversation_readable(circle: Any, client: Client) -> None:
    author = member(circle)
    thread = services.thread_create(actor=author, circle=circle, title="T", body="Менің ойым")
    author.delete()
    client.force_login(facilitator_of(circle))
    page = client.get(f"/en/circles/{circle.pk}/threads/{thread.pk}/").content.decode()
    assert "Менің ойым" in page and "A former member" in page


def test_a_hidden_post_stays_hidden_in_the_page_search_and_api(circle: Any, client: Client) -> None:
    author, reader = member(circle), member(circle)
    thread = services.thread_create(actor=author, circle=circle, title="T", body="Ашық")
    post = services.post_reply(actor=author, thread=thread, body="Жасырын сөз")
    core_services.post_report(actor=reader, post=post, reason="Орынсыз")
    core_services.post_report(actor=reader, post=post, reason="Again")  # once per person
    assert post.reports.count() == 1
    core_services.post_hide(actor=facilitator_of(circle), post=post, reason="Ереже бұзылды")
    client.force_login(reader)
    page = client.get(f"/en/circles/{circle.pk}/threads/{thread.pk}/").content.decode()
    assert "Жасырын сөз" not in page and "A moderator hid this message." in page
    search = client.get(f"/en/circles/{circle.pk}/threads/?q=Жасырын").content.decode()
    assert "T</a>" not in search
    api = client.get(f"/api/v1/circles/{circle.pk}/threads/{thread.pk}/posts").json()
    assert api["items"][1]["body"] is None and api["items"][1]["hidden_reason"] is None
    client.force_login(author)
    page = client.get(f"/en/circles/{circle.pk}/threads/{thread.pk}/").content.decode()
    assert "Ереже бұзылды" in page
    api = client.get(f"/api/v1/circles/{circle.pk}/threads/{thread.pk}/posts").json()
    assert api["items"][1]["hidden_reason"] == "Ереже бұзылды"


@pytest.mark.parametrize(
    "role", ["anonymous", "teacher", "far_teacher", "principal", "other_coordinator", "trainer"]
)
def test_outsiders_see_nothing_of_a_private_circles_discussions(
    circle: Any, client: Client, people: dict[str, Any], role: str
) -> None:
    thread = services.thread_create(
        actor=member(circle), circle=circle, title="Құпия тақырып", body="Құпия мәтін"
    )
    if people[role] is not None:
        client.force_login(people[role])
    for url in (
        f"/en/circles/{circle.pk}/threads/",
        f"/en/circles/{circle.pk}/threads/{thread.pk}/",
        f"/en/circles/{circle.pk}/moderation/",
        f"/api/v1/circles/{circle.pk}/threads",
        f"/api/v1/circles/{circle.pk}/threads/{thread.pk}/posts",
    ):
        response = client.get(url)
        assert_refused(response, as_="visitor" if people[role] is None else "outsider")
        assert "Құпия" not in response.content.decode()


def test_a_thread_of_2000_posts_pages_in_a_fixed_number_of_queries(
    circle: Any, client: Client
) -> None:
    author = member(circle)
    thread = services.thread_create(actor=author, circle=circle, title="Ұзақ", body="Бастау")
    now = timezone.now()
    opened = thread.discussions.get()
    Post.objects.bulk_create(
        Post(discussion=opened, author=author, body=f"Жауап {i}", created_at=now)
        for i in range(1999)
    )
    Thread.objects.filter(pk=thread.pk).update(post_count=2000)
    client.force_login(author)
    counts = []
    for page in (1, 34, 67):
        url = f"/en/circles/{circle.pk}/threads/{thread.pk}/?page={page}"
        client.get(url)
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
        assert response.status_code == 200
        counts.append(len(captured))
    assert len(set(counts)) == 1
    small = services.thread_create(actor=author, circle=circle, title="Қысқа", body="Бір")
    url = f"/en/circles/{circle.pk}/threads/{small.pk}/"
    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        client.get(url)
    assert len(captured) == counts[0]
    assert (
        "Жауап 1998"
        in client.get(f"/en/circles/{circle.pk}/threads/{thread.pk}/?page=67").content.decode()
    )


def test_facilitators_pin_and_members_do_not(circle: Any) -> None:
    writer = member(circle)
    thread = services.thread_create(actor=writer, circle=circle, title="T", body="B")
    with pytest.raises(NotAllowed):
        services.thread_pin(actor=writer, thread=thread, pinned=True)
    services.thread_pin(actor=facilitator_of(circle), thread=thread, pinned=True)
    assert Thread.objects.get().pinned_at is not None


def test_posting_through_the_pages(circle: Any, client: Client) -> None:
    author = member(circle)
    client.force_login(author)
    key = str(uuid.uuid4())
    for _click in range(2):
        response = client.post(
            f"/en/circles/{circle.pk}/threads/new/",
            {"title": "Жоспар", "body": "Талқылайық", "client_key": key},
        )
        assert response.status_code == 302
    thread = Thread.objects.get()
    response = client.post(
        f"/en/circles/{circle.pk}/threads/{thread.pk}/reply/",
        {"body": "Келісемін", "client_key": str(uuid.uuid4())},
    )
    assert response.status_code == 302 and Post.objects.count() == 2
    page = client.get(f"/en/circles/{circle.pk}/threads/").content.decode()
    assert "Жоспар" in page


def test_mentions_and_digests_speak_the_readers_language(
    circle: Any, mailoutbox: list[Any], django_capture_on_commit_callbacks: Any
) -> None:
    reader = member(circle, email="dana.ru@example.kz", language="ru")
    Membership.objects.filter(user=reader).update(
        notify=Notify.DAILY_DIGEST,
        digested_until=timezone.now() - datetime.timedelta(days=1, minutes=5),
    )
    writer = member(circle)
    with django_capture_on_commit_callbacks(execute=True):
        services.thread_create(actor=writer, circle=circle, title="Тема", body="@dana.ru, привет")
    assert mailoutbox[-1].to == [reader.email]
    assert "упомянул" in mailoutbox[-1].subject and "/ru/circles/" in mailoutbox[-1].body
    mailoutbox.clear()
    digests_send_due()
    assert [m.to for m in mailoutbox] == [[reader.email]]
    assert "новое сообщение" in mailoutbox[0].subject and "/ru/circles/" in mailoutbox[0].body
