"""The library review's e-mails, sent in the background, each once (``core.mail.send_once``)."""

from django.tasks import task

from ortaq.accounts.queries import holders_over
from ortaq.core.mail import send_once
from ortaq.core.roles import Role
from ortaq.library import notices_review as notices
from ortaq.library.models import Assignment, Author, Version


def _version(version_id: int) -> Version:
    return Version.objects.select_related("resource").get(pk=version_id)


@task()
def tell_submitted(version_id: int) -> None:
    """Tell the moderators of the resource's place that a version waits for their check."""
    version = _version(version_id)
    stamp = int(version.submitted_at.timestamp()) if version.submitted_at else 0
    for moderator in holders_over(roles=[Role.MODERATOR], scopes=version.resource.scope_chain()):
        send_once(
            f"library-submitted:{version.pk}:{stamp}:{moderator.pk}",
            notices.submitted(version, moderator),
        )


@task()
def tell_assigned(assignment_id: int) -> None:
    """Tell an expert what she is asked to review (again, each round)."""
    assignment = Assignment.objects.select_related("version__resource", "expert").get(
        pk=assignment_id
    )
    if assignment.expert.is_active:
        send_once(
            f"library-assigned:{assignment.pk}:{assignment.round}", notices.assigned(assignment)
        )


def _authors(version: Version) -> list[Author]:
    return list(
        Author.objects.filter(resource_id=version.resource_id, user__is_active=True)
        .select_related("user")
        .order_by("position")
    )


@task()
def tell_changes(version_id: int) -> None:
    """Tell each author that changes are asked (once per submission)."""
    version = _version(version_id)
    stamp = int(version.submitted_at.timestamp()) if version.submitted_at else 0
    for author in _authors(version):
        send_once(
            f"library-changes:{version.pk}:{stamp}:{author.user_id}",
            notices.changes(version, author.user),
        )


@task()
def tell_published(version_id: int) -> None:
    """Tell each author that the version is published."""
    version = _version(version_id)
    for author in _authors(version):
        send_once(
            f"library-published:{version.pk}:{author.user_id}",
            notices.published(version, author.user),
        )
