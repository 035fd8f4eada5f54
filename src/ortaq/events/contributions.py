"""The call for contributions, contributions, their review and the organisers' decision
(issue 13, decision 0023, part two).

- **The call** (``Call``): organisers open it for dates, kinds and languages, blind or not.
  Each kind has its own short fields with word limits (``KIND_FORMS``), as the World
  Association of Lesson Studies' "Sharecase" forms have.
- **A contribution** is submitted by a signed-in person, first of its ordered authors (an
  author may have no account: a name and an e-mail); its authors edit and withdraw it while
  the call is open and it is undecided.
- **Review**: the organisers assign reviewers (accounts, never one of its authors); a reviewer
  sees only her assignments, and, when the call is blind, never who wrote them. Authors never
  see a reviewer's name: they read the comments to authors alone (``comments_for_authors``).
- **The decision**: accepted or declined, each author is told by e-mail in her language; on
  acceptance the authors with an account are registered as speakers (or poster presenters)
  by ``services.registration_place``: they hold a seat even past capacity, nobody is put on
  the waiting list for them and nobody already registered loses a seat.
"""

import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db import transaction
from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ortaq.accounts.models import User
from ortaq.core.background import enqueue_on_commit
from ortaq.core.errors import DomainError, NotAllowed
from ortaq.core.visibility import is_signed_in
from ortaq.events import services
from ortaq.events.choices import (
    LANGUAGE_CODES,
    ContributionKind,
    ContributionStatus,
    EventStatus,
    Recommendation,
    RegistrationRole,
    TeamStatus,
)
from ortaq.events.models import (
    Call,
    Contribution,
    ContributionAuthor,
    Event,
    Review,
    ReviewAssignment,
    Team,
    run_by_q_events,
)

MAX_AUTHORS = 12


@dataclass(frozen=True)
class KindField:
    """One of a kind's own short fields: its name (a key of ``Contribution.details``), its
    label and its word limit."""

    name: str
    label: Any
    words: int
    required: bool = True


@dataclass(frozen=True)
class KindForm:
    """A kind's form: the abstract's word limit and its own fields."""

    abstract_words: int
    fields: tuple[KindField, ...] = ()


KIND_FORMS: dict[str, KindForm] = {
    ContributionKind.TALK: KindForm(
        300,
        (
            KindField("aims", gettext_lazy("Aims and research question"), 100),
            KindField("findings", gettext_lazy("Findings"), 100),
        ),
    ),
    ContributionKind.SYMPOSIUM: KindForm(
        500,
        (
            KindField("papers", gettext_lazy("The symposium's papers and their presenters"), 600),
            KindField("discussant", gettext_lazy("Discussant"), 30, required=False),
        ),
    ),
    ContributionKind.WORKSHOP: KindForm(
        300,
        (
            KindField("activities", gettext_lazy("What participants will do"), 200),
            KindField("equipment", gettext_lazy("Equipment needed"), 50, required=False),
        ),
    ),
    ContributionKind.POSTER: KindForm(250),
    ContributionKind.SCHOOL_TALK: KindForm(
        300,
        (
            KindField("school", gettext_lazy("The school and its lesson study"), 150),
            KindField("impact", gettext_lazy("What changed for pupils and teachers"), 150),
        ),
    ),
    ContributionKind.TEACHER_TALK: KindForm(
        300,
        (
            KindField("lesson", gettext_lazy("The research lesson"), 150),
            KindField("learning", gettext_lazy("What you learnt"), 150),
        ),
    ),
}
# Who presents an accepted contribution, by kind: the role of her registration.
PRESENTER_ROLES: dict[str, str] = {ContributionKind.POSTER: RegistrationRole.POSTER}
DECIDED = (ContributionStatus.ACCEPTED, ContributionStatus.DECLINED)


def word_count(text: str) -> int:
    return len(re.findall(r"\S+", text or ""))


# --- Who may do what ------------------------------------------------------------------------


def runs(user: User | AnonymousUser, event: Event) -> bool:
    return is_signed_in(user) and user.has_perm("events.change_event", event)


def is_author(user: User | AnonymousUser, contribution: Contribution) -> bool:
    """She is one of its authors with her account, or submitted it."""
    if not is_signed_in(user):
        return False
    if contribution.submitted_by_id == user.pk:
        return True
    return any(author.user_id == user.pk for author in contribution.authors.all())


def is_reviewer(user: User | AnonymousUser, contribution: Contribution) -> bool:
    if not is_signed_in(user):
        return False
    return any(a.reviewer_id == user.pk for a in contribution.review_assignments.all())


def contributions_visible_to(user: User | AnonymousUser) -> QuerySet[Contribution]:
    """The contributions ``user`` may read: those accepted for a published event (the
    programme shows them), her own, those assigned to her for review, and every one of the
    events she runs. ``may_view_contribution`` says the same of one."""
    public = Q(status=ContributionStatus.ACCEPTED, event__status=EventStatus.PUBLISHED)
    if not is_signed_in(user):
        return Contribution.objects.filter(public)
    runs_q = Q(event__in=Event.objects.filter(run_by_q_events(user)).values("pk"))
    own = Q(submitted_by_id=user.pk) | Q(
        pk__in=ContributionAuthor.objects.filter(user_id=user.pk).values("contribution_id")
    )
    reviewing = Q(
        pk__in=ReviewAssignment.objects.filter(reviewer_id=user.pk).values("contribution_id")
    )
    return Contribution.objects.filter(public | own | reviewing | runs_q)


def may_view_contribution(user: User | AnonymousUser, contribution: Contribution) -> bool:
    """Twin of ``contributions_visible_to`` for one contribution."""
    event = contribution.event
    if contribution.status == ContributionStatus.ACCEPTED and event.is_published:
        return True
    return is_author(user, contribution) or is_reviewer(user, contribution) or runs(user, event)


def shows_authors_to(user: User | AnonymousUser, contribution: Contribution) -> bool:
    """Whether ``user`` may see who wrote ``contribution``: not a reviewer of a blind call
    (unless she also runs the event or wrote it), until it is accepted and public."""
    call = getattr(contribution.event, "call", None)
    if call is None or not call.blind:
        return True
    if runs(user, contribution.event) or is_author(user, contribution):
        return True
    if contribution.status == ContributionStatus.ACCEPTED and contribution.event.is_published:
        return True
    return not is_reviewer(user, contribution)


# --- The call -------------------------------------------------------------------------------


def call_of(event: Event) -> Call | None:
    try:
        return event.call
    except Call.DoesNotExist:
        return None


@transaction.atomic
def call_save(
    *,
    actor: User,
    event: Event,
    opens_at: datetime,
    closes_at: datetime,
    kinds: list[str],
    languages: list[str],
    blind: bool = True,
    instructions: str = "",
) -> Call:
    """Open (or change) the event's call for contributions."""
    if not runs(actor, event):
        raise NotAllowed(_("You may not run this event's call for contributions."))
    if event.status == EventStatus.CANCELLED:
        raise DomainError(_("The event is cancelled: it can no longer be changed."), code="state")
    if closes_at < opens_at:
        raise DomainError(_("The call cannot close before it opens."), code="closes_at")
    chosen = [kind for kind in ContributionKind.values if kind in set(kinds)]
    if not chosen:
        raise DomainError(_("Choose at least one kind of contribution."), code="kinds")
    codes = [code for code in LANGUAGE_CODES if code in set(languages)]
    if not codes:
        raise DomainError(_("Choose at least one language of the event."), code="languages")
    call = call_of(event) or Call(event=event)
    call.opens_at, call.closes_at = opens_at, closes_at
    call.kinds = " ".join(chosen)
    call.languages = " ".join(codes)
    call.blind = blind
    call.instructions = instructions.strip()
    call.save()
    return call


# --- Contributions --------------------------------------------------------------------------


@dataclass(frozen=True)
class AuthorIn:
    """A co-author as the submitter gives her: a name and an e-mail (her account, when one has
    this address, is linked), and her school or organisation."""

    name: str
    email: str = ""
    affiliation: str = ""


def _open_call(event: Event, now: datetime) -> Call:
    call = call_of(event)
    if call is None or event.status != EventStatus.PUBLISHED:
        raise DomainError(_("This event has no call for contributions."), code="no_call")
    if now < call.opens_at:
        raise DomainError(_("The call for contributions has not opened yet."), code="not_open")
    if now > call.closes_at:
        raise DomainError(_("The call for contributions is closed."), code="closed")
    return call


def _clean(
    call: Call, kind: str, title: str, abstract: str, language: str, details: dict[str, str]
) -> tuple[str, str, dict[str, str]]:
    if kind not in call.kind_list():
        raise DomainError(_("This call does not take contributions of this kind."), code="kind")
    if language not in call.language_list():
        raise DomainError(_("This call does not take contributions in this language."), code="lang")
    title, abstract = title.strip(), abstract.strip()
    if not title:
        raise DomainError(_("Give the contribution's title."), code="title")
    form = KIND_FORMS[kind]
    if not abstract:
        raise DomainError(_("Write the abstract."), code="abstract")
    if word_count(abstract) > form.abstract_words:
        raise DomainError(
            _("The abstract is longer than %(words)s words.") % {"words": form.abstract_words},
            code="abstract",
        )
    cleaned: dict[str, str] = {}
    for kind_field in form.fields:
        value = (details.get(kind_field.name) or "").strip()
        if kind_field.required and not value:
            raise DomainError(
                _("Fill in “%(field)s”.") % {"field": kind_field.label}, code=kind_field.name
            )
        if word_count(value) > kind_field.words:
            raise DomainError(
                _("“%(field)s” is longer than %(words)s words.")
                % {"field": kind_field.label, "words": kind_field.words},
                code=kind_field.name,
            )
        cleaned[kind_field.name] = value
    return title[:300], abstract, cleaned


def _set_authors(contribution: Contribution, first: User, coauthors: list[AuthorIn]) -> None:
    if len(coauthors) + 1 > MAX_AUTHORS:
        raise DomainError(
            _("A contribution has at most %(count)s authors.") % {"count": MAX_AUTHORS},
            code="authors",
        )
    rows = [
        ContributionAuthor(
            order=1,
            user=first,
            name=first.get_full_name() or first.email,
            email=first.email,
            affiliation=_affiliation_of(first),
        )
    ]
    emails = {a.email.strip().lower() for a in coauthors if a.email.strip()}
    accounts = {u.email.lower(): u for u in User.objects.filter(email__in=emails, is_active=True)}
    for order, author in enumerate(coauthors, start=2):
        name = author.name.strip()
        if not name:
            raise DomainError(_("Give each author's name."), code="authors")
        email = author.email.strip().lower()
        rows.append(
            ContributionAuthor(
                order=order,
                user=accounts.get(email),
                name=name[:200],
                email=email[:254],
                affiliation=author.affiliation.strip()[:300],
            )
        )
    ContributionAuthor.objects.filter(contribution=contribution).delete()
    for row in rows:
        row.contribution = contribution
    ContributionAuthor.objects.bulk_create(rows)


def _affiliation_of(user: User) -> str:
    profile = getattr(user, "profile", None)
    school = getattr(profile, "school", None) if profile is not None else None
    return str(school) if school is not None else ""


@transaction.atomic
def contribution_submit(
    *,
    actor: User,
    event: Event,
    kind: str,
    title: str,
    abstract: str,
    language: str,
    details: dict[str, str] | None = None,
    coauthors: list[AuthorIn] | None = None,
    now: datetime | None = None,
) -> Contribution:
    """Submit a contribution to the event's open call, with her as its first author."""
    if not is_signed_in(actor):
        raise NotAllowed(_("Sign in to submit a contribution."))
    call = _open_call(event, now or timezone.now())
    title, abstract, cleaned = _clean(call, kind, title, abstract, language, details or {})
    contribution = Contribution.objects.create(
        event=event,
        kind=kind,
        title=title,
        abstract=abstract,
        language=language,
        details=cleaned,
        submitted_by=actor,
    )
    _set_authors(contribution, actor, coauthors or [])
    return contribution


def _check_editable(actor: User, contribution: Contribution, now: datetime) -> Call:
    if not is_author(actor, contribution):
        raise NotAllowed(_("You may not change this contribution."))
    if contribution.status != ContributionStatus.SUBMITTED:
        raise DomainError(
            _("This contribution is decided or withdrawn: it can no longer be changed."),
            code="state",
        )
    return _open_call(contribution.event, now)


@transaction.atomic
def contribution_update(
    *,
    actor: User,
    contribution: Contribution,
    kind: str,
    title: str,
    abstract: str,
    language: str,
    details: dict[str, str] | None = None,
    coauthors: list[AuthorIn] | None = None,
    now: datetime | None = None,
) -> Contribution:
    """Change her contribution while the call is open and it is undecided; the first author
    stays first, the co-authors given replace the others (``None`` keeps them)."""
    call = _check_editable(actor, contribution, now or timezone.now())
    title, abstract, cleaned = _clean(call, kind, title, abstract, language, details or {})
    contribution.kind, contribution.title, contribution.abstract = kind, title, abstract
    contribution.language, contribution.details = language, cleaned
    contribution.save()
    if coauthors is not None:
        first = contribution.authors.order_by("order").first()
        first_user = first.user if first is not None and first.user is not None else actor
        _set_authors(contribution, first_user, coauthors)
    return contribution


@transaction.atomic
def contribution_withdraw(
    *, actor: User, contribution: Contribution, now: datetime | None = None
) -> Contribution:
    """Withdraw her contribution before it is decided; withdrawing again changes nothing."""
    if not is_author(actor, contribution):
        raise NotAllowed(_("You may not withdraw this contribution."))
    contribution = Contribution.objects.select_for_update(of=("self",)).get(pk=contribution.pk)
    if contribution.status == ContributionStatus.WITHDRAWN:
        return contribution
    if contribution.status != ContributionStatus.SUBMITTED:
        raise DomainError(
            _("This contribution is decided: ask the organisers to withdraw it."), code="state"
        )
    contribution.status = ContributionStatus.WITHDRAWN
    contribution.save(update_fields=["status", "updated_at"])
    return contribution


# --- Review ---------------------------------------------------------------------------------


@transaction.atomic
def reviewer_assign(*, actor: User, contribution: Contribution, reviewer: User) -> ReviewAssignment:
    """Ask ``reviewer`` to review ``contribution``; never one of its authors. Assigning her
    again changes nothing."""
    if not runs(actor, contribution.event):
        raise NotAllowed(_("You may not assign reviewers for this event."))
    if contribution.status != ContributionStatus.SUBMITTED:
        raise DomainError(_("Only a contribution awaiting its decision is reviewed."), code="state")
    if not reviewer.is_active:
        raise DomainError(_("This person's account is closed."), code="reviewer")
    if is_author(reviewer, contribution):
        raise DomainError(_("An author cannot review her own contribution."), code="reviewer")
    assignment, _created = ReviewAssignment.objects.get_or_create(
        contribution=contribution, reviewer=reviewer, defaults={"assigned_by": actor}
    )
    if _created:
        enqueue_on_commit("ortaq.events.tasks_programme.send_review_request", assignment.pk)
    return assignment


@transaction.atomic
def reviewer_unassign(*, actor: User, assignment: ReviewAssignment) -> None:
    """Take an assignment back (its review, if written, goes with it)."""
    if not runs(actor, assignment.contribution.event):
        raise NotAllowed(_("You may not assign reviewers for this event."))
    assignment.delete()


@transaction.atomic
def review_save(
    *,
    actor: User,
    assignment: ReviewAssignment,
    recommendation: str,
    comments_to_authors: str = "",
    comments_to_organisers: str = "",
) -> Review:
    """Write (or correct) her review, until the contribution is decided."""
    if assignment.reviewer_id != actor.pk:
        raise NotAllowed(_("This review is not yours to write."))
    if assignment.contribution.status != ContributionStatus.SUBMITTED:
        raise DomainError(
            _("This contribution is decided or withdrawn: its reviews are closed."), code="state"
        )
    if recommendation not in Recommendation.values:
        raise DomainError(_("Choose a recommendation."), code="recommendation")
    review, _created = Review.objects.update_or_create(
        assignment=assignment,
        defaults={
            "recommendation": recommendation,
            "comments_to_authors": comments_to_authors.strip()[:10000],
            "comments_to_organisers": comments_to_organisers.strip()[:10000],
        },
    )
    return review


def comments_for_authors(contribution: Contribution) -> list[str]:
    """What its authors read of its reviews once it is decided: the comments to authors, in
    the order written, without any reviewer's name or recommendation."""
    if contribution.status not in DECIDED:
        return []
    # From its assignments with their reviews, which a list has prefetched (no query per row).
    written = [
        review
        for assignment in contribution.review_assignments.all()
        if (review := getattr(assignment, "review", None)) is not None
    ]
    written.sort(key=lambda review: (review.created_at, review.pk))
    return [review.comments_to_authors for review in written if review.comments_to_authors]


def assignments_of(
    user: User | AnonymousUser, event: Event | None = None
) -> QuerySet[ReviewAssignment]:
    """Her review assignments (of ``event``), undecided first."""
    if not is_signed_in(user):
        return ReviewAssignment.objects.none()
    found = ReviewAssignment.objects.filter(reviewer_id=user.pk).select_related(
        "contribution", "contribution__event", "review"
    )
    if event is not None:
        found = found.filter(contribution__event=event)
    return found.order_by("contribution__status", "contribution__event__starts_at", "pk")


@dataclass(frozen=True)
class Work:
    """What waits for her in events: the reviews asked of her and not written yet, the
    submitted contributions of the events she runs (to assign reviewers to and decide), and
    the school teams that applied to them."""

    to_review: list[ReviewAssignment]
    to_decide: list[Contribution]
    teams_to_decide: list[Team]

    @property
    def any(self) -> bool:
        return bool(self.to_review or self.to_decide or self.teams_to_decide)


def work_waiting(user: User | AnonymousUser, *, limit: int = 50) -> Work:
    """Her unwritten reviews of contributions still awaiting their decision, and the
    contributions and school teams awaiting a decision in the events she runs (oldest first):
    two queries for a person who runs no event, four for an organiser."""
    if not is_signed_in(user):
        return Work([], [], [])
    to_review = list(
        ReviewAssignment.objects.filter(
            reviewer_id=user.pk,
            contribution__status=ContributionStatus.SUBMITTED,
            review__isnull=True,
        )
        .select_related("contribution__event")
        .order_by("assigned_at", "pk")[:limit]
    )
    runs_events = Event.objects.filter(run_by_q_events(user)).values("pk")
    if not runs_events.exists():
        return Work(to_review, [], [])
    to_decide = list(
        Contribution.objects.filter(status=ContributionStatus.SUBMITTED, event__in=runs_events)
        .select_related("event")
        .order_by("created_at", "pk")[:limit]
    )
    teams_to_decide = list(
        Team.objects.filter(
            status=TeamStatus.APPLIED,
            event__in=runs_events,
            event__status=EventStatus.PUBLISHED,
        )
        .select_related("event", "school")
        .order_by("created_at", "pk")[:limit]
    )
    return Work(to_review, to_decide, teams_to_decide)


# --- The decision ---------------------------------------------------------------------------


@transaction.atomic
def contribution_decide(
    *, actor: User, contribution: Contribution, accept: bool, now: datetime | None = None
) -> Contribution:
    """Accept or decline a submitted contribution; each author is told by e-mail. On
    acceptance, its authors with an account are registered as speakers (poster presenters for
    a poster), holding a seat past capacity. Deciding it the same way again changes nothing."""
    event = contribution.event
    if not runs(actor, event):
        raise NotAllowed(_("You may not decide on contributions to this event."))
    locked = Contribution.objects.select_for_update(of=("self",)).get(pk=contribution.pk)
    status = ContributionStatus.ACCEPTED if accept else ContributionStatus.DECLINED
    if locked.status == status:
        return locked
    if locked.status != ContributionStatus.SUBMITTED:
        raise DomainError(_("This contribution is withdrawn or decided already."), code="state")
    locked.status = status
    locked.decided_by = actor
    locked.decided_at = now or timezone.now()
    locked.save(update_fields=["status", "decided_by", "decided_at", "updated_at"])
    if accept and event.status == EventStatus.PUBLISHED:
        role = PRESENTER_ROLES.get(locked.kind, RegistrationRole.SPEAKER)
        presenters = User.objects.filter(
            is_active=True, event_contributions__contribution=locked
        ).distinct()
        for person in presenters:
            services.registration_place(actor=actor, event=event, user=person, role=role)
    enqueue_on_commit("ortaq.events.tasks_programme.send_decision", locked.pk)
    return locked


def contributions_of_event(event: Event) -> QuerySet[Contribution]:
    """The event's contributions for its organisers, with their authors and reviews."""
    return (
        Contribution.objects.filter(event=event)
        .prefetch_related(
            "authors",
            Prefetch(
                "review_assignments",
                queryset=ReviewAssignment.objects.select_related("reviewer", "review"),
            ),
        )
        .order_by("status", "kind", "pk")
    )


def contributions_of_author(user: User | AnonymousUser) -> QuerySet[Contribution]:
    if not is_signed_in(user):
        return Contribution.objects.none()
    return (
        Contribution.objects.filter(
            Q(submitted_by_id=user.pk)
            | Q(pk__in=ContributionAuthor.objects.filter(user_id=user.pk).values("contribution_id"))
        )
        .select_related("event")
        .prefetch_related("authors")
        .order_by("-created_at", "-pk")
    )
