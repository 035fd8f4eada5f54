"""Teacher-led development projects: one teacher's work through seven stages, with what each
stage produces, her facilitator's comments and the assessment of her portfolio."""

from collections.abc import Sequence
from typing import ClassVar, Self
from urllib.parse import urlsplit

from django.contrib.auth.models import AnonymousUser
from django.db import models
from django.db.models import BooleanField, Case, Exists, OuterRef, Q, When
from django.utils.translation import gettext_lazy as _

from ortaq.accounts.models import User
from ortaq.communities.choices import (
    Consulted,
    Criterion,
    EvidenceKind,
    MemberRole,
    MembershipStatus,
    ProjectStatus,
    Stage,
)
from ortaq.communities.models.circles import RUNNERS, Circle, Membership
from ortaq.core.models import Subject, TimeStampedModel
from ortaq.core.roles import Role, Scope
from ortaq.core.visibility import NOTHING, is_signed_in, role_over_q

# The columns that hold each scope of a project's circle (``Circle.scope_chain()``).
PROJECT_PLACES = {
    "region": "circle__region_id",
    "district": "circle__district_id",
    "school": "circle__school_id",
    "communities.circle": "circle_id",
}


def is_web_link(url: str) -> bool:
    """Whether ``url`` is an http(s) address with a host: the only links a page may render
    (``javascript:`` and ``data:`` addresses never are)."""
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return False
    return parts.scheme.lower() in ("http", "https") and bool(parts.netloc)


def openable_by(user: User | AnonymousUser) -> Q:
    """The projects ``user`` may open, as a filter: see ``ProjectQuerySet.visible_to``."""
    if not is_signed_in(user):
        return NOTHING
    facilitates = Membership.objects.filter(
        circle=OuterRef("circle_id"),
        user_id=user.pk,
        role=MemberRole.FACILITATOR,
        status=MembershipStatus.ACTIVE,
    )
    return Q(owner_id=user.pk) | Q(Exists(facilitates)) | role_over_q(user, RUNNERS, PROJECT_PLACES)


class ProjectQuerySet(models.QuerySet["Project"]):
    """Projects, with who may see which (the rules every list of projects starts from)."""

    def visible_to(self, user: User | AnonymousUser) -> Self:
        """The projects ``user`` may open whole (stages, portfolio, evidence, comments): her
        own, and those of the circles she runs, as their active facilitator or as a
        methodologist or administrator over the circle's place. ``communities.view_project``
        says the same of one project."""
        return self.filter(openable_by(user))

    def in_showcase_for(self, user: User | AnonymousUser) -> Self:
        """The accepted projects, whose showcase entry every signed-in person reads; none for
        a visitor. ``communities.view_showcase_entry`` says the same of one project."""
        if not is_signed_in(user):
            return self.none()
        return self.filter(status=ProjectStatus.ACCEPTED)

    def with_openable(self, user: User | AnonymousUser) -> Self:
        """Each project with ``openable``: whether ``user`` may open it whole (a circle's list
        shows every title, and links the ones she may open)."""
        return self.annotate(
            openable=Case(
                When(openable_by(user), then=True), default=False, output_field=BooleanField()
            )
        )


class Project(TimeStampedModel):
    """One teacher's development project in her circle.

    ``stage`` is the stage she works on; she moves on when the current stage holds what it must
    produce (the services check it), and may go back to any earlier one. The outputs of stages
    1, 3 and 6 are fields here; stages 2, 4 and 5 are lists (consultations, log entries,
    evidence); stage 7 is the portfolio assembled from all of them, submitted and assessed.
    """

    owner = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="projects", verbose_name=_("teacher")
    )
    circle = models.ForeignKey(
        Circle, on_delete=models.PROTECT, related_name="projects", verbose_name=_("circle")
    )
    title = models.CharField(_("title"), max_length=200)
    subject = models.ForeignKey(
        Subject,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("subject"),
    )
    theme = models.CharField(_("theme"), max_length=120, blank=True)
    stage = models.PositiveSmallIntegerField(
        _("stage"), choices=Stage.choices, default=Stage.CONCERN
    )
    status = models.CharField(
        _("status"), max_length=12, choices=ProjectStatus.choices, default=ProjectStatus.IN_PROGRESS
    )
    # 1. Values and concern.
    values = models.TextField(_("what matters to me"), blank=True)
    concern = models.TextField(_("the concern I will work on"), blank=True)
    # 3. Development plan.
    aims = models.TextField(_("aims"), blank=True)
    actions = models.TextField(_("actions"), blank=True)
    timeline = models.TextField(_("timeline"), blank=True)
    involved = models.TextField(_("who is involved"), blank=True)
    planned_evidence = models.TextField(_("how I will know it worked"), blank=True)
    # 6. Sharing.
    presentation_title = models.CharField(_("presentation"), max_length=200, blank=True)
    presented_at = models.CharField(_("network event"), max_length=200, blank=True)
    presented_on = models.DateField(_("presented on"), null=True, blank=True)
    event_url = models.URLField(_("link to the event"), blank=True)
    summary = models.TextField(_("summary for publication"), blank=True)
    # 7. Portfolio.
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # The one-time key of the form that started it: a double click starts one project.
    client_key = models.UUIDField(null=True, blank=True, editable=False)

    objects = ProjectQuerySet.as_manager()

    class Meta:
        ordering: ClassVar = ["-updated_at", "pk"]
        verbose_name = _("development project")
        verbose_name_plural = _("development projects")
        indexes: ClassVar = [
            models.Index(fields=["circle", "stage"], name="communities_project_stage"),
            models.Index(fields=["status", "accepted_at"], name="communities_project_status"),
        ]
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["owner", "client_key"], name="%(app_label)s_%(class)s_once_per_key"
            ),
        ]

    # Who vouches for an accepted portfolio's certificate, and so may revoke it: methodologists
    # over the circle (administrators may revoke any certificate).
    awarded_by: ClassVar = (Role.COORDINATOR,)

    def __str__(self) -> str:
        return self.title

    def scope_chain(self) -> Sequence[Scope]:
        # A project lies within its circle; its owner is checked separately.
        return (*self.circle.scope_chain(), Scope.of_object("communities.project", self.pk))

    @property
    def is_accepted(self) -> bool:
        return self.status == ProjectStatus.ACCEPTED

    @property
    def event_link(self) -> str:
        """The link to the event where it is a web address, else empty (older rows may hold
        anything)."""
        return self.event_url if is_web_link(self.event_url) else ""


class ConsultationNote(models.Model):
    """Stage 2: who she consulted (colleagues, pupils, parents) and what they said."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="consultations")
    consulted = models.CharField(_("who was consulted"), max_length=12, choices=Consulted.choices)
    who = models.CharField(_("whom, in a few words"), max_length=200, blank=True)
    said = models.TextField(_("what they said"))
    on_date = models.DateField(_("date"))
    created_at = models.DateTimeField(auto_now_add=True)
    # The one-time key of the form that added it: a double click adds one.
    client_key = models.UUIDField(null=True, blank=True, editable=False)

    class Meta:
        ordering: ClassVar = ["on_date", "pk"]
        verbose_name = _("consultation")
        verbose_name_plural = _("consultations")
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["project", "client_key"], name="%(app_label)s_%(class)s_once_per_key"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_consulted_display()} {self.on_date}"


class LogEntry(models.Model):
    """Stage 4: a dated entry of what she did to lead change."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="log")
    on_date = models.DateField(_("date"))
    text = models.TextField(_("what was done"))
    created_at = models.DateTimeField(auto_now_add=True)
    # The one-time key of the form that added it: a double click adds one.
    client_key = models.UUIDField(null=True, blank=True, editable=False)

    class Meta:
        ordering: ClassVar = ["on_date", "pk"]
        verbose_name = _("log entry")
        verbose_name_plural = _("log entries")
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["project", "client_key"], name="%(app_label)s_%(class)s_once_per_key"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.on_date}: {self.text[:40]}"


def evidence_path(instance: "EvidenceItem", filename: str) -> str:
    # ``filename`` is the one ``core.uploads.check_upload`` made: random, with the extension of
    # the type its content has; the name she gave the file is kept in ``file_name``.
    return f"projects/{filename}"


class EvidenceItem(models.Model):
    """Stage 5: a piece of evidence with its caption; a file only its owner, her circle's
    facilitators and (once accepted) the showcase see. Where pupils appear, she states that
    consent was obtained: the database refuses the item otherwise."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="evidence")
    kind = models.CharField(_("kind"), max_length=12, choices=EvidenceKind.choices)
    caption = models.CharField(_("caption"), max_length=300)
    text = models.TextField(_("text"), blank=True)
    file = models.FileField(_("file"), upload_to=evidence_path, blank=True)
    file_name = models.CharField(max_length=200, blank=True)
    content_type = models.CharField(max_length=100, blank=True)
    pupils_appear = models.BooleanField(_("pupils appear in it"), default=False)
    consent_obtained = models.BooleanField(
        _("consent was obtained from the pupils' parents"), default=False
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # The one-time key of the form that added it: a double click adds one.
    client_key = models.UUIDField(null=True, blank=True, editable=False)

    class Meta:
        ordering: ClassVar = ["created_at", "pk"]
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["project", "client_key"], name="%(app_label)s_%(class)s_once_per_key"
            ),
            models.CheckConstraint(
                condition=models.Q(pupils_appear=False) | models.Q(consent_obtained=True),
                name="%(app_label)s_%(class)s_consent_where_pupils_appear",
            ),
        ]

    def __str__(self) -> str:
        return self.caption


class Comment(models.Model):
    """A facilitator's (or the teacher's own) comment on one stage of a project."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="comments")
    stage = models.PositiveSmallIntegerField(_("stage"), choices=Stage.choices)
    author = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+")
    body = models.TextField(_("comment"))
    created_at = models.DateTimeField(_("written"))
    client_key = models.UUIDField(null=True, blank=True, editable=False)

    class Meta:
        ordering: ClassVar = ["created_at", "pk"]
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["author", "client_key"], name="%(app_label)s_%(class)s_once_per_key"
            ),
        ]

    def __str__(self) -> str:
        return self.body[:60]


class Assessment(models.Model):
    """A facilitator's assessment of a submitted portfolio: a level per criterion, a comment,
    and the decision (accepted, or returned for changes)."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="assessments")
    assessor = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+")
    accepted = models.BooleanField(_("accepted"))
    comment = models.TextField(_("comment"), blank=True)
    created_at = models.DateTimeField(_("assessed"))

    class Meta:
        ordering: ClassVar = ["-created_at", "-pk"]
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")

    def __str__(self) -> str:
        return f"{self.project} — {self.created_at:%Y-%m-%d}"


class AssessmentLevel(models.Model):
    """The level a portfolio reached on one criterion in one assessment."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="levels")
    criterion = models.CharField(_("criterion"), max_length=16, choices=Criterion.choices)
    level = models.PositiveSmallIntegerField(_("level"))

    class Meta:
        verbose_name = _("level")
        verbose_name_plural = _("levels")
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["assessment", "criterion"], name="%(app_label)s_%(class)s_once"
            ),
            models.CheckConstraint(
                condition=models.Q(level__lte=2), name="%(app_label)s_%(class)s_level_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.criterion}: {self.level}"
