"""Development projects, more: every stage field is checked (a 400 naming the field, never a
500, and never a non-web link on the portfolio, old rows included); a double click starts one
project and adds one note, entry or piece of evidence (service, pages, API, and at the same
moment on PostgreSQL); assessing and moving on twice changes nothing the second time."""

import datetime
import uuid
from typing import Any

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from ortaq.certificates.models import Certificate
from ortaq.communities.choices import Consulted, EvidenceKind, ProjectStatus, Stage
from ortaq.communities.models import (
    Assessment,
    ConsultationNote,
    EvidenceItem,
    LogEntry,
    Project,
)
from ortaq.communities.services import projects as services
from ortaq.core.errors import DomainError, NotAllowed
from ortaq.testing.factories import (
    ALL_FULL,
    facilitator_of,
    fill_stage,
    make_circle,
    make_project,
    make_user,
    take_to_portfolio,
)
from ortaq.testing.factories import PROJECT_DAY as DAY
from ortaq.testing.files import PNG
from ortaq.testing.refusals import assert_refused
from ortaq.testing.utils import at_once

pytestmark = pytest.mark.django_db


def api(client: Client, method: str, url: str, data: Any = None) -> tuple[int, Any]:
    response = getattr(client, method)(
        f"/api/v1{url}", data, content_type="application/json", headers={"accept-language": "en"}
    )
    return response.status_code, response.json()


def _stage_fields(project: Project) -> dict[str, Any]:
    project.refresh_from_db()
    return {
        name: getattr(project, name) for names in services.STAGE_FIELDS.values() for name in names
    }


# 1. Stage fields: checked whoever sends them.

REFUSED: list[tuple[int, dict[str, Any], str]] = [
    (6, {"presented_on": "notadate"}, "Presented on"),
    (6, {"presented_on": "2026-13-45"}, "Presented on"),
    (6, {"presented_on": 20261001}, "Presented on"),
    (6, {"presented_on": ["2026-10-01"]}, "Presented on"),
    (6, {"summary": 123}, "Summary for publication"),
    (6, {"presentation_title": None}, "Presentation"),
    (6, {"presentation_title": "Т" * 201}, "Presentation"),
    (6, {"presented_at": {"name": "x"}}, "Network event"),
    (6, {"event_url": "javascript:alert(1)"}, "Link to the event"),
    (6, {"event_url": "JavaScript:alert(1)//https://x.kz"}, "Link to the event"),
    (6, {"event_url": "data:text/html,<b>x</b>"}, "Link to the event"),
    (6, {"event_url": "ftp://files.example.kz/a"}, "Link to the event"),
    (6, {"event_url": "https://"}, "Link to the event"),
    (6, {"event_url": "https://example.kz/" + "a" * 300}, "Link to the event"),
    (1, {"values": ["a", "b"]}, "What matters to me"),
    (1, {"concern": "a\x00b"}, "The concern I will work on"),
    (3, {"aims": {"x": 1}}, "Aims"),
    (3, {"timeline": True}, "Timeline"),
]


# The API refuses control characters itself, before the service (ortaq.api.parsing).
NUL_IN_A_FIELD = (1, {"concern": "a\x00b"}, "The concern I will work on")


@pytest.mark.parametrize(("stage", "fields", "label"), [r for r in REFUSED if r != NUL_IN_A_FIELD])
def test_the_api_refuses_a_bad_stage_field_naming_it(
    client: Client, stage: int, fields: dict[str, Any], label: str
) -> None:
    owner = make_user(language="en")
    project = make_project(owner=owner, stage=Stage.SHARING, values="V", aims="A")
    before = _stage_fields(project)
    client.force_login(owner)
    status, body = api(client, "put", f"/projects/{project.pk}/stages/{stage}", {"fields": fields})
    assert status == 400, body
    assert body["detail"].startswith(f"Check “{label}”: "), body
    assert _stage_fields(project) == before


def test_the_api_refuses_a_control_character_in_a_stage_field_naming_it(client: Client) -> None:
    owner = make_user(language="en")
    project = make_project(owner=owner, stage=Stage.SHARING, values="V", aims="A")
    before = _stage_fields(project)
    client.force_login(owner)
    stage, fields, _label = NUL_IN_A_FIELD
    status, body = api(client, "put", f"/projects/{project.pk}/stages/{stage}", {"fields": fields})
    assert status == 422, body
    assert body["detail"][0]["loc"] == ["body", "fields", "concern"]
    assert _stage_fields(project) == before


def test_the_service_refuses_bad_values_and_writes_nothing() -> None:
    project = make_project(stage=Stage.SHARING)
    before = _stage_fields(project)
    for stage, fields, _label in REFUSED:
        with pytest.raises(DomainError) as refused:
            services.project_update(actor=project.owner, project=project, stage=stage, data=fields)
        assert refused.value.code == "field", fields
    assert _stage_fields(project) == before
    with pytest.raises(DomainError) as refused:
        services.project_update(actor=project.owner, project=project, stage=2, data={})
    assert refused.value.code == "stage"
    with pytest.raises(DomainError) as refused:
        services.project_create(
            actor=project.owner, circle=project.circle, title="Т" * 201, theme="x"
        )
    assert refused.value.code == "field"
    with pytest.raises(DomainError) as refused:
        services.project_create(actor=project.owner, circle=project.circle, title=None)  # type: ignore[arg-type]
    assert refused.value.code == "empty"
    assert Project.objects.count() == 1


def test_good_values_are_stored_clean(client: Client) -> None:
    owner = make_user(language="en")
    project = make_project(owner=owner, stage=Stage.SHARING)
    client.force_login(owner)
    fields = {
        "presentation_title": "  Reading club  ",
        "presented_at": "District seminar",
        "presented_on": "2026-10-01",
        "event_url": "https://edu.example.kz/seminar?id=4",
    }
    status, body = api(client, "put", f"/projects/{project.pk}/stages/6", {"fields": fields})
    assert status == 200, body
    project.refresh_from_db()
    assert project.presentation_title == "Reading club"
    assert project.presented_on == datetime.date(2026, 10, 1)
    assert project.event_url == "https://edu.example.kz/seminar?id=4"
    status, body = api(
        client, "put", f"/projects/{project.pk}/stages/6", {"fields": {"presented_on": None}}
    )
    assert status == 200, body
    cleared = Project.objects.get(pk=project.pk)
    assert cleared.presented_on is None and cleared.presentation_title == "Reading club"


def test_the_portfolio_never_links_anything_but_a_web_address(client: Client) -> None:
    owner = make_user(language="en")
    project = take_to_portfolio(make_project(owner=owner))
    client.force_login(owner)
    url = f"/en/projects/{project.pk}/portfolio/"
    # A row written before the check (or by hand) holds a script address: it is not linked.
    Project.objects.filter(pk=project.pk).update(event_url="javascript:alert(1)")
    page = client.get(url).content.decode()
    assert "javascript:" not in page and "the event</a>" not in page
    Project.objects.filter(pk=project.pk).update(event_url="https://edu.example.kz/s")
    page = client.get(url).content.decode()
    assert '<a href="https://edu.example.kz/s" rel="noopener">the event</a>' in page


def test_the_sharing_form_refuses_a_link_that_is_not_a_web_address(client: Client) -> None:
    owner = make_user(language="en")
    project = make_project(owner=owner, stage=Stage.SHARING)
    client.force_login(owner)
    response = client.post(
        f"/en/projects/{project.pk}/stages/6/",
        {
            "form": "fields",
            "presentation_title": "Club",
            "presented_at": "Seminar",
            "event_url": "ftp://files.example.kz/a",
            "summary": "",
        },
    )
    assert response.status_code == 200
    assert response.context["stage_form"].errors["event_url"] == [
        "Give a web address that starts with http:// or https://."
    ]
    project.refresh_from_db()
    assert project.event_url == "" and project.presentation_title == ""


# 2. One-time keys: a double click makes one row.


def test_the_same_key_twice_makes_one_project_and_one_item_each() -> None:
    project = make_project(stage=Stage.EVIDENCE)
    owner, circle = project.owner, project.circle
    key = uuid.uuid4()
    started = [
        services.project_create(actor=owner, circle=circle, title="Клуб", client_key=key)
        for _click in range(2)
    ]
    assert started[0].pk == started[1].pk
    assert Project.objects.filter(owner=owner).count() == 2  # the factory's and this one
    other_circle = make_circle(members=(owner,))
    with pytest.raises(DomainError) as refused:  # her key, sent for another circle
        services.project_create(actor=owner, circle=other_circle, title="Клуб", client_key=key)
    assert refused.value.code == "client_key"
    for _click in range(2):
        services.consultation_add(
            actor=owner, project=project, consulted=Consulted.PARENTS, who="", said="Иә",
            on_date=DAY, client_key=key,
        )  # fmt: skip
        services.log_add(actor=owner, project=project, on_date=DAY, text="Іс", client_key=key)
        services.evidence_add(
            actor=owner, project=project, kind=EvidenceKind.PHOTO, caption="Сурет",
            upload=SimpleUploadedFile("s.png", PNG, content_type="image/png"), client_key=key,
        )  # fmt: skip
    assert ConsultationNote.objects.count() == LogEntry.objects.count() == 1
    assert EvidenceItem.objects.count() == 1
    # Without a key each sending adds (the old behaviour); a new key adds a new item.
    services.log_add(actor=owner, project=project, on_date=DAY, text="Іс")
    services.log_add(actor=owner, project=project, on_date=DAY, text="Іс")
    services.log_add(actor=owner, project=project, on_date=DAY, text="Іс", client_key=uuid.uuid4())
    assert LogEntry.objects.count() == 4
    with pytest.raises(DomainError) as refused:
        services.consultation_add(
            actor=owner, project=project, consulted=Consulted.PARENTS, who="ә" * 201,
            said="Иә", on_date=DAY,
        )  # fmt: skip
    assert refused.value.code == "who"
    with pytest.raises(DomainError) as refused:
        services.evidence_add(
            actor=owner, project=project, kind=EvidenceKind.NOTES, caption="ә" * 301, text="т"
        )
    assert refused.value.code == "caption"


def _key_on(page: Any, form: str) -> str:
    key = str(page.context[form]["client_key"].value())
    assert uuid.UUID(key) and f'value="{key}"' in page.content.decode()
    return key


def test_double_clicks_on_the_pages_make_one_of_each(client: Client) -> None:
    teacher = make_user(language="en")
    circle = make_circle(members=(teacher,))
    client.force_login(teacher)
    new = f"/en/circles/{circle.pk}/projects/new/"
    key = _key_on(client.get(new), "form")
    assert _key_on(client.get(new), "form") != key  # a fresh one each time the form is shown
    posted = [client.post(new, {"title": "Reading club", "client_key": key}) for _ in range(2)]
    project = Project.objects.get()
    assert [p["Location"] for p in posted] == [f"/en/projects/{project.pk}/"] * 2
    Project.objects.filter(pk=project.pk).update(stage=Stage.EVIDENCE)
    items: dict[int, tuple[dict[str, str], Any]] = {
        2: ({"consulted": "pupils", "who": "Grade 5", "said": "More", "on_date": "2026-10-01"},
            ConsultationNote),
        4: ({"on_date": "2026-10-02", "text": "Club opened"}, LogEntry),
        5: ({"kind": "notes", "caption": "Survey", "text": "80%"}, EvidenceItem),
    }  # fmt: skip
    for stage, (data, model) in items.items():
        url = f"/en/projects/{project.pk}/stages/{stage}/"
        key = _key_on(client.get(url), "item_form")
        for _click in range(2):
            response = client.post(url, {"form": "item", "client_key": key, **data})
            assert response.status_code == 302
        assert model.objects.count() == 1, model


def test_double_clicks_through_the_api_make_one_of_each(client: Client) -> None:
    teacher = make_user()
    circle = make_circle(members=(teacher,))
    client.force_login(teacher)
    key = str(uuid.uuid4())
    made = [
        api(client, "post", "/projects", {"circle_id": circle.pk, "title": "X", "client_key": key})
        for _ in range(2)
    ]
    assert [m[0] for m in made] == [201, 201] and made[0][1]["id"] == made[1][1]["id"]
    pid = made[0][1]["id"]
    Project.objects.filter(pk=pid).update(stage=Stage.EVIDENCE)
    for url, data in (
        ("consultations", {"consulted": "pupils", "said": "S", "on_date": "2026-10-01"}),
        ("log", {"on_date": "2026-10-02", "text": "Done"}),
        ("evidence", {"kind": "notes", "caption": "N", "text": "T"}),
    ):
        for _click in range(2):
            status, body = api(
                client, "post", f"/projects/{pid}/{url}", {**data, "client_key": key}
            )
            assert status == 201, body
    assert Project.objects.count() == ConsultationNote.objects.count() == 1
    assert LogEntry.objects.count() == EvidenceItem.objects.count() == 1


# 3. Assessing and moving on: the same click twice.


def test_assessing_twice_with_the_same_decision_changes_nothing(
    django_capture_on_commit_callbacks: Any,
) -> None:
    project = take_to_portfolio(make_project())
    facilitator = facilitator_of(project.circle)
    services.project_submit(actor=project.owner, project=project)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        first = services.project_assess(
            actor=facilitator, project=project, levels=ALL_FULL, comment="Жақсы", accept=True
        )
    told = [m.to for m in mail.outbox]
    assert told and all(to == [project.owner.email] for to in told)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        again = services.project_assess(
            actor=facilitator, project=project, levels=ALL_FULL, comment="Жақсы", accept=True
        )
    assert again.pk == first.pk and Assessment.objects.count() == 1
    assert Certificate.objects.filter(holder=project.owner).count() == 1
    assert callbacks == [] and [m.to for m in mail.outbox] == told
    # Another decision is not a repeat: once accepted, it is refused.
    with pytest.raises(NotAllowed):
        services.project_assess(
            actor=facilitator, project=project, levels=ALL_FULL, comment="Жоқ", accept=False
        )
    # Nor may someone else "repeat" her decision.
    with pytest.raises(NotAllowed):
        services.project_assess(
            actor=make_user(), project=project, levels=ALL_FULL, comment="", accept=True
        )
    project.refresh_from_db()
    assert project.status == ProjectStatus.ACCEPTED and Assessment.objects.count() == 1


def test_returning_twice_returns_once(client: Client) -> None:
    project = take_to_portfolio(make_project())
    facilitator = facilitator_of(project.circle)
    services.project_submit(actor=project.owner, project=project)
    client.force_login(facilitator)
    url = f"/en/projects/{project.pk}/assess/"
    form = {f"level_{c}": str(v) for c, v in ALL_FULL.items()}
    form |= {"decision": "return", "comment": "Add the survey."}
    responses = [client.post(url, form) for _click in range(2)]
    assert [r.status_code for r in responses] == [302, 302]
    assert Assessment.objects.count() == 1
    assert Project.objects.get(pk=project.pk).status == ProjectStatus.RETURNED
    # The page itself stays closed to her once nothing waits, and to others on sending.
    assert_refused(client.get(url), as_="onlooker")
    client.force_login(make_user())
    assert_refused(client.post(url, form), as_="outsider")
    assert Assessment.objects.count() == 1


def test_assessing_twice_through_the_api(client: Client) -> None:
    project = take_to_portfolio(make_project())
    services.project_submit(actor=project.owner, project=project)
    client.force_login(facilitator_of(project.circle))
    url = f"/projects/{project.pk}/assessment"
    for _click in range(2):
        status, body = api(client, "post", url, {"levels": ALL_FULL, "accept": True})
        assert status == 200 and body["status"] == "accepted", body
    assert Assessment.objects.count() == 1


def _first_two_stages_filled(project: Project) -> Project:
    """Stages 1 and 2 complete, while she is still at stage 1."""
    fill_stage(project, Stage.CONCERN)
    fill_stage(project, Stage.CONSULTATION)
    Project.objects.filter(pk=project.pk).update(stage=Stage.CONCERN)
    project.refresh_from_db()
    return project


def test_moving_on_twice_moves_one_stage() -> None:
    project = _first_two_stages_filled(make_project(stage=Stage.CONSULTATION))
    owner = project.owner
    for _click in range(2):
        moved = services.project_advance(actor=owner, project=project, from_stage=Stage.CONCERN)
        assert moved.stage == Stage.CONSULTATION
    assert Project.objects.get(pk=project.pk).stage == Stage.CONSULTATION
    with pytest.raises(DomainError) as refused:
        services.project_advance(actor=owner, project=project, from_stage=Stage.LEADING)
    assert refused.value.code == "stage_ahead"
    services.project_advance(actor=owner, project=project, from_stage=Stage.CONSULTATION)
    assert Project.objects.get(pk=project.pk).stage == Stage.PLAN


def test_moving_on_twice_on_the_page_and_the_api(client: Client) -> None:
    owner = make_user(language="en")
    project = _first_two_stages_filled(make_project(owner=owner, stage=Stage.CONSULTATION))
    client.force_login(owner)
    page = client.get(f"/en/projects/{project.pk}/stages/1/").content.decode()
    assert '<input type="hidden" name="from_stage" value="1">' in page
    url = f"/en/projects/{project.pk}/advance/"
    responses = [client.post(url, {"from_stage": "1"}) for _click in range(2)]
    assert [r["Location"] for r in responses] == [f"/en/projects/{project.pk}/stages/2/"] * 2
    assert Project.objects.get(pk=project.pk).stage == Stage.CONSULTATION
    for _click in range(2):
        status, body = api(client, "post", f"/projects/{project.pk}/advance?from_stage=2")
        assert status == 200 and body["stage"] == Stage.PLAN, body
    assert Project.objects.get(pk=project.pk).stage == Stage.PLAN


# 4. At the same moment, with real transactions.


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_double_click_at_once_makes_one_project_and_one_note(reference_data: None) -> None:
    teacher = make_user()
    circle = make_circle(members=(teacher,))
    key = uuid.uuid4()
    started = at_once(
        lambda: services.project_create(actor=teacher, circle=circle, title="X", client_key=key),
        times=3,
    )
    assert all(isinstance(r, Project) for r in started), started
    assert len({r.pk for r in started}) == 1 and Project.objects.count() == 1
    project = Project.objects.get()
    Project.objects.filter(pk=project.pk).update(stage=Stage.EVIDENCE)
    notes = at_once(
        lambda: services.consultation_add(
            actor=teacher, project=Project.objects.get(pk=project.pk), consulted=Consulted.PUPILS,
            who="", said="Иә", on_date=DAY, client_key=key,
        ),
        times=3,
    )  # fmt: skip
    assert all(isinstance(r, ConsultationNote) for r in notes), notes
    assert ConsultationNote.objects.count() == 1
    evidence = at_once(
        lambda: services.evidence_add(
            actor=teacher, project=Project.objects.get(pk=project.pk), kind=EvidenceKind.NOTES,
            caption="N", text="T", client_key=key,
        ),
        times=3,
    )  # fmt: skip
    assert all(isinstance(r, EvidenceItem) for r in evidence), evidence
    assert EvidenceItem.objects.count() == 1
