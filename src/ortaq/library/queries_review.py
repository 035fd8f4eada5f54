"""What the library's authoring and review pages read: each a fixed number of statements,
whatever the number of versions, authors, files or comments. Who may read what is the models'
``visible_to``/``worked_on_by`` (held against ``library.view_version`` by the tests)."""

from dataclasses import dataclass, field
from datetime import datetime

from django.contrib.auth.models import AnonymousUser
from django.db.models import Prefetch, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from ortaq.accounts.models import User
from ortaq.core.visibility import is_signed_in
from ortaq.library.choices import CommentRole, Level, Status
from ortaq.library.models import (
    Assignment,
    Attachment,
    Author,
    ChecklistAnswer,
    Comment,
    Resource,
    Version,
    reviews_as_moderator,
)
from ortaq.schools.models import School

OPEN = (Status.DRAFT, Status.SUBMITTED, Status.IN_REVIEW, Status.CHANGES)
AUTHORS = Prefetch(
    "authors",
    queryset=Author.objects.select_related("user", "school").order_by("position", "pk"),
)
VERSION_PARTS = ("grades", "alignments", "attachments")


def resource_get(user: User | AnonymousUser, resource_id: int) -> Resource:
    """A resource ``user`` may open (404 for any other, so as not to say it exists), with its
    subject, place, authors and published version."""
    resource = (
        Resource.objects.visible_to(user)
        .filter(pk=resource_id)
        .select_related("subject", "school", "current", "current__approved_by")
        .prefetch_related(AUTHORS)
        .first()
    )
    if resource is None:
        raise Http404
    return resource


def versions_of(user: User | AnonymousUser, resource: Resource) -> list[Version]:
    """The resource's versions ``user`` may read, newest first."""
    return list(
        Version.objects.visible_to(user)
        .filter(resource=resource)
        .exclude(status=Status.WITHDRAWN)
        .order_by("-number")
    )


def translations_of(resource: Resource) -> list[Resource]:
    """The published translations of ``resource`` (the other resources of its group), with
    their current versions' titles, in the order of their languages' codes (one query)."""
    return list(
        Resource.objects.published()
        .filter(group_id=resource.group_id)
        .exclude(pk=resource.pk)
        .select_related("current")
        .order_by("language")
    )


def version_get(user: User | AnonymousUser, resource: Resource, number: int) -> Version:
    """One version of ``resource`` that ``user`` may read, with its grades, codes and files."""
    version = (
        Version.objects.visible_to(user)
        .filter(resource=resource, number=number)
        .select_related("approved_by")
        .prefetch_related(*VERSION_PARTS)
        .first()
    )
    if version is None:
        raise Http404
    version.resource = resource
    return version


def with_parts(version: Version | None) -> Version | None:
    """``version`` again with its grades, codes and files read (three statements)."""
    if version is None:
        return None
    found = Version.objects.prefetch_related(*VERSION_PARTS).select_related("approved_by")
    return found.get(pk=version.pk)


def open_version(resource: Resource) -> Version | None:
    """The version being written or reviewed, if any (at most one)."""
    version = (
        Version.objects.filter(resource=resource, status__in=OPEN)
        .prefetch_related(*VERSION_PARTS)
        .first()
    )
    if version is not None:
        version.resource = resource
    return version


@dataclass(frozen=True)
class ShownComment:
    """A comment of a review as its readers see it: signed by name, or for an expert who did
    not agree to be named, by her role and level."""

    signature: str
    role: str
    body: str
    created_at: datetime
    version_number: int


def _signature(comment: Comment, experts: dict[tuple[int, int], Assignment]) -> str:
    person = comment.author
    if comment.role != CommentRole.EXPERT:
        name = person.get_full_name() if person is not None else _("A former member")
        return f"{name} ({comment.get_role_display().lower()})"
    assignment = experts.get((comment.version_id, comment.author_id or 0))
    if assignment is not None and assignment.name_shown and person is not None:
        return _("%(name)s, expert") % {"name": person.get_full_name()}
    level = Level(assignment.level).label if assignment is not None else Level.SCHOOL.label
    return _("Expert (%(level)s level)") % {"level": str(level).lower()}


def thread_of(resource: Resource) -> list[ShownComment]:
    """The review's comments of every version of ``resource``, oldest first (two statements).
    Authors read every one of them."""
    comments = list(
        Comment.objects.filter(version__resource=resource)
        .select_related("author", "version")
        .order_by("created_at", "pk")
    )
    experts = {
        (a.version_id, a.expert_id): a
        for a in Assignment.objects.filter(version__resource=resource)
    }
    return [
        ShownComment(
            signature=_signature(c, experts),
            role=c.role,
            body=c.body,
            created_at=c.created_at,
            version_number=c.version.number,
        )
        for c in comments
    ]


def assignments_of(version: Version) -> list[Assignment]:
    """The experts asked to review ``version``, with their checklist answers (for the
    moderator's and authors' view of the review)."""
    return list(
        Assignment.objects.filter(version=version)
        .select_related("expert")
        .prefetch_related(
            Prefetch("answers", queryset=ChecklistAnswer.objects.select_related("item"))
        )
        .order_by("assigned_at", "pk")
    )


def approver_shown(version: Version) -> str:
    """Who approved a published version, as readers see it: her name if she agreed, else
    "an expert of the region" (her level)."""
    if not version.level:
        return ""
    if version.approved_name_shown and version.approved_by is not None:
        return version.approved_by.get_full_name()
    return _("Expert (%(level)s level)") % {"level": str(version.get_level_display()).lower()}


# Queues -------------------------------------------------------------------------------------


def moderation_queue(user: User | AnonymousUser) -> QuerySet[Version]:
    """The submitted versions of the places ``user`` moderates, oldest first."""
    if not is_signed_in(user):
        return Version.objects.none()
    return (
        Version.objects.filter(status=Status.SUBMITTED)
        .filter(reviews_as_moderator(user, "resource"))
        .select_related("resource__subject", "resource__school")
        .order_by("submitted_at", "pk")
    )


def moderation_get(user: User, version_id: int) -> Version:
    """A version ``user`` checks as a moderator of its place (404 for any other)."""
    version = (
        Version.objects.filter(pk=version_id)
        .filter(reviews_as_moderator(user, "resource"))
        .exclude(status=Status.WITHDRAWN)
        .select_related("resource__subject", "resource__school")
        .prefetch_related(*VERSION_PARTS, Prefetch("resource__authors", queryset=AUTHORS.queryset))
        .first()
    )
    if version is None:
        raise Http404
    return version


def review_queue(user: User | AnonymousUser) -> QuerySet[Assignment]:
    """The reviews asked of ``user`` that she has yet to send, oldest first."""
    if not is_signed_in(user):
        return Assignment.objects.none()
    return (
        Assignment.objects.open()
        .filter(expert_id=user.pk)
        .select_related("version__resource__subject")
        .order_by("assigned_at", "pk")
    )


def assignment_get(user: User, assignment_id: int) -> Assignment:
    """Her own assignment (404 for anyone else's), with its version and answers."""
    assignment = (
        Assignment.objects.filter(pk=assignment_id, expert_id=user.pk)
        .select_related("version__resource__subject")
        .prefetch_related(
            Prefetch("answers", queryset=ChecklistAnswer.objects.select_related("item")),
            *(f"version__{part}" for part in VERSION_PARTS),
        )
        .first()
    )
    if assignment is None:
        raise Http404
    return assignment


def changes_waiting(user: User | AnonymousUser) -> QuerySet[Version]:
    """Her resources' versions returned to her for changes."""
    if not is_signed_in(user):
        return Version.objects.none()
    return (
        Version.objects.filter(status=Status.CHANGES, resource__authors__user_id=user.pk)
        .select_related("resource")
        .order_by("pk")
    )


@dataclass
class Waiting:
    """What waits for her in the library: submissions to check (a moderator), reviews to
    send (an expert), and her versions returned for changes (an author)."""

    to_check: list[Version] = field(default_factory=list)
    to_review: list[Assignment] = field(default_factory=list)
    to_change: list[Version] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.to_check or self.to_review or self.to_change)


def waiting_for(user: User | AnonymousUser) -> Waiting:
    """Three statements, whatever she holds."""
    return Waiting(
        to_check=list(moderation_queue(user)[:50]),
        to_review=list(review_queue(user)[:50]),
        to_change=list(changes_waiting(user)[:50]),
    )


# Who published what -------------------------------------------------------------------------


def published_by(person: User) -> QuerySet[Resource]:
    """The published resources ``person`` is an author of, newest first."""
    return (
        Resource.objects.published()
        .filter(authors__user=person)
        .select_related("current", "subject")
        .order_by("-current__published_at", "-pk")
        .distinct()
    )


def published_at_school(school: School) -> QuerySet[Resource]:
    """The published resources written by the school's teachers (their school as authors)."""
    return (
        Resource.objects.published()
        .filter(authors__school=school)
        .select_related("current", "subject")
        .order_by("-current__published_at", "-pk")
        .distinct()
    )


def attachment_get(user: User | AnonymousUser, attachment_id: int) -> Attachment:
    """A file of a version ``user`` may read (404 for any other)."""
    attachment = (
        Attachment.objects.filter(pk=attachment_id, version__in=Version.objects.visible_to(user))
        .select_related("version__resource")
        .first()
    )
    if attachment is None:
        raise Http404
    return attachment
