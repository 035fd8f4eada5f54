"""Project pages: the matrix of who may do what, the files, the PDF and the showcase."""

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from ortaq.communities.choices import CircleKind, EvidenceKind, ProjectStatus, Stage, Visibility
from ortaq.communities.models import Circle, Project
from ortaq.communities.services import projects as services
from ortaq.testing.factories import (
    ALL_FULL,
    SUMMARY,
    add_member,
    make_circle,
    make_project,
    make_user,
    take_to_portfolio,
)
from ortaq.testing.files import PNG

pytestmark = pytest.mark.django_db

ROLES = (
    "anonymous", "owner", "colleague", "circle_facilitator", "teacher", "far_teacher",
    "facilitator", "principal", "coordinator", "district_coordinator", "other_coordinator",
    "trainer", "admin",
)  # fmt: skip
# Who runs the circle: its facilitator, methodologists over it, administrators.
RUNNERS = {"circle_facilitator", "coordinator", "district_coordinator", "admin"}


@pytest.fixture
def cast(people: dict[str, Any]) -> dict[str, Any]:
    circle = make_circle(school=people["school"], visibility=Visibility.MEMBERS)
    owner, colleague = make_user(), make_user()
    add_member(circle, colleague)
    project = take_to_portfolio(make_project(owner=owner, circle=circle))
    return {
        **people,
        "owner": owner,
        "colleague": colleague,
        "circle_facilitator": circle.memberships.get(role="facilitator").user,
        "circle": circle,
        "project": project,
    }


def _as(client: Client, cast: dict[str, Any], role: str) -> None:
    if cast[role] is not None:
        client.force_login(cast[role])


@pytest.mark.parametrize("role", ROLES)
def test_who_sees_a_project_in_progress(client: Client, cast: dict[str, Any], role: str) -> None:
    project = cast["project"]
    _as(client, cast, role)
    for url in (
        f"/en/projects/{project.pk}/",
        f"/en/projects/{project.pk}/stages/1/",
        f"/en/projects/{project.pk}/portfolio/",
        f"/en/projects/{project.pk}/portfolio.pdf",
    ):
        response = client.get(url)
        if role == "anonymous":
            assert response.status_code == 302, url
        elif role == "owner" or role in RUNNERS:
            assert response.status_code == 200, url
        else:
            assert response.status_code == 404, url
            assert project.concern not in response.content.decode(errors="ignore")


@pytest.mark.parametrize("role", ROLES)
def test_who_may_change_submit_and_assess(client: Client, cast: dict[str, Any], role: str) -> None:
    project = cast["project"]
    _as(client, cast, role)
    client.post(
        f"/en/projects/{project.pk}/stages/1/",
        {"form": "fields", "values": "Changed", "concern": "Changed"},
    )
    changed = Project.objects.get().values == "Changed"
    assert changed == (role == "owner")
    client.post(f"/en/projects/{project.pk}/portfolio/")
    submitted = Project.objects.get().status == ProjectStatus.SUBMITTED
    assert submitted == (role == "owner")
    if not submitted:
        services.project_submit(actor=cast["owner"], project=project)
    data = {f"level_{c}": v for c, v in ALL_FULL.items()} | {"decision": "accept"}
    response = client.post(f"/en/projects/{project.pk}/assess/", data)
    accepted = Project.objects.get().status == ProjectStatus.ACCEPTED
    assert accepted == (role in RUNNERS), response.status_code


@pytest.mark.parametrize("role", ROLES)
def test_the_network_reads_an_accepted_projects_showcase_entry_not_its_portfolio(
    client: Client, cast: dict[str, Any], role: str
) -> None:
    project = cast["project"]
    services.comment_add(
        actor=cast["circle_facilitator"], project=project, stage=Stage.CONSULTATION,
        body="Ата-аналардың пікірін де жазыңыз.",
    )  # fmt: skip
    services.project_submit(actor=cast["owner"], project=project)
    services.project_assess(
        actor=cast["circle_facilitator"], project=project, levels=ALL_FULL,
        comment="Өте жақсы жұмыс.", accept=True,
    )  # fmt: skip
    _as(client, cast, role)
    showcase = client.get("/en/showcase/")
    entry = client.get(f"/en/showcase/{project.pk}/")
    if role == "anonymous":
        assert showcase.status_code == entry.status_code == 302
        return
    assert project.title in showcase.content.decode()
    assert f"/en/showcase/{project.pk}/" in showcase.content.decode()
    text = entry.content.decode()
    assert entry.status_code == 200
    assert "Оқушылар мәтінді түсінбейді." in text and "Оқу клубы" in text  # concern, sharing
    assert SUMMARY.split()[0] in text
    # Her notes of consultation, her log, the comments and the assessment are not in it.
    for private in ("Оқу сағатын қосайық.", "Оқу клубы ашылды.", "Ата-аналардың", "Өте жақсы"):
        assert private not in text, private
    assert cast["circle"].name not in text  # the members-only circle stays unnamed
    full = role == "owner" or role in RUNNERS
    for url in (
        f"/en/projects/{project.pk}/",
        f"/en/projects/{project.pk}/stages/2/",
        f"/en/projects/{project.pk}/portfolio/",
        f"/en/projects/{project.pk}/portfolio.pdf",
    ):
        assert client.get(url).status_code == (200 if full else 404), url
    assert (f"/en/projects/{project.pk}/portfolio/" in text) == full


def test_an_entry_is_only_for_accepted_projects(client: Client, cast: dict[str, Any]) -> None:
    client.force_login(cast["far_teacher"])
    assert client.get(f"/en/showcase/{cast['project'].pk}/").status_code == 404
    services.project_submit(actor=cast["owner"], project=cast["project"])
    assert client.get(f"/en/showcase/{cast['project'].pk}/").status_code == 404


def test_the_showcase_is_searched_by_school_its_name_or_bin(
    client: Client, cast: dict[str, Any]
) -> None:
    project = cast["project"]
    services.project_submit(actor=cast["owner"], project=project)
    services.project_assess(
        actor=cast["circle_facilitator"], project=project, levels=ALL_FULL, comment="",
        accept=True,
    )  # fmt: skip
    school, other_school = cast["school"], cast["other_school"]
    school.name_kk, other_school.name_ru = "Ақсу ауылының мектебі", "Школа села Жана-Арна"
    school.save()
    other_school.save()
    # A project of a network circle is found by its teacher's school.
    network = make_circle(school=cast["far_school"])
    Circle.objects.filter(pk=network.pk).update(kind=CircleKind.NETWORK, school=None)
    network.refresh_from_db()
    teacher = make_user(profile__school=cast["other_school"])
    other = take_to_portfolio(make_project(owner=teacher, circle=network))
    services.project_submit(actor=teacher, project=other)
    services.project_assess(
        actor=network.memberships.get(role="facilitator").user, project=other,
        levels=ALL_FULL, comment="", accept=True,
    )  # fmt: skip
    client.force_login(cast["far_teacher"])
    for query, found in (
        (school.name_kk, {project.pk}),
        ("АҚСУ", {project.pk}),
        (school.bin, {project.pk}),
        (other_school.name_ru, {other.pk}),
        (other_school.bin, {other.pk}),
        ("Жоқ мектеп", set()),
    ):
        page = client.get("/en/showcase/", {"school": query})
        assert {p.pk for p, _school in page.context["entries"]} == found, query
    listed = client.get("/en/showcase/", {"q": "Жана-Арна"}).content.decode()
    assert other.title in listed and other_school.name_kk in listed


def test_files_where_pupils_appear_stay_with_her_and_her_facilitators(
    client: Client, cast: dict[str, Any]
) -> None:
    project = cast["project"]
    owner = cast["owner"]
    plain = services.evidence_add(
        actor=owner, project=project, kind=EvidenceKind.PHOTO, caption="Стенд",
        upload=SimpleUploadedFile("wall.png", PNG, "image/png"),
    )  # fmt: skip
    pupils = services.evidence_add(
        actor=owner, project=project, kind=EvidenceKind.PHOTO, caption="Сынып",
        upload=SimpleUploadedFile("class.png", PNG, "image/png"), pupils_appear=True,
        consent_obtained=True,
    )  # fmt: skip
    services.project_submit(actor=owner, project=project)
    services.project_assess(
        actor=cast["circle_facilitator"], project=project, levels=ALL_FULL, comment="",
        accept=True,
    )  # fmt: skip
    url = f"/en/projects/{project.pk}/evidence/{{}}/file/"
    for who, sees_plain, sees_pupils in (
        ("owner", True, True),
        ("circle_facilitator", True, True),
        ("colleague", False, False),  # the files stay in her portfolio, accepted or not
        ("far_teacher", False, False),
    ):
        client.force_login(cast[who])
        assert (client.get(url.format(plain.pk)).status_code == 200) == sees_plain
        assert (client.get(url.format(pupils.pk)).status_code == 200) == sees_pupils
    # The stored file is never served by a public media URL.
    client.logout()
    assert client.get(f"/media/{pupils.file.name}").status_code == 404
    assert client.get(url.format(pupils.pk)).status_code == 302


def test_the_pdf_is_the_portfolio_in_kazakh(client: Client, cast: dict[str, Any]) -> None:
    import io

    import pypdf

    client.force_login(cast["owner"])
    response = client.get(f"/kk/projects/{cast['project'].pk}/portfolio.pdf")
    assert response["Content-Type"] == "application/pdf"
    text = "".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(response.content)).pages)
    assert "Оқушылардың оқу сауаттылығы" in text
    assert "Алматы облысы" in text  # the region's name in the reader's language
    assert "1. Құндылықтар мен мәселе" in text and "Values and concern" not in text


def test_a_teacher_takes_a_project_through_the_pages(
    client: Client, people: dict[str, Any]
) -> None:
    circle = make_circle(school=people["school"], members=(people["teacher"],))
    client.force_login(people["teacher"])
    response = client.post(
        f"/en/circles/{circle.pk}/projects/new/", {"title": "Reading club", "theme": "reading"}
    )
    project = Project.objects.get()
    assert response["Location"] == f"/en/projects/{project.pk}/"
    page = client.get(f"/en/projects/{project.pk}/").content.decode()
    assert "Next: write what matters to you" in page
    # Stages ahead are listed once each (the list numbers them) and open to read, explained.
    first = client.get(f"/en/projects/{project.pk}/stages/1/").content.decode()
    assert "1. 1." not in first and "msg-error" not in first
    ahead = client.get(f"/en/projects/{project.pk}/stages/4/")
    assert ahead.status_code == 200
    assert "This stage is not reached yet: the project is at stage 1." in ahead.content.decode()
    portfolio = client.get(f"/en/projects/{project.pk}/stages/7/")
    assert portfolio["Location"] == f"/en/projects/{project.pk}/portfolio/"
    refused = client.post(f"/en/projects/{project.pk}/advance/", follow=True)
    assert "Name the concern you will work on." in refused.content.decode()
    client.post(
        f"/en/projects/{project.pk}/stages/1/",
        {"form": "fields", "values": "Every child reads.", "concern": "Pupils skim."},
    )
    client.post(f"/en/projects/{project.pk}/advance/")
    assert Project.objects.get().stage == Stage.CONSULTATION
    client.post(
        f"/en/projects/{project.pk}/stages/2/",
        {"form": "item", "consulted": "pupils", "who": "Grade 5", "said": "More stories",
         "on_date": "2026-10-01"},
    )  # fmt: skip
    assert project.consultations.count() == 1
    note = project.consultations.get()
    client.post(
        f"/en/projects/{project.pk}/stages/2/", {"form": "remove", "kind": "consultation",
                                                   "item": note.pk},
    )  # fmt: skip
    assert project.consultations.count() == 0
    assert (
        client.post(
            f"/en/projects/{project.pk}/stages/2/", {"form": "remove", "kind": "log", "item": "x"}
        ).status_code
        == 404
    )
