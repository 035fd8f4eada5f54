"""Development projects: each stage's rule, moving on, the portfolio, its assessment, comments,
evidence files and the showcase."""

import datetime
import uuid
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from ortaq.certificates.models import Certificate
from ortaq.communities.choices import EvidenceKind, ProjectStatus, Stage
from ortaq.communities.models import Comment, EvidenceItem, Project
from ortaq.communities.queries.projects import showcase
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
from ortaq.testing.files import PNG

pytestmark = pytest.mark.django_db
DAY = datetime.date(2026, 10, 5)


def test_each_stage_must_hold_its_output_before_she_moves_on() -> None:
    project = make_project()
    for stage in range(Stage.CONCERN, Stage.PORTFOLIO):
        with pytest.raises(DomainError) as refused:
            services.project_advance(actor=project.owner, project=project)
        assert refused.value.code == "incomplete"
        assert Project.objects.get().stage == stage
        fill_stage(project, stage)
        services.project_advance(actor=project.owner, project=project)
        assert Project.objects.get().stage == stage + 1
    # At the portfolio, moving on again changes nothing.
    services.project_advance(actor=project.owner, project=project)
    assert Project.objects.get().stage == Stage.PORTFOLIO


def test_she_cannot_work_ahead_but_may_amend_an_earlier_stage() -> None:
    project = make_project()
    with pytest.raises(DomainError) as refused:
        services.log_add(actor=project.owner, project=project, on_date=DAY, text="Too soon")
    assert refused.value.code == "stage_ahead"
    fill_stage(project, Stage.CONCERN)
    services.project_advance(actor=project.owner, project=project)
    services.project_update(
        actor=project.owner, project=project, stage=Stage.CONCERN, data={"concern": "Жаңа"}
    )
    assert Project.objects.get().concern == "Жаңа"


def test_a_stage_takes_only_its_own_fields() -> None:
    project = make_project()
    with pytest.raises(DomainError) as refused:
        services.project_update(
            actor=project.owner, project=project, stage=Stage.CONCERN, data={"summary": "x"}
        )
    assert refused.value.code == "fields"


def test_the_summary_is_about_800_words() -> None:
    project = take_to_portfolio(make_project())
    with pytest.raises(DomainError) as refused:
        services.project_update(
            actor=project.owner, project=project, stage=Stage.SHARING,
            data={"summary": "сөз " * 1501},
        )  # fmt: skip
    assert refused.value.code == "summary_long"
    services.project_update(
        actor=project.owner, project=project, stage=Stage.SHARING, data={"summary": "Қысқа"}
    )
    with pytest.raises(DomainError) as refused:
        services.project_submit(actor=project.owner, project=project)
    assert refused.value.code == "incomplete" and str(Stage.SHARING.label) in refused.value.message


def test_evidence_with_pupils_needs_consent_and_files_are_checked() -> None:
    project = make_project()
    project.stage = Stage.EVIDENCE
    project.save()
    with pytest.raises(DomainError) as refused:
        services.evidence_add(
            actor=project.owner, project=project, kind=EvidenceKind.PHOTO, caption="Стенд",
            upload=SimpleUploadedFile("s.png", PNG, "image/png"), pupils_appear=True,
        )  # fmt: skip
    assert refused.value.code == "consent"
    with pytest.raises(DomainError) as refused:
        services.evidence_add(
            actor=project.owner, project=project, kind=EvidenceKind.PHOTO, caption="Стенд",
            upload=SimpleUploadedFile("s.png", b"MZ\x90\x00 not a picture", "image/png"),
        )  # fmt: skip
    assert refused.value.code == "wrong_type"
    assert not EvidenceItem.objects.exists()
    item = services.evidence_add(
        actor=project.owner, project=project, kind=EvidenceKind.PHOTO, caption="Стенд",
        upload=SimpleUploadedFile("s.png", PNG, "image/png"), pupils_appear=True,
        consent_obtained=True,
    )  # fmt: skip
    assert str(item.file.name).startswith("projects/") and item.file_name == "s.png"


def test_submit_assess_return_and_accept(
    mailoutbox: list[Any], django_capture_on_commit_callbacks: Any
) -> None:
    project = make_project()
    facilitator = facilitator_of(project.circle)
    with pytest.raises(DomainError) as refused:
        services.project_submit(actor=project.owner, project=project)
    assert refused.value.code == "stage"
    take_to_portfolio(project)
    with django_capture_on_commit_callbacks(execute=True):
        services.project_submit(actor=project.owner, project=project)
    services.project_submit(actor=project.owner, project=project)  # again: nothing changes
    assert Project.objects.get().status == ProjectStatus.SUBMITTED
    assert [m.to for m in mailoutbox] == [[facilitator.email]]
    # Submitted, it cannot change; nor can its owner assess it.
    with pytest.raises(NotAllowed):
        fill_stage(project, Stage.CONCERN)
    with pytest.raises(NotAllowed):
        services.project_assess(
            actor=project.owner, project=project, levels=ALL_FULL, comment="", accept=True
        )
    with pytest.raises(DomainError) as refused:
        services.project_assess(
            actor=facilitator, project=project, levels=ALL_FULL, comment="", accept=False
        )
    assert refused.value.code == "comment"
    with pytest.raises(DomainError) as refused:
        services.project_assess(
            actor=facilitator, project=project, levels={"concern": 2}, comment="", accept=True
        )
    assert refused.value.code == "levels"
    with django_capture_on_commit_callbacks(execute=True):
        services.project_assess(
            actor=facilitator, project=project, levels={**ALL_FULL, "evidence": 1},
            comment="Add the survey's questions.", accept=False,
        )  # fmt: skip
    project.refresh_from_db()
    assert project.status == ProjectStatus.RETURNED
    assert mailoutbox[-1].to == [project.owner.email]
    assert "Add the survey's questions." in mailoutbox[-1].body
    fill_stage(project, Stage.EVIDENCE)  # returned: she may amend it
    services.project_submit(actor=project.owner, project=project)
    services.project_assess(
        actor=facilitator, project=project, levels=ALL_FULL, comment="", accept=True
    )
    project.refresh_from_db()
    assert project.status == ProjectStatus.ACCEPTED and project.accepted_by == facilitator
    certificate = Certificate.objects.get(holder=project.owner)
    assert certificate.achievement == project and certificate.title == project.title
    reader = make_user()
    assert list(showcase(user=reader)) == [project]
    assert list(showcase(user=reader, q="МӘТІНДІ")) == [project]  # any case, Kazakh letters too
    assert list(showcase(user=reader, q="клубы")) == []  # the presentation title is not searched
    assert list(showcase(user=reader, region_id=project.circle.region_id + 1000)) == []


def test_comments_notify_the_other_side_once_per_click(
    mailoutbox: list[Any], django_capture_on_commit_callbacks: Any
) -> None:
    project = make_project()
    facilitator = facilitator_of(project.circle)
    key = uuid.uuid4()
    with django_capture_on_commit_callbacks(execute=True):
        for _click in range(2):
            services.comment_add(
                actor=facilitator, project=project, stage=Stage.CONCERN,
                body="Нақтырақ жазыңыз.", client_key=key,
            )  # fmt: skip
    assert Comment.objects.count() == 1
    assert [m.to for m in mailoutbox] == [[project.owner.email]]
    with django_capture_on_commit_callbacks(execute=True):
        services.comment_add(actor=project.owner, project=project, stage=1, body="Жарайды.")
    assert mailoutbox[-1].to == [facilitator.email]
    with pytest.raises(NotAllowed):
        services.comment_add(actor=make_user(), project=project, stage=1, body="Hi")


def test_only_members_start_projects() -> None:
    circle = make_circle()
    with pytest.raises(NotAllowed):
        services.project_create(actor=make_user(), circle=circle, title="X")


def test_the_project_pages_cost_the_same_whatever_the_project_holds(client: Any) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def counts(project: Project) -> list[int]:
        client.force_login(project.owner)
        found = []
        for url in (
            f"/en/projects/{project.pk}/",
            f"/en/projects/{project.pk}/stages/4/",
            f"/en/projects/{project.pk}/portfolio/",
            f"/en/circles/{project.circle_id}/projects/",
            "/en/projects/",
        ):
            client.get(url)  # her session, user and roles are cached from here on
            with CaptureQueriesContext(connection) as captured:
                assert client.get(url).status_code == 200
            found.append(len(captured))
        return found

    small = take_to_portfolio(make_project())
    large = take_to_portfolio(make_project())
    for _i in range(20):
        services.log_add(actor=large.owner, project=large, on_date=DAY, text="Тағы")
        services.comment_add(actor=large.owner, project=large, stage=4, body="Тағы")
        services.evidence_add(
            actor=large.owner, project=large, kind=EvidenceKind.NOTES, caption="Н", text="Т"
        )
    for _i in range(10):
        make_project(circle=large.circle)
    assert counts(small) == counts(large)


def test_methodologists_over_the_circle_may_revoke_a_portfolios_certificate(
    people: dict[str, Any],
) -> None:
    from ortaq.certificates.services import certificate_revoke

    project = take_to_portfolio(make_project(circle=make_circle(school=people["school"])))
    services.project_submit(actor=project.owner, project=project)
    services.project_assess(
        actor=facilitator_of(project.circle), project=project, levels=ALL_FULL, comment="",
        accept=True,
    )  # fmt: skip
    certificate = Certificate.objects.get()
    for who in ("other_coordinator", "principal", "teacher"):
        with pytest.raises(NotAllowed):
            certificate_revoke(actor=people[who], certificate=certificate, reason="Copied")
    with pytest.raises(NotAllowed):
        certificate_revoke(
            actor=facilitator_of(project.circle), certificate=certificate, reason="x"
        )
    certificate_revoke(actor=people["district_coordinator"], certificate=certificate, reason="x")
    certificate.refresh_from_db()
    assert certificate.revoked_at is not None
