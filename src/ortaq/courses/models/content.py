"""What a trainer authors: courses, their modules and activities, quiz questions, and the items
of the self-assessment."""

from collections.abc import Sequence
from datetime import date
from typing import ClassVar, Self

from django.contrib.auth.models import AnonymousUser
from django.contrib.contenttypes.fields import GenericRelation
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from ortaq.accounts.choices import Language
from ortaq.accounts.models import User
from ortaq.core.models import Subject, TimeStampedModel
from ortaq.core.roles import COUNTRY, Role, Scope
from ortaq.core.visibility import role_over_q
from ortaq.courses.choices import ActivityKind, CourseStatus, QuestionKind

# Trainers author a course: the ones given the course itself, or national trainers; and
# administrators.
AUTHORS = (Role.TRAINER, Role.ADMIN)
# Who moderates a course's discussions (``courses.moderate``; the SQL of its discussions' readers).
MODERATORS = (Role.MODERATOR, Role.TRAINER, Role.ADMIN)
# The columns that hold each scope of ``Course.scope_chain()`` beyond the country.
COURSE_PLACES = {"courses.course": "pk"}


class CourseGroup(models.Model):
    """The versions of one course in different languages; reports add them up."""

    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("course with its translations")
        verbose_name_plural = _("courses with their translations")

    def __str__(self) -> str:
        return f"#{self.pk}"


class CourseQuerySet(models.QuerySet["Course"]):
    """Courses, with who may see which (the rules every list of courses starts from)."""

    def authored_by(self, user: User | AnonymousUser) -> Self:
        """The courses ``user`` may change: those she trains (or all, as a national trainer or
        an administrator). ``courses.change_course`` says the same of one course."""
        return self.filter(role_over_q(user, AUTHORS, COURSE_PLACES))

    def visible_to(self, user: User | AnonymousUser) -> Self:
        """The courses ``user`` may open, a visitor too: published and archived ones (an
        archived course stays readable for those who took it), and the drafts she authors.
        ``courses.view_course`` says the same of one course; the catalogue lists the published
        ones among them."""
        return self.filter(
            ~Q(status=CourseStatus.DRAFT) | role_over_q(user, AUTHORS, COURSE_PLACES)
        )


class Course(TimeStampedModel):
    """A self-paced course in one language: ordered modules of ordered activities.

    A course is completed when every required activity is done (a quiz counts once passed) and,
    if the self-assessment is switched on, the teacher has rated herself after the course.
    ``content_version`` goes up with every change of content, so caches of the outline and the
    offline packs know when they are stale.
    """

    # A context of its own: the bare "group" is Django's (auth's groups in the admin).
    group = models.ForeignKey(
        CourseGroup,
        on_delete=models.PROTECT,
        related_name="courses",
        verbose_name=pgettext_lazy("a course in several languages", "group"),
    )
    language = models.CharField(_("language"), max_length=2, choices=Language)
    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(_("summary"), blank=True, help_text=_("Markdown."))
    hours = models.PositiveSmallIntegerField(
        _("professional-development hours"), validators=[MaxValueValidator(500)]
    )
    subjects = models.ManyToManyField(
        Subject,
        blank=True,
        related_name="courses",
        verbose_name=_("subjects"),
        help_text=_("Leave empty for teachers of every subject."),
    )
    school_kinds = models.JSONField(
        _("kinds of school"), default=list, blank=True, help_text=_("Empty: every school.")
    )
    audience_roles = models.JSONField(
        _("for whom"), default=list, blank=True, help_text=_("Empty: every teacher.")
    )
    status = models.CharField(
        _("status"), max_length=10, choices=CourseStatus, default=CourseStatus.DRAFT
    )
    opens_on = models.DateField(_("opens on"), null=True, blank=True)
    closes_on = models.DateField(_("closes on"), null=True, blank=True)
    self_assessment = models.BooleanField(
        _("self-assessment before and after"),
        default=False,
        help_text=_(
            "Teachers rate themselves on the same items before the first activity and "
            "after the last; the course asks for both."
        ),
    )
    reminder_days = models.PositiveSmallIntegerField(
        _("remind after days without progress"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(90)],
    )
    content_version = models.PositiveIntegerField(default=1, editable=False)
    created_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    published_at = models.DateTimeField(_("published"), null=True, blank=True)

    objects = CourseQuerySet.as_manager()

    class Meta:
        ordering: ClassVar = ["-published_at", "title"]
        verbose_name = _("course")
        verbose_name_plural = _("courses")
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["group", "language"], name="%(app_label)s_%(class)s_one_per_language"
            ),
            models.CheckConstraint(
                condition=models.Q(opens_on__isnull=True)
                | models.Q(closes_on__isnull=True)
                | models.Q(closes_on__gte=models.F("opens_on")),
                name="%(app_label)s_%(class)s_closes_after_opening",
            ),
        ]
        indexes: ClassVar = [models.Index(fields=["status", "language"], name="courses_catalogue")]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        if self.opens_on and self.closes_on and self.closes_on < self.opens_on:
            raise ValidationError({"closes_on": _("The course cannot close before it opens.")})

    def scope_chain(self) -> Sequence[Scope]:
        return (COUNTRY, Scope.of_object("courses.course", self.pk))

    @property
    def is_published(self) -> bool:
        return self.status == CourseStatus.PUBLISHED

    def opens_later(self, today: date | None = None) -> bool:
        """Not open for enrolment yet: its opening date is still to come."""
        return self.opens_on is not None and (today or timezone.localdate()) < self.opens_on

    def has_closed(self, today: date | None = None) -> bool:
        """Past its closing date: closed for enrolment."""
        return self.closes_on is not None and self.closes_on < (today or timezone.localdate())

    def is_open(self, today: date | None = None) -> bool:
        """Published, and today within its dates (when it has any)."""
        day = today or timezone.localdate()
        return self.is_published and not self.opens_later(day) and not self.has_closed(day)


class Module(models.Model):
    """A part of a course, with its activities in order."""

    course = models.ForeignKey(
        Course, on_delete=models.CASCADE, related_name="modules", verbose_name=_("course")
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(_("summary"), blank=True)

    class Meta:
        ordering: ClassVar = ["position", "pk"]
        verbose_name = _("module")
        verbose_name_plural = _("modules")

    def __str__(self) -> str:
        return self.title


def activity_upload(activity: "Activity", filename: str) -> str:
    # ``filename`` is the one ``core.uploads.check_upload`` made: random, with the extension of
    # the type the content has. Files under courses/ are public (``core.files.public_media``).
    return f"courses/{activity.module.course_id}/{activity.module_id}/{filename}"


class Activity(TimeStampedModel):
    """One step of a module: a page, a video, a quiz, a reflection, a discussion, an interactive
    exercise or a handout.

    Kinds share this table (one query draws a whole outline); each kind uses its own fields and
    ``clean()`` says which it needs.
    """

    module = models.ForeignKey(
        Module, on_delete=models.CASCADE, related_name="activities", verbose_name=_("module")
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    kind = models.CharField(_("kind"), max_length=12, choices=ActivityKind)
    title = models.CharField(_("title"), max_length=200)
    required = models.BooleanField(
        _("required"), default=True, help_text=_("Needed to complete the course.")
    )
    minutes = models.PositiveSmallIntegerField(_("minutes it takes"), null=True, blank=True)
    body = models.TextField(
        _("text"),
        blank=True,
        help_text=_("Markdown: the page itself, or the instructions of the activity."),
    )
    # Video
    video_file = models.FileField(_("video file"), upload_to=activity_upload, blank=True)
    video_url = models.URLField(_("video link"), blank=True)
    captions = models.FileField(_("captions (WebVTT)"), upload_to=activity_upload, blank=True)
    transcript = models.TextField(_("transcript"), blank=True)
    poster = models.ImageField(_("poster image"), upload_to=activity_upload, blank=True)
    # Handout
    file = models.FileField(_("file"), upload_to=activity_upload, blank=True)
    # What the trainer called the handout ("Lesson plan.docx"): the name teachers download it
    # under. Empty for handouts stored before it was kept, which go by their stored name.
    file_name = models.CharField(_("file name"), max_length=200, blank=True, editable=False)
    # Interactive exercise
    embed_url = models.URLField(_("address of the exercise"), blank=True)
    # Quiz
    pass_mark = models.PositiveSmallIntegerField(
        _("pass mark (%)"), default=70, validators=[MinValueValidator(1), MaxValueValidator(100)]
    )
    max_attempts = models.PositiveSmallIntegerField(
        _("attempts allowed"), null=True, blank=True, help_text=_("Empty: no limit.")
    )
    shuffle = models.BooleanField(_("shuffle questions and options"), default=True)
    # Reflection
    review_required = models.BooleanField(
        _("a facilitator accepts it"),
        default=False,
        help_text=_("Completed when accepted, not when submitted."),
    )
    allow_file = models.BooleanField(_("a file may be attached"), default=True)

    # A discussion activity's posts (the discussion core's); deleting it deletes them.
    discussions = GenericRelation(
        "discussions.Discussion",
        content_type_field="target_type",
        object_id_field="target_id",
        related_query_name="activity",
    )

    class Meta:
        ordering: ClassVar = ["position", "pk"]
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        indexes: ClassVar = [
            models.Index(fields=["module", "position"], name="courses_activity_order")
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.kind == ActivityKind.VIDEO and not (self.video_file or self.video_url):
            errors["video_file"] = str(_("Upload the video, or give a link to it."))
        if self.kind == ActivityKind.FILE and not self.file:
            errors["file"] = str(_("Upload the handout."))
        if self.kind == ActivityKind.INTERACTIVE and not self.embed_url:
            errors["embed_url"] = str(_("Give the address of the exercise."))
        if self.kind == ActivityKind.PAGE and not self.body.strip():
            errors["body"] = str(_("Write the page."))
        if errors:
            raise ValidationError(errors)

    @property
    def is_quiz(self) -> bool:
        return self.kind == ActivityKind.QUIZ

    @property
    def kind_label(self) -> str:
        """The kind's name (``get_kind_display`` hashes the choices on every call: an outline
        of 64 activities felt it)."""
        return str(ActivityKind(self.kind).label)


class Question(models.Model):
    """A quiz question. Options (``Choice``) serve single- and multiple-answer questions; a
    true/false question keeps its answer here, a short-answer question its accepted answers."""

    activity = models.ForeignKey(
        Activity, on_delete=models.CASCADE, related_name="questions", verbose_name=_("quiz")
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    kind = models.CharField(_("kind"), max_length=12, choices=QuestionKind)
    text = models.TextField(_("question"))
    true_false_answer = models.BooleanField(_("the statement is true"), null=True, blank=True)
    accepted_answers = models.JSONField(
        _("accepted answers"),
        default=list,
        blank=True,
        help_text=_("For a short answer: every wording to accept (case and spaces are ignored)."),
    )
    feedback_correct = models.TextField(_("feedback when right"), blank=True)
    feedback_incorrect = models.TextField(_("feedback when wrong"), blank=True)

    class Meta:
        ordering: ClassVar = ["position", "pk"]
        verbose_name = _("question")
        verbose_name_plural = _("questions")

    def __str__(self) -> str:
        return self.text[:80]


class Choice(models.Model):
    """An option of a single- or multiple-answer question."""

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="choices")
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    text = models.CharField(_("option"), max_length=500)
    correct = models.BooleanField(_("correct"), default=False)
    feedback = models.CharField(_("feedback for this option"), max_length=500, blank=True)

    class Meta:
        ordering: ClassVar = ["position", "pk"]
        verbose_name = _("option")
        verbose_name_plural = _("options")

    def __str__(self) -> str:
        return self.text


class SelfAssessmentItem(models.Model):
    """A statement a teacher rates her knowledge on, before and after the course."""

    course = models.ForeignKey(
        Course, on_delete=models.CASCADE, related_name="assessment_items", verbose_name=_("course")
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    text = models.CharField(_("statement"), max_length=300)

    class Meta:
        ordering: ClassVar = ["position", "pk"]
        verbose_name = _("self-assessment item")
        verbose_name_plural = _("self-assessment items")

    def __str__(self) -> str:
        return self.text
