"""Questions that teachers ask methodologists, and their answers."""

from collections.abc import Sequence
from typing import ClassVar, Self

from django.contrib.auth.models import AnonymousUser
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ortaq.accounts.models import User
from ortaq.consultations.choices import QuestionStatus, Topic
from ortaq.core.roles import COUNTRY, Role, Scope
from ortaq.core.visibility import is_signed_in, role_over_q
from ortaq.schools.models import District, Region, School

# Methodologists (coordinators) answer the questions placed within their region, district or
# school (a national one, all of them); administrators too.
ANSWERERS = (Role.COORDINATOR, Role.ADMIN)
# The columns that hold each scope of ``Question.scope_chain()``.
QUESTION_PLACES = {"region": "region_id", "district": "district_id", "school": "school_id"}


class QuestionQuerySet(models.QuerySet["Question"]):
    """Questions, with who may see which (the rules every list of questions starts from)."""

    def in_queue_of(self, user: User | AnonymousUser) -> Self:
        """The questions placed where ``user`` answers them (her queue, in any status); none
        for anyone who answers nowhere. ``consultations.view_in_queue`` says the same of one
        question."""
        if not is_signed_in(user):
            return self.none()
        return self.filter(role_over_q(user, ANSWERERS, QUESTION_PLACES))

    def visible_to(self, user: User | AnonymousUser) -> Self:
        """The questions whose conversation ``user`` may read: her own, and those in her
        queue. ``consultations.view_question`` says the same of one question."""
        if not is_signed_in(user):
            return self.none()
        return self.filter(Q(asker_id=user.pk) | role_over_q(user, ANSWERERS, QUESTION_PLACES))

    def published(self) -> Self:
        """The published questions, whose public version (never the conversation) everyone
        reads, signed in or not. ``consultations.view_published`` says the same of one."""
        return self.filter(published_at__isnull=False)


class Question(models.Model):
    """A teacher's question of practice, routed to the methodologists of her district and region.

    It is placed where she works (her profile's school when she asks), so that the methodologists
    of that district or region see it. ``answered_at`` is the time of the first answer: reports
    measure how long teachers wait. A methodologist may publish it, with a public title and text
    that she has cleared of names, together with one answer and its public text, likewise
    cleared: then it appears, anonymised, among the answered questions that everyone reads. The
    public pages, search and API show only ``public_title``, ``public_body`` and
    ``public_answer``, never the conversation itself (an answer often greets the asker by name).
    """

    asker = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        related_name="consultation_questions",
        verbose_name=_("asked by"),
    )
    topic = models.CharField(_("topic"), max_length=20, choices=Topic.choices)
    title = models.CharField(_("question"), max_length=200)
    body = models.TextField(_("details"))
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="+", verbose_name=_("region")
    )
    district = models.ForeignKey(
        District, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    school = models.ForeignKey(
        School, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    small_scale = models.BooleanField(_("from a small-scale school"), default=False)
    status = models.CharField(
        _("status"), max_length=10, choices=QuestionStatus.choices, default=QuestionStatus.OPEN
    )
    created_at = models.DateTimeField(_("asked"))
    answered_at = models.DateTimeField(_("first answered"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    # Publication, anonymised.
    public_title = models.CharField(_("public title"), max_length=200, blank=True)
    public_body = models.TextField(_("public text"), blank=True)
    public_answer = models.TextField(_("public answer"), blank=True)
    published_answer = models.ForeignKey(
        "Answer", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    published_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # The form's one-time key: a double click on "Ask" asks once.
    client_key = models.UUIDField(null=True, blank=True, editable=False)

    objects = QuestionQuerySet.as_manager()

    class Meta:
        ordering: ClassVar = ["-created_at", "-pk"]
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["asker", "client_key"], name="%(app_label)s_%(class)s_once_per_key"
            ),
            models.CheckConstraint(
                condition=models.Q(published_at__isnull=True)
                | (
                    models.Q(published_answer__isnull=False)
                    & ~models.Q(public_title="")
                    & ~models.Q(public_answer="")
                ),
                name="%(app_label)s_%(class)s_published_with_answer",
            ),
        ]
        indexes: ClassVar = [
            models.Index(fields=["status", "region", "district"], name="consult_question_queue"),
            models.Index(fields=["published_at"], name="consult_question_published"),
        ]

    def __str__(self) -> str:
        return self.title

    def scope_chain(self) -> Sequence[Scope]:
        chain = [COUNTRY, Scope.region(self.region_id)]
        if self.district_id:
            chain.append(Scope.district(self.district_id))
        if self.school_id:
            chain.append(Scope.school(self.school_id))
        return tuple(chain)

    @property
    def is_published(self) -> bool:
        return self.published_at is not None


class Answer(models.Model):
    """A reply in a question's conversation: a methodologist's answer or the teacher's
    follow-up (``by_asker``)."""

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="answers")
    author = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+")
    by_asker = models.BooleanField(default=False)
    body = models.TextField(_("answer"))
    created_at = models.DateTimeField(_("written"))
    client_key = models.UUIDField(null=True, blank=True, editable=False)

    class Meta:
        ordering: ClassVar = ["created_at", "pk"]
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["author", "client_key"], name="%(app_label)s_%(class)s_once_per_key"
            ),
        ]

    def __str__(self) -> str:
        return self.body[:60]
