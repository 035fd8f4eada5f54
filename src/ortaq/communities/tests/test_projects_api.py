"""Development projects through the API: the whole cycle, and refusals as JSON."""

from typing import Any

import pytest
from django.test import Client

from ortaq.communities.choices import ProjectStatus
from ortaq.communities.models import Project
from ortaq.testing.factories import ALL_FULL, SUMMARY, facilitator_of, make_circle, make_user

pytestmark = pytest.mark.django_db


def call(client: Client, method: str, url: str, data: Any = None) -> Any:
    response = getattr(client, method)(f"/api/v1{url}", data, content_type="application/json")
    return response.status_code, response.json()


def test_the_whole_cycle_through_the_api(client: Client) -> None:
    teacher = make_user()
    circle = make_circle(members=(teacher,))
    client.force_login(teacher)
    status, project = call(client, "post", "/projects", {"circle_id": circle.pk, "title": "Клуб"})
    assert status == 201 and project["stage"] == 1 and project["next_step"]
    pid = project["id"]
    status, refused = call(client, "post", f"/projects/{pid}/advance")
    assert status == 400 and refused["detail"]
    steps = [
        ("put", f"/projects/{pid}/stages/1", {"fields": {"values": "V", "concern": "C"}}),
        ("post", f"/projects/{pid}/consultations",
         {"consulted": "pupils", "said": "S", "on_date": "2026-10-01"}),
        ("put", f"/projects/{pid}/stages/3", {"fields": dict.fromkeys(
            ("aims", "actions", "timeline", "involved", "planned_evidence"), "P")}),
        ("post", f"/projects/{pid}/log", {"on_date": "2026-10-02", "text": "Done"}),
        ("post", f"/projects/{pid}/evidence", {"kind": "notes", "caption": "N", "text": "T"}),
        ("put", f"/projects/{pid}/stages/6", {"fields": {
            "presentation_title": "P", "presented_at": "Seminar", "summary": SUMMARY}}),
    ]  # fmt: skip
    for method, url, data in steps:
        status, body = call(client, method, url, data)
        assert status in (200, 201), body
        status, body = call(client, "post", f"/projects/{pid}/advance")
        assert status == 200, body
    assert body["stage"] == 7
    status, body = call(client, "post", f"/projects/{pid}/submission")
    assert status == 200 and body["status"] == "submitted"
    status, _body = call(
        client, "post", f"/projects/{pid}/assessment", {"levels": ALL_FULL, "accept": True}
    )
    assert status == 403
    client.force_login(facilitator_of(circle))
    status, body = call(
        client, "post", f"/projects/{pid}/assessment", {"levels": ALL_FULL, "accept": True}
    )
    assert status == 200 and body["status"] == "accepted"
    client.force_login(make_user())
    status, found = call(client, "get", "/showcase?q=Клуб")
    assert status == 200 and found["count"] == 1
    [entry] = found["items"]
    assert (entry["concern"], entry["presentation_title"]) == ("C", "P")
    assert entry["summary"] == SUMMARY and entry["school_id"] == circle.school_id
    assert not {"stages", "comments", "next_step"} & set(entry)
    status, one = call(client, "get", f"/showcase/{pid}")
    assert status == 200 and one == entry
    # The network reads the showcase entry; the project itself stays with her and her circle.
    assert call(client, "get", f"/projects/{pid}")[0] == 404
    assert circle.school is not None
    assert call(client, "get", f"/showcase?school={circle.school.bin}")[1]["count"] == 1
    assert call(client, "get", "/showcase?school=0000")[1]["count"] == 0


def test_facilitators_find_what_to_assess_and_circles_list_their_projects(
    client: Client,
) -> None:
    teacher, colleague = make_user(), make_user()
    circle = make_circle(members=(teacher, colleague))
    client.force_login(teacher)
    _status, project = call(client, "post", "/projects", {"circle_id": circle.pk, "title": "Клуб"})
    client.force_login(facilitator_of(circle))
    status, followed = call(client, "get", "/projects/followed")
    assert status == 200 and [p["id"] for p in followed["items"]] == [project["id"]]
    client.force_login(colleague)
    status, listed = call(client, "get", f"/circles/{circle.pk}/projects")
    assert status == 200 and [p["title"] for p in listed["items"]] == ["Клуб"]
    assert call(client, "get", "/projects/followed")[1]["count"] == 0
    assert call(client, "get", f"/projects/{project['id']}")[0] == 404  # a colleague's own work
    client.force_login(make_user())
    assert call(client, "get", f"/circles/{circle.pk}/projects")[0] == 404
    assert call(client, "get", f"/showcase/{project['id']}")[0] == 404  # not accepted


def test_nobody_accepts_her_own_portfolio(client: Client) -> None:
    circle = make_circle()
    facilitator = facilitator_of(circle)
    client.force_login(facilitator)
    _status, project = call(client, "post", "/projects", {"circle_id": circle.pk, "title": "Ө"})
    Project.objects.filter(pk=project["id"]).update(stage=7, status=ProjectStatus.SUBMITTED)
    status, refused = call(
        client,
        "post",
        f"/projects/{project['id']}/assessment",
        {"levels": ALL_FULL, "accept": True},
    )
    assert status == 403 and refused["detail"]
    assert Project.objects.get().status == ProjectStatus.SUBMITTED


def test_an_outsider_gets_404_and_a_visitor_401(client: Client) -> None:
    teacher = make_user()
    circle = make_circle(members=(teacher,))
    client.force_login(teacher)
    _status, project = call(client, "post", "/projects", {"circle_id": circle.pk, "title": "X"})
    client.force_login(make_user())
    assert call(client, "get", f"/projects/{project['id']}")[0] == 404
    status, _ = call(client, "post", "/projects", {"circle_id": circle.pk, "title": "Y"})
    assert status == 404
    client.logout()
    assert call(client, "get", f"/projects/{project['id']}")[0] == 401


def test_a_lone_facilitators_portfolio_goes_to_the_methodologists_over_the_circle(
    people: dict[str, Any], django_capture_on_commit_callbacks: Any
) -> None:
    from django.core import mail

    from ortaq.communities.services import projects as services
    from ortaq.testing.factories import make_project, take_to_portfolio

    circle = make_circle(school=people["school"], facilitator=people["facilitator"])
    project = take_to_portfolio(make_project(owner=people["facilitator"], circle=circle))
    with django_capture_on_commit_callbacks(execute=True):
        services.project_submit(actor=people["facilitator"], project=project)
    told = {m.to[0] for m in mail.outbox}
    assert told == {people["coordinator"].email, people["district_coordinator"].email}


def test_she_renames_her_project_and_removes_items_through_the_api(client: Client) -> None:
    from ortaq.communities.models import LogEntry
    from ortaq.core.models import Subject

    teacher, colleague = make_user(), make_user()
    circle = make_circle(members=(teacher, colleague))
    client.force_login(teacher)
    _status, project = call(client, "post", "/projects", {"circle_id": circle.pk, "title": "Ескі"})
    pid = project["id"]
    subject = Subject.objects.first()
    assert subject is not None
    status, changed = call(
        client, "patch", f"/projects/{pid}", {"title": "Жаңа", "subject_id": subject.pk}
    )
    assert status == 200 and changed["title"] == "Жаңа" and changed["subject_id"] == subject.pk
    status, kept = call(client, "patch", f"/projects/{pid}", {"theme": "Оқу"})
    assert (kept["title"], kept["subject_id"], kept["theme"]) == ("Жаңа", subject.pk, "Оқу")
    for wrong in ({"subject_id": 999999}, {"title": "  "}):
        status, refused = call(client, "patch", f"/projects/{pid}", wrong)
        assert status == 400 and refused["detail"], wrong
    Project.objects.filter(pk=pid).update(stage=4)
    call(client, "post", f"/projects/{pid}/log", {"on_date": "2026-10-02", "text": "Істелді"})
    entry = LogEntry.objects.get()
    client.force_login(colleague)
    assert call(client, "delete", f"/projects/{pid}/log/{entry.pk}")[0] == 404
    assert call(client, "patch", f"/projects/{pid}", {"title": "Менікі"})[0] == 404
    client.force_login(teacher)
    assert call(client, "delete", f"/projects/{pid}/evidence/{entry.pk}")[0] == 404
    assert call(client, "delete", f"/projects/{pid}/notes/{entry.pk}")[0] == 422
    status, after = call(client, "delete", f"/projects/{pid}/log/{entry.pk}")
    assert status == 200 and not LogEntry.objects.exists()
    assert call(client, "delete", f"/projects/{pid}/log/{entry.pk}")[0] == 404


def test_starting_with_an_unknown_subject_is_refused(client: Client) -> None:
    teacher = make_user()
    circle = make_circle(members=(teacher,))
    client.force_login(teacher)
    status, refused = call(
        client, "post", "/projects", {"circle_id": circle.pk, "title": "Х", "subject_id": 999999}
    )
    assert status == 400 and refused["detail"]
    assert not Project.objects.exists()
