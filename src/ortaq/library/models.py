"""The methodological library (docs/decisions/0024-the-library.md).

A ``Resource`` is one work with a stable identity and address: a lesson plan, a multi-grade
plan, assessment criteria, a summative task for a unit or a term, an article… in one language
(its translations are the other resources of its ``ResourceGroup``), by one or several authors
(``Author``), of one school's place (its lead author's school, which says whose moderators
review it and which region's report counts it).

What it says is in its versions (``Version``): the first draft, and every change after it.
Each version goes through review on its own (draft → submitted → in review → published, or
changes requested → resubmitted): a new version is reviewed again before it replaces the
published one, which stays readable ("superseded") as every earlier published version does.
``Resource.current`` is the version readers get.

A version's text is Markdown (``body``), its grades are ``VersionGrade`` rows, the curriculum
objectives it is aligned to are ``Alignment`` rows (after LRMI's ``AlignmentObject``), its files
are ``Attachment`` rows. A summative task (``Kind.summative()``) is structured: a specification
on the version (purpose, duration, total points), ``Task`` rows each assessing named objectives
(``TaskObjective``) with ``Criterion`` rows and their ``Descriptor`` rows and points, and a mark
scheme per task. ``MarkScale`` and ``MarkBand`` turn a percentage into the school mark, as data
with the date each rule takes effect. A teacher's ``MarkSheet`` holds her pupils' points by row
number: no pupil is named anywhere.

Review: a moderator assigns experts (``Assignment``), each of whom answers the checklist of the
resource's kind (``ChecklistItem``, ``ChecklistAnswer``; its first item is alignment to the
stated objectives) and recommends. The review's conversation is ``Comment`` rows, which the
authors read in full; an expert's name is shown to them if she agrees. Readers rate a published
resource (``Rating``) and discuss it in the discussions core; ``Collection`` rows order
published resources into a set that downloads as one pack.
"""

from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from typing import ClassVar, Self

from django.contrib.auth.models import AnonymousUser
from django.contrib.contenttypes.fields import GenericRelation
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_cleanup import cleanup  # type: ignore[import-untyped]

from ortaq.accounts.models import User
from ortaq.core.i18n import localized
from ortaq.core.models import Subject
from ortaq.core.roles import COUNTRY, Role, Scope
from ortaq.core.visibility import is_signed_in, role_over_q
from ortaq.discussions.models import Discussion
from ortaq.library import hooks
from ortaq.library.choices import (
    LANGUAGES,
    CommentRole,
    Kind,
    Level,
    Licence,
    Recommendation,
    SkillLevel,
    Status,
    TaskType,
    Verdict,
)
from ortaq.schools.models import District, Region, School

# A curriculum objective code of the state programme: "5.2.1.1", "11.3.2.4".
OBJECTIVE_CODE = RegexValidator(
    r"^\d{1,2}(\.\d{1,2}){2,4}$",
    _("Write an objective code as in the curriculum, for example 5.2.1.1."),
)
GRADES = [(grade, str(grade)) for grade in range(0, 12)]  # 0 is the pre-school class.
# The framework an alignment's code belongs to (LRMI's educationalFramework).
STATE_PROGRAMME = "Типовая учебная программа"
# The places a resource's moderators may hold their role over, as ``role_over_q`` names them.
PLACES = {"region": "region_id", "district": "district_id", "school": "school_id"}


def reviews_as_moderator(user: User | AnonymousUser, path: str = "") -> Q:
    """The resources (over ``path``, the lookup from the filtered model to its resource) whose
    place ``user`` moderates: she holds the moderator role over its school, district or region,
    or in the whole country."""
    prefix = f"{path}__" if path else ""
    places = {kind: f"{prefix}{column}" for kind, column in PLACES.items()}
    # And those an app above makes her moderate (a textbook's moderators, its lessons).
    extra = hooks.moderated_q(user, f"{path}_id" if path else "pk")
    return role_over_q(user, [Role.MODERATOR], places) | extra


class ResourceGroup(models.Model):
    """The translations of one resource: the resources of a group are the same work in
    different languages, each reviewed on its own."""

    class Meta:
        verbose_name = _("resource with its translations")
        verbose_name_plural = _("resources with their translations")

    def __str__(self) -> str:
        return f"group {self.pk}"


class ResourceQuerySet(models.QuerySet["Resource"]):
    def published(self) -> Self:
        return self.filter(current__isnull=False)

    def visible_to(self, user: User | AnonymousUser) -> Self:
        """The resources ``user`` may open: every published one; and, whatever their status,
        those she wrote, those whose place she moderates, and those she was asked to review
        (any version). ``library.view_resource`` says the same of one resource."""
        if not is_signed_in(user):
            return self.filter(current__isnull=False)
        return self.filter(
            Q(current__isnull=False)
            | Q(Exists(Author.objects.filter(resource=OuterRef("pk"), user_id=user.pk)))
            | Q(
                Exists(
                    Assignment.objects.filter(version__resource=OuterRef("pk"), expert_id=user.pk)
                )
            )
            | reviews_as_moderator(user)
        )

    def worked_on_by(self, user: User | AnonymousUser) -> Self:
        """The resources whose drafts and reviews ``user`` may read: hers, those she moderates
        and those she reviews. Nothing for a visitor."""
        if not is_signed_in(user):
            return self.none()
        return self.filter(
            Q(Exists(Author.objects.filter(resource=OuterRef("pk"), user_id=user.pk)))
            | Q(
                Exists(
                    Assignment.objects.filter(version__resource=OuterRef("pk"), expert_id=user.pk)
                )
            )
            | reviews_as_moderator(user)
        )


class Resource(models.Model):
    """A work of the library with its stable address; what it says is in its versions."""

    group = models.ForeignKey(
        ResourceGroup, on_delete=models.PROTECT, related_name="resources", verbose_name=_("group")
    )
    language = models.CharField(_("language"), max_length=2, choices=LANGUAGES)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    subject = models.ForeignKey(
        Subject, on_delete=models.PROTECT, related_name="+", verbose_name=_("subject")
    )
    # The place of its lead author's school when it was created: whose moderators review it
    # and which region's and district's reports count it.
    school = models.ForeignKey(
        School,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="library_resources",
        verbose_name=_("school"),
    )
    district = models.ForeignKey(
        District, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("created by")
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    # The version readers get: the latest published one (None until the first is published).
    current = models.ForeignKey(
        "Version",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("published version"),
    )
    # Running totals, updated with each download and rating (F expressions, no lost update).
    downloads = models.PositiveIntegerField(_("downloads"), default=0)
    rating_count = models.PositiveIntegerField(_("ratings"), default=0)
    rating_sum = models.PositiveIntegerField(default=0)
    # What search reads of the published version (title, summary, body, objective codes and
    # the text of its attached files), rebuilt when a version is published: see ``search.py``.
    search_document = models.TextField(blank=True, editable=False)
    discussions = GenericRelation(
        Discussion, content_type_field="target_type", object_id_field="target_id"
    )

    objects = ResourceQuerySet.as_manager()

    class Meta:
        verbose_name = _("resource")
        verbose_name_plural = _("resources")
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["group", "language"], name="%(app_label)s_%(class)s_one_per_language"
            ),
        ]
        indexes: ClassVar = [
            models.Index(fields=["kind", "subject"], name="library_resource_kind_subject"),
            models.Index(fields=["region", "kind"], name="library_resource_region"),
            models.Index(fields=["-downloads"], name="library_resource_downloads"),
            # The report's most downloaded of a region and of a district, read top down.
            models.Index(
                fields=["region", "-downloads", "id"],
                condition=Q(current__isnull=False),
                name="library_resource_used_region",
            ),
            models.Index(
                fields=["district", "-downloads", "id"],
                condition=Q(current__isnull=False),
                name="library_resource_used_district",
            ),
        ]

    def __str__(self) -> str:
        version = self.current
        return version.title if version is not None else f"#{self.pk}"

    def scope_chain(self) -> Sequence[Scope]:
        chain = [COUNTRY]
        if self.region_id:
            chain.append(Scope.region(self.region_id))
        if self.district_id:
            chain.append(Scope.district(self.district_id))
        if self.school_id:
            chain.append(Scope.school(self.school_id))
        return tuple(chain)

    @property
    def is_summative(self) -> bool:
        return self.kind in Kind.summative()

    @property
    def rating(self) -> Decimal | None:
        """The mean of its ratings, to one decimal, or None before the first."""
        if not self.rating_count:
            return None
        return (Decimal(self.rating_sum) / self.rating_count).quantize(Decimal("0.1"))


class Author(models.Model):
    """One of a resource's authors, in order, with her school when she became its author (so
    that a school's page lists what its teachers wrote, also after one of them moves)."""

    resource = models.ForeignKey(
        Resource, on_delete=models.CASCADE, related_name="authors", verbose_name=_("resource")
    )
    user = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="library_authorships", verbose_name=_("author")
    )
    school = models.ForeignKey(
        School, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering: ClassVar = ["resource_id", "position", "pk"]
        verbose_name = _("author")
        verbose_name_plural = _("authors")
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["resource", "user"], name="%(app_label)s_%(class)s_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.resource_id})"


class VersionQuerySet(models.QuerySet["Version"]):
    def public(self) -> Self:
        """The versions anyone may read: published ones, the current and the earlier."""
        return self.filter(status__in=[Status.PUBLISHED, Status.SUPERSEDED])

    def visible_to(self, user: User | AnonymousUser) -> Self:
        """The versions ``user`` may read: every published one (current or earlier), and every
        version of the resources she works on (``Resource.objects.worked_on_by``)."""
        public = Q(status__in=[Status.PUBLISHED, Status.SUPERSEDED])
        if not is_signed_in(user):
            return self.filter(public)
        return self.filter(public | Q(resource__in=Resource.objects.worked_on_by(user)))


class Version(models.Model):
    """One text of a resource. A version is edited while it is a draft or has changes
    requested, frozen while in review, and published once an expert approves it; publishing it
    supersedes the version published before. ``revision`` counts its saves, so that of two
    people editing the same draft the second is told, not overwritten."""

    resource = models.ForeignKey(
        Resource, on_delete=models.CASCADE, related_name="versions", verbose_name=_("resource")
    )
    number = models.PositiveSmallIntegerField(_("version"))
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.DRAFT
    )
    title = models.CharField(_("title"), max_length=300)
    summary = models.TextField(_("summary"), blank=True)
    body = models.TextField(_("text"), blank=True, help_text=_("Markdown."))
    licence = models.CharField(
        _("licence"), max_length=16, choices=Licence.choices, default=Licence.CC_BY
    )
    note = models.TextField(_("what changed"), blank=True)
    revision = models.PositiveIntegerField(default=1, editable=False)
    # A summative task's specification (Kind.summative()); empty for other kinds.
    purpose = models.TextField(_("purpose"), blank=True)
    duration_minutes = models.PositiveSmallIntegerField(
        _("duration, minutes"),
        null=True,
        blank=True,
        validators=[MinValueValidator(5), MaxValueValidator(240)],
    )
    total_points = models.PositiveSmallIntegerField(
        _("total points"), null=True, blank=True, validators=[MinValueValidator(1)]
    )
    created_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("created by")
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), default=timezone.now)
    updated_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    # Who approved it and at which level (the approving expert's place), once published.
    approved_by = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("approved by"),
    )
    approved_name_shown = models.BooleanField(default=False)
    level = models.CharField(
        _("level of approval"), max_length=10, choices=Level.choices, blank=True
    )

    objects = VersionQuerySet.as_manager()

    class Meta:
        ordering: ClassVar = ["resource_id", "number"]
        verbose_name = _("version")
        verbose_name_plural = _("versions")
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["resource", "number"], name="%(app_label)s_%(class)s_once"
            ),
            # At most one version of a resource is being written or reviewed at a time.
            models.UniqueConstraint(
                fields=["resource"],
                condition=Q(
                    status__in=[
                        Status.DRAFT,
                        Status.SUBMITTED,
                        Status.IN_REVIEW,
                        Status.CHANGES,
                    ]
                ),
                name="%(app_label)s_%(class)s_one_open",
            ),
        ]
        indexes: ClassVar = [
            models.Index(fields=["status", "submitted_at"], name="library_version_queue"),
        ]

    def __str__(self) -> str:
        return f"{self.title} v{self.number}"


class VersionGrade(models.Model):
    """A grade a version is for; a multi-grade plan has several."""

    version = models.ForeignKey(Version, on_delete=models.CASCADE, related_name="grades")
    grade = models.PositiveSmallIntegerField(_("grade"), choices=GRADES)

    class Meta:
        ordering: ClassVar = ["version_id", "grade"]
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["version", "grade"], name="%(app_label)s_%(class)s_once"
            ),
        ]
        indexes: ClassVar = [models.Index(fields=["grade", "version"], name="library_grade")]

    def __str__(self) -> str:
        return str(self.grade)


class Alignment(models.Model):
    """A curriculum objective a version teaches or assesses (LRMI's ``AlignmentObject``:
    alignmentType, educationalFramework, targetName)."""

    class Type(models.TextChoices):
        TEACHES = "teaches", _("Teaches")
        ASSESSES = "assesses", _("Assesses")

    version = models.ForeignKey(Version, on_delete=models.CASCADE, related_name="alignments")
    code = models.CharField(_("objective code"), max_length=20, validators=[OBJECTIVE_CODE])
    alignment_type = models.CharField(
        _("alignment"), max_length=10, choices=Type.choices, default=Type.TEACHES
    )
    framework = models.CharField(max_length=100, default=STATE_PROGRAMME, editable=False)
    description = models.CharField(_("objective"), max_length=500, blank=True)

    class Meta:
        ordering: ClassVar = ["version_id", "code"]
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["version", "code"], name="%(app_label)s_%(class)s_once"
            ),
        ]
        indexes: ClassVar = [
            models.Index(fields=["code", "version"], name="library_alignment_code")
        ]

    def __str__(self) -> str:
        return self.code


def attachment_path(instance: "Attachment", filename: str) -> str:
    return f"library/{instance.version.resource_id}/{filename}"


# The stored file is shared between versions: django-cleanup must not delete it with a row;
# ``services.attachment_remove`` deletes it once no row names it.
@cleanup.ignore
class Attachment(models.Model):
    """A file of a version. A new version starts with its predecessor's files: the rows are
    copied, the stored file is shared, and it is deleted only when no row names it."""

    version = models.ForeignKey(Version, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(_("file"), upload_to=attachment_path, max_length=300)
    name = models.CharField(_("name"), max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField(default=0)
    # Its text, where one can be read from it (PDF, plain text), for search.
    text = models.TextField(blank=True, editable=False)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering: ClassVar = ["version_id", "position", "pk"]
        verbose_name = _("attached file")
        verbose_name_plural = _("attached files")

    def __str__(self) -> str:
        return self.name


class Task(models.Model):
    """A task of a summative assessment: what the pupils do, its type, the thinking-skill
    level, its time and points, and the mark scheme (the key) the teacher marks by."""

    version = models.ForeignKey(Version, on_delete=models.CASCADE, related_name="tasks")
    number = models.PositiveSmallIntegerField(_("task no."))
    text = models.TextField(_("task"), help_text=_("Markdown."))
    task_type = models.CharField(_("type"), max_length=10, choices=TaskType.choices)
    skill_level = models.CharField(
        _("thinking-skill level"), max_length=12, choices=SkillLevel.choices
    )
    minutes = models.PositiveSmallIntegerField(_("time, minutes"), null=True, blank=True)
    points = models.PositiveSmallIntegerField(_("points"), validators=[MinValueValidator(1)])
    mark_scheme = models.TextField(_("mark scheme"), blank=True, help_text=_("Markdown."))

    class Meta:
        ordering: ClassVar = ["version_id", "number"]
        verbose_name = _("task")
        verbose_name_plural = _("tasks")
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["version", "number"], name="%(app_label)s_%(class)s_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.version_id}: {self.number}"


class TaskObjective(models.Model):
    """A curriculum objective a task assesses."""

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="objectives")
    code = models.CharField(_("objective code"), max_length=20, validators=[OBJECTIVE_CODE])

    class Meta:
        ordering: ClassVar = ["task_id", "code"]
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["task", "code"], name="%(app_label)s_%(class)s_once"),
        ]

    def __str__(self) -> str:
        return self.code


class Criterion(models.Model):
    """An assessment criterion of a task, for one of its objectives."""

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="criteria")
    objective_code = models.CharField(
        _("objective code"), max_length=20, validators=[OBJECTIVE_CODE]
    )
    text = models.TextField(_("assessment criterion"))
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering: ClassVar = ["task_id", "position", "pk"]
        verbose_name = _("assessment criterion")
        verbose_name_plural = _("assessment criteria")

    def __str__(self) -> str:
        return self.text[:60]


class Descriptor(models.Model):
    """What a pupil shows to earn ``points`` under a criterion."""

    criterion = models.ForeignKey(Criterion, on_delete=models.CASCADE, related_name="descriptors")
    text = models.TextField(_("descriptor"))
    points = models.PositiveSmallIntegerField(_("points"), validators=[MinValueValidator(1)])
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering: ClassVar = ["criterion_id", "position", "pk"]
        verbose_name = _("descriptor")
        verbose_name_plural = _("descriptors")

    def __str__(self) -> str:
        return self.text[:60]


class MarkScaleQuerySet(models.QuerySet["MarkScale"]):
    def in_force(self, grade: int, on: date | None = None) -> "MarkScale | None":
        """The rule that converts percentages to marks in ``grade`` on the day ``on`` (today):
        the one with the latest start on or before it (a rule without a start date was in
        force before the others)."""
        day = on or timezone.localdate()
        return (
            self.filter(grade_from__lte=grade, grade_to__gte=grade)
            .filter(Q(effective_from__isnull=True) | Q(effective_from__lte=day))
            .order_by(models.F("effective_from").desc(nulls_last=True))
            .first()
        )


class MarkScale(models.Model):
    """A rule of the ministry that turns a percentage of the total points into the school mark
    for some grades, from the day it takes effect. The ministry changes such rules; a new rule
    is a new row, and the old one stays for what was marked under it."""

    name = models.CharField(_("rule"), max_length=300)
    grade_from = models.PositiveSmallIntegerField(_("from grade"), choices=GRADES)
    grade_to = models.PositiveSmallIntegerField(_("to grade"), choices=GRADES)
    # None: in force before Ortaq kept the date (the rule as the data's README gives it).
    effective_from = models.DateField(_("in force from"), null=True, blank=True)
    source = models.CharField(_("source"), max_length=300, blank=True)

    objects = MarkScaleQuerySet.as_manager()

    class Meta:
        ordering: ClassVar = ["grade_from", "effective_from"]
        verbose_name = _("percentage-to-mark rule")
        verbose_name_plural = _("percentage-to-mark rules")

    def __str__(self) -> str:
        return self.name


class MarkBand(models.Model):
    """A band of a rule: from ``min_percent`` (inclusive) up to the next band's start, the mark
    is ``mark``."""

    scale = models.ForeignKey(MarkScale, on_delete=models.CASCADE, related_name="bands")
    min_percent = models.DecimalField(
        _("from, per cent"),
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    mark = models.PositiveSmallIntegerField(_("mark"))

    class Meta:
        ordering: ClassVar = ["scale_id", "min_percent"]
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["scale", "min_percent"], name="%(app_label)s_%(class)s_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.min_percent}% → {self.mark}"


class MarkSheet(models.Model):
    """A teacher's grid of her pupils' points on a published summative task: one row per pupil,
    named by its number only."""

    version = models.ForeignKey(Version, on_delete=models.PROTECT, related_name="mark_sheets")
    owner = models.ForeignKey(User, on_delete=models.CASCADE, related_name="library_mark_sheets")
    label = models.CharField(_("class"), max_length=40, help_text=_("For example 5 А."))
    grade = models.PositiveSmallIntegerField(_("grade"), choices=GRADES)
    pupils = models.PositiveSmallIntegerField(
        _("number of pupils"), validators=[MinValueValidator(1), MaxValueValidator(60)]
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering: ClassVar = ["-updated_at"]
        verbose_name = _("mark sheet")
        verbose_name_plural = _("mark sheets")

    def __str__(self) -> str:
        return self.label


class MarkEntry(models.Model):
    """The points of pupil number ``row`` on one task."""

    sheet = models.ForeignKey(MarkSheet, on_delete=models.CASCADE, related_name="entries")
    row = models.PositiveSmallIntegerField()
    task = models.ForeignKey(Task, on_delete=models.PROTECT, related_name="+")
    points = models.PositiveSmallIntegerField()

    class Meta:
        ordering: ClassVar = ["sheet_id", "row", "task_id"]
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["sheet", "row", "task"], name="%(app_label)s_%(class)s_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.row}: {self.points}"


class Expertise(models.Model):
    """A subject an expert reviews. The place she reviews for is where she holds the expert
    role; her level of approval follows from it."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="library_expertise")
    subject = models.ForeignKey(Subject, on_delete=models.CASCADE, related_name="+")

    class Meta:
        verbose_name = _("expertise")
        verbose_name_plural = _("expertise")
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["user", "subject"], name="%(app_label)s_%(class)s_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} / {self.subject}"


class ChecklistItem(models.Model):
    """An item of the checklist experts answer for a kind of resource, in three languages. The
    first item of every kind is alignment to the stated curriculum objectives."""

    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    position = models.PositiveSmallIntegerField(_("position"))
    text_kk = models.CharField(max_length=400)
    text_ru = models.CharField(max_length=400)
    text_en = models.CharField(max_length=400)
    is_alignment = models.BooleanField(default=False, editable=False)

    class Meta:
        ordering: ClassVar = ["kind", "position"]
        verbose_name = _("checklist item")
        verbose_name_plural = _("checklist items")
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["kind", "position"], name="%(app_label)s_%(class)s_once"
            ),
        ]

    def __str__(self) -> str:
        return self.text

    @property
    def text(self) -> str:
        return localized(self, "text")


class AssignmentQuerySet(models.QuerySet["Assignment"]):
    def open(self) -> Self:
        return self.filter(decided_at__isnull=True, version__status=Status.IN_REVIEW)


class Assignment(models.Model):
    """An expert asked to review one version, and, once she has, her recommendation. When the
    author resubmits after changes, the same experts review the version again: the assignment
    is reopened (``round`` counts the times) and the checklist answered anew."""

    version = models.ForeignKey(Version, on_delete=models.CASCADE, related_name="assignments")
    expert = models.ForeignKey(User, on_delete=models.PROTECT, related_name="library_assignments")
    assigned_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    assigned_at = models.DateTimeField(default=timezone.now)
    # The level she approves at: where she holds the expert role over the resource.
    level = models.CharField(_("level"), max_length=10, choices=Level.choices)
    round = models.PositiveSmallIntegerField(default=1)
    recommendation = models.CharField(
        _("recommendation"), max_length=10, choices=Recommendation.choices, blank=True
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    # Whether the authors may see her name (she chooses; "an expert" otherwise).
    name_shown = models.BooleanField(_("show my name to the authors"), default=False)

    objects = AssignmentQuerySet.as_manager()

    class Meta:
        ordering: ClassVar = ["version_id", "assigned_at", "pk"]
        verbose_name = _("expert review")
        verbose_name_plural = _("expert reviews")
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["version", "expert"], name="%(app_label)s_%(class)s_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.expert} → {self.version}"


class ChecklistAnswer(models.Model):
    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="answers")
    item = models.ForeignKey(ChecklistItem, on_delete=models.PROTECT, related_name="+")
    verdict = models.CharField(_("verdict"), max_length=8, choices=Verdict.choices)
    comment = models.TextField(_("comment"), blank=True)

    class Meta:
        ordering: ClassVar = ["assignment_id", "item__position"]
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["assignment", "item"], name="%(app_label)s_%(class)s_once"
            ),
        ]

    def __str__(self) -> str:
        return self.verdict


class Comment(models.Model):
    """A message of a version's review, by an author, a moderator or an expert. Authors read
    every one; an expert's is signed with her name only if her assignment says so."""

    version = models.ForeignKey(Version, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+")
    role = models.CharField(_("as"), max_length=10, choices=CommentRole.choices)
    body = models.TextField(_("comment"))
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering: ClassVar = ["version_id", "created_at", "pk"]
        verbose_name = _("review comment")
        verbose_name_plural = _("review comments")

    def __str__(self) -> str:
        return self.body[:60]


class Rating(models.Model):
    """A reader's stars for a published resource, one per reader (she may change them)."""

    resource = models.ForeignKey(Resource, on_delete=models.CASCADE, related_name="ratings")
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    stars = models.PositiveSmallIntegerField(
        _("stars"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["resource", "user"], name="%(app_label)s_%(class)s_once"
            ),
            models.CheckConstraint(
                condition=Q(stars__gte=1, stars__lte=5), name="%(app_label)s_%(class)s_stars"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user_id}: {self.stars}"


class CollectionQuerySet(models.QuerySet["Collection"]):
    def visible_to(self, user: User | AnonymousUser) -> Self:
        """Public collections for everyone; a private one for its owner only."""
        if not is_signed_in(user):
            return self.filter(is_public=True)
        return self.filter(Q(is_public=True) | Q(owner_id=user.pk))


class Collection(models.Model):
    """An ordered, titled set of published resources (e.g. "Multi-grade mathematics, grades
    1–4"), which downloads as an offline pack and as one PDF."""

    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    language = models.CharField(_("language"), max_length=2, choices=LANGUAGES)
    owner = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="library_collections", verbose_name=_("owner")
    )
    is_public = models.BooleanField(_("public"), default=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    objects = CollectionQuerySet.as_manager()

    class Meta:
        ordering: ClassVar = ["-updated_at", "pk"]
        verbose_name = _("collection")
        verbose_name_plural = _("collections")

    def __str__(self) -> str:
        return self.title


class CollectionItem(models.Model):
    collection = models.ForeignKey(Collection, on_delete=models.CASCADE, related_name="items")
    resource = models.ForeignKey(
        Resource, on_delete=models.CASCADE, related_name="collection_items"
    )
    position = models.PositiveSmallIntegerField(default=0)
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        ordering: ClassVar = ["collection_id", "position", "pk"]
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["collection", "resource"], name="%(app_label)s_%(class)s_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.collection_id}: {self.resource_id}"


# The report's running totals ----------------------------------------------------------------


class TallyMetric(models.IntegerChoices):
    """What a ``LibraryTally`` row counts; its ``key`` says of what."""

    KIND = 1  # key: the kind; n resources, published those with a published version
    SUBJECT = 2  # key: the subject's id; n resources, published as for KIND
    STATUS = 3  # key: the status; n versions
    LEVEL = 4  # key: the level of approval of the published version; n resources
    DAYS = 5  # key: tenths of days from submission to publication; n published versions


class LibraryTally(models.Model):
    """One figure of the library report for one place of resources: the (region, district)
    columns of the resources counted, as ``Resource`` holds them (either may be empty).

    The report of the country sums every place's rows, a region's its own districts'; a
    district's reads its own. ``services.tallies`` recounts a place from the raw rows whenever
    a change touched it, so the rows are exact by construction (docs/decisions/0013)."""

    region = models.ForeignKey(Region, on_delete=models.CASCADE, null=True, related_name="+")
    district = models.ForeignKey(District, on_delete=models.CASCADE, null=True, related_name="+")
    metric = models.PositiveSmallIntegerField(choices=TallyMetric)
    key = models.CharField(max_length=16)
    n = models.PositiveIntegerField()
    published = models.PositiveIntegerField(default=0)

    class Meta:
        indexes: ClassVar = [
            models.Index(fields=["region", "district"], name="library_tally_place"),
            models.Index(fields=["district"], name="library_tally_district"),
        ]

    def __str__(self) -> str:
        return f"{self.region_id}/{self.district_id}: {self.metric} {self.key} = {self.n}"


class LibrarySchoolTally(models.Model):
    """A school some of whose teachers wrote published resources of a place: how many (the
    report counts the distinct schools of the places it covers, by their locality and size,
    read from the school at the time of reading)."""

    region = models.ForeignKey(Region, on_delete=models.CASCADE, null=True, related_name="+")
    district = models.ForeignKey(District, on_delete=models.CASCADE, null=True, related_name="+")
    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="+")
    n = models.PositiveIntegerField()

    class Meta:
        indexes: ClassVar = [
            models.Index(fields=["region", "district"], name="library_tally_school_place"),
            models.Index(fields=["district"], name="library_tally_school_district"),
        ]

    def __str__(self) -> str:
        return f"{self.region_id}/{self.district_id}: school {self.school_id} = {self.n}"


class LibraryTallyChange(models.Model):
    """A place whose report figures must be recounted. Appended, never updated, so that two
    authors of one district submitting at once never wait for each other's row."""

    region_id = models.BigIntegerField(null=True)
    district_id = models.BigIntegerField(null=True)
    # Recount every place (after a bulk load, or a change whose places are not known).
    everything = models.BooleanField(default=False)

    def __str__(self) -> str:
        return f"{self.region_id}/{self.district_id}"


class LibraryTallyState(models.Model):
    """When the report's running totals were last brought up to date (shown beside it)."""

    counted_at = models.DateTimeField()

    def __str__(self) -> str:
        return str(self.counted_at)
