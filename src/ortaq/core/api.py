"""The audit log in the API, for administrators of the whole country; background jobs (imports,
bulk enrolments) for the person who started them."""

from datetime import date, datetime
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from ortaq.core.audit import AuditFilter, audit_details_text, audit_events
from ortaq.core.jobs import job_get_for_user
from ortaq.core.models import AuditAction, AuditEvent, Job, JobKind, JobState
from ortaq.core.pagination import Pages

if TYPE_CHECKING:
    from ortaq.core.actors import Account

router = Router(tags=["audit"])


class PersonRef(Schema):
    id: int
    name: str
    email: str


class AuditEventOut(Schema):
    id: int
    at: datetime
    action: AuditAction
    action_label: str
    actor: PersonRef | None = Field(description="null: the operator at the command line")
    person: PersonRef | None
    object_type: str | None = Field(description='"app_label.model"')
    object_id: str
    object_label: str
    reason: str
    details: dict[str, object]
    summary: str


class AuditPage(Schema):
    items: list[AuditEventOut]
    next_before: int | None = Field(
        description="pass it as `before` for the next (older) page; null on the last page"
    )


class AuditQuery(Schema):
    action: AuditAction | None = None
    who: str | None = Field(None, max_length=254, description="part of an e-mail, either side")
    since: date | None = None
    until: date | None = None
    object_type: str | None = Field(None, max_length=100, description='"app_label.model"')
    object_id: str | None = Field(None, max_length=64)
    before: int | None = Field(None, ge=1, description="the `next_before` of the previous page")
    limit: int = Field(50, ge=1, le=200)


def _person(user: "Account | None") -> PersonRef | None:
    if user is None:
        return None
    return PersonRef(id=user.pk, name=str(user), email=user.email)


def _event(event: AuditEvent) -> AuditEventOut:
    kind = event.object_type
    return AuditEventOut(
        id=event.pk,
        at=event.at,
        action=AuditAction(event.action),
        action_label=event.get_action_display(),
        actor=_person(event.actor),
        person=_person(event.person),
        object_type=f"{kind.app_label}.{kind.model}" if kind is not None else None,
        object_id=event.object_id,
        object_label=event.object_label,
        reason=event.reason,
        details=event.details,
        summary=audit_details_text(event),
    )


@router.get("/audit", response=AuditPage, summary="The audit log")
def audit_log(request: HttpRequest, filters: Query[AuditQuery]) -> AuditPage:
    """Privileged acts, newest first, a page at a time (keyset: pass `next_before` as
    `before`). Administrators of the whole country only."""
    if not request.user.has_perm("core.view_audit"):
        raise PermissionDenied
    criteria = AuditFilter(
        action=filters.action or "",
        who=filters.who or "",
        since=filters.since,
        until=filters.until,
        object_type=filters.object_type or "",
        object_id=filters.object_id or "",
        before=filters.before,
    )
    events = list(audit_events(criteria)[: filters.limit + 1])
    more = len(events) > filters.limit
    events = events[: filters.limit]
    return AuditPage(items=[_event(e) for e in events], next_before=events[-1].pk if more else None)


jobs_router = Router(tags=["jobs"])


class JobErrorOut(Schema):
    line: int = Field(description="the line of the file (the header is line 1); 0: none")
    column: str
    value: str = Field(description="the e-mail or IIN of a line that could not be enrolled")
    message: str


class JobOut(Schema):
    """A background job: an import or a bulk enrolment, its progress and then its result."""

    id: int
    kind: JobKind
    kind_label: str
    state: JobState = Field(description="queued, running, succeeded or failed")
    label: str = Field(description="what it works on: the file's name, or the course")
    phase: str = Field(description='while running: "checking" the rows, then "writing"')
    done: int
    total: int = Field(description="rows (an estimate while checking); 0 when not yet known")
    percent: int
    summary: dict[str, int] = Field(
        description="when succeeded: created, updated, unchanged (imports); enrolled, already, "
        "moved, came_back (enrolments)"
    )
    message: str = Field(description="when failed: why, in the language the job was started in")
    errors: list[JobErrorOut] = Field(
        description="line by line: the problems of a failed import, or the lines a bulk "
        "enrolment could not enrol; the first 1,000"
    )
    error_count: int
    created_at: datetime
    started_at: datetime | None
    finished_at: datetime | None
    url: str = Field(description="this resource, to poll until state is succeeded or failed")

    @staticmethod
    def resolve_kind_label(job: Job) -> str:
        return str(job.get_kind_display())

    @staticmethod
    def resolve_url(job: Job) -> str:
        return reverse("api:job", kwargs={"job_id": job.pk})


def job_out(job: Job) -> JobOut:
    """The job as the API shows it."""
    return JobOut.from_orm(job)


def accepted(request: HttpRequest, response: HttpResponse, job: Job) -> Status[JobOut]:
    """Answer a request that queued ``job``: 202 with the job, and its address in Location."""
    out = job_out(job)
    response["Location"] = out.url
    return Status(202, out)


@jobs_router.get("/jobs", response=list[JobOut], summary="My background jobs")
@paginate(Pages)
def my_jobs(request: HttpRequest) -> QuerySet[Job]:
    """The imports and bulk enrolments I started, newest first."""
    return Job.objects.filter(started_by_id=request.user.pk)


@jobs_router.get("/jobs/{job_id}", response=JobOut, url_name="job", summary="A background job")
def job(request: HttpRequest, job_id: int) -> JobOut:
    """Poll it until `state` is `succeeded` or `failed`. Only the person who started it and the
    platform's administrators may read it (404 for anyone else)."""
    return job_out(job_get_for_user(job_id=job_id, user=request.user))
