"""The intercultural-dialogue programme's e-textbook and its schools' project movement
(docs/decisions/0025-the-textbook-and-the-movement.md).

**The textbook.** A ``Textbook`` (grades, language; its translations share a
``TextbookGroup``) has ordered ``Unit`` rows of ordered ``Lesson`` rows. A lesson's content is
a library resource of the kind ``textbook`` (``library.Resource``): its versions carry the text
and go through the library's review (moderators, experts, changes requested, every new version
reviewed again), and what a textbook lesson has beyond a library resource hangs on the library's
``Version``: its teacher's guide (``LessonGuide``), its images, audio and video with alt text and
captions (``Media``) and its interactive tasks (``Exercise`` with ``Option`` and ``Accepted``
rows), so that each version keeps its own. Coordinators commission a lesson from a school or a
teacher (``Lesson.commissioned_*``).

**Pupils have no account.** Nothing here names or identifies a pupil. A lesson's page carries
its tasks' accepted answers only as salted hashes (``Exercise.salt``), so that the page checks
an answer without its source revealing it. A teacher opens a ``ClassSession`` with a short code;
pupils who enter it send, per task, only whether their first answer was right: the session's
``Tally`` rows count them, and each answer's random ``Receipt`` (not linked to any other) makes
a repeated sending count once.

**The movement.** A ``Movement`` ("Folklore of my village") is a call by an association or a
region's coordinators, with a theme, dates and rules. School ``Team`` rows (school, teachers
leading it as ``TeamTeacher``, grades, a number of pupils) submit ``Entry`` rows (text, audio,
images as ``EntryMedia``, the place they come from, language), each vouched for by a teacher
for the permissions of the people recorded. Moderators accept entries; accepted entries make
the published collection and its PDF anthology; each team's teachers get a certificate
(``TeamTeacher`` is the achievement).
"""

import secrets
from typing import ClassVar, Self

from django.contrib.auth.models import AnonymousUser
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_cleanup import cleanup  # type: ignore[import-untyped]

from ortaq.accounts.models import User
from ortaq.core.visibility import is_signed_in
from ortaq.library.models import Resource, Version
from ortaq.networks.models import Association
from ortaq.schools.models import District, Region, School
from ortaq.textbooks.choices import (
    LANGUAGES,
    EntryStatus,
    ExerciseKind,
    Genre,
    MediaKind,
    MovementStatus,
    StaffRole,
    TeamStatus,
)

GRADES = [(grade, str(grade)) for grade in range(1, 12)]
# A class code: six characters a teacher reads out and pupils type on a phone, without the
# letters and digits that look alike (0/O, 1/I/L).
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CODE_LENGTH = 6


def new_class_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def new_salt() -> str:
    return secrets.token_hex(8)


class TextbookGroup(models.Model):
    """The translations of one textbook (Kazakh and Russian)."""

    class Meta:
        verbose_name = _("textbook with its translations")
        verbose_name_plural = _("textbooks with their translations")

    def __str__(self) -> str:
        return f"group {self.pk}"


class TextbookQuerySet(models.QuerySet["Textbook"]):
    def visible_to(self, user: User | AnonymousUser) -> Self:
        """Published textbooks for everyone (pupils have no account); drafts for their staff."""
        if not is_signed_in(user):
            return self.filter(is_published=True)
        return self.filter(Q(is_published=True) | Q(staff__user_id=user.pk)).distinct()


class Textbook(models.Model):
    group = models.ForeignKey(
        TextbookGroup, on_delete=models.PROTECT, related_name="textbooks", verbose_name=_("group")
    )
    slug = models.SlugField(_("address"), max_length=80, unique=True)
    language = models.CharField(_("language"), max_length=2, choices=LANGUAGES)
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    grade_from = models.PositiveSmallIntegerField(_("from grade"), choices=GRADES)
    grade_to = models.PositiveSmallIntegerField(_("to grade"), choices=GRADES)
    association = models.ForeignKey(
        Association,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("association"),
    )
    is_published = models.BooleanField(_("open to readers"), default=False)
    created_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    objects = TextbookQuerySet.as_manager()

    class Meta:
        ordering: ClassVar = ["grade_from", "title"]
        verbose_name = _("textbook")
        verbose_name_plural = _("textbooks")
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["group", "language"], name="%(app_label)s_%(class)s_one_per_language"
            ),
            models.CheckConstraint(
                condition=Q(grade_to__gte=models.F("grade_from")),
                name="%(app_label)s_%(class)s_grades",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class Staff(models.Model):
    """A coordinator (plans units, commissions lessons) or moderator of a textbook."""

    textbook = models.ForeignKey(Textbook, on_delete=models.CASCADE, related_name="staff")
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="textbook_roles")
    role = models.CharField(_("role"), max_length=12, choices=StaffRole.choices)

    class Meta:
        verbose_name = _("textbook staff")
        verbose_name_plural = _("textbook staff")
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["textbook", "user", "role"], name="%(app_label)s_%(class)s_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.role})"


class Unit(models.Model):
    textbook = models.ForeignKey(Textbook, on_delete=models.CASCADE, related_name="units")
    position = models.PositiveSmallIntegerField(_("position"))
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        ordering: ClassVar = ["textbook_id", "position"]
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["textbook", "position"], name="%(app_label)s_%(class)s_once"
            ),
        ]

    def __str__(self) -> str:
        return self.title


class Lesson(models.Model):
    """A lesson's place in a unit; its content is the library resource ``resource`` (of the
    kind ``textbook``), written by whoever it was commissioned from and reviewed there."""

    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="lessons")
    position = models.PositiveSmallIntegerField(_("position"))
    title = models.CharField(_("planned title"), max_length=300)
    resource = models.OneToOneField(
        Resource,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="textbook_lesson",
        verbose_name=_("content"),
    )
    commissioned_school = models.ForeignKey(
        School, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    commissioned_teacher = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    due_on = models.DateField(_("due"), null=True, blank=True)
    commissioned_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    commissioned_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering: ClassVar = ["unit_id", "position"]
        verbose_name = _("lesson")
        verbose_name_plural = _("lessons")
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["unit", "position"], name="%(app_label)s_%(class)s_once"
            ),
        ]

    def __str__(self) -> str:
        return self.title


class LessonGuide(models.Model):
    """The teacher's guide beside a lesson's version."""

    version = models.OneToOneField(Version, on_delete=models.CASCADE, related_name="teacher_guide")
    text = models.TextField(_("teacher's guide"), blank=True, help_text=_("Markdown."))

    def __str__(self) -> str:
        return f"guide {self.version_id}"


def media_path(instance: "Media", filename: str) -> str:
    return f"textbooks/{instance.version.resource_id}/{filename}"


# The stored files are shared between versions: django-cleanup must not delete them with a row;
# ``textbooks.services.writing.media_remove`` deletes a file once no row names it.
@cleanup.ignore
class Media(models.Model):
    """An image (with its alt text), an audio or a video (with captions or a transcript) of a
    lesson's version. A new version shares its predecessor's stored files."""

    version = models.ForeignKey(Version, on_delete=models.CASCADE, related_name="media")
    kind = models.CharField(_("kind"), max_length=5, choices=MediaKind.choices)
    file = models.FileField(_("file"), upload_to=media_path, max_length=300)
    alt_text = models.CharField(_("alt text"), max_length=500, blank=True)
    captions = models.FileField(
        _("captions (WebVTT)"), upload_to=media_path, max_length=300, blank=True
    )
    transcript = models.TextField(_("transcript"), blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering: ClassVar = ["version_id", "position", "pk"]
        verbose_name = _("media file")
        verbose_name_plural = _("media files")

    def __str__(self) -> str:
        return self.file.name or ""


class Exercise(models.Model):
    """An interactive task of a lesson's version that checks itself. Its options and accepted
    answers are ``Option`` and ``Accepted`` rows; pages carry only their salted hashes."""

    version = models.ForeignKey(Version, on_delete=models.CASCADE, related_name="exercises")
    position = models.PositiveSmallIntegerField(_("position"))
    kind = models.CharField(_("kind"), max_length=10, choices=ExerciseKind.choices)
    prompt = models.TextField(
        _("task"), help_text=_("Markdown. For gaps, write [1], [2]… where they are.")
    )
    hint = models.TextField(_("hint"), blank=True)
    feedback_right = models.TextField(_("feedback on a right answer"), blank=True)
    feedback_wrong = models.TextField(_("feedback on a wrong answer"), blank=True)
    salt = models.CharField(max_length=16, default=new_salt, editable=False)

    class Meta:
        ordering: ClassVar = ["version_id", "position"]
        verbose_name = _("interactive task")
        verbose_name_plural = _("interactive tasks")
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["version", "position"], name="%(app_label)s_%(class)s_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.version_id}: {self.position}"


class Option(models.Model):
    """A choice (single or multiple choice: ``is_right``, its own ``feedback``), a pair
    (matching: ``text`` goes with ``match``), or an item (ordering: ``position`` is the right
    order; pages show the items shuffled)."""

    exercise = models.ForeignKey(Exercise, on_delete=models.CASCADE, related_name="options")
    position = models.PositiveSmallIntegerField(default=0)
    text = models.CharField(_("text"), max_length=500)
    match = models.CharField(_("matches"), max_length=500, blank=True)
    is_right = models.BooleanField(_("right answer"), default=False)
    feedback = models.CharField(_("feedback"), max_length=500, blank=True)

    class Meta:
        ordering: ClassVar = ["exercise_id", "position", "pk"]

    def __str__(self) -> str:
        return self.text


class Accepted(models.Model):
    """An accepted answer of a short-answer task, or of gap number ``gap`` of a gaps task.
    Answers are compared after folding case, spaces and the letters written two ways."""

    exercise = models.ForeignKey(Exercise, on_delete=models.CASCADE, related_name="accepted")
    gap = models.PositiveSmallIntegerField(default=1)
    text = models.CharField(_("accepted answer"), max_length=300)

    class Meta:
        ordering: ClassVar = ["exercise_id", "gap", "pk"]

    def __str__(self) -> str:
        return self.text


class ClassSession(models.Model):
    """A teacher's session of one lesson for her class: pupils enter ``code`` and send only
    anonymous per-task results."""

    lesson = models.ForeignKey(Lesson, on_delete=models.CASCADE, related_name="sessions")
    version = models.ForeignKey(Version, on_delete=models.PROTECT, related_name="+")
    teacher = models.ForeignKey(User, on_delete=models.CASCADE, related_name="class_sessions")
    code = models.CharField(_("class code"), max_length=CODE_LENGTH, unique=True)
    label = models.CharField(_("class"), max_length=40, blank=True)
    opened_at = models.DateTimeField(default=timezone.now)
    closes_at = models.DateTimeField(_("closes"))
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering: ClassVar = ["-opened_at"]
        verbose_name = _("class session")
        verbose_name_plural = _("class sessions")

    def __str__(self) -> str:
        return self.code

    @property
    def is_open(self) -> bool:
        return self.closed_at is None and timezone.now() < self.closes_at


class Tally(models.Model):
    """How a class session's pupils did on one task: first answers, and how many were right."""

    session = models.ForeignKey(ClassSession, on_delete=models.CASCADE, related_name="tallies")
    exercise = models.ForeignKey(Exercise, on_delete=models.CASCADE, related_name="+")
    answered = models.PositiveIntegerField(default=0)
    right = models.PositiveIntegerField(default=0)

    class Meta:
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["session", "exercise"], name="%(app_label)s_%(class)s_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.right}/{self.answered}"


class Receipt(models.Model):
    """The random number a pupil's page gave one answer it sent, so that sending it again counts
    it once. It links to no other answer and to no one."""

    session = models.ForeignKey(ClassSession, on_delete=models.CASCADE, related_name="+")
    nonce = models.UUIDField()

    class Meta:
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["session", "nonce"], name="%(app_label)s_%(class)s_once"
            ),
        ]

    def __str__(self) -> str:
        return str(self.nonce)


class MovementQuerySet(models.QuerySet["Movement"]):
    def visible_to(self, user: User | AnonymousUser) -> Self:
        """Every movement but drafts for everyone; drafts for their staff."""
        public = ~Q(status=MovementStatus.DRAFT)
        if not is_signed_in(user):
            return self.filter(public)
        return self.filter(public | Q(staff__user_id=user.pk)).distinct()


class Movement(models.Model):
    """A call to schools, e.g. "Folklore of my village": a theme, dates and rules, by an
    association or by the coordinators of a region."""

    slug = models.SlugField(_("address"), max_length=80, unique=True)
    title_kk = models.CharField(_("title in Kazakh"), max_length=300)
    title_ru = models.CharField(_("title in Russian"), max_length=300)
    title_en = models.CharField(_("title in English"), max_length=300, blank=True)
    theme = models.TextField(_("theme"))
    rules = models.TextField(_("rules"), help_text=_("Markdown."))
    starts_on = models.DateField(_("entries from"))
    ends_on = models.DateField(_("entries until"))
    association = models.ForeignKey(
        Association, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    status = models.CharField(
        _("status"), max_length=10, choices=MovementStatus.choices, default=MovementStatus.DRAFT
    )
    hours = models.PositiveSmallIntegerField(
        _("hours on a teacher's certificate"), default=0, validators=[MaxValueValidator(200)]
    )
    created_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    published_at = models.DateTimeField(null=True, blank=True)

    objects = MovementQuerySet.as_manager()

    class Meta:
        ordering: ClassVar = ["-starts_on"]
        verbose_name = _("project movement")
        verbose_name_plural = _("project movements")
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")),
                name="%(app_label)s_%(class)s_dates",
            ),
        ]

    def __str__(self) -> str:
        return self.title_kk


class MovementStaff(models.Model):
    movement = models.ForeignKey(Movement, on_delete=models.CASCADE, related_name="staff")
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="movement_roles")
    role = models.CharField(_("role"), max_length=12, choices=StaffRole.choices)

    class Meta:
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["movement", "user", "role"], name="%(app_label)s_%(class)s_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.role})"


class Team(models.Model):
    """A school's team in a movement: its teachers, the grades and a number of pupils (never
    their names)."""

    movement = models.ForeignKey(Movement, on_delete=models.CASCADE, related_name="teams")
    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="+")
    name = models.CharField(_("team name"), max_length=200)
    grades = models.CharField(_("grades"), max_length=40, help_text=_("For example 5–7."))
    pupils = models.PositiveSmallIntegerField(
        _("number of pupils"), validators=[MinValueValidator(1), MaxValueValidator(500)]
    )
    status = models.CharField(
        _("status"), max_length=10, choices=TeamStatus.choices, default=TeamStatus.APPLIED
    )
    created_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering: ClassVar = ["movement_id", "name"]
        verbose_name = _("school team")
        verbose_name_plural = _("school teams")
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["movement", "school", "name"], name="%(app_label)s_%(class)s_once"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class TeamTeacher(models.Model):
    """A teacher leading a team; the achievement her certificate points at."""

    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="teachers")
    user = models.ForeignKey(User, on_delete=models.PROTECT, related_name="movement_teams")

    class Meta:
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["team", "user"], name="%(app_label)s_%(class)s_once"),
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.team})"


class EntryQuerySet(models.QuerySet["Entry"]):
    def visible_to(self, user: User | AnonymousUser) -> Self:
        """Accepted entries of a published collection for everyone; a team's own entries for its
        teachers; every entry of a movement for its staff."""
        public = Q(status=EntryStatus.ACCEPTED, movement__status=MovementStatus.PUBLISHED)
        if not is_signed_in(user):
            return self.filter(public)
        return self.filter(
            public | Q(team__teachers__user_id=user.pk) | Q(movement__staff__user_id=user.pk)
        ).distinct()


class Entry(models.Model):
    """A piece a team collected: its text, where it comes from, its language, and the teacher
    who vouches that the people recorded agreed to its publication."""

    movement = models.ForeignKey(Movement, on_delete=models.CASCADE, related_name="entries")
    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="entries")
    title = models.CharField(_("title"), max_length=300)
    genre = models.CharField(_("genre"), max_length=10, choices=Genre.choices)
    text = models.TextField(_("text"), help_text=_("Markdown."))
    language = models.CharField(_("language"), max_length=2, choices=LANGUAGES)
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+")
    district = models.ForeignKey(
        District, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    village = models.CharField(_("village or town"), max_length=200, blank=True)
    vouched_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("vouched by")
    )
    vouched_at = models.DateTimeField(_("permissions vouched for"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=EntryStatus.choices, default=EntryStatus.SUBMITTED
    )
    moderated_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    moderated_at = models.DateTimeField(null=True, blank=True)
    note = models.TextField(_("moderator's note"), blank=True)
    submitted_at = models.DateTimeField(default=timezone.now)

    objects = EntryQuerySet.as_manager()

    class Meta:
        ordering: ClassVar = ["movement_id", "region_id", "district_id", "village", "title"]
        verbose_name = _("entry")
        verbose_name_plural = _("entries")
        indexes: ClassVar = [
            models.Index(fields=["movement", "status", "region"], name="textbooks_entry_place"),
        ]

    def __str__(self) -> str:
        return self.title


def entry_media_path(instance: "EntryMedia", filename: str) -> str:
    return f"movements/{instance.entry.movement_id}/{instance.entry_id}/{filename}"


class EntryMedia(models.Model):
    """An audio recording or an image of an entry (an image with its alt text, a recording with
    its transcript)."""

    entry = models.ForeignKey(Entry, on_delete=models.CASCADE, related_name="media")
    kind = models.CharField(_("kind"), max_length=5, choices=MediaKind.choices)
    file = models.FileField(_("file"), upload_to=entry_media_path, max_length=300)
    alt_text = models.CharField(_("alt text"), max_length=500, blank=True)
    transcript = models.TextField(_("transcript"), blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering: ClassVar = ["entry_id", "position", "pk"]

    def __str__(self) -> str:
        return self.file.name or ""
