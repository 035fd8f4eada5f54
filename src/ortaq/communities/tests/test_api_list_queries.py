"""The communities' API lists that had no count of their queries: each reads a page in the same
number of queries with one row as with many (no resolver reads the database once per row)."""

import datetime
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from ortaq.communities.choices import CircleKind, ProjectStatus
from ortaq.communities.models import Attendance, Circle, Meeting
from ortaq.communities.services import discussions
from ortaq.discussions import services as core_services
from ortaq.testing.factories import add_member, make_circle, make_project, make_school, make_user
from ortaq.testing.http import counted

pytestmark = pytest.mark.django_db


def grows_not(client: Client, url: str, who: Any, add: Any, *, many: int = 12) -> None:
    """The list answers ``url`` in as many queries after ``add`` made ``many`` more rows."""
    few, few_sql = counted(client, url, who)
    for n in range(many):
        add(n)
    more, more_sql = counted(client, url, who)
    assert more == few + many
    assert len(more_sql) == len(few_sql), "a query per row"


def test_meetings(client: Client) -> None:
    member = make_user()
    circle = make_circle(members=(member,))
    start = timezone.now() - datetime.timedelta(days=30)

    def add(n: int) -> None:
        meeting = Meeting.objects.create(
            circle=circle, starts_at=start + datetime.timedelta(days=n), place="Каб. 12"
        )
        Attendance.objects.create(meeting=meeting, user=member, present=True)

    add(-1)
    grows_not(client, f"/api/v1/circles/{circle.pk}/meetings", member, add)


def test_threads_and_the_reported_posts(client: Client) -> None:
    reader = make_user()
    circle = make_circle(members=(reader,))
    facilitator = circle.memberships.get(role="facilitator").user

    def add(n: int) -> None:
        author = make_user()
        add_member(circle, author)
        thread = discussions.thread_create(
            actor=author, circle=circle, title=f"Тақырып {n}", body="Мәтін"
        )
        core_services.post_report(actor=reader, post=thread.posts.get(), reason="Жарнама")

    add(-1)
    base = f"/api/v1/circles/{circle.pk}"
    grows_not(client, f"{base}/threads", reader, add)
    grows_not(client, f"{base}/reports", facilitator, add)


def test_projects_of_a_circle_and_those_followed(client: Client) -> None:
    circle = make_circle()
    facilitator = circle.memberships.get(role="facilitator").user

    def add(n: int) -> None:
        make_project(circle=circle, title=f"Жоба {n}")

    add(-1)
    grows_not(client, f"/api/v1/circles/{circle.pk}/projects", facilitator, add)
    grows_not(client, "/api/v1/projects/followed", facilitator, add)


def test_the_showcase(client: Client) -> None:
    school_circle = make_circle()
    network = Circle.objects.create(
        name="Желі", kind=CircleKind.NETWORK, region_id=school_circle.region_id
    )

    def add(n: int) -> None:
        # A network's project is its teacher's school's; a school circle's, the circle's.
        make_project(
            owner=make_user(profile__school=make_school()),
            circle=network if n % 2 else school_circle,
            title=f"Жоба {n}",
            status=ProjectStatus.ACCEPTED,
            accepted_at=timezone.now(),
        )

    add(-1)
    viewer = make_user()
    grows_not(client, "/api/v1/showcase", viewer, add)
    client.force_login(viewer)
    items = client.get("/api/v1/showcase").json()["items"]
    assert len(items) == 13 and all(i["school_id"] and i["school_name"] for i in items)
