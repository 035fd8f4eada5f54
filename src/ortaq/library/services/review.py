"""The review of a version (docs/decisions/0024-the-library.md): the author submits; a
moderator of the resource's place checks form and licence and either asks for changes or
assigns experts of its subject; each expert answers the checklist of its kind and recommends.
When every assigned expert has recommended, any request for changes sends the version back to
its author, and approval by all publishes it: it replaces the version published before, and
records who approved it, when and at which level. The author resubmits after changes: to the
same experts (a new round), or to the moderators if they asked for the changes.

Submitting, resubmitting and recommending again change nothing the second time.
"""

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from ortaq.accounts.models import User
from ortaq.accounts.queries import holders_over
from ortaq.core.audit import audit_record
from ortaq.core.background import enqueue_on_commit
from ortaq.core.errors import DomainError, NotAllowed
from ortaq.core.models import AuditAction
from ortaq.core.roles import Role
from ortaq.library import hooks, search
from ortaq.library.choices import (
    EDITABLE,
    CommentRole,
    Level,
    Recommendation,
    Status,
    Verdict,
)
from ortaq.library.models import (
    Alignment,
    Assignment,
    Author,
    ChecklistAnswer,
    ChecklistItem,
    Comment,
    Expertise,
    Resource,
    Version,
)
from ortaq.library.permissions import expert_level, forget_assigned
from ortaq.library.services.authoring import body_refused
from ortaq.library.services.tallies import library_tallies_touch

MAX_COMMENT = 20_000
# Checks a version must pass before it is submitted, beside its text's: the summative part
# registers its own (every objective with a criterion and descriptor, points adding up).
SUBMIT_CHECKS: list[Callable[[Version], None]] = []
# The levels from the narrowest to the widest.
LEVEL_RANK = {Level.SCHOOL: 0, Level.DISTRICT: 1, Level.REGION: 2, Level.REPUBLIC: 3}


def _lock(version: Version) -> Version:
    return (
        Version.objects.select_for_update(of=("self",))
        .select_related("resource")
        .get(pk=version.pk)
    )


def _comment(actor: User, version: Version, role: str, body: str) -> Comment | None:
    body = body.strip()
    if not body:
        return None
    if len(body) > MAX_COMMENT:
        raise DomainError(_("The comment is too long."), code="comment")
    return Comment.objects.create(version=version, author=actor, role=role, body=body)


# The author ---------------------------------------------------------------------------------


@transaction.atomic
def version_submit(*, actor: User, version: Version) -> Version:
    """Send the draft to the moderators of the resource's place (its author); a version
    returned for changes is resubmitted (``version_resubmit``). Sent already: nothing more."""
    if not actor.has_perm("library.edit_resource", version.resource):
        raise NotAllowed(_("Only the resource's authors submit it."))
    locked = _lock(version)
    if locked.status == Status.CHANGES:
        return _resubmit(actor, locked)
    if locked.status != Status.DRAFT:
        if locked.status in (Status.SUBMITTED, Status.IN_REVIEW):
            return locked
        raise DomainError(
            _("This version is %(status)s: it is not submitted again.")
            % {"status": locked.get_status_display()},
            code="state",
        )
    _ready(locked)
    locked.status = Status.SUBMITTED
    locked.submitted_at = timezone.now()
    locked.save(update_fields=["status", "submitted_at"])
    library_tallies_touch(locked.resource)
    enqueue_on_commit("ortaq.library.tasks_review.tell_submitted", locked.pk)
    return locked


def _ready(version: Version) -> None:
    """Refuse a version that is not ready for review, saying what it lacks."""
    if not version.body.strip() and not version.attachments.exists():
        raise DomainError(
            _("Write the resource's text or attach its file before you submit it."),
            code="empty",
        )
    body_refused(version.body)
    if not version.grades.exists():
        raise DomainError(_("Choose the grade or grades it is for."), code="grades")
    if not Alignment.objects.filter(version=version).exists():
        raise DomainError(
            _("Give at least one curriculum objective code it is aligned to."), code="codes"
        )
    for check in SUBMIT_CHECKS:
        check(version)
    # What the apps above the library keep on a version (a textbook lesson's tasks and media).
    found = hooks.problems(version)
    if found:
        raise DomainError(" ".join(found), code="incomplete")


@transaction.atomic
def version_resubmit(*, actor: User, version: Version) -> Version:
    """Send the version back after the changes asked for: to the same experts, for a new round
    (their recommendations cleared), or to the moderators when they asked for the changes at
    the form check. Resubmitted already: nothing more."""
    if not actor.has_perm("library.edit_resource", version.resource):
        raise NotAllowed(_("Only the resource's authors submit it."))
    locked = _lock(version)
    if locked.status in (Status.SUBMITTED, Status.IN_REVIEW):
        return locked
    if locked.status != Status.CHANGES:
        raise DomainError(_("Only a version returned for changes is resubmitted."), code="state")
    return _resubmit(actor, locked)


def _resubmit(actor: User, version: Version) -> Version:
    _ready(version)
    assignments = Assignment.objects.filter(version=version)
    version.submitted_at = timezone.now()
    if assignments.exists():
        for assignment in assignments.select_for_update(of=("self",)):
            assignment.round += 1
            assignment.recommendation = ""
            assignment.decided_at = None
            assignment.save(update_fields=["round", "recommendation", "decided_at"])
        version.status = Status.IN_REVIEW
        version.save(update_fields=["status", "submitted_at"])
        for pk in assignments.values_list("pk", flat=True):
            enqueue_on_commit("ortaq.library.tasks_review.tell_assigned", pk)
    else:
        version.status = Status.SUBMITTED
        version.save(update_fields=["status", "submitted_at"])
        enqueue_on_commit("ortaq.library.tasks_review.tell_submitted", version.pk)
    library_tallies_touch(version.resource)
    return version


# The moderator ------------------------------------------------------------------------------


def _may_moderate(actor: User, resource: Resource) -> None:
    if not actor.has_perm("library.moderate", resource):
        raise NotAllowed(_("Only a moderator of the resource's place checks it."))


def eligible_experts(resource: Resource) -> QuerySet[User]:
    """The people a moderator may ask to review ``resource``: those who hold the expert role
    over its place (its school, district, region or the country) and review its subject; never
    one of its authors."""
    authors = Author.objects.filter(resource=resource).values("user_id")
    subject = Expertise.objects.filter(subject_id=resource.subject_id).values("user_id")
    return (
        holders_over(roles=[Role.EXPERT], scopes=resource.scope_chain())
        .filter(pk__in=subject)
        .exclude(pk__in=authors)
        .order_by("last_name", "first_name", "pk")
    )


@transaction.atomic
def changes_request(*, actor: User, version: Version, comment: str) -> Version:
    """Return a submitted version to its authors at the form check (a moderator), with what
    to change. Returned already: nothing more."""
    _may_moderate(actor, version.resource)
    locked = _lock(version)
    if locked.status == Status.CHANGES:
        return locked
    if locked.status != Status.SUBMITTED:
        raise DomainError(
            _("Changes are asked at the form check, while the version is submitted."),
            code="state",
        )
    if not comment.strip():
        raise DomainError(_("Say what the authors should change."), code="comment")
    _comment(actor, locked, CommentRole.MODERATOR, comment)
    locked.status = Status.CHANGES
    locked.save(update_fields=["status"])
    library_tallies_touch(locked.resource)
    audit_record(
        actor=actor,
        action=AuditAction.LIBRARY_CHANGES,
        target=locked.resource,
        label=f"{locked.title} v{locked.number}",
        version=locked.number,
        by="moderator",
    )
    enqueue_on_commit("ortaq.library.tasks_review.tell_changes", locked.pk)
    return locked


@transaction.atomic
def experts_assign(
    *, actor: User, version: Version, experts: Sequence[User], comment: str = ""
) -> list[Assignment]:
    """Pass the form check and ask ``experts`` to review the version (a moderator): each must
    review its subject over its place; she approves at the level of that place. Asking one
    already asked changes nothing."""
    _may_moderate(actor, version.resource)
    locked = _lock(version)
    if locked.status not in (Status.SUBMITTED, Status.IN_REVIEW):
        raise DomainError(
            _("Experts are asked while the version is submitted or in review."), code="state"
        )
    if not experts:
        raise DomainError(_("Choose at least one expert."), code="experts")
    resource = locked.resource
    allowed = set(eligible_experts(resource).values_list("pk", flat=True))
    made: list[Assignment] = []
    for expert in experts:
        if expert.pk not in allowed:
            raise DomainError(
                _("%(name)s does not review this subject over this resource's place.")
                % {"name": expert.get_full_name()},
                code="expert",
            )
        level = expert_level(expert, resource)
        assignment, created = Assignment.objects.get_or_create(
            version=locked,
            expert=expert,
            defaults={"assigned_by": actor, "level": level or Level.SCHOOL},
        )
        made.append(assignment)
        forget_assigned(expert)
        if created:
            audit_record(
                actor=actor,
                action=AuditAction.LIBRARY_EXPERT_ASSIGN,
                person=expert,
                target=resource,
                label=f"{locked.title} v{locked.number}",
                version=locked.number,
                level=assignment.level,
            )
            enqueue_on_commit("ortaq.library.tasks_review.tell_assigned", assignment.pk)
    _comment(actor, locked, CommentRole.MODERATOR, comment)
    if locked.status != Status.IN_REVIEW:
        locked.status = Status.IN_REVIEW
        locked.save(update_fields=["status"])
        library_tallies_touch(resource)
    return made


# The expert ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Answer:
    verdict: str
    comment: str = ""


def checklist_of(kind: str) -> list[ChecklistItem]:
    return list(ChecklistItem.objects.filter(kind=kind).order_by("position"))


@transaction.atomic
def review_send(
    *,
    actor: User,
    assignment: Assignment,
    answers: Mapping[int, Answer],
    recommendation: str,
    comment: str = "",
    name_shown: bool = False,
) -> Assignment:
    """Send the expert's review of this round: every item of the checklist answered, her
    recommendation, and her comment to the authors (needed when she asks for changes). When she
    is the last to recommend, the version is decided. Sent already this round: nothing more."""
    if assignment.expert_id != actor.pk:
        raise NotAllowed(_("Only the expert asked reviews this version."))
    version = _lock(assignment.version)
    assignment = Assignment.objects.select_for_update(of=("self",)).get(pk=assignment.pk)
    if assignment.decided_at is not None:
        return assignment
    if version.status != Status.IN_REVIEW:
        raise DomainError(_("This version is not in review now."), code="state")
    if recommendation not in Recommendation.values:
        raise DomainError(_("Choose your recommendation."), code="recommendation")
    if recommendation == Recommendation.CHANGES and not comment.strip():
        raise DomainError(
            _("Say what the authors should change: your comment is needed."), code="comment"
        )
    items = checklist_of(version.resource.kind)
    missing = [item for item in items if item.pk not in answers]
    if missing:
        raise DomainError(
            _("Answer every item of the checklist: “%(item)s” is not answered.")
            % {"item": missing[0].text},
            code="checklist",
        )
    if any(answers[item.pk].verdict not in Verdict.values for item in items):
        raise DomainError(_("Choose a verdict for each item."), code="checklist")
    for item in items:
        given = answers[item.pk]
        ChecklistAnswer.objects.update_or_create(
            assignment=assignment,
            item=item,
            defaults={"verdict": given.verdict, "comment": given.comment.strip()[:MAX_COMMENT]},
        )
    assignment.recommendation = recommendation
    assignment.decided_at = timezone.now()
    assignment.name_shown = name_shown
    assignment.save(update_fields=["recommendation", "decided_at", "name_shown"])
    _comment(actor, version, CommentRole.EXPERT, comment)
    _decide(actor, version)
    return assignment


def _decide(actor: User, version: Version) -> None:
    """Decide the version once every assigned expert has recommended (decision 0024)."""
    assignments = list(Assignment.objects.filter(version=version))
    if not assignments or any(a.decided_at is None for a in assignments):
        return
    resource = Resource.objects.select_for_update(of=("self",)).get(pk=version.resource_id)
    label = f"{version.title} v{version.number}"
    if any(a.recommendation == Recommendation.CHANGES for a in assignments):
        version.status = Status.CHANGES
        version.save(update_fields=["status"])
        library_tallies_touch(resource)
        audit_record(
            actor=actor,
            action=AuditAction.LIBRARY_CHANGES,
            target=resource,
            label=label,
            version=version.number,
            by="experts",
        )
        enqueue_on_commit("ortaq.library.tasks_review.tell_changes", version.pk)
        return
    widest = max(assignments, key=lambda a: (LEVEL_RANK[Level(a.level)], -a.pk))
    now = timezone.now()
    previous = resource.current
    if previous is not None and previous.pk != version.pk:
        Version.objects.filter(pk=previous.pk).update(status=Status.SUPERSEDED)
    version.status = Status.PUBLISHED
    version.published_at = now
    version.approved_by_id = widest.expert_id
    version.approved_name_shown = widest.name_shown
    version.level = widest.level
    version.save(
        update_fields=["status", "published_at", "approved_by", "approved_name_shown", "level"]
    )
    resource.current = version
    resource.save(update_fields=["current"])
    library_tallies_touch(resource)
    audit_record(
        actor=actor,
        action=AuditAction.LIBRARY_PUBLISH,
        target=resource,
        label=label,
        version=version.number,
        level=version.level,
        experts=[a.expert_id for a in assignments],
    )
    index(resource)
    enqueue_on_commit("ortaq.library.tasks_review.tell_published", version.pk)


def index(resource: Resource) -> None:
    """Rebuild what search reads of the resource (``library.search.index_resource``)."""
    search.index_resource(resource)


# The review's conversation ------------------------------------------------------------------


def role_in(actor: User, version: Version) -> str | None:
    """As whom ``actor`` speaks in the version's review: author, moderator or expert."""
    resource = version.resource
    if actor.has_perm("library.edit_resource", resource):
        return CommentRole.AUTHOR
    if actor.has_perm("library.moderate", resource):
        return CommentRole.MODERATOR
    if Assignment.objects.filter(version=version, expert_id=actor.pk).exists():
        return CommentRole.EXPERT
    return None


@transaction.atomic
def comment_add(*, actor: User, version: Version, body: str) -> Comment:
    """Write in the version's review (an author, a moderator of its place, an assigned
    expert); every author reads it."""
    role = role_in(actor, version)
    if role is None or not actor.has_perm("library.view_review", version.resource):
        raise NotAllowed(_("Only the authors, moderators and experts of a version discuss it."))
    if version.status not in (*EDITABLE, Status.SUBMITTED, Status.IN_REVIEW):
        raise DomainError(_("This version's review is closed."), code="closed")
    made = _comment(actor, version, role, body)
    if made is None:
        raise DomainError(_("Write your comment."), code="comment")
    return made
