"""Who runs an event beside the one it is held by (decision 0023): its staff. Staff organisers
run it as fully as its organiser; moderators and chairs are named on it (and certified as
such). Those who run it add and remove them by e-mail on the event's staff page; every change
is audited, since a staff organiser reads the participants' contact details and attendance.

An event held by a school, an association or an office keeps at least one staff organiser (its
creator is the first, ``services.event_create``), so that a person answers for it; one held in
a person's name has her.
"""

from django.db import IntegrityError, transaction
from django.db.models import Case, IntegerField, QuerySet, Value, When
from django.utils.translation import gettext as _

from ortaq.accounts.models import User
from ortaq.core.audit import audit_record
from ortaq.core.errors import DomainError, NotAllowed
from ortaq.core.models import AuditAction
from ortaq.events.choices import EventStatus, OrganiserKind, StaffRole
from ortaq.events.models import Event, Staff
from ortaq.events.permissions import forget_runs

CHANGE = "events.change_event"


def staff_of(event: Event) -> QuerySet[Staff]:
    """The event's staff with their accounts, organisers first, then by name: one query."""
    order = {StaffRole.ORGANISER: 0, StaffRole.MODERATOR: 1, StaffRole.CHAIR: 2}
    rank = Case(
        *(When(role=role, then=Value(n)) for role, n in order.items()),
        output_field=IntegerField(),
    )
    return (
        Staff.objects.filter(event=event)
        .select_related("user")
        .annotate(rank=rank)
        .order_by("rank", "user__last_name", "user__first_name", "pk")
    )


def staff_kept(event: Event, rows: list[Staff]) -> set[int]:
    """Of ``rows`` (the event's whole staff), the ones ``staff_remove`` would refuse to take
    off: the last staff organiser of an event not held in a person's name. Their page offers
    no button to remove them."""
    organisers = [row.pk for row in rows if row.role == StaffRole.ORGANISER]
    if event.organiser_kind != OrganiserKind.PERSON and len(organisers) == 1:
        return set(organisers)
    return set()


def _already(person: User, role: str) -> str:
    messages = {
        StaffRole.ORGANISER: _("%(name)s is already an organiser of this event."),
        StaffRole.MODERATOR: _("%(name)s is already a moderator of this event."),
        StaffRole.CHAIR: _("%(name)s is already a chair of this event."),
    }
    return messages[StaffRole(role)] % {"name": person}


def added_message(person: User, role: str) -> str:
    messages = {
        StaffRole.ORGANISER: _("%(name)s is now an organiser of this event."),
        StaffRole.MODERATOR: _("%(name)s is now a moderator of this event."),
        StaffRole.CHAIR: _("%(name)s is now a chair of this event."),
    }
    return messages[StaffRole(role)] % {"name": person}


def _audit(actor: User | None, action: AuditAction, event: Event, person: User, role: str) -> None:
    audit_record(
        actor=actor, action=action, person=person, target=event, label=event.slug, role=role
    )


def _lock(event: Event) -> Event:
    return Event.objects.select_for_update(of=("self",)).get(pk=event.pk)


def staff_place(*, actor: User, event: Event, person: User, role: str) -> Staff:
    """Put ``person`` on the staff without asking whether ``actor`` runs it: for the service
    that creates the event (its creator its first organiser). Audited. Callers hold a
    transaction."""
    staff = Staff.objects.create(event=event, user=person, role=role, added_by=actor)
    _audit(actor, AuditAction.EVENT_STAFF_ADD, event, person, role)
    forget_runs(event)
    return staff


@transaction.atomic
def staff_add(*, actor: User, event: Event, person: User, role: str) -> Staff:
    """Make ``person`` an organiser, moderator or chair of ``event``. Refused with a reason
    when she is one already, when her account is closed, and once the event is cancelled."""
    if not actor.has_perm(CHANGE, event):
        raise NotAllowed(_("You may not change this event."))
    if role not in StaffRole.values:
        raise DomainError(_("Choose a role."), code="role")
    locked = _lock(event)
    if locked.status == EventStatus.CANCELLED:
        raise DomainError(_("The event is cancelled: it can no longer be changed."), code="state")
    if not person.is_active:
        raise DomainError(_("This account is no longer active."), code="inactive")
    if (
        role == StaffRole.ORGANISER
        and locked.organiser_kind == OrganiserKind.PERSON
        and locked.organiser_person_id == person.pk
    ):
        raise DomainError(
            _("%(name)s holds the event in her own name: she runs it already.") % {"name": person},
            code="already",
        )
    if Staff.objects.filter(event=locked, user=person, role=role).exists():
        raise DomainError(_already(person, role), code="already")
    try:
        with transaction.atomic():
            staff = staff_place(actor=actor, event=locked, person=person, role=role)
    except IntegrityError:
        # The same person added at the same moment by another organiser.
        raise DomainError(_already(person, role), code="already") from None
    forget_runs(event)
    return staff


@transaction.atomic
def staff_remove(*, actor: User, staff: Staff) -> None:
    """Take ``staff`` off the event's staff. The last staff organiser of an event held by a
    school, an association or an office stays: another is added first."""
    event = staff.event
    if not actor.has_perm(CHANGE, event):
        raise NotAllowed(_("You may not change this event."))
    locked = _lock(event)
    current = Staff.objects.select_related("user").filter(pk=staff.pk).first()
    if current is None:
        return
    if (
        current.role == StaffRole.ORGANISER
        and locked.organiser_kind != OrganiserKind.PERSON
        and Staff.objects.filter(event=locked, role=StaffRole.ORGANISER).count() == 1
    ):
        raise DomainError(
            _(
                "An event held by a school, an association or an office keeps at least one "
                "organiser on its staff: add another one first."
            ),
            code="last_organiser",
        )
    _audit(actor, AuditAction.EVENT_STAFF_REMOVE, locked, current.user, current.role)
    current.delete()
    forget_runs(event)
