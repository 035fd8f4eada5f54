"""Discussions through the API, beyond reading and writing: files by their protected address,
correcting a post, pinning, and the moderators' queue with hiding and dismissing; outsiders get
404, members who may not get 403, and nothing changes for them."""

import datetime
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from ortaq.communities.services import discussions as services
from ortaq.discussions import services as core_services
from ortaq.discussions.models import Post, PostReport
from ortaq.testing.factories import add_member, facilitator_of, make_circle, make_user
from ortaq.testing.files import PNG
from ortaq.testing.http import bearer, call

pytestmark = pytest.mark.django_db


@pytest.fixture
def cast() -> dict[str, Any]:
    author, reader = make_user(), make_user()
    circle = make_circle(members=(author, reader), name="Оқу үйірмесі")
    thread = services.thread_create(
        actor=author, circle=circle, title="Тақта", body="Суретке қараңыз",
        files=[SimpleUploadedFile("board.png", PNG, "image/png")],
    )  # fmt: skip
    return {
        "circle": circle,
        "thread": thread,
        "post": thread.posts.get(),
        "author": author,
        "reader": reader,
        "facilitator": facilitator_of(circle),
        "base": f"/api/v1/circles/{circle.pk}",
    }


def test_files_come_with_their_protected_address(client: Client, cast: dict[str, Any]) -> None:
    url = f"{cast['base']}/threads/{cast['thread'].pk}/posts"
    item = call(client, "get", url, cast["reader"]).json()["items"][0]
    [attachment] = item["attachments"]
    assert attachment["name"] == "board.png" and attachment["content_type"] == "image/png"
    assert attachment["size"] == len(PNG)
    client.force_login(cast["reader"])
    assert client.get(attachment["url"]).status_code == 200
    client.force_login(make_user())
    assert client.get(attachment["url"]).status_code == 404


def test_the_posts_list_makes_a_fixed_number_of_queries(
    client: Client, cast: dict[str, Any], django_assert_num_queries: Any
) -> None:
    url = f"{cast['base']}/threads/{cast['thread'].pk}/posts"
    headers = bearer(cast["reader"])
    client.get(url, headers=headers)  # the token's first use is written down once
    # Token, circle, membership, thread, count, posts, their thread (for the files' links),
    # their files.
    with django_assert_num_queries(8):
        assert client.get(url, headers=headers).json()["count"] == 1
    for n in range(12):
        services.post_reply(
            actor=cast["reader"], thread=cast["thread"], body=f"Жауап {n}",
            files=[SimpleUploadedFile(f"{n}.png", PNG, "image/png")],
        )  # fmt: skip
    with django_assert_num_queries(8):
        assert client.get(url, headers=headers).json()["count"] == 13


def test_she_corrects_her_own_post_within_the_window(client: Client, cast: dict[str, Any]) -> None:
    url = f"{cast['base']}/posts/{cast['post'].pk}"
    fixed = call(client, "patch", url, cast["author"], {"body": "Суретке **қараңыз**"})
    assert fixed.status_code == 200 and fixed.json()["edited_at"]
    assert Post.objects.get().body == "Суретке **қараңыз**"
    others = call(client, "patch", url, cast["reader"], {"body": "Менікі"})
    assert others.status_code == 403 and others.json()["detail"]
    Post.objects.update(created_at=timezone.now() - datetime.timedelta(hours=1))
    late = call(client, "patch", url, cast["author"], {"body": "Кеш"})
    assert late.status_code == 400 and late.json()["detail"]
    assert Post.objects.get().body == "Суретке **қараңыз**"


def test_facilitators_pin_and_unpin(client: Client, cast: dict[str, Any]) -> None:
    url = f"{cast['base']}/threads/{cast['thread'].pk}/pin"
    for _ in range(2):
        pinned = call(client, "put", url, cast["facilitator"])
        assert pinned.status_code == 200 and pinned.json()["pinned"] is True
    assert call(client, "put", url, cast["reader"]).status_code == 403
    assert call(client, "delete", url, cast["facilitator"]).json()["pinned"] is False
    assert call(client, "put", url, make_user()).status_code == 404


def test_moderators_read_the_reports_then_hide_or_dismiss(
    client: Client, cast: dict[str, Any]
) -> None:
    post, base = cast["post"], cast["base"]
    other = services.post_reply(actor=cast["author"], thread=cast["thread"], body="Екінші")
    core_services.post_report(actor=cast["reader"], post=post, reason="Орынсыз сурет")
    core_services.post_report(actor=cast["reader"], post=other, reason="Қайталау")
    queue = call(client, "get", f"{base}/reports", cast["facilitator"]).json()
    assert [r["id"] for r in queue["items"]] == [post.pk, other.pk]
    assert queue["items"][0]["reports"][0]["reason"] == "Орынсыз сурет"
    assert call(client, "get", f"{base}/reports", cast["reader"]).status_code == 403

    hide = f"{base}/posts/{post.pk}/hiding"
    refused = call(client, "post", hide, cast["reader"], {"reason": "Мен де"})
    assert refused.status_code == 403
    no_reason = call(client, "post", hide, cast["facilitator"], {"reason": " "})
    assert no_reason.status_code == 400 and no_reason.json()["detail"]
    for _ in range(2):
        hidden = call(client, "post", hide, cast["facilitator"], {"reason": "Ереже бұзылды"})
        assert hidden.status_code == 200 and hidden.json()["hidden"] is True
    assert hidden.json()["body"] is None and hidden.json()["attachments"] == []
    post.refresh_from_db()
    assert post.hidden_reason == "Ереже бұзылды"
    mine = call(client, "get", f"{base}/threads/{cast['thread'].pk}/posts", cast["author"])
    assert mine.json()["items"][0]["hidden_reason"] == "Ереже бұзылды"

    dismissal = f"{base}/posts/{other.pk}/reports/dismissal"
    assert call(client, "post", dismissal, cast["reader"]).status_code == 403
    assert call(client, "post", dismissal, cast["facilitator"]).json() == {"dismissed": True}
    assert not PostReport.objects.filter(resolved_at__isnull=True).exists()
    assert call(client, "get", f"{base}/reports", cast["facilitator"]).json()["count"] == 0
    assert Post.objects.get(pk=other.pk).hidden_at is None
    outsider = call(client, "post", dismissal, make_user())
    assert outsider.status_code == 404


def test_the_new_calls_are_in_openapi(client: Client) -> None:
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert set(paths["/api/v1/circles/{circle_id}/threads/{thread_id}/pin"]) == {"put", "delete"}
    assert "patch" in paths["/api/v1/circles/{circle_id}/posts/{post_id}"]
    for path in ("reports", "posts/{post_id}/hiding", "posts/{post_id}/reports/dismissal"):
        assert f"/api/v1/circles/{{circle_id}}/{path}" in paths


def test_a_member_who_left_cannot_pin(client: Client, cast: dict[str, Any]) -> None:
    add_member(cast["circle"], cast["reader"], status="left")
    url = f"{cast['base']}/threads/{cast['thread'].pk}/pin"
    assert call(client, "put", url, cast["reader"]).status_code == 404
