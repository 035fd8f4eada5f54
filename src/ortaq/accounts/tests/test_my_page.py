"""Her own page as the start of the day: where to continue, what came back, what waits for her
in the circles and the questions, and the account's settings apart."""

from typing import Any

import pytest
from django.core import mail
from django.test import Client

from ortaq.communities.choices import MemberRole, MembershipStatus
from ortaq.communities.services import projects as project_services
from ortaq.courses.choices import ActivityKind
from ortaq.courses.services import reflection_review, reflection_submit
from ortaq.testing.factories import (
    add_member,
    enrol,
    make_circle,
    make_course,
    make_project,
    make_user,
    take_to_portfolio,
)

pytestmark = pytest.mark.django_db
K = ActivityKind


def test_a_teacher_continues_at_the_next_required_activity_and_sees_what_came_back(
    client: Client, django_capture_on_commit_callbacks: Any
) -> None:
    built = make_course(kinds=(K.PAGE, K.REFLECTION, K.VIDEO))
    optional, reflection, video = built.activities
    optional.required = False
    optional.save(update_fields=["required"])
    reflection.review_required = True
    reflection.save(update_fields=["review_required"])
    teacher = make_user()
    enrol(teacher, built.course)
    submitted = reflection_submit(actor=teacher, activity=reflection, text="Мен үйрендім.")
    with django_capture_on_commit_callbacks(execute=True):
        reflection_review(
            actor=built.trainer, submission=submitted, accept=False, feedback="Мысал келтіріңіз."
        )
    # She is told by e-mail too, in her language, with what to change and where.
    (told,) = [m for m in mail.outbox if teacher.email in m.to]
    assert "Мысал келтіріңіз." in told.body
    assert f"/kk/courses/{built.course.pk}/a/{reflection.pk}/" in told.body
    client.force_login(teacher)
    page = client.get("/en/me/").content.decode()
    assert "My courses" in page and "Returned for changes" in page
    assert f'href="/en/courses/{built.course.pk}/a/{reflection.pk}/"' in page
    # Where she stopped is the first required activity not done, never the optional one.
    assert "Continue: " not in page or optional.title not in page.split("Continue: ")[1][:200]
    assert "Delete my account" not in page and 'href="/en/me/settings/"' in page
    waiting = client.get("/api/v1/me/waiting").json()  # the API lists it the same
    assert [r["activity_id"] for r in waiting["returned_reflections"]] == [reflection.pk]
    settings_page = client.get("/en/me/settings/").content.decode()
    assert 'href="/en/me/delete/"' in settings_page


def test_a_facilitator_sees_a_submitted_portfolio_and_a_request_to_join(
    client: Client, people: dict[str, Any]
) -> None:
    facilitator = people["facilitator"]
    circle = make_circle(school=people["school"])
    add_member(circle, facilitator, role=MemberRole.FACILITATOR)
    project = take_to_portfolio(make_project(circle=circle))
    project_services.project_submit(actor=project.owner, project=project)
    add_member(circle, make_user(), status=MembershipStatus.REQUESTED)
    client.force_login(facilitator)
    page = client.get("/en/me/").content.decode()
    assert "Waiting for you in the circles" in page
    assert f'href="/en/projects/{project.pk}/portfolio/"' in page
    assert f"1 person asks to join “{circle.name}”" in page
    assert circle.name in page.split("My circles")[1]


def test_a_methodologist_sees_her_reports_and_is_not_asked_for_a_school(
    client: Client, people: dict[str, Any]
) -> None:
    client.force_login(people["coordinator"])
    page = client.get("/en/me/").content.decode()
    assert 'href="/en/circles/report/"' in page
    assert "Choose your school" not in page
    client.force_login(make_user(profile__school=None))
    assert "Choose your school" in client.get("/en/me/").content.decode()
