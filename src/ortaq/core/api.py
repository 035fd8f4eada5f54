"""The audit log in the API, for administrators of the whole country."""

from datetime import date, datetime
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from ortaq.core.audit import AuditFilter, audit_details_text, audit_events
from ortaq.core.models import AuditAction, AuditEvent

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
