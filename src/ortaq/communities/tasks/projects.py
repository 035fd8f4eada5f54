"""E-mails about development projects: a portfolio submitted, assessed, a comment written."""

from django.tasks import task

from ortaq.accounts.models import User
from ortaq.accounts.queries import holders_over
from ortaq.communities import notices
from ortaq.communities.choices import MemberRole, MembershipStatus
from ortaq.communities.models import Assessment, Comment, Project
from ortaq.core.roles import Role, ScopeKind


def _facilitators(project: Project) -> list[User]:
    return list(
        User.objects.filter(
            is_active=True,
            circle_memberships__circle_id=project.circle_id,
            circle_memberships__role=MemberRole.FACILITATOR,
            circle_memberships__status=MembershipStatus.ACTIVE,
        ).exclude(pk=project.owner_id)
    )


def _methodologists_over(project: Project) -> list[User]:
    """The methodologists of the circle's district and region."""
    return list(
        holders_over(
            roles=[Role.COORDINATOR],
            scopes=[
                scope
                for scope in project.circle.scope_chain()
                if scope.kind in (ScopeKind.REGION, ScopeKind.DISTRICT)
            ],
        ).exclude(pk=project.owner_id)
    )


@task(queue_name="email")
def tell_facilitators_submitted(project_id: int) -> int:
    """Tell the circle's facilitators that a portfolio waits for them; a facilitator's own
    portfolio, when she runs the circle alone, goes to the methodologists over it."""
    project = Project.objects.select_related("owner", "circle").filter(pk=project_id).first()
    if project is None:
        return 0
    people = _facilitators(project) or _methodologists_over(project)
    for person in people:
        notices.project_submitted(person, project).send()
    return len(people)


@task(queue_name="email")
def tell_owner_assessed(assessment_id: int) -> bool:
    """Tell the teacher her portfolio was accepted or returned, with the comment."""
    assessment = (
        Assessment.objects.select_related("project__owner", "assessor")
        .filter(pk=assessment_id)
        .first()
    )
    if assessment is None or not assessment.project.owner.is_active:
        return False
    notices.project_assessed(assessment).send()
    return True


@task(queue_name="email")
def tell_about_comment(comment_id: int) -> int:
    """A facilitator's comment goes to the teacher; the teacher's to her facilitators."""
    comment = (
        Comment.objects.select_related("project__owner", "author").filter(pk=comment_id).first()
    )
    if comment is None:
        return 0
    project = comment.project
    if comment.author_id == project.owner_id:
        people = _facilitators(project)
    else:
        people = [project.owner] if project.owner.is_active else []
    for person in people:
        notices.project_comment(person, comment).send()
    return len(people)
