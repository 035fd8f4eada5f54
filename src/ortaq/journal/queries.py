"""What the journal's pages read: each a fixed number of statements, whatever the number of
articles, authors or versions."""

from django.contrib.auth.models import AnonymousUser
from django.contrib.contenttypes.models import ContentType
from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from ortaq.accounts.models import User
from ortaq.communities.choices import ProjectStatus
from ortaq.communities.models import Project
from ortaq.journal.choices import UNDECIDED
from ortaq.journal.models import (
    Author,
    Issue,
    Journal,
    Placement,
    Review,
    Section,
    Submission,
    Version,
)
from ortaq.networks.models import Association

AUTHORS = Prefetch("authors", queryset=Author.objects.select_related("user").order_by("position"))


def journal_of(association: Association) -> Journal | None:
    return Journal.objects.filter(association=association).first()


def journal_get(association: Association) -> Journal:
    journal = journal_of(association)
    if journal is None:
        raise Http404
    journal.association = association
    return journal


def published_issues(journal: Journal) -> QuerySet[Issue]:
    return Issue.objects.filter(journal=journal, published_at__isnull=False).order_by(
        "-year", "-number"
    )


def issue_get(journal: Journal, *, year: int, number: int, published: bool = True) -> Issue:
    issues = Issue.objects.filter(journal=journal, year=year, number=number)
    if published:
        issues = issues.filter(published_at__isnull=False)
    issue = issues.first()
    if issue is None:
        raise Http404
    issue.journal = journal
    return issue


def issue_contents(issue: Issue) -> list[tuple[Section, list[Placement]]]:
    """The issue's sections in order, each with its articles in order (their authors read)."""
    sections = list(Section.objects.filter(issue=issue).order_by("position"))
    placements = (
        Placement.objects.filter(issue=issue)
        .select_related("submission")
        .prefetch_related(Prefetch("submission__authors", queryset=AUTHORS.queryset))
        .order_by("position")
    )
    by_section: dict[int, list[Placement]] = {section.pk: [] for section in sections}
    for placement in placements:
        placement.issue = issue
        by_section.setdefault(placement.section_id, []).append(placement)
    return [(section, by_section[section.pk]) for section in sections if by_section[section.pk]]


def article_get(issue: Issue, article_id: int) -> Placement:
    """A published article of ``issue`` (404 for any other), with its authors and versions."""
    placement = (
        Placement.objects.filter(issue=issue, submission_id=article_id)
        .select_related("submission", "section")
        .prefetch_related(
            Prefetch("submission__authors", queryset=AUTHORS.queryset),
            Prefetch("submission__versions", queryset=Version.objects.order_by("number")),
        )
        .first()
    )
    if placement is None:
        raise Http404
    placement.issue = issue
    return placement


def desk_submissions(journal: Journal) -> QuerySet[Submission]:
    return (
        Submission.objects.filter(journal=journal)
        .select_related("call")
        .prefetch_related(AUTHORS)
        .order_by("-pk")
    )


def submission_get(user: User | AnonymousUser, submission_id: int) -> Submission:
    """A submission ``user`` may read (404 for any other, so as not to say it exists)."""
    submission = (
        Submission.objects.visible_to(user)
        .filter(pk=submission_id)
        .select_related("journal__association", "call")
        .prefetch_related(
            AUTHORS, Prefetch("versions", queryset=Version.objects.order_by("number"))
        )
        .first()
    )
    if submission is None:
        raise Http404
    return submission


def own_submissions(user: User) -> QuerySet[Submission]:
    return (
        Submission.objects.filter(authors__user=user)
        .select_related("journal__association")
        .order_by("-pk")
    )


def pending_reviews(user: User | AnonymousUser) -> QuerySet[Review]:
    """The reviews asked of ``user`` (her account) that she has yet to send, link not expired."""
    if not user.is_authenticated:
        return Review.objects.none()
    return (
        Review.objects.filter(reviewer_id=user.pk, sent_at__isnull=True)
        .filter(expires_at__gt=timezone.now())
        .select_related("submission__journal__association")
        .order_by("expires_at")
    )


def undecided(user: User | AnonymousUser) -> QuerySet[Submission]:
    """The submissions of the journals ``user`` edits that wait for her decision."""
    return (
        Submission.objects.filter(journal__in=Journal.objects.edited_by(user))
        .filter(status__in=UNDECIDED)
        .select_related("journal__association")
        .order_by("pk")
    )


def readable_submissions(user: User) -> QuerySet[Submission]:
    """The submissions she reads as an author or as the editor (a reviewer reads her
    manuscript through her review, not here), with what the API shows of each."""
    return (
        Submission.objects.filter(
            Q(authors__user_id=user.pk) | Q(journal__in=Journal.objects.edited_by(user))
        )
        .distinct()
        .select_related("journal__association")
        .prefetch_related(
            AUTHORS,
            Prefetch("versions", queryset=Version.objects.order_by("number")),
            Prefetch("reviews", queryset=Review.objects.order_by("sent_at", "pk")),
        )
        .order_by("-pk")
    )


def finished_projects(user: User) -> QuerySet[Project]:
    """Her development projects whose portfolio is accepted and not yet sent to a journal."""
    sent = Submission.objects.filter(
        source_type=ContentType.objects.get_for_model(Project), source_id=OuterRef("pk")
    )
    return (
        Project.objects.filter(owner=user, status=ProjectStatus.ACCEPTED)
        .exclude(Exists(sent))
        .order_by("-pk")
    )
