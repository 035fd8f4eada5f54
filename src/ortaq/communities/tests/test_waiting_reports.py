"""Reported posts of a circle wait for its facilitators (and the moderators over it) on their own
page, with a link to the circle's moderation page; members who do not moderate see nothing."""

from typing import Any

import pytest
from django.test import Client

from ortaq.communities.choices import Visibility
from ortaq.communities.services import discussions as services
from ortaq.discussions import services as core_services
from ortaq.discussions.models import Post
from ortaq.testing.factories import add_member, facilitator_of, make_circle, make_user

pytestmark = pytest.mark.django_db


def reported_posts(circle: Any, count: int, reporters: int = 1) -> None:
    author = make_user()
    add_member(circle, author)
    thread = services.thread_create(actor=author, circle=circle, title="Кеңес", body="Бастайық")
    posts = [thread.posts.get()]
    posts += [services.post_reply(actor=author, thread=thread, body=f"Жарнама {i}") for i in
              range(count - 1)]  # fmt: skip
    for _reporter in range(reporters):
        reporter = make_user()
        add_member(circle, reporter)
        for post in posts:
            core_services.post_report(actor=reporter, post=post, reason="Жарнама")


def test_her_circles_reported_posts_wait_on_her_page(client: Client) -> None:
    ours = make_circle(visibility=Visibility.MEMBERS, name="Оқу үйірмесі")
    theirs = make_circle(visibility=Visibility.MEMBERS, name="Басқа үйірме")
    quiet = make_circle(visibility=Visibility.MEMBERS, name="Тыныш үйірме")
    facilitator = facilitator_of(ours)
    add_member(theirs, facilitator)  # a plain member there: she does not moderate it
    add_member(quiet, facilitator)
    reported_posts(ours, count=2, reporters=2)
    reported_posts(theirs, count=1)

    client.force_login(facilitator)
    page = client.get("/en/me/").content.decode()
    assert "2 reported posts wait for a moderator in “Оқу үйірмесі”" in page
    assert f'href="/en/circles/{ours.pk}/moderation/"' in page
    assert "Басқа үйірме”" not in page and f"/circles/{theirs.pk}/moderation/" not in page
    assert "Тыныш үйірме”" not in page
    russian = client.get("/ru/me/").content.decode()
    assert "2 сообщения с жалобами ждут модератора в «Оқу үйірмесі»" in russian

    client.force_login(facilitator_of(theirs))
    page = client.get("/kk/me/").content.decode()
    assert "«Басқа үйірме» үйірмесінде 1 шағымдалған жазба модераторды күтіп тұр" in page


def test_a_member_who_does_not_moderate_sees_no_reports(client: Client) -> None:
    circle = make_circle(visibility=Visibility.MEMBERS, name="Оқу үйірмесі")
    member = make_user()
    add_member(circle, member)
    reported_posts(circle, count=1)
    client.force_login(member)
    page = client.get("/en/me/").content.decode()
    assert "reported post" not in page and "/moderation/" not in page


def test_once_the_reports_are_closed_nothing_waits(client: Client) -> None:
    circle = make_circle(visibility=Visibility.MEMBERS, name="Оқу үйірмесі")
    reported_posts(circle, count=1)
    facilitator = facilitator_of(circle)
    client.force_login(facilitator)
    assert "1 reported post waits" in client.get("/en/me/").content.decode()
    core_services.reports_dismiss(actor=facilitator, post=Post.objects.get())
    assert "reported post" not in client.get("/en/me/").content.decode()
