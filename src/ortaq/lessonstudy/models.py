"""Lesson Study groups and their cycles, after Dudley's handbook (decision 0020).

A group is a network circle of an association's schools (``communities.Circle``) with one
``Group`` row beside it: its association and its "knowledgeable other". A group runs cycles;
each step of a cycle stores what it produces:

1. the focus (subject, grades, curriculum objectives, the research question), on ``Cycle``;
2. two to four case pupils (``CasePupil``), each only a letter, a band and why: there is no
   field for a pupil's name, photo or any identifier anywhere, by design;
3. for each research lesson (``ResearchLesson``, up to three), its plan: stages
   (``PlanStage``), each with what the teacher does and, per case pupil, what she is predicted
   to do and learn (``Prediction``): a grid, stages × case pupils. Each lesson keeps its own
   plan, so the first stays readable beside the revised one;
4. timestamped observation notes (``Note``) per observer, case pupil and stage, each with the
   id its device gave it, stored exactly once however often it is sent;
5. interview notes per case pupil (``Interview``);
6. the post-lesson discussion (``Discussion``, with ``DiscussionPoint`` per cell of the grid);
7. steps 3 to 6 again;
8. the report (``Report``), public once published, and a certificate per participant
   (``Participation`` is the achievement a certificate points at).
"""

import uuid
from typing import ClassVar, Self

from django.contrib.auth.models import AnonymousUser
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from ortaq.accounts.models import User
from ortaq.communities.choices import MembershipStatus
from ortaq.communities.models import Circle, Membership
from ortaq.core.models import Subject, TimeStampedModel
from ortaq.core.visibility import NOTHING, is_signed_in
from ortaq.lessonstudy.choices import (
    Band,
    CycleRole,
    ReportStatus,
    Step,
)
from ortaq.networks.models import Association

# A curriculum objective code of the state programme: "5.2.1.1", "11.3.2.4".
OBJECTIVE_CODE = RegexValidator(
    r"^\d{1,2}(\.\d{1,2}){2,4}$",
    _("Write an objective code as in the curriculum, for example 5.2.1.1."),
)
NO_PUPIL_IDENTIFIERS = _(
    "Case pupils are named by a letter only. Do not write a pupil's name, surname, photo or "
    "any other detail by which she could be recognised: the notes are shared with colleagues "
    "of other schools and the report is published."
)


def works_on(user: User | AnonymousUser, group_path: str = "group") -> Q:
    """The rows of the groups ``user`` works in, as a filter over ``group_path`` (the path from
    the filtered model to its ``Group``): she is an active member of the group's circle or its
    knowledgeable other. Nothing for a visitor. The twin of ``lessonstudy.view_cycle``."""
    if not is_signed_in(user):
        return NOTHING
    # A group's primary key is its circle's: a cycle's ``group_id`` is the circle's id.
    circle = f"{group_path}_id" if group_path else "circle_id"
    expert = f"{group_path}__knowledgeable_other_id" if group_path else "knowledgeable_other_id"
    member = Membership.objects.filter(
        circle_id=OuterRef(circle), user_id=user.pk, status=MembershipStatus.ACTIVE
    )
    return Q(Exists(member)) | Q(**{expert: user.pk})


def group_of(obj: object) -> "Group | None":
    """The group that ``obj`` belongs to: a group, a cycle, or anything of a cycle (a lesson,
    a case pupil, a note…), following its foreign keys (each read once per object)."""
    for _step in range(4):
        if isinstance(obj, Group):
            return obj
        for name in ("group", "cycle", "lesson", "discussion"):
            found = getattr(obj, name, None)
            if found is not None:
                obj = found
                break
        else:
            return None
    return obj if isinstance(obj, Group) else None


class GroupQuerySet(models.QuerySet["Group"]):
    def visible_to(self, user: User | AnonymousUser) -> Self:
        """The groups whose working material ``user`` reads (``lessonstudy.view_cycle``)."""
        return self.filter(works_on(user, ""))


class CycleQuerySet(models.QuerySet["Cycle"]):
    def visible_to(self, user: User | AnonymousUser) -> Self:
        """The cycles whose working material ``user`` reads: those of the groups she is an
        active member of, or the knowledgeable other of. ``lessonstudy.view_cycle`` says the
        same of one cycle."""
        return self.filter(works_on(user))


class Group(TimeStampedModel):
    """A Lesson Study group: the circle it meets in, its association and its outside expert."""

    circle = models.OneToOneField(
        Circle,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="lesson_study_group",
        verbose_name=_("circle"),
    )
    association = models.ForeignKey(
        Association,
        on_delete=models.PROTECT,
        related_name="lesson_study_groups",
        verbose_name=_("association"),
    )
    knowledgeable_other = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="lesson_study_expertise",
        verbose_name=_("knowledgeable other"),
        help_text=_("An outside expert who advises the group: a researcher or a trainer."),
    )

    objects = GroupQuerySet.as_manager()

    class Meta:
        verbose_name = _("Lesson Study group")
        verbose_name_plural = _("Lesson Study groups")

    def __str__(self) -> str:
        return str(self.circle)


class Cycle(TimeStampedModel):
    """One cycle of a group: its focus (step 1) and how far it has come."""

    group = models.ForeignKey(
        Group, on_delete=models.CASCADE, related_name="cycles", verbose_name=_("group")
    )
    title = models.CharField(_("title"), max_length=200)
    step = models.PositiveSmallIntegerField(_("step"), choices=Step.choices, default=Step.FOCUS)
    subject = models.ForeignKey(
        Subject,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("subject"),
    )
    # The grades of the class the research lessons are taught in: several in a multi-grade
    # class of a small-scale school.
    grades = models.JSONField(_("grades"), default=list, blank=True)
    objectives = models.JSONField(_("learning objectives"), default=list, blank=True)
    # The research question, in its three parts (Dudley): which teaching approach should
    # improve which learning for which pupils.
    approach = models.TextField(_("teaching approach"), blank=True)
    learning = models.TextField(_("learning to improve"), blank=True)
    learners = models.TextField(_("for which pupils"), blank=True)
    research_question = models.TextField(_("research question"), blank=True)
    created_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = CycleQuerySet.as_manager()

    class Meta:
        ordering: ClassVar = ["-created_at", "pk"]
        verbose_name = _("Lesson Study cycle")
        verbose_name_plural = _("Lesson Study cycles")

    def __str__(self) -> str:
        return self.title


class CasePupil(models.Model):
    """A case pupil: a letter, the band she typifies and why she was chosen. Nothing else."""

    cycle = models.ForeignKey(
        Cycle, on_delete=models.CASCADE, related_name="case_pupils", verbose_name=_("cycle")
    )
    code = models.CharField(_("code"), max_length=1)
    band = models.CharField(_("attainment band"), max_length=6, choices=Band.choices)
    reason = models.TextField(_("why this pupil"), help_text=NO_PUPIL_IDENTIFIERS)

    class Meta:
        ordering: ClassVar = ["cycle", "code"]
        verbose_name = _("case pupil")
        verbose_name_plural = _("case pupils")
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["cycle", "code"], name="%(app_label)s_%(class)s_once_per_cycle"
            ),
            models.CheckConstraint(
                condition=Q(code__in=("A", "B", "C", "D")),
                name="%(app_label)s_%(class)s_code_is_a_letter",
            ),
        ]

    def __str__(self) -> str:
        return self.code


class ResearchLesson(TimeStampedModel):
    """A research lesson of a cycle (the first, or a revision of it), with its own plan."""

    cycle = models.ForeignKey(
        Cycle, on_delete=models.CASCADE, related_name="lessons", verbose_name=_("cycle")
    )
    number = models.PositiveSmallIntegerField(_("number"))
    teacher = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("teacher"),
    )
    taught_on = models.DateField(_("taught on"), null=True, blank=True)
    class_label = models.CharField(
        _("class"), max_length=40, blank=True, help_text=_("For example 5 «Ә» or 3–4.")
    )
    learning_intention = models.TextField(_("learning intention"), blank=True)
    success_criteria = models.TextField(_("success criteria"), blank=True)
    # The interview questions planned for the case pupils after the lesson.
    interview_questions = models.TextField(_("interview questions"), blank=True)

    class Meta:
        ordering: ClassVar = ["cycle", "number"]
        verbose_name = _("research lesson")
        verbose_name_plural = _("research lessons")
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["cycle", "number"], name="%(app_label)s_%(class)s_once_per_number"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.cycle} — {self.number}"


class PlanStage(models.Model):
    """A stage of a research lesson's plan and what the teacher does in it."""

    lesson = models.ForeignKey(
        ResearchLesson, on_delete=models.CASCADE, related_name="stages", verbose_name=_("lesson")
    )
    position = models.PositiveSmallIntegerField(_("position"))
    title = models.CharField(_("stage"), max_length=200)
    minutes = models.PositiveSmallIntegerField(_("minutes"), null=True, blank=True)
    teacher_activity = models.TextField(_("what the teacher does"), blank=True)

    class Meta:
        ordering: ClassVar = ["lesson", "position", "pk"]
        verbose_name = _("lesson stage")
        verbose_name_plural = _("lesson stages")

    def __str__(self) -> str:
        return self.title


class Prediction(models.Model):
    """A cell of the plan's grid: what a case pupil is predicted to do and learn in a stage."""

    stage = models.ForeignKey(
        PlanStage, on_delete=models.CASCADE, related_name="predictions", verbose_name=_("stage")
    )
    pupil = models.ForeignKey(
        CasePupil, on_delete=models.CASCADE, related_name="+", verbose_name=_("case pupil")
    )
    text = models.TextField(_("predicted"), blank=True)

    class Meta:
        verbose_name = _("prediction")
        verbose_name_plural = _("predictions")
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["stage", "pupil"], name="%(app_label)s_%(class)s_once_per_cell"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.stage} / {self.pupil}"


class Note(models.Model):
    """An observer's note on a case pupil in a stage of a research lesson.

    ``client_id`` is the id the observer's device gave the note when she wrote it: a note sent
    again after a dropped connection is recognised and stored once. ``written_at`` is when she
    wrote it (on her device), ``created_at`` when it arrived.
    """

    lesson = models.ForeignKey(
        ResearchLesson, on_delete=models.CASCADE, related_name="notes", verbose_name=_("lesson")
    )
    stage = models.ForeignKey(
        PlanStage, on_delete=models.CASCADE, related_name="notes", verbose_name=_("stage")
    )
    pupil = models.ForeignKey(
        CasePupil, on_delete=models.CASCADE, related_name="notes", verbose_name=_("case pupil")
    )
    observer = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="+", verbose_name=_("observer")
    )
    client_id = models.UUIDField(default=uuid.uuid4, editable=False)
    text = models.TextField(_("note"))
    written_at = models.DateTimeField(_("written"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering: ClassVar = ["lesson", "written_at", "pk"]
        verbose_name = _("observation note")
        verbose_name_plural = _("observation notes")
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["observer", "client_id"], name="%(app_label)s_%(class)s_once_per_id"
            ),
        ]
        indexes: ClassVar = [
            models.Index(fields=["lesson", "pupil", "stage"], name="lessonstudy_note_cell"),
        ]

    def __str__(self) -> str:
        return f"{self.lesson} / {self.pupil} / {self.written_at:%H:%M}"


class Interview(TimeStampedModel):
    """What a case pupil said after the lesson, as a colleague noted it: notes or quotes."""

    lesson = models.ForeignKey(
        ResearchLesson,
        on_delete=models.CASCADE,
        related_name="interviews",
        verbose_name=_("lesson"),
    )
    pupil = models.ForeignKey(
        CasePupil, on_delete=models.CASCADE, related_name="+", verbose_name=_("case pupil")
    )
    author = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("noted by")
    )
    text = models.TextField(_("what the pupil said"), help_text=NO_PUPIL_IDENTIFIERS)

    class Meta:
        ordering: ClassVar = ["lesson", "pupil", "created_at", "pk"]
        verbose_name = _("pupil interview")
        verbose_name_plural = _("pupil interviews")

    def __str__(self) -> str:
        return f"{self.lesson} / {self.pupil}"


class Discussion(TimeStampedModel):
    """The post-lesson discussion of a research lesson: what the group agreed, in Dudley's
    order (the case pupils first, then the teaching), and the knowledgeable other's comments,
    kept apart from the group's own findings."""

    lesson = models.OneToOneField(
        ResearchLesson,
        on_delete=models.CASCADE,
        related_name="discussion",
        verbose_name=_("lesson"),
    )
    teaching = models.TextField(_("about the teaching"), blank=True)
    findings = models.TextField(_("agreed findings"), blank=True)
    changes = models.TextField(_("changes for the next research lesson"), blank=True)
    expert_comments = models.TextField(_("the knowledgeable other's comments"), blank=True)
    held_on = models.DateField(_("held on"), null=True, blank=True)

    class Meta:
        verbose_name = _("post-lesson discussion")
        verbose_name_plural = _("post-lesson discussions")

    def __str__(self) -> str:
        return str(self.lesson)


class DiscussionPoint(models.Model):
    """What the group concluded about one case pupil in one stage: predicted against observed."""

    discussion = models.ForeignKey(
        Discussion, on_delete=models.CASCADE, related_name="points", verbose_name=_("discussion")
    )
    stage = models.ForeignKey(
        PlanStage, on_delete=models.CASCADE, related_name="+", verbose_name=_("stage")
    )
    pupil = models.ForeignKey(
        CasePupil, on_delete=models.CASCADE, related_name="+", verbose_name=_("case pupil")
    )
    text = models.TextField(_("what we saw"), blank=True)

    class Meta:
        verbose_name = _("discussion point")
        verbose_name_plural = _("discussion points")
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["discussion", "stage", "pupil"],
                name="%(app_label)s_%(class)s_once_per_cell",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.stage} / {self.pupil}"


class Report(TimeStampedModel):
    """The cycle's report: drafted from everything the cycle stored, edited by the group, and
    public once published (on the association's site and as a PDF)."""

    cycle = models.OneToOneField(
        Cycle, on_delete=models.CASCADE, related_name="report", verbose_name=_("cycle")
    )
    title = models.CharField(_("title"), max_length=300)
    language = models.CharField(
        _("language"),
        max_length=2,
        choices=[("kk", "Қазақша"), ("ru", "Русский"), ("en", "English")],
    )
    summary = models.TextField(_("summary"), blank=True)
    body = models.TextField(_("report"))
    status = models.CharField(
        _("status"), max_length=10, choices=ReportStatus.choices, default=ReportStatus.DRAFT
    )
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    published_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    pdf = models.FileField(_("PDF"), upload_to="lessonstudy/reports/%Y/", blank=True)

    class Meta:
        verbose_name = _("Lesson Study report")
        verbose_name_plural = _("Lesson Study reports")
        indexes: ClassVar = [
            models.Index(fields=["status", "published_at"], name="lessonstudy_report_published"),
        ]

    def __str__(self) -> str:
        return self.title


class Participation(models.Model):
    """A person's part in a cycle, recorded when its report is published: the achievement her
    certificate names (the cycle, her role and hours)."""

    cycle = models.ForeignKey(
        Cycle, on_delete=models.CASCADE, related_name="participations", verbose_name=_("cycle")
    )
    user = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="+", verbose_name=_("person")
    )
    role = models.CharField(_("role"), max_length=12, choices=CycleRole.choices)
    hours = models.PositiveSmallIntegerField(_("hours"))

    class Meta:
        verbose_name = _("participation")
        verbose_name_plural = _("participations")
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["cycle", "user"], name="%(app_label)s_%(class)s_once_per_cycle"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.cycle}"
