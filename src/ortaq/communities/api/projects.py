"""Development projects in the API: mine, one with its stages, starting one, filling a stage,
adding its items, moving on, submitting, comments, assessment, and the showcase."""

import datetime
import uuid
from collections.abc import Iterable
from typing import Any, Literal

from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import FilterSchema, Query, Router, Schema
from ninja.pagination import paginate
from ninja.responses import Status
from pydantic import Field

from ortaq.accounts.queries import current_user
from ortaq.communities.choices import Stage
from ortaq.communities.models import (
    Comment,
    ConsultationNote,
    EvidenceItem,
    LogEntry,
    Project,
)
from ortaq.communities.queries import circles as circle_queries
from ortaq.communities.queries import projects as queries
from ortaq.communities.services import projects as services
from ortaq.core.errors import DomainError
from ortaq.core.models import Subject
from ortaq.core.pagination import Pages

router = Router(tags=["projects"])


class ProjectFields(Schema):
    id: int
    title: str
    owner: str
    circle_id: int
    subject_id: int | None
    theme: str
    stage: int
    status: str
    updated_at: datetime.datetime
    accepted_at: datetime.datetime | None


class ProjectOut(ProjectFields):
    @staticmethod
    def resolve_owner(project: Project) -> str:
        return project.owner.get_full_name()


class ItemOut(Schema):
    id: int
    text: str
    on_date: datetime.date | None = None


class StageOut(Schema):
    number: int
    label: str
    reached: bool
    missing: list[str]
    fields: dict[str, Any]
    items: list[ItemOut]
    comments: list[str]


class ProjectDetailOut(ProjectFields):
    next_step: str
    stages: list[StageOut]


ONCE = "A fresh key per item: the same key sent twice (a double click) makes one."


class ProjectIn(Schema):
    circle_id: int
    title: str
    subject_id: int | None = None
    theme: str = ""
    client_key: uuid.UUID | None = Field(None, description=ONCE)


class StageFieldsIn(Schema):
    fields: dict[str, Any] = Field(
        description="Stage 1: values, concern. Stage 3: aims, actions, timeline, involved, "
        "planned_evidence. Stage 6: presentation_title, presented_at, presented_on "
        "(YYYY-MM-DD or null), event_url (http or https), summary. Texts are strings; a wrong "
        "type, date, length or link is refused with 400 naming the field."
    )


class ConsultationIn(Schema):
    consulted: str
    who: str = ""
    said: str
    on_date: datetime.date
    client_key: uuid.UUID | None = Field(None, description=ONCE)


class LogIn(Schema):
    on_date: datetime.date
    text: str
    client_key: uuid.UUID | None = Field(None, description=ONCE)


class EvidenceIn(Schema):
    kind: str
    caption: str
    text: str
    pupils_appear: bool = False
    consent_obtained: bool = False
    client_key: uuid.UUID | None = Field(None, description=ONCE)


class CommentIn(Schema):
    stage: int
    body: str
    client_key: uuid.UUID | None = None


class CommentOut(Schema):
    id: int
    stage: int
    body: str
    created_at: datetime.datetime


class AssessmentIn(Schema):
    levels: dict[str, int]
    comment: str = ""
    accept: bool


class ShowcaseFilters(FilterSchema):
    q: str | None = None
    region: int | None = None
    school: str | None = Field(None, description="A school's name or BIN.")
    subject: int | None = None
    theme: str | None = None


class ShowcaseOut(Schema):
    """An accepted project as the network reads it (not her notes, log, evidence or
    assessment: those stay with her and those who run her circle)."""

    id: int
    title: str
    owner: str
    school_id: int | None
    school_name: str | None
    region_id: int
    subject_id: int | None
    theme: str
    concern: str
    presentation_title: str
    presented_at: str
    presented_on: datetime.date | None
    event_url: str | None
    summary: str
    accepted_at: datetime.datetime | None

    @staticmethod
    def resolve_owner(project: Project) -> str:
        return project.owner.get_full_name()

    @staticmethod
    def resolve_school_id(project: Project) -> int | None:
        school = queries.school_of(project)
        return school.pk if school else None

    @staticmethod
    def resolve_school_name(project: Project) -> str | None:
        school = queries.school_of(project)
        return school.name if school else None

    @staticmethod
    def resolve_region_id(project: Project) -> int:
        return project.circle.region_id

    @staticmethod
    def resolve_event_url(project: Project) -> str | None:
        return project.event_link or None


def _detail(request: HttpRequest, project_id: int) -> ProjectDetailOut:
    viewer = current_user(request)
    page = queries.project_page(project_id=project_id, user=viewer)
    project = page.project
    items: dict[int, list[ItemOut]] = {
        Stage.CONSULTATION: [
            ItemOut(id=n.pk, text=f"{n.get_consulted_display()}: {n.said}", on_date=n.on_date)
            for n in project.consultations.all()
        ],
        Stage.LEADING: [
            ItemOut(id=e.pk, text=e.text, on_date=e.on_date) for e in project.log.all()
        ],
        Stage.EVIDENCE: [ItemOut(id=e.pk, text=e.caption) for e in project.evidence.all()],
    }
    stages = [
        StageOut(
            number=s.value,
            label=str(s.label),
            reached=s.value <= project.stage,
            missing=page.missing(s.value),
            fields={f: getattr(project, f) for f in services.STAGE_FIELDS.get(s.value, ())},
            items=items.get(s.value, []),
            comments=[c.body for c in page.comments.get(s.value, [])],
        )
        for s in Stage
    ]
    return ProjectDetailOut(
        id=project.pk,
        title=project.title,
        owner=project.owner.get_full_name(),
        circle_id=project.circle_id,
        subject_id=project.subject_id,
        theme=project.theme,
        stage=project.stage,
        status=project.status,
        updated_at=project.updated_at,
        accepted_at=project.accepted_at,
        next_step=queries.next_step(page, viewer),
        stages=stages,
    )


def _project(request: HttpRequest, project_id: int) -> Project:
    return queries.project_page(project_id=project_id, user=current_user(request)).project


@router.get("/projects", response=list[ProjectOut], summary="My projects")
@paginate(Pages)
def mine(request: HttpRequest) -> object:
    return queries.projects_of(user=current_user(request))


@router.get(
    "/projects/followed",
    response=list[ProjectOut],
    summary="The projects of the circles I facilitate (what I follow and assess)",
)
@paginate(Pages)
def followed(request: HttpRequest) -> object:
    return queries.projects_followed(user=current_user(request))


@router.get(
    "/circles/{circle_id}/projects",
    response=list[ProjectOut],
    summary="A circle's projects: titles and stages (each project opens for her and its runners)",
)
@paginate(Pages)
def of_circle(request: HttpRequest, circle_id: int) -> object:
    user = current_user(request)
    circle = circle_queries.circle_get_for_user(circle_id=circle_id, user=user)
    return queries.circle_projects(circle=circle, user=user)


@router.get(
    "/showcase",
    response=list[ShowcaseOut],
    summary="Accepted projects across the network (signed-in teachers)",
)
@paginate(Pages)
def showcase(request: HttpRequest, filters: Query[ShowcaseFilters]) -> object:
    return queries.showcase(
        user=current_user(request),
        q=filters.q or "",
        region_id=filters.region,
        school=filters.school or "",
        subject_id=filters.subject,
        theme=filters.theme or "",
    )


@router.get("/showcase/{project_id}", response=ShowcaseOut, summary="One accepted project")
def showcase_entry(request: HttpRequest, project_id: int) -> Project:
    return queries.showcase_entry(project_id=project_id, user=current_user(request))


def _subject(subject_id: int | None) -> Subject | None:
    """The subject named by its id; an unknown one is refused, not ignored."""
    if subject_id is None:
        return None
    subject = Subject.objects.filter(pk=subject_id).first()
    if subject is None:
        raise DomainError(_("There is no such subject."), code="subject")
    return subject


@router.post("/projects", response={201: ProjectDetailOut}, summary="Start my project")
def create(request: HttpRequest, data: ProjectIn) -> Status[ProjectDetailOut]:
    actor = current_user(request)
    circle = circle_queries.circle_get_for_user(circle_id=data.circle_id, user=actor)
    subject = _subject(data.subject_id)
    project = services.project_create(
        actor=actor,
        circle=circle,
        title=data.title,
        subject=subject,
        theme=data.theme,
        client_key=data.client_key,
    )
    return Status(201, _detail(request, project.pk))


@router.get("/projects/{project_id}", response=ProjectDetailOut, summary="A project, by stage")
def detail(request: HttpRequest, project_id: int) -> ProjectDetailOut:
    return _detail(request, project_id)


@router.put(
    "/projects/{project_id}/stages/{stage}",
    response=ProjectDetailOut,
    summary="Save the fields of stage 1, 3 or 6",
)
def update_stage(
    request: HttpRequest, project_id: int, stage: int, data: StageFieldsIn
) -> ProjectDetailOut:
    services.project_update(
        actor=current_user(request),
        project=_project(request, project_id),
        stage=stage,
        data=data.fields,
    )
    return _detail(request, project_id)


class ProjectChangeIn(Schema):
    """Only what is given changes; ``subject_id`` null clears the subject."""

    title: str | None = Field(None, max_length=200)
    subject_id: int | None = None
    theme: str | None = Field(None, max_length=120)


@router.patch(
    "/projects/{project_id}",
    response=ProjectDetailOut,
    summary="Change my project's title, subject or theme",
)
def update_project(
    request: HttpRequest, project_id: int, data: ProjectChangeIn
) -> ProjectDetailOut:
    given = data.dict(exclude_unset=True)
    fields: dict[str, Any] = {k: v for k, v in given.items() if k in ("title", "theme")}
    if "subject_id" in given:
        fields["subject"] = _subject(given["subject_id"])
    services.project_update(
        actor=current_user(request),
        project=_project(request, project_id),
        stage=None,
        data=fields,
    )
    return _detail(request, project_id)


@router.delete(
    "/projects/{project_id}/{kind}/{item_id}",
    response=ProjectDetailOut,
    summary="Remove a note of consultation, a log entry or a piece of evidence (and its file)",
)
def remove_item(
    request: HttpRequest, project_id: int, kind: Literal["consultations", "log", "evidence"],
    item_id: int,
) -> ProjectDetailOut:  # fmt: skip
    project = _project(request, project_id)
    # The kinds are the project's relations, which ``project_page`` has read already.
    items: Iterable[ConsultationNote | LogEntry | EvidenceItem] = getattr(project, kind).all()
    item = next((i for i in items if i.pk == item_id), None)
    if item is None:
        raise Http404
    services.item_remove(actor=current_user(request), project=project, item=item)
    return _detail(request, project_id)


@router.post(
    "/projects/{project_id}/consultations", response={201: ProjectDetailOut}, summary="Stage 2"
)
def add_consultation(
    request: HttpRequest, project_id: int, data: ConsultationIn
) -> Status[ProjectDetailOut]:
    services.consultation_add(
        actor=current_user(request), project=_project(request, project_id), **data.dict()
    )
    return Status(201, _detail(request, project_id))


@router.post("/projects/{project_id}/log", response={201: ProjectDetailOut}, summary="Stage 4")
def add_log(request: HttpRequest, project_id: int, data: LogIn) -> Status[ProjectDetailOut]:
    services.log_add(
        actor=current_user(request), project=_project(request, project_id), **data.dict()
    )
    return Status(201, _detail(request, project_id))


@router.post(
    "/projects/{project_id}/evidence",
    response={201: ProjectDetailOut},
    summary="Stage 5, written evidence (files through the web page)",
)
def add_evidence(
    request: HttpRequest, project_id: int, data: EvidenceIn
) -> Status[ProjectDetailOut]:
    services.evidence_add(
        actor=current_user(request), project=_project(request, project_id), **data.dict()
    )
    return Status(201, _detail(request, project_id))


@router.post(
    "/projects/{project_id}/advance",
    response=ProjectDetailOut,
    summary="Move on from a complete stage (400 says what is missing); with from_stage, the "
    "stage the caller saw, a repeat once the project has moved on changes nothing",
)
def advance(
    request: HttpRequest, project_id: int, from_stage: int | None = None
) -> ProjectDetailOut:
    services.project_advance(
        actor=current_user(request),
        project=_project(request, project_id),
        from_stage=from_stage,
    )
    return _detail(request, project_id)


@router.post("/projects/{project_id}/submission", response=ProjectDetailOut, summary="Submit")
def submit(request: HttpRequest, project_id: int) -> ProjectDetailOut:
    services.project_submit(actor=current_user(request), project=_project(request, project_id))
    return _detail(request, project_id)


@router.post(
    "/projects/{project_id}/comments",
    response={201: CommentOut},
    summary="Comment on a stage (the same client_key twice makes one comment)",
)
def comment(request: HttpRequest, project_id: int, data: CommentIn) -> Status[Comment]:
    created = services.comment_add(
        actor=current_user(request),
        project=_project(request, project_id),
        stage=data.stage,
        body=data.body,
        client_key=data.client_key,
    )
    return Status(201, created)


@router.post(
    "/projects/{project_id}/assessment",
    response=ProjectDetailOut,
    summary="Assess a submitted portfolio (facilitators and methodologists); the same decision "
    "sent again changes nothing",
)
def assess(request: HttpRequest, project_id: int, data: AssessmentIn) -> ProjectDetailOut:
    services.project_assess(
        actor=current_user(request),
        project=_project(request, project_id),
        levels=data.levels,
        comment=data.comment,
        accept=data.accept,
    )
    return _detail(request, project_id)
