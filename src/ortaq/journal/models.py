"""An association's journal: its calls, submissions (with versions, authors and reviews), the
editor's decisions, and its issues (sections and placed articles).

See ``docs/decisions/0021-the-journal.md``: the journal is run by the association's editor
(``networks.Appointment``); a review is opened by a one-time link whose token is stored only as
a hash; an issue's PDF is built in the background and the page of each article read back from
it.
"""

import hashlib
import re
from typing import ClassVar, Self

from django.contrib.auth.models import AnonymousUser
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ortaq.accounts.models import User
from ortaq.core.i18n import localized
from ortaq.core.models import TimeStampedModel
from ortaq.core.visibility import NOTHING, is_signed_in
from ortaq.journal.choices import LANGUAGES, Kind, Outcome, Recommendation, Status
from ortaq.networks.choices import Steward
from ortaq.networks.models import Appointment, Association

ISSN = re.compile(r"^(\d{4})-?(\d{3})([\dXx])$")


def issn_check_digit(digits: str) -> str:
    """The check digit of the first seven digits of an ISSN (weights 8 to 2, modulo 11)."""
    total = sum(int(d) * w for d, w in zip(digits, range(8, 1, -1), strict=True))
    check = (11 - total % 11) % 11
    return "X" if check == 10 else str(check)


def normalise_issn(value: str) -> str:
    """``value`` as ``NNNN-NNNC``, or a ``ValidationError`` if it is not an ISSN."""
    value = value.strip().upper()
    match = ISSN.match(value)
    if match is None:
        raise ValidationError(_("An ISSN is eight characters, such as 2226-1249."), code="issn")
    head = match.group(1) + match.group(2)
    if issn_check_digit(head) != match.group(3).upper():
        raise ValidationError(
            _("This ISSN's last character does not match the others: check it."), code="issn"
        )
    return f"{match.group(1)}-{match.group(2)}{match.group(3).upper()}"


def token_hash(token: str) -> str:
    """What is stored of a review link's token: its SHA-256, never the token."""
    return hashlib.sha256(token.encode()).hexdigest()


def edited_by_q(user: User | AnonymousUser) -> Q:
    """The journals ``user`` edits (the association's editor), as a filter."""
    if not is_signed_in(user):
        return NOTHING
    return Q(
        Exists(
            Appointment.objects.filter(
                association=OuterRef("association"), user_id=user.pk, role=Steward.EDITOR
            )
        )
    )


class JournalQuerySet(models.QuerySet["Journal"]):
    def edited_by(self, user: User | AnonymousUser) -> Self:
        """The journals whose desk ``user`` keeps: those of the associations she is the editor
        of. ``journal.edit_journal`` says the same of one journal."""
        return self.filter(edited_by_q(user))


class Journal(TimeStampedModel):
    """The journal of an association, one per association, kept by its editor."""

    association = models.OneToOneField(
        Association, on_delete=models.CASCADE, related_name="journal", verbose_name=_("association")
    )
    title_kk = models.CharField(_("title in Kazakh"), max_length=200, blank=True)
    title_ru = models.CharField(_("title in Russian"), max_length=200, blank=True)
    title_en = models.CharField(_("title in English"), max_length=200, blank=True)
    issn = models.CharField(_("ISSN"), max_length=9, blank=True)

    objects = JournalQuerySet.as_manager()

    class Meta:
        verbose_name = _("journal")
        verbose_name_plural = _("journals")
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=~Q(title_kk="", title_ru=""), name="%(app_label)s_%(class)s_has_a_title"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        return localized(self, "title")


class Call(models.Model):
    """The editor's call for a year's issue: open until its deadline or until she closes it."""

    journal = models.ForeignKey(
        Journal, on_delete=models.CASCADE, related_name="calls", verbose_name=_("journal")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    deadline = models.DateField(_("deadline"))
    opened_at = models.DateTimeField(_("opened"), default=timezone.now)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)

    class Meta:
        ordering: ClassVar = ["-year"]
        verbose_name = _("call for submissions")
        verbose_name_plural = _("calls for submissions")
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["journal", "year"], name="%(app_label)s_%(class)s_once")
        ]

    def __str__(self) -> str:
        return f"{self.journal} {self.year}"

    @property
    def is_open(self) -> bool:
        return self.closed_at is None and timezone.localdate() <= self.deadline


class SubmissionQuerySet(models.QuerySet["Submission"]):
    def visible_to(self, user: User | AnonymousUser) -> Self:
        """The manuscripts ``user`` may read, whatever their status: her own (she is one of
        the authors), every one of a journal she edits, and those she is asked to review
        (with her account). Published articles are read by everyone through their issue's
        pages, not here. ``journal.view_submission`` says the same of one submission."""
        if not is_signed_in(user):
            return self.none()
        return self.filter(
            Q(Exists(Author.objects.filter(submission=OuterRef("pk"), user_id=user.pk)))
            | Q(Exists(Review.objects.filter(submission=OuterRef("pk"), reviewer_id=user.pk)))
            | Q(
                Exists(
                    Appointment.objects.filter(
                        association=OuterRef("journal__association"),
                        user_id=user.pk,
                        role=Steward.EDITOR,
                    )
                )
            )
        )


class Submission(TimeStampedModel):
    """A manuscript sent to a journal's call: its titles and abstracts in three languages, its
    body (``Version``) in one, its ordered authors, its reviews and the editor's decisions.

    ``source`` is what it was made from, if anything (a Lesson Study group's published report,
    a development project's portfolio), as a content type and id, so that an app above this one
    turns its object into a submission without the journal knowing it.
    """

    journal = models.ForeignKey(
        Journal, on_delete=models.CASCADE, related_name="submissions", verbose_name=_("journal")
    )
    call = models.ForeignKey(
        Call, on_delete=models.PROTECT, related_name="submissions", verbose_name=_("call")
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices, default=Kind.ARTICLE)
    title_kk = models.CharField(_("title in Kazakh"), max_length=300)
    title_ru = models.CharField(_("title in Russian"), max_length=300)
    title_en = models.CharField(_("title in English"), max_length=300)
    abstract_kk = models.TextField(_("abstract in Kazakh"))
    abstract_ru = models.TextField(_("abstract in Russian"))
    abstract_en = models.TextField(_("abstract in English"))
    language = models.CharField(_("language of the text"), max_length=2, choices=LANGUAGES)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.SUBMITTED
    )
    submitted_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("submitted by")
    )
    authors_hidden = models.BooleanField(
        _("hide the authors' names from the reviewers"), default=False
    )
    source_type = models.ForeignKey(
        ContentType, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    source_id = models.PositiveBigIntegerField(null=True, blank=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)

    objects = SubmissionQuerySet.as_manager()

    class Meta:
        ordering: ClassVar = ["-pk"]
        verbose_name = _("submission")
        verbose_name_plural = _("submissions")
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["source_type", "source_id"],
                condition=Q(source_type__isnull=False),
                name="%(app_label)s_%(class)s_once_per_source",
            ),
        ]
        indexes: ClassVar = [
            models.Index(fields=["journal", "status"], name="journal_submission_status"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        return localized(self, "title")

    @property
    def abstract(self) -> str:
        return localized(self, "abstract")


class Author(models.Model):
    """One of a submission's authors, in order (the first is the one who submitted it)."""

    submission = models.ForeignKey(
        Submission, on_delete=models.CASCADE, related_name="authors", verbose_name=_("submission")
    )
    user = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="+", verbose_name=_("author")
    )
    position = models.PositiveSmallIntegerField(_("order"))

    class Meta:
        ordering: ClassVar = ["submission_id", "position"]
        verbose_name = _("author")
        verbose_name_plural = _("authors")
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["submission", "user"], name="%(app_label)s_%(class)s_once"
            ),
            models.UniqueConstraint(
                fields=["submission", "position"], name="%(app_label)s_%(class)s_position"
            ),
        ]

    def __str__(self) -> str:
        return str(self.user)


class Version(models.Model):
    """One text of a submission's body, in Markdown: the first, a revision, or a correction of
    a published article (with its note). Earlier versions stay readable."""

    submission = models.ForeignKey(
        Submission, on_delete=models.CASCADE, related_name="versions", verbose_name=_("submission")
    )
    number = models.PositiveSmallIntegerField(_("version"))
    body = models.TextField(_("text"))
    note = models.TextField(_("what changed"), blank=True)
    is_correction = models.BooleanField(_("correction after publication"), default=False)
    created_at = models.DateTimeField(_("sent"), default=timezone.now)
    created_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering: ClassVar = ["submission_id", "number"]
        verbose_name = _("version")
        verbose_name_plural = _("versions")
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["submission", "number"], name="%(app_label)s_%(class)s_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.submission} v{self.number}"


class Review(models.Model):
    """A reviewer's assignment to a submission and, once sent, her review.

    A reviewer with an Ortaq account reads it from her account; one without is named by her
    name and e-mail. Either way the assignment has a one-time link, whose token is stored as a
    hash only; it expires at ``expires_at`` and is spent once the review is sent.
    """

    submission = models.ForeignKey(
        Submission, on_delete=models.CASCADE, related_name="reviews", verbose_name=_("submission")
    )
    reviewer = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="journal_reviews",
        verbose_name=_("reviewer"),
    )
    name = models.CharField(_("reviewer's name"), max_length=200)
    email = models.EmailField(_("reviewer's e-mail"))
    language = models.CharField(_("language"), max_length=2, choices=LANGUAGES, default="kk")
    version_number = models.PositiveSmallIntegerField(_("version reviewed"))
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    expires_at = models.DateTimeField(_("link expires"))
    assigned_at = models.DateTimeField(_("assigned"), default=timezone.now)
    assigned_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    recommendation = models.CharField(
        _("recommendation"), max_length=8, choices=Recommendation.choices, blank=True
    )
    to_authors = models.TextField(_("comments to the authors"), blank=True)
    to_editor = models.TextField(_("comments to the editor only"), blank=True)

    class Meta:
        ordering: ClassVar = ["submission_id", "pk"]
        verbose_name = _("review")
        verbose_name_plural = _("reviews")
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=Q(sent_at__isnull=True) | ~Q(recommendation=""),
                name="%(app_label)s_%(class)s_sent_with_recommendation",
            ),
        ]
        indexes: ClassVar = [
            models.Index(fields=["reviewer", "sent_at"], name="journal_review_pending"),
        ]

    def __str__(self) -> str:
        return f"{self.submission} — {self.name}"

    @property
    def is_pending(self) -> bool:
        return self.sent_at is None and self.expires_at > timezone.now()


class Decision(models.Model):
    """The editor's decision on a submission, with her letter to the authors."""

    submission = models.ForeignKey(
        Submission, on_delete=models.CASCADE, related_name="decisions", verbose_name=_("submission")
    )
    outcome = models.CharField(_("decision"), max_length=8, choices=Outcome.choices)
    letter = models.TextField(_("letter to the authors"), blank=True)
    decided_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided"), default=timezone.now)

    class Meta:
        ordering: ClassVar = ["submission_id", "pk"]
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")

    def __str__(self) -> str:
        return f"{self.submission} — {self.get_outcome_display()}"


def issue_pdf_path(issue: "Issue", filename: str) -> str:
    return f"journal/{issue.journal_id}/{issue.year}-{issue.number}.pdf"


class Issue(TimeStampedModel):
    """An issue of a journal: its sections and articles in order, published as web pages and
    one print-ready PDF (built in the background; ``pages`` is read back from it)."""

    journal = models.ForeignKey(
        Journal, on_delete=models.CASCADE, related_name="issues", verbose_name=_("journal")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    number = models.PositiveSmallIntegerField(_("number"), default=1)
    title = models.CharField(_("title"), max_length=300, blank=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    pdf = models.FileField(_("PDF"), upload_to=issue_pdf_path, blank=True)
    pages = models.PositiveIntegerField(_("pages"), null=True, blank=True)

    class Meta:
        ordering: ClassVar = ["-year", "-number"]
        verbose_name = _("issue")
        verbose_name_plural = _("issues")
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["journal", "year", "number"], name="%(app_label)s_%(class)s_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.journal}, {self.year}, № {self.number}"


class Section(models.Model):
    """A section of an issue (say, "Lesson Study"), in order."""

    issue = models.ForeignKey(
        Issue, on_delete=models.CASCADE, related_name="sections", verbose_name=_("issue")
    )
    title = models.CharField(_("title"), max_length=200)
    position = models.PositiveSmallIntegerField(_("order"))

    class Meta:
        ordering: ClassVar = ["issue_id", "position"]
        verbose_name = _("section")
        verbose_name_plural = _("sections")

    def __str__(self) -> str:
        return self.title


class Placement(models.Model):
    """An accepted submission placed in an issue's section, in order; its pages in the issue's
    PDF once it is built."""

    issue = models.ForeignKey(
        Issue, on_delete=models.CASCADE, related_name="placements", verbose_name=_("issue")
    )
    section = models.ForeignKey(
        Section, on_delete=models.CASCADE, related_name="placements", verbose_name=_("section")
    )
    submission = models.OneToOneField(
        Submission, on_delete=models.PROTECT, related_name="placement", verbose_name=_("article")
    )
    position = models.PositiveSmallIntegerField(_("order"))
    first_page = models.PositiveIntegerField(_("first page"), null=True, blank=True)
    last_page = models.PositiveIntegerField(_("last page"), null=True, blank=True)

    class Meta:
        ordering: ClassVar = ["issue_id", "position"]
        verbose_name = _("article in an issue")
        verbose_name_plural = _("articles in an issue")

    def __str__(self) -> str:
        return str(self.submission)
