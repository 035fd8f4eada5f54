"""Granting and taking away roles."""

from collections.abc import Sequence
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, transaction
from django.db.models import Model
from django.utils.translation import gettext as _

from ortaq.accounts.models import RoleAssignment, User
from ortaq.accounts.permissions import may_grant
from ortaq.core.audit import audit_record
from ortaq.core.errors import DomainError, NotAllowed
from ortaq.core.models import AuditAction
from ortaq.core.roles import COUNTRY, Role, Scope, Scoped, ScopeKind
from ortaq.schools.models import District, Region, School

ScopeTarget = Region | District | School | Model | None


def scope_kind_of(target: ScopeTarget) -> str:
    """Say what kind of scope a region, district, school, other object or None (country) is."""
    if target is None:
        return ScopeKind.COUNTRY
    if isinstance(target, Region):
        return ScopeKind.REGION
    if isinstance(target, District):
        return ScopeKind.DISTRICT
    if isinstance(target, School):
        return ScopeKind.SCHOOL
    return ScopeKind.OBJECT


def scope_chain_of(target: ScopeTarget) -> Sequence[Scope]:
    """Every scope ``target`` lies within, from the country down to the target itself."""
    if target is None:
        return (COUNTRY,)
    if isinstance(target, Scoped):
        chain = list(target.scope_chain())
        if scope_kind_of(target) == ScopeKind.OBJECT:
            label = f"{target._meta.app_label}.{target._meta.model_name}"
            own = Scope.of_object(label, target.pk)
            if chain[-1] != own:
                chain.append(own)
        return tuple(chain)
    label = f"{target._meta.app_label}.{target._meta.model_name}"
    return (COUNTRY, Scope.of_object(label, target.pk))


def _assignment_fields(target: ScopeTarget) -> dict[str, Any]:
    if target is None:
        return {}
    kind = scope_kind_of(target)
    if kind == ScopeKind.OBJECT:
        return {
            "content_type": ContentType.objects.get_for_model(target),
            "object_id": target.pk,
        }
    return {kind: target}


def role_grant(
    *, actor: User | None, user: User, role: str, target: ScopeTarget = None
) -> RoleAssignment:
    """Give ``user`` the ``role`` within ``target`` (None: the whole country), exactly once.

    Granting a role she already holds there returns the existing assignment. ``actor`` None is
    the operator at the console.
    """
    if role not in Role.values:
        raise DomainError(_("Unknown role."))
    if actor is not None and not may_grant(actor, role, scope_chain_of(target)):
        raise NotAllowed(_("You may not grant this role here."))
    fields = {"user": user, "role": role, "scope_kind": scope_kind_of(target)}
    fields.update(_assignment_fields(target))
    try:
        with transaction.atomic():
            assignment, created = RoleAssignment.objects.get_or_create(
                **fields, defaults={"granted_by": actor}
            )
            if created and actor is not None:
                _audit(actor, AuditAction.ROLE_GRANT, assignment)
    except IntegrityError:
        # Two people granted the same role at the same moment: the other one's row stands.
        assignment = RoleAssignment.objects.get(**fields)
    user.forget_role_grants()
    return assignment


def _audit(actor: User | None, action: AuditAction, assignment: RoleAssignment) -> None:
    target = assignment.target()
    audit_record(
        actor=actor,
        action=action,
        person=assignment.user,
        role=assignment.role,
        scope=str(target) if target is not None else "",
    )


@transaction.atomic
def role_revoke(*, actor: User | None, assignment: RoleAssignment) -> None:
    """Take a role away. The last administrator of the whole country cannot be removed."""
    if actor is not None and not may_grant(
        actor, assignment.role, scope_chain_of(assignment.target())
    ):
        raise NotAllowed(_("You may not take away this role."))
    if assignment.role == Role.ADMIN and assignment.scope_kind == ScopeKind.COUNTRY:
        admins = RoleAssignment.objects.select_for_update(of=("self",)).filter(
            role=Role.ADMIN, scope_kind=ScopeKind.COUNTRY
        )
        if len(admins) <= 1:
            raise DomainError(_("Ortaq needs at least one administrator for the whole country."))
    _audit(actor, AuditAction.ROLE_REVOKE, assignment)
    assignment.delete()
    assignment.user.forget_role_grants()
