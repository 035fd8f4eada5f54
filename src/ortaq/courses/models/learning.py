"""What happens as teachers learn: cohorts, enrolments, completions, quiz attempts,
reflections, self-assessment answers and discussion posts."""

from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar, Self

from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ortaq.accounts.models import User
from ortaq.core.models import TimeStampedModel
from ortaq.core.roles import COUNTRY, Role, Scope, ScopeKind, holds, object_ids_where, scopes_where
from ortaq.core.visibility import role_over_q
from ortaq.courses.choices import EnrollmentStatus, Level, PackStatus, Phase, ReflectionStatus
from ortaq.courses.models.content import (
    AUTHORS,
    Activity,
    Course,
    Module,
    Question,
    SelfAssessmentItem,
)
from ortaq.schools.models import Region
from ortaq.schools.places import Places

# Facilitators review the reflections of their cohort (or of the whole course), and so do the
# course's trainers and administrators.
REVIEWERS = (Role.FACILITATOR, Role.TRAINER, Role.ADMIN)
# The columns that hold each scope of ``Enrollment.scope_chain()`` beyond the country.
ENROLLMENT_PLACES = {"courses.course": "course_id", "courses.cohort": "cohort_id"}


def reviewed_by_q(user: User | AnonymousUser, via: str = "") -> Q:
    """The enrolments whose reflections ``user`` reviews, as a filter (``via``: the path to the
    enrolment from another model, ``"enrollment__"``): see ``EnrollmentQuerySet.reviewed_by``."""
    places = {label: via + column for label, column in ENROLLMENT_PLACES.items()}
    return role_over_q(user, REVIEWERS, places)


class CohortQuerySet(models.QuerySet["Cohort"]):
    def facilitated_by(self, user: User | AnonymousUser) -> Self:
        """The cohorts ``user`` facilitates (the role held on the cohort itself)."""
        return self.filter(pk__in=object_ids_where(user, (Role.FACILITATOR,), "courses.cohort"))


@dataclass(frozen=True, slots=True)
class ReportScope:
    """The enrolments a viewer may see in a course's report and its completions: everything,
    or those of some regions, districts, schools and cohorts (her own)."""

    everything: bool
    regions: tuple[int, ...] = ()
    districts: tuple[int, ...] = ()
    cohorts: tuple[int, ...] = ()
    schools: tuple[int, ...] = ()

    def cohorts_q(self) -> Q:
        """The cohorts she may narrow a list to: her own, those of her regions and districts'
        regions, and those of no region; every one for a reader of everything."""
        if self.everything:
            return Q()
        return (
            Q(pk__in=self.cohorts)
            | Q(region_id__in=self.regions)
            | Q(region__districts__pk__in=self.districts)
            | Q(region__isnull=True)
        )

    def places(self) -> Places:
        """The regions and districts of the scope (a facilitator's cohorts are none)."""
        return Places(self.everything, self.regions, self.districts)

    def q(self) -> Q:
        if self.everything:
            return Q()
        return (
            Q(user__profile__school__region_id__in=self.regions)
            | Q(user__profile__school__district_id__in=self.districts)
            | Q(cohort_id__in=self.cohorts)
            | Q(user__profile__school_id__in=self.schools)
        )


def report_scope_of(viewer: User | AnonymousUser, course: Course) -> ReportScope | None:
    """What ``viewer`` may see of ``course``'s enrolments (with its translations'), or None:
    all of them for its trainers and national methodologists, those of the teachers of her
    region or district for a methodologist, those of her school's teachers for a school head,
    those of the cohorts she facilitates for a facilitator. ``courses.view_report`` is whether
    this is not None, so the link to a report and the report itself cannot disagree."""
    if holds(viewer, AUTHORS, course.scope_chain()):
        return ReportScope(everything=True)
    places = scopes_where(viewer, (Role.COORDINATOR,))
    if COUNTRY in places:
        return ReportScope(everything=True)
    regions = tuple(sorted(int(s.key) for s in places if s.kind == ScopeKind.REGION))
    districts = tuple(sorted(int(s.key) for s in places if s.kind == ScopeKind.DISTRICT))
    # Most people facilitate nothing: no query to build for them (the course page asks).
    cohorts = (
        tuple(
            Cohort.objects.facilitated_by(viewer)
            .filter(course__group_id=course.group_id)
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        if object_ids_where(viewer, (Role.FACILITATOR,), "courses.cohort")
        else ()
    )
    schools = tuple(
        sorted(
            int(s.key)
            for s in scopes_where(viewer, (Role.PRINCIPAL,))
            if s.kind == ScopeKind.SCHOOL
        )
    )
    if not (regions or districts or cohorts or schools):
        return None
    return ReportScope(
        everything=False, regions=regions, districts=districts, cohorts=cohorts, schools=schools
    )


class EnrollmentQuerySet(models.QuerySet["Enrollment"]):
    """Enrolments, with who may see which (the rules every list of enrolments starts from)."""

    def reviewed_by(self, user: User | AnonymousUser) -> Self:
        """The enrolments whose reflections ``user`` reviews: those of a course, or of a
        cohort, on which she is a facilitator, trainer or administrator (all, held in the whole
        country). ``courses.review_reflection`` says the same of one enrolment."""
        return self.filter(reviewed_by_q(user))

    def in_report(self, scope: ReportScope) -> Self:
        """The enrolments ``scope`` (``report_scope_of``) lets its viewer see."""
        return self.filter(scope.q())


class Cohort(TimeStampedModel):
    """A group of enrolments with its own dates and facilitators, such as one region's teachers."""

    course = models.ForeignKey(
        Course, on_delete=models.CASCADE, related_name="cohorts", verbose_name=_("course")
    )
    name = models.CharField(_("name"), max_length=200)
    region = models.ForeignKey(
        Region,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("region"),
    )
    starts_on = models.DateField(_("starts on"), null=True, blank=True)
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    created_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = CohortQuerySet.as_manager()

    class Meta:
        ordering: ClassVar = ["course", "name"]
        verbose_name = _("cohort")
        verbose_name_plural = _("cohorts")
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["course", "name"], name="%(app_label)s_%(class)s_unique_name"
            ),
            models.CheckConstraint(
                condition=models.Q(starts_on__isnull=True)
                | models.Q(ends_on__isnull=True)
                | models.Q(ends_on__gte=models.F("starts_on")),
                name="%(app_label)s_%(class)s_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def scope_chain(self) -> Sequence[Scope]:
        chain = [COUNTRY]
        if self.region_id:
            chain.append(Scope.region(self.region_id))
        chain += [
            Scope.of_object("courses.course", self.course_id),
            Scope.of_object("courses.cohort", self.pk),
        ]
        return tuple(chain)


class Enrollment(TimeStampedModel):
    """One teacher in one course, from enrolment to completion (or leaving).

    ``last_activity`` is where she stopped, for "continue where I stopped"; ``last_progress_at``
    drives the reminder, which is sent once per stretch without progress.
    """

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="enrollments", verbose_name=_("teacher")
    )
    course = models.ForeignKey(
        Course, on_delete=models.PROTECT, related_name="enrollments", verbose_name=_("course")
    )
    cohort = models.ForeignKey(
        Cohort,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="enrollments",
        verbose_name=_("cohort"),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=EnrollmentStatus, default=EnrollmentStatus.ACTIVE
    )
    enrolled_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    completed_at = models.DateTimeField(_("completed"), null=True, blank=True)
    left_at = models.DateTimeField(_("left"), null=True, blank=True)
    last_activity = models.ForeignKey(
        Activity, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    last_progress_at = models.DateTimeField(_("last progress"), null=True, blank=True)
    reminded_at = models.DateTimeField(_("reminded"), null=True, blank=True)

    objects = EnrollmentQuerySet.as_manager()

    class Meta:
        ordering: ClassVar = ["-created_at"]
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["user", "course"], name="%(app_label)s_%(class)s_once_per_course"
            ),
            models.CheckConstraint(
                condition=~models.Q(status=EnrollmentStatus.COMPLETED)
                | models.Q(completed_at__isnull=False),
                name="%(app_label)s_%(class)s_completed_has_date",
            ),
        ]
        indexes: ClassVar = [
            models.Index(fields=["course", "status"], name="courses_enrollment_status"),
            models.Index(fields=["status", "last_progress_at"], name="courses_enrollment_idle"),
            # A course's completions, latest first (the staff's list of certificates).
            models.Index(
                fields=["course", "-completed_at", "-id"],
                condition=Q(status=EnrollmentStatus.COMPLETED),
                name="courses_enrollment_completed",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.course}"

    # Who vouches for a completed course, and so may revoke its certificate.
    awarded_by: ClassVar = (Role.TRAINER,)

    def scope_chain(self) -> Sequence[Scope]:
        chain = [COUNTRY, Scope.of_object("courses.course", self.course_id)]
        if self.cohort_id:
            chain.append(Scope.of_object("courses.cohort", self.cohort_id))
        return tuple(chain)

    @property
    def is_active(self) -> bool:
        return self.status == EnrollmentStatus.ACTIVE


class ActivityCompletion(models.Model):
    """An activity done by an enrolled teacher, recorded the moment it happens, once."""

    enrollment = models.ForeignKey(Enrollment, on_delete=models.CASCADE, related_name="completions")
    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="completions")
    completed_at = models.DateTimeField(_("completed"))

    class Meta:
        verbose_name = _("completed activity")
        verbose_name_plural = _("completed activities")
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["enrollment", "activity"], name="%(app_label)s_%(class)s_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.enrollment_id}: {self.activity_id}"


class QuizAttempt(models.Model):
    """One attempt at a quiz: its questions and their options in the order she saw them.

    ``layout`` is ``[[question_id, [choice_id, …]], …]``; answers are accepted only for these
    questions and options, and an attempt is submitted once.
    """

    enrollment = models.ForeignKey(
        Enrollment, on_delete=models.CASCADE, related_name="quiz_attempts"
    )
    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="attempts")
    number = models.PositiveSmallIntegerField(_("attempt"))
    layout = models.JSONField(default=list)
    started_at = models.DateTimeField(_("started"))
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    score = models.PositiveSmallIntegerField(_("score (%)"), null=True, blank=True)
    passed = models.BooleanField(_("passed"), null=True, blank=True)

    class Meta:
        ordering: ClassVar = ["number"]
        verbose_name = _("quiz attempt")
        verbose_name_plural = _("quiz attempts")
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["enrollment", "activity", "number"],
                name="%(app_label)s_%(class)s_numbered",
            ),
            models.UniqueConstraint(
                fields=["enrollment", "activity"],
                condition=models.Q(submitted_at__isnull=True),
                name="%(app_label)s_%(class)s_one_open",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.activity} #{self.number}"

    def question_ids(self) -> list[int]:
        return [int(entry[0]) for entry in self.layout]

    def choice_ids(self, question_id: int) -> list[int]:
        for entry in self.layout:
            if int(entry[0]) == question_id:
                return [int(c) for c in entry[1]]
        return []


class QuizAnswer(models.Model):
    """Her answer to one question of an attempt, marked on the server."""

    attempt = models.ForeignKey(QuizAttempt, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="+")
    choices = models.JSONField(default=list, blank=True)
    text = models.CharField(max_length=500, blank=True)
    correct = models.BooleanField()

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["attempt", "question"], name="%(app_label)s_%(class)s_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.attempt_id}: {self.question_id}"


def reflection_upload(submission: "ReflectionSubmission", filename: str) -> str:
    # ``filename`` is the one ``core.uploads.check_upload`` made; her own is in ``file_name``.
    return f"reflections/{submission.activity_id}/{submission.enrollment_id}/{filename}"


class ReflectionSubmission(TimeStampedModel):
    """Her written answer (and file) to a reflection; a facilitator may accept or return it."""

    enrollment = models.ForeignKey(Enrollment, on_delete=models.CASCADE, related_name="reflections")
    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="reflections")
    text = models.TextField(_("answer"), blank=True)
    file = models.FileField(_("file"), upload_to=reflection_upload, blank=True)
    # What she called the file: the name it downloads under. Empty for files stored before it
    # was kept, which go by their stored name.
    file_name = models.CharField(_("file name"), max_length=200, blank=True, editable=False)
    status = models.CharField(
        _("status"), max_length=10, choices=ReflectionStatus, default=ReflectionStatus.SUBMITTED
    )
    submitted_at = models.DateTimeField(_("submitted"))
    reviewed_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(_("reviewed"), null=True, blank=True)
    feedback = models.TextField(_("feedback"), blank=True)

    class Meta:
        verbose_name = _("reflection")
        verbose_name_plural = _("reflections")
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["enrollment", "activity"], name="%(app_label)s_%(class)s_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.enrollment_id}: {self.activity_id}"


class SelfAssessmentAnswer(models.Model):
    """Her rating of one item, before or after the course."""

    enrollment = models.ForeignKey(
        Enrollment, on_delete=models.CASCADE, related_name="assessment_answers"
    )
    item = models.ForeignKey(SelfAssessmentItem, on_delete=models.CASCADE, related_name="answers")
    phase = models.CharField(_("when"), max_length=6, choices=Phase)
    level = models.PositiveSmallIntegerField(_("level"), choices=Level)
    answered_at = models.DateTimeField(_("answered"))

    class Meta:
        verbose_name = _("self-assessment answer")
        verbose_name_plural = _("self-assessment answers")
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["enrollment", "item", "phase"], name="%(app_label)s_%(class)s_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.enrollment_id}: {self.item_id} {self.phase}={self.level}"


def pack_upload(pack: "OfflinePack", filename: str) -> str:
    return f"packs/{pack.course_id}/{filename}"


class OfflinePack(models.Model):
    """A ZIP of a course (or one module) as plain HTML pages that open from disk.

    Built once per version of the course's content; a change of content makes a new one.
    """

    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="packs")
    module = models.ForeignKey(
        Module, on_delete=models.CASCADE, null=True, blank=True, related_name="packs"
    )
    with_videos = models.BooleanField(default=False)
    version = models.PositiveIntegerField()
    status = models.CharField(max_length=10, choices=PackStatus, default=PackStatus.BUILDING)
    file = models.FileField(upload_to=pack_upload, blank=True)
    size = models.PositiveBigIntegerField(default=0)
    requested_at = models.DateTimeField()
    built_at = models.DateTimeField(null=True, blank=True)
    failure = models.CharField(_("why it failed"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("offline pack")
        verbose_name_plural = _("offline packs")
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["course", "with_videos", "version"],
                condition=models.Q(module__isnull=True),
                name="%(app_label)s_%(class)s_one_per_course_version",
            ),
            models.UniqueConstraint(
                fields=["course", "module", "with_videos", "version"],
                condition=models.Q(module__isnull=False),
                name="%(app_label)s_%(class)s_one_per_module_version",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.course_id}/{self.module_id or '-'} v{self.version}"

    @staticmethod
    def listed_key(course_id: int, version: int) -> str:
        """The cache key of a course version's packs as its page lists them (queries.packs_of);
        the services forget it whenever a pack is asked for, made or fails."""
        return f"course-packs:{course_id}:{version}"

    def forget_listed(self) -> None:
        cache.delete(self.listed_key(self.course_id, self.version))

    @property
    def download_name(self) -> str:
        """What the teacher's phone calls the file: the course (and module) by name."""
        name = self.course.title
        if self.module is not None:
            name += f" — {self.module.position + 1}. {self.module.title}"
        if self.with_videos:
            name += " " + _("(with videos)")
        return f"{name[:150]}.zip"
