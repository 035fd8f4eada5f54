"""Moderation of a circle's discussions, further: a report e-mails the facilitators and the
moderators over the circle (once per post until dealt with, each in her language), the count
of posts waiting on the threads page, showing a hidden post again (service, pages, API), the
reply landing on the right page when posts are hidden, and corrections that must still be
allowed and that tell the newly named."""

import uuid
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from ortaq.accounts.services import role_grant
from ortaq.communities.choices import MemberRole, Notify, Visibility
from ortaq.communities.models import Circle, Membership, Thread
from ortaq.communities.services import discussions as services
from ortaq.communities.services.circles import circle_leave
from ortaq.core.errors import DomainError, NotAllowed
from ortaq.core.roles import Role
from ortaq.discussions import services as core_services
from ortaq.discussions.models import Mention, Post, PostReport
from ortaq.discussions.queries import POSTS_PER_PAGE
from ortaq.testing.factories import add_member, make_circle, make_user
from ortaq.testing.http import bearer, call

pytestmark = pytest.mark.django_db


@pytest.fixture
def cast(people: dict[str, Any]) -> dict[str, Any]:
    """A circle of the school with a Kazakh-speaking facilitator, an author and two readers; a
    Russian-speaking moderator of its district and a moderator of another region."""
    facilitator = make_user(email="facilitator.kk@example.kz", language="kk")
    author, reader, second = make_user(), make_user(), make_user()
    circle = make_circle(
        school=people["school"], facilitator=facilitator, members=(author, reader, second)
    )
    Membership.objects.update(notify=Notify.NOTHING)
    moderator = make_user(email="moderator.ru@example.kz", language="ru")
    role_grant(actor=None, user=moderator, role=Role.MODERATOR, target=people["district"])
    far = make_user(email="far.moderator@example.kz")
    role_grant(actor=None, user=far, role=Role.MODERATOR, target=people["far_school"].region)
    thread = services.thread_create(actor=author, circle=circle, title="Тақырып", body="Бастау")
    post = services.post_reply(actor=author, thread=thread, body="Жарнама: сатып алыңыз")
    return {
        "circle": circle,
        "thread": thread,
        "post": post,
        "author": author,
        "reader": reader,
        "second": second,
        "facilitator": facilitator,
        "moderator": moderator,
        "far": far,
        **{k: people[k] for k in ("coordinator", "region")},
    }


def report(cast: dict[str, Any], who: str, capture: Any, post: Post | None = None) -> None:
    with capture(execute=True):
        core_services.post_report(actor=cast[who], post=post or cast["post"], reason="Жарнама")


def test_the_first_open_report_tells_the_facilitators_and_moderators_once(
    cast: dict[str, Any], mailoutbox: list[Any], django_capture_on_commit_callbacks: Any
) -> None:
    circle, post = cast["circle"], cast["post"]
    report(cast, "reader", django_capture_on_commit_callbacks)
    to = {m.to[0]: m for m in mailoutbox}
    assert set(to) == {cast["facilitator"].email, cast["moderator"].email}
    # Not the author, not the reporter, not a moderator of another region, not the
    # methodologist (the circle has its own moderators).
    queue = f"/circles/{circle.pk}/moderation/"
    assert f"/ru{queue}" in to[cast["moderator"].email].body  # in her language
    assert f"/kk{queue}" in to[cast["facilitator"].email].body
    assert "Жарнама" in to[cast["facilitator"].email].body
    # A second reporter, and the first one again, add to the queue but e-mail no one.
    report(cast, "second", django_capture_on_commit_callbacks)
    report(cast, "reader", django_capture_on_commit_callbacks)
    assert len(mailoutbox) == 2 and PostReport.objects.filter(post=post).count() == 2
    # Once the reports are dealt with, a new report tells them again.
    core_services.reports_dismiss(actor=cast["facilitator"], post=post)
    PostReport.objects.filter(post=post, reporter=cast["second"]).delete()
    report(cast, "second", django_capture_on_commit_callbacks)
    assert len(mailoutbox) == 4


def test_a_hidden_post_cannot_be_reported_and_tells_no_one(
    cast: dict[str, Any], mailoutbox: list[Any], django_capture_on_commit_callbacks: Any
) -> None:
    core_services.post_hide(actor=cast["facilitator"], post=cast["post"], reason="Жарнама")
    with pytest.raises(DomainError) as refused:
        report(cast, "reader", django_capture_on_commit_callbacks)
    assert refused.value.code == "hidden"
    assert not PostReport.objects.exists() and mailoutbox == []


def test_reports_dealt_with_before_the_e_mail_leaves_send_nothing(
    cast: dict[str, Any], mailoutbox: list[Any], django_capture_on_commit_callbacks: Any
) -> None:
    from ortaq.discussions.tasks import notify_report

    core_services.post_report(actor=cast["reader"], post=cast["post"], reason="Жарнама")
    core_services.reports_dismiss(actor=cast["facilitator"], post=cast["post"])
    assert notify_report.call(cast["post"].pk) == 0 and mailoutbox == []


def test_without_facilitator_or_moderator_to_tell_the_methodologists_are_told(
    people: dict[str, Any], mailoutbox: list[Any], django_capture_on_commit_callbacks: Any
) -> None:
    """A circle whose only facilitator wrote the post, in a region with no moderator."""
    writer, reader = make_user(), make_user()
    circle = make_circle(school=people["far_school"], facilitator=writer, members=(reader,))
    thread = services.thread_create(actor=writer, circle=circle, title="T", body="Пост")
    with django_capture_on_commit_callbacks(execute=True):
        core_services.post_report(actor=reader, post=thread.posts.get(), reason="Орынсыз")
    # The methodologist of that region; not those of other regions, nor the administrator.
    assert [m.to for m in mailoutbox] == [[people["other_coordinator"].email]]


def test_moderators_see_how_many_posts_wait_on_the_threads_page(
    cast: dict[str, Any], client: Client
) -> None:
    url = f"/en/circles/{cast['circle'].pk}/threads/"
    other = services.post_reply(actor=cast["author"], thread=cast["thread"], body="Тағы")
    for who, post in (("reader", cast["post"]), ("second", cast["post"]), ("reader", other)):
        core_services.post_report(actor=cast[who], post=post, reason="x")
    client.force_login(cast["moderator"])
    assert "2 waiting" in client.get(url).content.decode()  # two posts, three reports

    def queries() -> int:
        client.get(url)
        with CaptureQueriesContext(connection) as captured:
            client.get(url)
        return len(captured)

    few = queries()
    for i in range(8):
        post = services.post_reply(actor=cast["author"], thread=cast["thread"], body=f"{i}")
        core_services.post_report(actor=cast["reader"], post=post, reason="x")
    assert queries() == few and "10 waiting" in client.get(url).content.decode()
    client.force_login(cast["reader"])
    assert "waiting" not in client.get(url).content.decode()


def hidden(cast: dict[str, Any]) -> Post:
    core_services.post_hide(actor=cast["facilitator"], post=cast["post"], reason="Жарнама екен")
    return Post.objects.get(pk=cast["post"].pk)


def count(cast: dict[str, Any]) -> int:
    return Thread.objects.get(pk=cast["thread"].pk).post_count


def test_a_moderator_shows_a_hidden_post_again_once(cast: dict[str, Any]) -> None:
    post = hidden(cast)
    assert count(cast) == 1
    with pytest.raises(NotAllowed):
        core_services.post_unhide(actor=cast["reader"], post=post)
    with pytest.raises(NotAllowed):
        core_services.post_unhide(actor=cast["far"], post=post)
    assert Post.objects.get(pk=post.pk).hidden_at is not None and count(cast) == 1
    for _again in range(2):
        shown = core_services.post_unhide(actor=cast["moderator"], post=post)
        assert shown.hidden_at is None
    found = Post.objects.get(pk=post.pk)
    assert (found.hidden_at, found.hidden_by, found.hidden_reason) == (None, None, "")
    assert count(cast) == 2


def test_showing_again_through_the_pages(cast: dict[str, Any], client: Client) -> None:
    post, circle = hidden(cast), cast["circle"]
    thread_url = f"/en/circles/{circle.pk}/threads/{cast['thread'].pk}/"
    client.force_login(cast["author"])
    assert "Жарнама екен" in client.get(thread_url).content.decode()  # she sees the reason
    moderate = f"/en/circles/{circle.pk}/posts/{post.pk}/moderate/"
    client.post(moderate, {"action": "unhide"})
    assert Post.objects.get(pk=post.pk).hidden_at is not None  # she may not
    client.force_login(cast["facilitator"])
    queue = client.get(f"/en/circles/{circle.pk}/moderation/").content.decode()
    assert "Hidden posts" in queue and "Жарнама екен" in queue and "Show it again" in queue
    assert "Show it again" in client.get(thread_url).content.decode()
    response = client.post(moderate, {"action": "unhide", "back": "thread"})
    assert response.status_code == 302 and response["Location"].endswith(thread_url)
    assert Post.objects.get(pk=post.pk).hidden_at is None and count(cast) == 2
    client.post(moderate, {"action": "unhide"})
    assert count(cast) == 2
    queue = client.get(f"/en/circles/{circle.pk}/moderation/").content.decode()
    assert "No post is hidden." in queue
    client.force_login(cast["author"])
    page = client.get(thread_url).content.decode()
    assert "Жарнама екен" not in page and "сатып алыңыз" in page


def test_showing_again_through_the_api(cast: dict[str, Any], client: Client) -> None:
    post = hidden(cast)
    url = f"/api/v1/circles/{cast['circle'].pk}/posts/{post.pk}/hiding"
    refused = call(client, "delete", url, cast["reader"])
    assert refused.status_code == 403 and refused.json()["detail"]
    assert call(client, "delete", url, make_user()).status_code == 404
    assert Post.objects.get(pk=post.pk).hidden_at is not None
    for _again in range(2):
        shown = call(client, "delete", url, cast["moderator"])
        assert shown.status_code == 200
        assert shown.json()["hidden"] is False and shown.json()["hidden_reason"] is None
    assert count(cast) == 2
    posts = f"/api/v1/circles/{cast['circle'].pk}/threads/{cast['thread'].pk}/posts"
    items = call(client, "get", posts, cast["reader"]).json()["items"]
    assert items[1]["body"] == "Жарнама: сатып алыңыз"
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert set(paths["/api/v1/circles/{circle_id}/posts/{post_id}/hiding"]) == {"post", "delete"}


def test_a_reply_lands_on_its_page_when_posts_are_hidden(
    cast: dict[str, Any], client: Client
) -> None:
    circle, thread, author = cast["circle"], cast["thread"], cast["author"]
    for i in range(POSTS_PER_PAGE - 2):
        services.post_reply(actor=author, thread=thread, body=f"Жауап {i}")
    assert Post.objects.filter(discussion__thread=thread).count() == POSTS_PER_PAGE
    hidden(cast)  # 30 posts on page 1, 29 of them visible
    client.force_login(cast["reader"])
    response = client.post(
        f"/en/circles/{circle.pk}/threads/{thread.pk}/reply/",
        {"body": "Соңғы жауап", "client_key": str(uuid.uuid4())},
    )
    mine = Post.objects.get(body="Соңғы жауап")
    assert response["Location"].endswith(f"?page=2#p{mine.pk}")
    page = client.get(response["Location"].split("#")[0]).content.decode()
    assert f'id="p{mine.pk}"' in page


def test_a_correction_needs_her_still_to_be_allowed_to_write(
    people: dict[str, Any], client: Client
) -> None:
    author, stays = make_user(), make_user()
    circle = make_circle(
        school=people["school"], visibility=Visibility.SIGNED_IN, members=(author, stays)
    )
    thread = services.thread_create(actor=author, circle=circle, title="T", body="Бірінші")
    post = Post.objects.get(discussion__thread=thread)
    circle_leave(actor=author, circle=circle)
    circle = Circle.objects.get(pk=circle.pk)  # her membership is read again
    with pytest.raises(NotAllowed):
        core_services.post_edit(actor=author, post=post, body="Кеткен соң")
    client.force_login(author)  # an open circle: she still reads it, but may not correct
    url = f"/en/circles/{circle.pk}/posts/{post.pk}/edit/"
    assert client.post(url, {"body": "Кеткен соң"}).status_code == 403
    other = services.post_reply(actor=stays, thread=thread, body="Екінші")
    Circle.objects.filter(pk=circle.pk).update(archived_at=timezone.now())
    other = Post.objects.get(pk=other.pk)  # its circle is read again
    with pytest.raises(DomainError) as refused:
        core_services.post_edit(actor=stays, post=other, body="Мұрағатта")
    assert refused.value.code == "archived"
    assert list(Post.objects.order_by("pk").values_list("body", flat=True)) == [
        "Бірінші",
        "Екінші",
    ]


def test_a_correction_tells_the_readers_it_names_for_the_first_time(
    cast: dict[str, Any], mailoutbox: list[Any], django_capture_on_commit_callbacks: Any
) -> None:
    circle, author = cast["circle"], cast["author"]
    named = make_user(email="dana.named@example.kz", language="en")
    earlier = make_user(email="bolat.earlier@example.kz")
    for person in (named, earlier):
        add_member(circle, person, notify=Notify.NOTHING)
    make_user(email="outsider.person@example.kz")
    with django_capture_on_commit_callbacks(execute=True):
        post = services.post_reply(
            actor=author, thread=cast["thread"], body="@bolat.earlier, қараңыз"
        )
    assert [m.to for m in mailoutbox] == [[earlier.email]]
    mailoutbox.clear()
    body = "@bolat.earlier, @dana.named, @outsider.person және @facilitator.kk, қараңыз"
    for _twice in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            core_services.post_edit(actor=author, post=post, body=body)
    # Once each, only those new to the post, only readers of the circle.
    assert sorted(m.to[0] for m in mailoutbox) == sorted([named.email, cast["facilitator"].email])
    to_named = next(m for m in mailoutbox if m.to == [named.email])
    assert "mentioned you" in to_named.subject and "/en/circles/" in to_named.body
    assert {m.user_id for m in Mention.objects.filter(post=post)} == {
        earlier.pk,
        named.pk,
        cast["facilitator"].pk,
    }


def test_a_facilitator_role_is_a_membership_not_a_grant(cast: dict[str, Any]) -> None:
    """The facilitator told of reports is the circle's, read from its memberships."""
    membership = Membership.objects.get(circle=cast["circle"], user=cast["facilitator"])
    assert membership.role == MemberRole.FACILITATOR
    assert {u.pk for u in services.report_recipients(cast["circle"])} == {
        cast["facilitator"].pk,
        cast["moderator"].pk,
    }


def test_the_api_refuses_a_correction_once_she_may_no_longer_write(
    people: dict[str, Any], client: Client
) -> None:
    author = make_user()
    circle = make_circle(
        school=people["school"], visibility=Visibility.SIGNED_IN, members=(author,)
    )
    thread = services.thread_create(actor=author, circle=circle, title="T", body="Бірінші")
    post = Post.objects.get(discussion__thread=thread)
    url = f"/api/v1/circles/{circle.pk}/posts/{post.pk}"
    Circle.objects.filter(pk=circle.pk).update(archived_at=timezone.now())
    archived = client.patch(
        url, {"body": "Мұрағатта"}, content_type="application/json",
        headers={**bearer(author), "accept-language": "en"},
    )  # fmt: skip
    assert archived.status_code == 400 and "archived" in archived.json()["detail"]
    Circle.objects.filter(pk=circle.pk).update(archived_at=None)
    add_member(circle, author, status="left")
    gone = call(client, "patch", url, author, {"body": "Кеткен соң"})
    assert gone.status_code == 403 and gone.json()["detail"]
    assert Post.objects.get(pk=post.pk).body == "Бірінші"
    client.force_login(author)
    page = client.get(f"/en/circles/{circle.pk}/threads/{thread.pk}/").content.decode()
    assert f"/posts/{post.pk}/edit/" not in page  # no "Correct" link she could not use
