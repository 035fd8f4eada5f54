"""Background work of the journal: an issue's PDF, and the e-mails of reviews and decisions."""

from django.tasks import task

from ortaq.core.mail import send_once
from ortaq.journal import notices
from ortaq.journal.models import Decision, Issue, Review
from ortaq.journal.services import issue_build


@task()
def build_issue(issue_id: int) -> int:
    """Build the issue's PDF (its pages read back and stored), then the authors' certificates."""
    issue = Issue.objects.select_related("journal__association").get(pk=issue_id)
    issue_build(issue=issue)
    return issue.pages or 0


@task()
def send_review_link(review_id: int, token: str) -> None:
    """E-mail the reviewer her one-time link (once). The token lives only in this task's
    arguments and the e-mail; the database keeps its hash."""
    review = Review.objects.select_related("submission__journal__association").get(pk=review_id)
    send_once(f"journal-review-link:{review.pk}", notices.review_link(review, token))


@task()
def tell_decision(decision_id: int) -> None:
    """Tell each author of the manuscript the editor's decision, in her language, once."""
    decision = Decision.objects.select_related("submission__journal__association").get(
        pk=decision_id
    )
    reviews = list(
        decision.submission.reviews.filter(sent_at__isnull=False).order_by("sent_at", "pk")
    )
    for author in decision.submission.authors.select_related("user"):
        if author.user.is_active:
            send_once(
                f"journal-decision:{decision.pk}:{author.user_id}",
                notices.decision(decision, author.user, reviews),
            )
