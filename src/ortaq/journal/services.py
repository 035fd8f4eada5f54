"""What people do with an association's journal: the editor keeps it (calls, reviewers,
decisions, issues), authors submit and revise, reviewers review through their link.

Every refusal is a ``DomainError`` with a translated message (decision 0011); e-mails and the
issue's PDF are queued by name (``core.background``) and sent or built by ``journal.tasks``.
"""

import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, models, transaction
from django.db.models import Max
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from ortaq.accounts.models import User
from ortaq.certificates.services import certificate_issue
from ortaq.communities.choices import ProjectStatus
from ortaq.communities.models import Project
from ortaq.core.audit import audit_record
from ortaq.core.background import enqueue_on_commit
from ortaq.core.errors import DomainError, NotAllowed
from ortaq.core.models import AuditAction
from ortaq.journal.choices import UNDECIDED, Kind, Outcome, Recommendation, Status
from ortaq.journal.models import (
    Author,
    Call,
    Decision,
    Issue,
    Journal,
    Placement,
    Review,
    Section,
    Submission,
    Version,
    normalise_issn,
    token_hash,
)
from ortaq.networks.models import Association

LINK_DAYS = 21  # how long a review link opens its review, unless the editor says otherwise
MAX_BODY = 200_000
EDIT = "journal.edit_journal"
TEXT_LANGUAGES = ("kk", "ru", "en")


@dataclass(frozen=True)
class Texts:
    """A submission's titles and abstracts, in Kazakh, Russian and English."""

    title_kk: str
    title_ru: str
    title_en: str
    abstract_kk: str
    abstract_ru: str
    abstract_en: str

    def cleaned(self) -> "Texts":
        values = {name: str(getattr(self, name)).strip() for name in self.__dataclass_fields__}
        if not all(values.values()):
            raise DomainError(
                _("Give the title and the abstract in Kazakh, in Russian and in English."),
                code="texts",
            )
        return Texts(**values)


def _edit(actor: User, journal: Journal | Association) -> None:
    if not actor.has_perm(EDIT, journal):
        raise NotAllowed(_("Only the association's editor keeps its journal."))


# The journal and its calls -------------------------------------------------------------------


def _issn(value: str) -> str:
    if not value.strip():
        return ""
    try:
        return normalise_issn(value)
    except ValidationError as exc:
        raise DomainError(str(exc.messages[0]), code="issn") from exc


def journal_save(
    *,
    actor: User,
    association: Association,
    title_kk: str,
    title_ru: str,
    title_en: str = "",
    issn: str = "",
) -> Journal:
    """Start the association's journal, or change its titles and ISSN (the editor)."""
    _edit(actor, association)
    title_kk, title_ru, title_en = title_kk.strip(), title_ru.strip(), title_en.strip()
    if not (title_kk or title_ru):
        raise DomainError(_("Give the journal's title in Kazakh or in Russian."), code="title")
    journal, _created = Journal.objects.update_or_create(
        association=association,
        defaults={
            "title_kk": title_kk,
            "title_ru": title_ru,
            "title_en": title_en,
            "issn": _issn(issn),
        },
    )
    return journal


def call_open(*, actor: User, journal: Journal, year: int, deadline: date) -> Call:
    """Open the call for ``year``'s issue until ``deadline`` (again, if it was closed)."""
    _edit(actor, journal)
    if deadline < timezone.localdate():
        raise DomainError(
            _("The deadline has passed already: choose a later day."), code="deadline"
        )
    call, _created = Call.objects.update_or_create(
        journal=journal, year=year, defaults={"deadline": deadline, "closed_at": None}
    )
    return call


def call_close(*, actor: User, call: Call) -> Call:
    _edit(actor, call.journal)
    if call.closed_at is None:
        call.closed_at = timezone.now()
        call.save(update_fields=["closed_at"])
    return call


def open_call(journal: Journal) -> Call | None:
    """The journal's call that takes submissions today, if any (the latest year's)."""
    today = timezone.localdate()
    return (
        Call.objects.filter(journal=journal, closed_at__isnull=True, deadline__gte=today)
        .order_by("-year")
        .first()
    )


# Submissions ---------------------------------------------------------------------------------


def _body(body: str) -> str:
    body = body.strip()
    if not body:
        raise DomainError(_("The text of the manuscript is empty."), code="body")
    if len(body) > MAX_BODY:
        raise DomainError(_("The text is too long for one article."), code="body")
    return body


@transaction.atomic
def submission_create(
    *,
    actor: User,
    journal: Journal,
    kind: str,
    texts: Texts,
    language: str,
    body: str,
    authors: Sequence[User] = (),
    source: models.Model | None = None,
) -> Submission:
    """Send a manuscript to the journal's open call: ``actor`` is its first author, then
    ``authors`` in order. ``source`` is what it is made from (a Lesson Study report, a
    portfolio): the same source sent again returns the submission it already made."""
    if kind not in Kind.values or language not in TEXT_LANGUAGES:
        raise DomainError(_("Choose the kind of manuscript and its language."), code="kind")
    source_type = ContentType.objects.get_for_model(source) if source is not None else None
    if source is not None:
        made = Submission.objects.filter(source_type=source_type, source_id=source.pk).first()
        if made is not None:
            return made
    call = open_call(journal)
    if call is None:
        raise DomainError(
            _("The journal takes no submissions now: wait for the editor's next call."),
            code="no_call",
        )
    texts = texts.cleaned()
    submission = Submission.objects.create(
        journal=journal,
        call=call,
        kind=kind,
        language=language,
        submitted_by=actor,
        source_type=source_type,
        source_id=source.pk if source is not None else None,
        **texts.__dict__,
    )
    people: dict[int, User] = {actor.pk: actor}
    for person in authors:
        people.setdefault(person.pk, person)
    Author.objects.bulk_create(
        Author(submission=submission, user=person, position=position)
        for position, person in enumerate(people.values(), start=1)
    )
    Version.objects.create(submission=submission, number=1, body=_body(body), created_by=actor)
    return submission


def project_markdown(project: Project) -> str:
    """A finished development project's portfolio as the body of an article, in Markdown."""
    parts = [
        (_("What matters to me"), project.values),
        (_("The concern I worked on"), project.concern),
        (_("Aims"), project.aims),
        (_("Actions"), project.actions),
        (_("Who was involved"), project.involved),
        (_("How I knew it worked"), project.planned_evidence),
        (_("Summary"), project.summary),
    ]
    return "\n\n".join(f"## {heading}\n\n{text.strip()}" for heading, text in parts if text.strip())


def submission_from_project(
    *, actor: User, journal: Journal, project: Project, texts: Texts, language: str
) -> Submission:
    """Send a development project's accepted portfolio to the journal, in one step (its owner)."""
    if project.owner_id != actor.pk:
        raise NotAllowed(_("Only the project's teacher sends her portfolio to a journal."))
    if project.status != ProjectStatus.ACCEPTED:
        raise DomainError(
            _("Only a finished project, its portfolio accepted, goes to a journal."),
            code="unfinished",
        )
    return submission_create(
        actor=actor,
        journal=journal,
        kind=Kind.PORTFOLIO,
        texts=texts,
        language=language,
        body=project_markdown(project),
        source=project,
    )


def _next_version(submission: Submission) -> int:
    last = submission.versions.aggregate(last=Max("number"))["last"] or 0
    return int(last) + 1


@transaction.atomic
def version_add(*, actor: User, submission: Submission, body: str, note: str = "") -> Version:
    """Upload a revised text (an author, when the editor asked for a revision); earlier versions
    stay readable. A published article is corrected by the editor, with a note."""
    if not actor.has_perm("journal.revise_submission", submission):
        raise NotAllowed(_("Only the authors revise their manuscript."))
    submission = Submission.objects.select_for_update(of=("self",)).get(pk=submission.pk)
    if submission.status == Status.PUBLISHED:
        raise DomainError(
            _(
                "The article is published and is not changed silently: ask the editor to "
                "publish a correction, with a note."
            ),
            code="published",
        )
    if submission.status != Status.REVISION_REQUESTED:
        raise DomainError(
            _("A revision is sent when the editor asks for one."), code="no_revision_asked"
        )
    version = Version.objects.create(
        submission=submission,
        number=_next_version(submission),
        body=_body(body),
        note=note.strip(),
        created_by=actor,
    )
    submission.status = Status.RESUBMITTED
    submission.save(update_fields=["status", "updated_at"])
    return version


@transaction.atomic
def correction_add(*, actor: User, submission: Submission, body: str, note: str) -> Version:
    """Correct a published article (the editor): a new version with a note saying what changed;
    its page then says when it was corrected and keeps the earlier versions readable."""
    _edit(actor, submission.journal)
    submission = Submission.objects.select_for_update(of=("self",)).get(pk=submission.pk)
    if submission.status != Status.PUBLISHED:
        raise DomainError(_("Only a published article is corrected."), code="not_published")
    if not note.strip():
        raise DomainError(_("Say what the correction changes."), code="note")
    return Version.objects.create(
        submission=submission,
        number=_next_version(submission),
        body=_body(body),
        note=note.strip(),
        is_correction=True,
        created_by=actor,
    )


def hide_authors(*, actor: User, submission: Submission, hidden: bool) -> Submission:
    """Hide the authors' names from the reviewers (or show them again)."""
    _edit(actor, submission.journal)
    submission.authors_hidden = hidden
    submission.save(update_fields=["authors_hidden", "updated_at"])
    return submission


# Reviews ---------------------------------------------------------------------------------------


@transaction.atomic
def reviewer_assign(
    *,
    actor: User,
    submission: Submission,
    reviewer: User | None = None,
    name: str = "",
    email: str = "",
    language: str = "",
    days: int = LINK_DAYS,
) -> tuple[Review, str]:
    """Ask a reviewer (an Ortaq account, or only a name and an e-mail) to review the
    manuscript's latest version; return the review and its link's token, which is stored only
    as a hash and e-mailed to her once."""
    _edit(actor, submission.journal)
    submission = Submission.objects.select_for_update(of=("self",)).get(pk=submission.pk)
    if submission.status not in UNDECIDED:
        raise DomainError(
            _("Reviewers are asked while the editor has not decided."), code="decided"
        )
    if reviewer is not None:
        if reviewer.pk in set(submission.authors.values_list("user_id", flat=True)):
            raise DomainError(_("An author does not review her own manuscript."), code="author")
        name, email, language = str(reviewer), reviewer.email, language or reviewer.language
    name, email = name.strip(), email.strip().lower()
    if not (name and email):
        raise DomainError(_("Give the reviewer's name and e-mail."), code="reviewer")
    if not 1 <= days <= 120:
        raise DomainError(_("A link lasts between 1 and 120 days."), code="days")
    token = secrets.token_urlsafe(32)
    version = submission.versions.aggregate(last=Max("number"))["last"] or 1
    review = Review.objects.create(
        submission=submission,
        reviewer=reviewer,
        name=name,
        email=email,
        language=language if language in TEXT_LANGUAGES else "kk",
        version_number=version,
        token_hash=token_hash(token),
        expires_at=timezone.now() + timedelta(days=days),
        assigned_by=actor,
    )
    if submission.status != Status.IN_REVIEW:
        submission.status = Status.IN_REVIEW
        submission.save(update_fields=["status", "updated_at"])
    audit_record(
        actor=actor,
        action=AuditAction.JOURNAL_REVIEWER_ASSIGN,
        person=reviewer,
        target=submission,
        external=reviewer is None,
    )
    enqueue_on_commit("ortaq.journal.tasks.send_review_link", review.pk, token)
    return review, token


def review_by_token(*, token: str, submission_id: int) -> Review:
    """The review a link's token opens, for the manuscript at ``submission_id``; refused with a
    message saying why for a link unknown, for another manuscript, expired or spent."""
    review = (
        Review.objects.select_related("submission__journal__association")
        .filter(token_hash=token_hash(token))
        .first()
    )
    if review is None:
        raise NotAllowed(_("This review link is not valid."), code="link_unknown")
    if review.submission_id != submission_id:
        raise NotAllowed(
            _("This review link opens another manuscript's review, and nothing else."),
            code="link_scope",
        )
    if review.sent_at is not None:
        raise NotAllowed(
            _("This review has been sent: its link is spent. Thank you!"), code="link_spent"
        )
    if review.expires_at <= timezone.now():
        raise NotAllowed(
            _("This review link has expired: ask the editor for a new one."), code="link_expired"
        )
    return review


@transaction.atomic
def review_send(
    *,
    review: Review,
    recommendation: str,
    to_authors: str,
    to_editor: str = "",
    actor: User | None = None,
) -> Review:
    """Send the review, once: its link is spent. ``actor`` is the reviewer when she sends it
    from her account (``None`` through the link, which is her proof)."""
    if actor is not None and actor.pk != review.reviewer_id:
        raise NotAllowed(_("Only the reviewer sends her review."))
    review = (
        Review.objects.select_for_update(of=("self",))
        .select_related("submission__journal")
        .get(pk=review.pk)
    )
    if review.sent_at is not None:
        raise DomainError(_("This review has been sent already."), code="link_spent")
    if review.expires_at <= timezone.now():
        raise DomainError(
            _("This review link has expired: ask the editor for a new one."), code="link_expired"
        )
    if recommendation not in Recommendation.values:
        raise DomainError(_("Choose your recommendation."), code="recommendation")
    if not to_authors.strip():
        raise DomainError(_("Write your comments to the authors."), code="comments")
    review.recommendation = recommendation
    review.to_authors = to_authors.strip()
    review.to_editor = to_editor.strip()
    review.sent_at = timezone.now()
    review.save(update_fields=["recommendation", "to_authors", "to_editor", "sent_at"])
    if review.reviewer_id is not None:
        reviewer_certificate(review)
    return review


def reviewer_certificate(review: Review) -> None:
    """A reviewer with an account gets a certificate for each review she sends."""
    reviewer = review.reviewer
    if reviewer is None:
        return
    journal = review.submission.journal
    with translation.override(reviewer.language):
        _issue_reviewer(review, reviewer, journal)


def _issue_reviewer(review: Review, reviewer: User, journal: Journal) -> None:
    certificate_issue(
        holder=reviewer,
        achievement=review,
        title=_("Certificate of peer review"),
        description=_("Reviewed a manuscript for the journal “%(journal)s”, %(year)s.")
        % {"journal": journal.title, "year": review.submission.call.year},
        hours=None,
        language=reviewer.language,
    )


# Decisions -----------------------------------------------------------------------------------

OUTCOME_STATUS = {
    Outcome.ACCEPT: Status.ACCEPTED,
    Outcome.REVISE: Status.REVISION_REQUESTED,
    Outcome.DECLINE: Status.DECLINED,
}


@transaction.atomic
def decide(*, actor: User, submission: Submission, outcome: str, letter: str = "") -> Decision:
    """The editor's decision: accept, ask for a revision, or decline; the authors are told by
    e-mail, each in her language (with the reviewers' comments to them, never their names)."""
    _edit(actor, submission.journal)
    submission = Submission.objects.select_for_update(of=("self",)).get(pk=submission.pk)
    if outcome not in Outcome.values:
        raise DomainError(_("Choose the decision."), code="outcome")
    if submission.status not in UNDECIDED:
        raise DomainError(
            _("This manuscript has been decided on already: %(status)s.")
            % {"status": submission.get_status_display()},
            code="decided",
        )
    decision = Decision.objects.create(
        submission=submission, outcome=outcome, letter=letter.strip(), decided_by=actor
    )
    submission.status = OUTCOME_STATUS[Outcome(outcome)]
    submission.save(update_fields=["status", "updated_at"])
    audit_record(
        actor=actor,
        action=AuditAction.JOURNAL_DECIDE,
        target=submission,
        reason=decision.get_outcome_display(),
    )
    enqueue_on_commit("ortaq.journal.tasks.tell_decision", decision.pk)
    return decision


# Issues --------------------------------------------------------------------------------------


def issue_create(*, actor: User, journal: Journal, year: int, number: int, title: str) -> Issue:
    _edit(actor, journal)
    try:
        with transaction.atomic():
            return Issue.objects.create(
                journal=journal, year=year, number=number, title=title.strip()
            )
    except IntegrityError as exc:
        raise DomainError(
            _("The journal has an issue of this year and number already."), code="issue"
        ) from exc


def _unpublished(issue: Issue) -> None:
    if issue.published_at is not None:
        raise DomainError(
            _("The issue is published: its contents no longer change."), code="published"
        )


def section_add(*, actor: User, issue: Issue, title: str) -> Section:
    _edit(actor, issue.journal)
    _unpublished(issue)
    if not title.strip():
        raise DomainError(_("Give the section a title."), code="title")
    last = issue.sections.aggregate(last=Max("position"))["last"] or 0
    return Section.objects.create(issue=issue, title=title.strip(), position=last + 1)


@transaction.atomic
def article_place(*, actor: User, section: Section, submission: Submission) -> Placement:
    """Place an accepted manuscript of the journal at the end of an issue's section."""
    issue = section.issue
    _edit(actor, issue.journal)
    _unpublished(issue)
    submission = Submission.objects.select_for_update(of=("self",)).get(pk=submission.pk)
    if submission.journal_id != issue.journal_id or submission.status != Status.ACCEPTED:
        raise DomainError(
            _("Only the journal's accepted manuscripts go in an issue."), code="state"
        )
    if Placement.objects.filter(submission=submission).exists():
        raise DomainError(_("This article is in an issue already."), code="placed")
    last = issue.placements.aggregate(last=Max("position"))["last"] or 0
    return Placement.objects.create(
        issue=issue, section=section, submission=submission, position=last + 1
    )


@transaction.atomic
def issue_publish(*, actor: User, issue: Issue) -> Issue:
    """Publish the issue: its articles' pages go public, and its PDF is built in the
    background (then each author's certificate of publication, naming her pages)."""
    _edit(actor, issue.journal)
    issue = Issue.objects.select_for_update(of=("self",)).get(pk=issue.pk)
    _unpublished(issue)
    placed = list(issue.placements.values_list("submission_id", flat=True))
    if not placed:
        raise DomainError(_("Place at least one article in the issue."), code="empty")
    now = timezone.now()
    issue.published_at = now
    issue.save(update_fields=["published_at", "updated_at"])
    Submission.objects.filter(pk__in=placed).update(
        status=Status.PUBLISHED, published_at=now, updated_at=now
    )
    enqueue_on_commit("ortaq.journal.tasks.build_issue", issue.pk)
    return issue


def issue_build(*, issue: Issue) -> Issue:
    """Build the issue's PDF, store each article's pages as read from it, and issue each
    author's certificate of publication (once)."""
    from ortaq.journal.pdf import render_issue

    pdf, pages, total = render_issue(issue)
    with transaction.atomic():
        for placement_id, (first, last) in pages.items():
            Placement.objects.filter(pk=placement_id).update(first_page=first, last_page=last)
        if issue.pdf:
            issue.pdf.delete(save=False)
        issue.pdf.save(f"{issue.year}-{issue.number}.pdf", ContentFile(pdf), save=False)
        issue.pages = total
        Issue.objects.filter(pk=issue.pk).update(
            pdf=issue.pdf.name, pages=total, updated_at=timezone.now()
        )
        publication_certificates(issue)
    return issue


def publication_certificates(issue: Issue) -> None:
    """Each author of each article of the issue gets a certificate of publication."""
    journal = issue.journal
    authors = Author.objects.filter(submission__placement__issue=issue).select_related(
        "user", "submission__placement"
    )
    for author in authors:
        with translation.override(author.user.language):
            _issue_author(author, issue, journal)


def _issue_author(author: Author, issue: Issue, journal: Journal) -> None:
    placement = author.submission.placement
    description = _(
        "Published the article “%(title)s” in the journal “%(journal)s”, %(year)s, "
        "№ %(number)s, pages %(first)s–%(last)s."
    ) % {
        "title": author.submission.title,
        "journal": journal.title,
        "year": issue.year,
        "number": issue.number,
        "first": placement.first_page,
        "last": placement.last_page,
    }
    if journal.issn:
        description += " ISSN " + journal.issn
    certificate_issue(
        holder=author.user,
        achievement=author,
        title=_("Certificate of publication"),
        description=description[:500],
        hours=None,
        language=author.user.language,
    )
