"""Mentions without JavaScript: the members of a small circle are offered as boxes to tick on the
reply and new-thread forms, and an @handle of someone who may not read the discussion (or of no
one) is answered with a message naming it, while the post is still published."""

from typing import Any

import pytest
from django.test import Client

from ortaq.communities.choices import Notify, Visibility
from ortaq.communities.models import Membership, Thread
from ortaq.communities.services import discussions as services
from ortaq.discussions.models import Mention, Post
from ortaq.testing.factories import add_member, make_circle, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def circle() -> Any:
    return make_circle(visibility=Visibility.MEMBERS, name="Оқу үйірмесі")


def member(circle: Any, **fields: Any) -> Any:
    user = make_user(**fields)
    add_member(circle, user)
    Membership.objects.filter(user=user).update(notify=Notify.NOTHING)
    return user


@pytest.mark.parametrize(
    ("language", "label"),
    [
        ("kk", "Осы мүшелерге хабарлау"),
        ("ru", "Сообщить этим участникам"),
        ("en", "Tell these members"),
    ],
)
def test_the_reply_form_offers_the_circles_members_only(
    circle: Any, client: Client, language: str, label: str
) -> None:
    author = member(circle, first_name="Айгүл", last_name="Сейітова")
    member(circle, first_name="Болат", last_name="Нұрланов")
    make_user(first_name="Сырт", last_name="Адам")
    thread = services.thread_create(actor=author, circle=circle, title="Кеңес", body="Бастайық")
    client.force_login(author)
    page = client.get(f"/{language}/circles/{circle.pk}/threads/{thread.pk}/").content.decode()
    assert label in page
    assert 'type="checkbox" name="tell"' in page
    assert "Нұрланов Болат" in page and "Сырт" not in page
    new = client.get(f"/{language}/circles/{circle.pk}/threads/new/").content.decode()
    assert label in new and "Нұрланов Болат" in new


def test_the_members_ticked_are_told_by_e_mail(
    circle: Any, client: Client, mailoutbox: list[Any], django_capture_on_commit_callbacks: Any
) -> None:
    author, told, left = member(circle), member(circle), member(circle)
    thread = services.thread_create(actor=author, circle=circle, title="Кеңес", body="Бастайық")
    client.force_login(author)
    url = f"/en/circles/{circle.pk}/threads/{thread.pk}/reply/"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"body": "Қалай ойлайсыздар?", "tell": [told.pk]})
    assert response.status_code == 302
    assert [m.user for m in Mention.objects.all()] == [told]
    assert [m.to for m in mailoutbox] == [[told.email]]
    assert left.email not in str([m.to for m in mailoutbox])


def test_an_outsider_put_in_a_forged_form_is_refused_and_nothing_posted(
    circle: Any, client: Client
) -> None:
    author, outsider = member(circle), make_user()
    thread = services.thread_create(actor=author, circle=circle, title="Кеңес", body="Бастайық")
    client.force_login(author)
    url = f"/en/circles/{circle.pk}/threads/{thread.pk}/reply/"
    response = client.post(url, {"body": "Сәлем", "tell": [outsider.pk]}, follow=True)
    assert response.status_code == 200
    assert not Mention.objects.exists()
    assert Post.objects.filter(body="Сәлем").count() == 0  # the list offers members only


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("kk", "@bolat.outside бұл талқылауды оқи алмайды"),
        ("ru", "@bolat.outside не может читать это обсуждение"),
        ("en", "@bolat.outside cannot read this discussion"),
    ],
)
def test_a_handle_of_someone_who_may_not_read_is_named_in_a_message(
    circle: Any, client: Client, language: str, message: str
) -> None:
    author = member(circle)
    member(circle, email="aigul.seitova@example.kz")
    make_user(email="bolat.outside@example.kz")
    thread = services.thread_create(actor=author, circle=circle, title="Кеңес", body="Бастайық")
    client.force_login(author)
    url = f"/{language}/circles/{circle.pk}/threads/{thread.pk}/reply/"
    body = "@aigul.seitova, @bolat.outside және @nobody.here қалай ойлайсыздар?"
    page = client.post(url, {"body": body}, follow=True).content.decode()
    assert message in page
    assert "@nobody.here" in page
    assert "@aigul.seitova cannot" not in page and "@aigul.seitova бұл" not in page
    assert "@aigul.seitova не может" not in page
    assert Post.objects.filter(body=body).count() == 1
    assert [m.user.email for m in Mention.objects.all()] == ["aigul.seitova@example.kz"]


def test_a_new_thread_with_an_unknown_handle_is_opened_with_the_message(
    circle: Any, client: Client
) -> None:
    author = member(circle)
    client.force_login(author)
    response = client.post(
        f"/en/circles/{circle.pk}/threads/new/",
        {"title": "Кеңес", "body": "@nobody.here сәлем"},
        follow=True,
    )
    assert response.status_code == 200
    assert Thread.objects.filter(title="Кеңес").count() == 1
    assert "@nobody.here cannot read this discussion" in response.content.decode()
