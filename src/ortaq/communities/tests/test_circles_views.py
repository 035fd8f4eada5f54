"""Pages of circles: the list, starting and editing, the circle's page (with its query count),
members, joining and leaving, and the notification preference."""

import datetime
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from ortaq.communities.choices import MemberRole, MembershipStatus, Notify, Visibility
from ortaq.communities.models import Circle, Membership, Thread
from ortaq.communities.services.meetings import meeting_save
from ortaq.testing.factories import add_member, facilitator_of, make_circle, make_user

pytestmark = pytest.mark.django_db


def url(name: str, *args: Any) -> str:
    return reverse(f"communities:{name}", args=args)


def test_the_list_shows_a_card_search_region_and_pages(
    client: Client, people: dict[str, Any]
) -> None:
    private = make_circle(school=people["school"], name="Математика үйірмесі", purpose="Мақсат")
    meeting_save(
        actor=facilitator_of(private),
        circle=private,
        starts_at=timezone.now() + datetime.timedelta(days=1),
        place="Құпия кабинет",
    )
    make_circle(school=people["far_school"], visibility=Visibility.SIGNED_IN, name="Ашық")
    make_circle(school=people["far_school"], name="Бөтен")
    client.force_login(people["teacher"])
    page = client.get(url("circles")).content.decode()
    assert "Математика үйірмесі" in page and "Мақсат" in page and "Ашық" in page
    assert "Бөтен" not in page and "Құпия кабинет" not in page
    assert f'action="{url("join", private.pk)}"' in page
    found = client.get(url("circles"), {"q": "матем"}).content.decode()
    assert "Математика үйірмесі" in found and "Ашық" not in found
    region = client.get(url("circles"), {"region": people["far_school"].region_id})
    assert "Ашық" in region.content.decode()
    assert "Математика" not in region.content.decode()
    for n in range(25):
        make_circle(school=people["far_school"], visibility=Visibility.SIGNED_IN, name=f"Z{n:02}")
    second = client.get(url("circles"), {"page": 2}).content.decode()
    assert "Z24" in second and "Z00" not in second
    client.logout()
    assert client.get(url("circles")).status_code == 302


@pytest.mark.parametrize("size", [1, 20])
def test_the_list_makes_a_fixed_number_of_queries(
    client: Client, people: dict[str, Any], django_assert_max_num_queries: Any, size: int
) -> None:
    for _ in range(size):
        make_circle(
            school=people["school"], visibility=Visibility.SIGNED_IN, members=(make_user(),)
        )
    client.force_login(people["teacher"])
    with django_assert_max_num_queries(9):
        assert client.get(url("circles")).status_code == 200


def test_a_principal_starts_a_circle_from_the_form(client: Client, people: dict[str, Any]) -> None:
    client.force_login(people["principal"])
    assert client.get(url("circle_create")).status_code == 200
    response = client.post(
        url("circle_create"),
        {
            "name": "Бастауыш сынып",
            "purpose": "Бірге",
            "kind": "school",
            "school": people["school"].bin,
            "visibility": "members",
            "language": "kk",
        },
    )
    circle = Circle.objects.get(name="Бастауыш сынып")
    assert response.status_code == 302 and response["Location"] == url("members", circle.pk)
    assert facilitator_of(circle) == people["principal"]
    elsewhere = client.post(
        url("circle_create"),
        {
            "name": "Алыс",
            "kind": "school",
            "school": people["far_school"].bin,
            "visibility": "members",
            "language": "kk",
        },
    )
    assert elsewhere.status_code == 403
    client.force_login(people["teacher"])
    assert client.get(url("circle_create")).status_code == 403


def test_edit_and_archive(client: Client, people: dict[str, Any]) -> None:
    circle = make_circle(school=people["school"], facilitator=people["facilitator"])
    client.force_login(people["facilitator"])
    form = client.get(url("circle_edit", circle.pk))
    assert form.status_code == 200
    saved = client.post(
        url("circle_edit", circle.pk),
        {"name": "Жаңа", "purpose": "", "visibility": "signed_in", "language": "ru"},
    )
    assert saved.status_code == 302
    circle.refresh_from_db()
    assert (circle.name, circle.visibility, circle.language) == ("Жаңа", "signed_in", "ru")
    client.post(url("circle_edit", circle.pk), {"archive": "1"})
    circle.refresh_from_db()
    assert circle.archived_at is not None
    member = make_user()
    add_member(circle, member)
    client.force_login(member)
    assert client.get(url("circle_edit", circle.pk)).status_code == 403


def test_the_members_page_invites_and_decides(client: Client, people: dict[str, Any]) -> None:
    circle = make_circle(school=people["school"], facilitator=people["facilitator"])
    add_member(circle, people["principal"], status=MembershipStatus.REQUESTED, message="Қосыңыз")
    client.force_login(people["facilitator"])
    page = client.get(url("members", circle.pk)).content.decode()
    assert "Қосыңыз" in page
    done = client.post(
        url("members", circle.pk), {"emails": "far@example.kz, nobody@example.kz"}, follow=True
    )
    assert Membership.objects.get(user=people["far_teacher"]).status == "invited"
    shown = [(m.level_tag, str(m)) for m in done.context["messages"]]
    assert [level for level, _text in shown] == ["success", "error"]
    assert "nobody@example.kz" in shown[1][1]
    wrong = client.post(url("members", circle.pk), {"emails": "not-an-address"})
    assert wrong.status_code == 200 and wrong.context["email_form"].errors
    client.post(url("members", circle.pk), {"school": people["school"].bin})
    assert Membership.objects.get(circle=circle, user=people["teacher"]).status == "invited"
    request = Membership.objects.get(circle=circle, user=people["principal"])
    # The school's invitation met her request: she is in.
    assert request.status == MembershipStatus.ACTIVE
    client.post(url("members", circle.pk), {"membership": request.pk, "action": "facilitator"})
    assert Membership.objects.get(pk=request.pk).role == MemberRole.FACILITATOR
    client.post(url("members", circle.pk), {"membership": request.pk, "action": "remove"})
    assert Membership.objects.get(pk=request.pk).status == MembershipStatus.LEFT
    own = Membership.objects.get(circle=circle, user=people["facilitator"])
    response = client.post(url("members", circle.pk), {"membership": own.pk, "action": "remove"})
    assert response.status_code == 302
    assert Membership.objects.get(pk=own.pk).is_facilitator  # the last one stays
    assert (
        client.post(url("members", circle.pk), {"membership": "x", "action": "remove"}).status_code
        == 404
    )
    client.force_login(people["teacher"])
    assert client.post(url("members", circle.pk), {"emails": "a@b.kz"}).status_code == 404


def test_members_see_members_only(client: Client, people: dict[str, Any]) -> None:
    circle = make_circle(school=people["school"], members=(people["teacher"],))
    add_member(circle, people["principal"], status=MembershipStatus.REQUESTED)
    client.force_login(people["teacher"])
    page = client.get(url("members", circle.pk))
    assert [m.user for m in page.context["memberships"]].count(people["principal"]) == 0
    assert "Invite by e-mail" not in page.content.decode()
    assert client.post(url("members", circle.pk), {"emails": "a@b.kz"}).status_code == 403


def test_an_invitation_is_answered_on_the_circle_page(
    client: Client, people: dict[str, Any]
) -> None:
    circle = make_circle(school=people["far_school"])
    add_member(circle, people["teacher"], status=MembershipStatus.INVITED)
    client.force_login(people["teacher"])
    card = client.get(url("circle", circle.pk)).content.decode()
    assert 'value="accept"' in card
    client.post(url("join", circle.pk), {"answer": "accept"})
    assert Membership.objects.get(circle=circle, user=people["teacher"]).is_active
    page = client.get(url("circle", circle.pk)).content.decode()
    assert url("leave", circle.pk) in page
    assert client.post(url("leave", circle.pk)).status_code == 302
    assert Membership.objects.get(circle=circle, user=people["teacher"]).status == "left"
    assert client.get(url("circle", circle.pk)).status_code == 404
    assert client.post(url("join", circle.pk)).status_code == 404


def test_the_last_facilitator_is_told_she_cannot_leave(client: Client) -> None:
    circle = make_circle()
    client.force_login(facilitator_of(circle))
    response = client.post(url("leave", circle.pk), follow=True)
    assert response.redirect_chain[-1][0] == url("circle", circle.pk)
    assert [m.level_tag for m in response.context["messages"]] == ["error"]


def test_the_notification_preference(client: Client) -> None:
    member = make_user()
    circle = make_circle(members=(member,))
    client.force_login(member)
    assert client.get(url("notifications", circle.pk)).status_code == 200
    client.post(url("notifications", circle.pk), {"notify": Notify.NOTHING})
    assert Membership.objects.get(circle=circle, user=member).notify == Notify.NOTHING
    outsider = make_user()
    client.force_login(outsider)
    assert client.get(url("notifications", circle.pk)).status_code == 404


def page_queries(client: Client, circle: Circle) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url("circle", circle.pk)).status_code == 200
    return len(captured)


def grow(circle: Circle, size: int) -> None:
    now = timezone.now()
    for n in range(size):
        add_member(circle, make_user())
        add_member(circle, make_user(), role=MemberRole.FACILITATOR)
        for days in (n + 1, -n - 1):
            meeting_save(
                actor=facilitator_of(circle),
                circle=circle,
                starts_at=now + datetime.timedelta(days=days),
                place="Зал",
            )
        Thread.objects.create(
            circle=circle,
            title=f"Тақырып {n}",
            created_at=now,
            last_post_at=now - datetime.timedelta(hours=n),
            post_count=n + 1,
            pinned_at=now if n == size - 1 else None,
        )
    Thread.objects.create(
        circle=circle, title="Жасырын", created_at=now, last_post_at=now, post_count=0
    )


def test_the_circle_page_makes_a_fixed_number_of_queries(
    client: Client, django_assert_max_num_queries: Any
) -> None:
    small, large = make_circle(), make_circle()
    grow(small, 1)
    grow(large, 15)
    client.force_login(facilitator_of(large))
    client.get(url("circles"))  # her session, user and roles are cached from here on
    first = page_queries(client, large)
    add_member(small, facilitator_of(large), role=MemberRole.FACILITATOR)
    assert page_queries(client, small) == first
    with django_assert_max_num_queries(14):
        page = client.get(url("circle", large.pk))
    body = page.content.decode()
    assert "Жасырын" not in body
    assert url("threads", large.pk) in body and url("circle_projects", large.pk) in body
    pinned = Thread.objects.get(circle=large, pinned_at__isnull=False)
    assert url("thread", large.pk, pinned.pk) in body
    assert body.index("Тақырып 14") < body.index("Тақырып 0")  # pinned first
    assert page.context["page"].members == 31
    assert len(page.context["page"].upcoming) == 3 and len(page.context["page"].recent) == 3
