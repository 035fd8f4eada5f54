"""The audit log: record a privileged act, and read the log with filters.

Services call :func:`audit_record` inside their own transaction, so that an act that is rolled
back leaves no record and one that is written always does.
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import Model, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ortaq.core.actors import Actor, Visitor
from ortaq.core.models import AuditAction, AuditEvent
from ortaq.core.roles import Role, ScopeKind

PAGE_SIZE = 50

# Why IINs were looked up (``details["purpose"]`` of an IIN look-up).
IIN_PURPOSES = {
    "enrolment": gettext_lazy("bulk enrolment"),
    "import": gettext_lazy("teachers import"),
    "profile": gettext_lazy("a profile"),
}


def audit_record(
    *,
    actor: Visitor | None,
    action: AuditAction,
    person: Actor | None = None,
    target: Model | None = None,
    label: str = "",
    reason: str = "",
    **details: Any,
) -> AuditEvent:
    """Record that ``actor`` (None: the operator at the console) did ``action``.

    ``person`` is the account acted upon, ``target`` the object (described by ``label``, or by
    its ``str()``: never write a person's name there), ``details`` small JSON-able facts (counts,
    the role, the scope).
    """
    # By id: ``core`` knows the account model only through ``Actor`` (``accounts`` lies above).
    event = AuditEvent(
        actor_id=actor.pk if actor is not None and actor.is_authenticated else None,
        action=action,
        person_id=person.pk if person is not None else None,
        reason=reason,
        details=details,
    )
    if target is not None:
        event.object_type = ContentType.objects.get_for_model(target)
        event.object_id = str(target.pk)
        event.object_label = (label or str(target))[:300]
    elif label:
        event.object_label = label[:300]
    event.save()
    return event


@dataclass(frozen=True, slots=True)
class AuditFilter:
    """What the log is narrowed to: any combination, all optional."""

    action: str = ""
    who: str = ""  # an e-mail, or a part of it, of the actor or of the person acted upon
    since: date | None = None
    until: date | None = None
    object_type: str = ""  # "app_label.model"
    object_id: str = ""
    before: int | None = None  # the id of the last event of the previous page


def audit_events(criteria: AuditFilter) -> QuerySet[AuditEvent]:
    """The log, newest first, narrowed by ``criteria``; callers take a page of it.

    Keyset pagination (``before``) keeps a page as cheap at the millionth event as at the first.
    """
    events = AuditEvent.objects.select_related("actor", "person", "object_type")
    if criteria.action:
        events = events.filter(action=criteria.action)
    if criteria.who:
        events = events.filter(
            Q(actor__email__icontains=criteria.who) | Q(person__email__icontains=criteria.who)
        )
    zone = timezone.get_current_timezone()
    if criteria.since is not None:
        events = events.filter(at__gte=datetime.combine(criteria.since, time.min, zone))
    if criteria.until is not None:
        end = datetime.combine(criteria.until + timedelta(days=1), time.min, zone)
        events = events.filter(at__lt=end)
    if criteria.object_type:
        app_label, _dot, model = criteria.object_type.partition(".")
        events = events.filter(object_type__app_label=app_label, object_type__model=model)
        if criteria.object_id:
            events = events.filter(object_id=criteria.object_id)
    if criteria.before is not None:
        events = events.filter(pk__lt=criteria.before)
    return events.order_by("-pk")


def audit_filter_of(form: Any, before: str | None) -> AuditFilter:
    """Read the filter form (page or API query) into an :class:`AuditFilter`; an invalid form
    narrows nothing it could not read."""
    data = form.cleaned_data if form.is_valid() else {}
    return AuditFilter(
        action=data.get("action") or "",
        who=data.get("who") or "",
        since=data.get("since"),
        until=data.get("until"),
        object_type=data.get("object_type") or "",
        object_id=data.get("object_id") or "",
        before=int(before) if before and before.isascii() and before.isdigit() else None,
    )


def _count_line(details: dict[str, Any], text: Any) -> str:
    counts = {key: details.get(key, 0) for key in _COUNT_KEYS}
    return str(text) % counts


_COUNT_KEYS = ("created", "updated", "unchanged", "enrolled", "already", "moved", "failed")


def audit_details_text(event: AuditEvent) -> str:
    """The event's details as a sentence in the page's language (the stored keys are data)."""
    details = event.details or {}
    action = event.action
    if action in (AuditAction.ROLE_GRANT, AuditAction.ROLE_REVOKE) and "role" in details:
        role = Role(details["role"]).label if details["role"] in Role.values else details["role"]
        return _("%(role)s, within: %(scope)s") % {
            "role": role,
            "scope": details.get("scope") or ScopeKind.COUNTRY.label,
        }
    if action in (AuditAction.SCHOOLS_IMPORT, AuditAction.TEACHERS_IMPORT):
        return _count_line(
            details, _("%(created)s created, %(updated)s updated, %(unchanged)s unchanged.")
        )
    if action == AuditAction.BULK_ENROL:
        return _count_line(
            details,
            _(
                "%(enrolled)s enrolled, %(already)s already enrolled, %(moved)s moved to the "
                "cohort, %(failed)s not enrolled."
            ),
        )
    if action == AuditAction.REMINDERS_SEND:
        return _(
            "%(sent)s reminded, %(recent)s reminded less than %(days)s days ago, %(finished)s "
            "completed or closed."
        ) % {
            "sent": details.get("sent", 0),
            "recent": details.get("skipped_recent", 0),
            "days": details.get("days", 0),
            "finished": details.get("skipped_finished", 0),
        }
    if action == AuditAction.IIN_LOOKUP:
        purpose = IIN_PURPOSES.get(details.get("purpose", ""), details.get("purpose", ""))
        return _("%(count)s IINs (%(purpose)s), of which %(probing)s could tell something new.") % {
            "count": details.get("count", 0),
            "purpose": purpose,
            "probing": details.get("probing", 0),
        }
    return ""
