"""Circle discussions, more: the threads list and the moderation page in a fixed number of
queries, reports seen with Exists(), corrections within the window, the API's double click and
refusals, the privacy of files and API for every role, and a double click at once on PostgreSQL."""

import datetime
import uuid
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from ortaq.communities.choices import Visibility
from ortaq.communities.models import Thread
from ortaq.communities.policies import ThreadPolicy
from ortaq.communities.queries.discussions import discussions_of
from ortaq.communities.services import discussions as services
from ortaq.core.errors import DomainError, NotAllowed
from ortaq.discussions import services as core_services
from ortaq.discussions.models import Post, PostReport
from ortaq.discussions.queries import reported
from ortaq.testing.factories import add_member, facilitator_of, make_circle, make_user
from ortaq.testing.files import PNG
from ortaq.testing.refusals import assert_refused
from ortaq.testing.utils import at_once

pytestmark = pytest.mark.django_db


@pytest.fixture
def circle() -> Any:
    return make_circle(visibility=Visibility.MEMBERS, name="Оқу үйірмесі")


def member(circle: Any) -> Any:
    user = make_user()
    add_member(circle, user)
    return user


def queries_for(client: Client, url: str) -> int:
    client.get(url)  # warm caches (sessions, permissions)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


def test_the_threads_list_makes_the_same_queries_for_few_and_many(
    circle: Any, client: Client
) -> None:
    author, reader = member(circle), member(circle)
    client.force_login(reader)
    url = f"/en/circles/{circle.pk}/threads/"

    def add_threads(count: int) -> None:
        for i in range(count):
            thread = services.thread_create(
                actor=author, circle=circle, title=f"Тақырып {i}", body="Мәтін"
            )
            post = services.post_reply(actor=reader, thread=thread, body="Жауап")
            core_services.post_report(actor=author, post=post, reason="x")

    add_threads(2)
    few = queries_for(client, url)
    add_threads(25)
    services.thread_pin(
        actor=facilitator_of(circle), thread=Thread.objects.order_by("pk")[0], pinned=True
    )
    assert queries_for(client, url) == few
    assert queries_for(client, url + "?q=Тақырып") == queries_for(client, url + "?q=Жауап")


def test_the_pinned_thread_comes_first(circle: Any, client: Client) -> None:
    author = member(circle)
    old = services.thread_create(actor=author, circle=circle, title="Ережелер", body="Оқыңыз")
    services.thread_create(actor=author, circle=circle, title="Жаңа сұрақ", body="?")
    client.force_login(author)
    page = client.get(f"/en/circles/{circle.pk}/threads/").content.decode()
    assert page.index("Жаңа сұрақ") < page.index("Ережелер")
    client.force_login(facilitator_of(circle))
    client.post(f"/en/circles/{circle.pk}/threads/{old.pk}/pin/")
    page = client.get(f"/en/circles/{circle.pk}/threads/").content.decode()
    assert page.index("Ережелер") < page.index("Жаңа сұрақ")
    client.post(f"/en/circles/{circle.pk}/threads/{old.pk}/pin/")  # toggles back
    assert Thread.objects.get(pk=old.pk).pinned_at is None


def test_moderation_lists_open_reports_only(circle: Any, client: Client) -> None:
    author, reader = member(circle), member(circle)
    thread = services.thread_create(actor=author, circle=circle, title="T", body="Қалыпты")
    never = services.post_reply(actor=author, thread=thread, body="Ешкім шағымданбады")
    flagged = services.post_reply(actor=author, thread=thread, body="Шағым бар")
    dismissed = services.post_reply(actor=author, thread=thread, body="Шағым жабылды")
    for post in (flagged, dismissed):
        core_services.post_report(actor=reader, post=post, reason="Орынсыз")
    moderator = facilitator_of(circle)
    core_services.reports_dismiss(actor=moderator, post=dismissed)
    assert list(reported(discussions=discussions_of(circle))) == [flagged]
    assert never not in reported(discussions=discussions_of(circle))
    client.force_login(moderator)
    url = f"/en/circles/{circle.pk}/moderation/"
    page = client.get(url).content.decode()
    assert "Шағым бар" in page and "Ешкім" not in page and "жабылды" not in page
    few = queries_for(client, url)
    for i in range(12):
        post = services.post_reply(actor=author, thread=thread, body=f"Тағы {i}")
        core_services.post_report(actor=reader, post=post, reason="x")
    assert queries_for(client, url) == few
    client.force_login(reader)  # a member, not a moderator
    assert_refused(client.get(url), as_="onlooker")


def test_hiding_and_dismissing_through_the_page(circle: Any, client: Client) -> None:
    author, reader = member(circle), member(circle)
    thread = services.thread_create(actor=author, circle=circle, title="T", body="B")
    post = services.post_reply(actor=author, thread=thread, body="Жарнама")
    client.force_login(reader)
    client.post(f"/en/circles/{circle.pk}/posts/{post.pk}/report/", {"reason": "Жарнама"})
    assert PostReport.objects.filter(post=post, reporter=reader).count() == 1
    client.post(f"/en/circles/{circle.pk}/posts/{post.pk}/moderate/", {"reason": "Мен"})
    assert Post.objects.get(pk=post.pk).hidden_at is None  # members do not moderate
    client.force_login(facilitator_of(circle))
    client.post(f"/en/circles/{circle.pk}/posts/{post.pk}/moderate/", {"reason": ""})
    assert Post.objects.get(pk=post.pk).hidden_at is None  # no reason, no hiding
    client.post(f"/en/circles/{circle.pk}/posts/{post.pk}/moderate/", {"reason": "Жарнама"})
    hidden = Post.objects.get(pk=post.pk)
    assert hidden.hidden_at is not None and hidden.hidden_reason == "Жарнама"
    assert not PostReport.objects.filter(post=post, resolved_at__isnull=True).exists()


def test_corrections_within_thirty_minutes_by_the_author_only(circle: Any) -> None:
    author = member(circle)
    thread = services.thread_create(actor=author, circle=circle, title="T", body="Қате")
    post = thread.posts.get()
    core_services.post_edit(actor=author, post=post, body="Дұрыс")
    assert Post.objects.get(pk=post.pk).body == "Дұрыс"
    with pytest.raises(NotAllowed):
        core_services.post_edit(actor=member(circle), post=post, body="Менікі")
    Post.objects.filter(pk=post.pk).update(
        created_at=timezone.now() - ThreadPolicy.edit_window - datetime.timedelta(minutes=1)
    )
    post.refresh_from_db()
    with pytest.raises(DomainError) as refused:
        core_services.post_edit(actor=author, post=post, body="Кеш")
    assert refused.value.code == "too_late"


def test_the_edit_page_is_the_authors(circle: Any, client: Client) -> None:
    author = member(circle)
    post = services.thread_create(actor=author, circle=circle, title="T", body="Қате").posts.get()
    url = f"/en/circles/{circle.pk}/posts/{post.pk}/edit/"
    client.force_login(member(circle))
    assert client.post(url, {"body": "Менікі"}).status_code == 403
    client.force_login(author)
    assert client.get(url).status_code == 200
    assert client.post(url, {"body": "Дұрыс"}).status_code == 302
    assert Post.objects.get(pk=post.pk).body == "Дұрыс"


def test_the_api_opens_one_thread_for_a_repeated_key_and_reports(
    circle: Any, client: Client
) -> None:
    author, reader = member(circle), member(circle)
    client.force_login(author)
    base = f"/api/v1/circles/{circle.pk}"
    key = str(uuid.uuid4())
    payload = {"title": "API", "body": "Сәлем", "client_key": key}
    first = client.post(f"{base}/threads", payload, content_type="application/json")
    again = client.post(f"{base}/threads", payload, content_type="application/json")
    assert first.status_code == again.status_code == 201
    assert first.json()["id"] == again.json()["id"] and Thread.objects.count() == 1
    thread_id = first.json()["id"]
    reply = {"body": "Жауап", "client_key": str(uuid.uuid4())}
    for _click in range(2):
        response = client.post(
            f"{base}/threads/{thread_id}/posts", reply, content_type="application/json"
        )
        assert response.status_code == 201
    assert Post.objects.count() == 2
    empty = client.post(
        f"{base}/threads/{thread_id}/posts", {"body": " "}, content_type="application/json"
    )
    assert empty.status_code == 400 and empty.json()
    client.force_login(reader)
    post_id = Post.objects.order_by("-pk").first().pk  # type: ignore[union-attr]
    response = client.post(
        f"{base}/posts/{post_id}/reports", {"reason": "x"}, content_type="application/json"
    )
    assert response.status_code == 201 and PostReport.objects.count() == 1
    client.force_login(make_user())
    refused = client.post(
        f"{base}/threads", {"title": "X", "body": "Y"}, content_type="application/json"
    )
    assert refused.status_code == 404 and Thread.objects.count() == 1


def test_the_api_lists_threads_in_a_fixed_number_of_queries(circle: Any, client: Client) -> None:
    author = member(circle)
    client.force_login(author)
    url = f"/api/v1/circles/{circle.pk}/threads"
    services.thread_create(actor=author, circle=circle, title="T", body="B")
    few = queries_for(client, url)
    for i in range(15):
        services.thread_create(actor=author, circle=circle, title=f"T{i}", body="B")
    assert queries_for(client, url) == few


@pytest.mark.parametrize(
    "role",
    [
        "anonymous",
        "teacher",
        "facilitator",
        "far_teacher",
        "principal",
        "other_coordinator",
        "trainer",
    ],
)
def test_outsiders_get_no_file_post_or_api_of_a_private_circle(
    circle: Any, client: Client, people: dict[str, Any], role: str
) -> None:
    author = member(circle)
    thread = services.thread_create(
        actor=author, circle=circle, title="Құпия", body="Құпия мәтін",
        files=[SimpleUploadedFile("board.png", PNG, "image/png")],
    )  # fmt: skip
    post = thread.posts.get()
    attachment = post.attachments.get()
    if people[role] is not None:
        client.force_login(people[role])
    for url in (
        f"/en/circles/{circle.pk}/attachments/{attachment.pk}/",
        f"/media/{attachment.file.name}",
        f"/en/circles/{circle.pk}/posts/{post.pk}/edit/",
        f"/api/v1/circles/{circle.pk}/threads?q=Құпия",
    ):
        response = client.get(url)
        if url.startswith("/media/"):
            # Files of posts are served only by the view that checks the reader.
            assert response.status_code == 404
        else:
            assert_refused(response, as_="visitor" if people[role] is None else "outsider")
    for url, data in (
        (f"/en/circles/{circle.pk}/threads/{thread.pk}/reply/", {"body": "Мен"}),
        (f"/en/circles/{circle.pk}/posts/{post.pk}/report/", {"reason": "x"}),
        (f"/en/circles/{circle.pk}/posts/{post.pk}/moderate/", {"reason": "x"}),
        (f"/en/circles/{circle.pk}/threads/{thread.pk}/pin/", {}),
    ):
        assert_refused(
            client.post(url, data), as_="visitor" if people[role] is None else "outsider"
        )
    api = client.post(
        f"/api/v1/circles/{circle.pk}/posts/{post.pk}/reports",
        {"reason": "x"},
        content_type="application/json",
    )
    assert_refused(api, as_="visitor" if people[role] is None else "outsider")
    assert Post.objects.count() == 1 and not PostReport.objects.exists()
    assert Post.objects.get().hidden_at is None and Thread.objects.get().pinned_at is None


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_double_click_at_once_makes_one_post(reference_data: None) -> None:
    circle = make_circle()
    author = make_user()
    add_member(circle, author)
    thread = services.thread_create(actor=author, circle=circle, title="T", body="B")
    key = uuid.uuid4()
    results = at_once(
        lambda: services.post_reply(
            actor=author, thread=Thread.objects.get(pk=thread.pk), body="Бір", client_key=key
        ),
        times=3,
    )
    assert all(isinstance(r, Post) for r in results), results
    assert len({r.pk for r in results}) == 1
    assert Post.objects.filter(client_key=key).count() == 1
    assert Thread.objects.get(pk=thread.pk).post_count == 2
