"""The e-mails of the call for contributions, sent after the commit (each once)."""

from django.tasks import task

from ortaq.core.mail import send_once
from ortaq.events import contributions, notices_programme
from ortaq.events.choices import ContributionStatus
from ortaq.events.models import Contribution, ReviewAssignment


@task(queue_name="email")
def send_decision(contribution_id: int) -> int:
    """Tell each author with an address the decision on the contribution; return how many
    e-mails went."""
    contribution = Contribution.objects.select_related("event").filter(pk=contribution_id).first()
    if contribution is None or contribution.status not in contributions.DECIDED:
        return 0
    comments = contributions.comments_for_authors(contribution)
    sent = 0
    for author in contribution.authors.select_related("user"):
        email = author.user.email if author.user is not None else author.email
        if not email:
            continue
        key = f"events.decision:{contribution.pk}:{contribution.status}:{author.pk}"
        sent += send_once(key, notices_programme.decision_mail(author, contribution, comments))
    return sent


@task(queue_name="email")
def send_review_request(assignment_id: int) -> bool:
    assignment = (
        ReviewAssignment.objects.select_related("contribution__event", "reviewer")
        .filter(
            pk=assignment_id,
            reviewer__is_active=True,
            contribution__status=ContributionStatus.SUBMITTED,
        )
        .first()
    )
    if assignment is None:
        return False
    key = f"events.review-request:{assignment.pk}"
    return send_once(key, notices_programme.review_request_mail(assignment))
