"""Model mixins and the curriculum's reference data shared by every app."""

from collections.abc import Iterable
from typing import TYPE_CHECKING, ClassVar

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ortaq.core.i18n import localized

if TYPE_CHECKING:
    from ortaq.core.actors import Visitor


class TimeStampedModel(models.Model):
    """Record when a row was created and last changed."""

    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        abstract = True


def stamp_updated(rows: Iterable[TimeStampedModel]) -> None:
    """Set ``updated_at`` on rows about to be saved with ``bulk_update``, which does not apply
    ``auto_now`` (name ``updated_at`` among its fields)."""
    now = timezone.now()
    for row in rows:
        row.updated_at = now


class Subject(models.Model):
    """A school subject of the state curriculum, named in the three interface languages."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name_kk = models.CharField(_("name in Kazakh"), max_length=120)
    name_ru = models.CharField(_("name in Russian"), max_length=120)
    name_en = models.CharField(_("name in English"), max_length=120)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering: ClassVar = ["position", "code"]
        verbose_name = _("subject")
        verbose_name_plural = _("subjects")

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return localized(self, "name")


class AuditAction(models.TextChoices):
    """The privileged acts the audit log keeps."""

    ROLE_GRANT = "role.grant", _("Role granted")
    ROLE_REVOKE = "role.revoke", _("Role taken away")
    CERTIFICATE_REVOKE = "certificate.revoke", _("Certificate revoked")
    ACCOUNT_ERASE = "account.erase", _("Account deleted")
    SCHOOLS_IMPORT = "import.schools", _("Schools imported")
    TEACHERS_IMPORT = "import.teachers", _("Teachers imported")
    BULK_ENROL = "enrolment.bulk", _("Teachers enrolled in bulk")
    POST_HIDE = "post.hide", _("Post hidden")
    POST_UNHIDE = "post.unhide", _("Post shown again")
    REPORTS_DISMISS = "reports.dismiss", _("Reports dismissed")
    IIN_LOOKUP = "iin.lookup", _("IINs looked up")
    REMINDERS_SEND = "reminders.send", _("Reminders sent")
    # An association's coordinators and editor speak for it in public (ortaq.networks).
    COORDINATOR_APPOINT = "association.coordinator.appoint", _("Association coordinator appointed")
    COORDINATOR_REMOVE = "association.coordinator.remove", _("Association coordinator removed")
    EDITOR_APPOINT = "association.editor.appoint", _("Association editor appointed")
    EDITOR_REMOVE = "association.editor.remove", _("Association editor removed")
    # The editor of an association's journal chooses reviewers and decides (ortaq.journal).
    JOURNAL_REVIEWER_ASSIGN = "journal.reviewer.assign", _("Journal reviewer assigned")
    JOURNAL_DECIDE = "journal.decide", _("Journal manuscript decided")
    # A group's knowledgeable other reads every colleague's lesson notes; a published report
    # speaks for the group in public (ortaq.lessonstudy).
    EXPERT_NAME = "lessonstudy.expert.name", _("Knowledgeable other named")
    REPORT_PUBLISH = "lessonstudy.report.publish", _("Lesson Study report published")
    # The library's moderators and experts decide what is published (ortaq.library).
    LIBRARY_EXPERT_ASSIGN = "library.expert.assign", _("Library expert assigned")
    LIBRARY_CHANGES = "library.changes", _("Library resource returned for changes")
    LIBRARY_PUBLISH = "library.publish", _("Library resource version published")
    # An event's staff run it, and cancelling one tells everyone registered (ortaq.events).
    EVENT_CANCEL = "events.event.cancel", _("Event cancelled")
    EVENT_STAFF_ADD = "events.staff.add", _("Event staff added")
    EVENT_STAFF_REMOVE = "events.staff.remove", _("Event staff removed")


class AppendOnly(models.QuerySet["AuditEvent"]):
    """Refuse to change or remove recorded events in bulk."""

    def update(self, **kwargs: object) -> int:
        raise TypeError("The audit log is append-only.")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise TypeError("The audit log is append-only.")


class AuditEvent(models.Model):
    """A privileged act: who did what, when, to whom and on which object, and why.

    Append-only: the model refuses updates and deletions, and so does the database (a trigger
    made by the migration). It names people only through ``actor`` and ``person``: erasing an
    account anonymises that row, and so her name leaves the log while the record of the act
    stays. ``object_label`` describes the object as it was (a course's title, a certificate's
    code), never a person. ``actor`` null is the operator at the console.
    """

    at = models.DateTimeField(_("when"), default=timezone.now)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("who"),
    )
    action = models.CharField(_("what"), max_length=40, choices=AuditAction)
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("whom"),
    )
    object_type = models.ForeignKey(
        "contenttypes.ContentType", on_delete=models.PROTECT, null=True, blank=True
    )
    object_id = models.CharField(max_length=64, blank=True)
    object_label = models.CharField(_("on what"), max_length=300, blank=True)
    reason = models.TextField(_("reason"), blank=True)
    details = models.JSONField(_("details"), default=dict, blank=True)

    objects = AppendOnly.as_manager()

    class Meta:
        ordering: ClassVar = ["-pk"]
        verbose_name = _("audit event")
        verbose_name_plural = _("audit log")
        # Pages read the newest first by id (keyset), narrowed by one of these.
        indexes: ClassVar = [
            models.Index(fields=["at"], name="core_audit_at"),
            models.Index(fields=["action", "-id"], name="core_audit_action"),
            models.Index(fields=["actor", "-id"], name="core_audit_actor"),
            models.Index(fields=["person", "-id"], name="core_audit_person"),
            models.Index(fields=["object_type", "object_id"], name="core_audit_object"),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action}"

    def save(self, *args: object, **kwargs: object) -> None:
        if not self._state.adding:
            raise TypeError("The audit log is append-only.")
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    def delete(self, *args: object, **kwargs: object) -> tuple[int, dict[str, int]]:
        raise TypeError("The audit log is append-only.")


class JobState(models.TextChoices):
    """Where a job is: waiting for a worker, being done, or finished one way or the other."""

    QUEUED = "queued", _("Waiting to start")
    RUNNING = "running", _("In progress")
    SUCCEEDED = "succeeded", _("Done")
    FAILED = "failed", _("Not done")


class JobKind(models.TextChoices):
    """The kinds of bulk work that run in the background (each app registers its runner)."""

    SCHOOLS_IMPORT = "import.schools", _("Schools import")
    TEACHERS_IMPORT = "import.teachers", _("Teachers import")
    ENROL_CSV = "enrol.csv", _("Bulk enrolment from a file")
    ENROL_CRITERIA = "enrol.criteria", _("Bulk enrolment by criteria")


class JobQuerySet(models.QuerySet["Job"]):
    def visible_to(self, user: "Visitor") -> "JobQuerySet":
        """The jobs ``user`` may read: her own, and every job for an administrator of the
        whole country. Twin of the ``core.view_job`` permission."""
        from ortaq.core.roles import Role
        from ortaq.core.visibility import NOTHING, is_signed_in, role_over_q

        if not is_signed_in(user):
            return self.filter(NOTHING)
        return self.filter(models.Q(started_by=user) | role_over_q(user, [Role.ADMIN], {}))


ACTIVE_JOB_STATES = (JobState.QUEUED, JobState.RUNNING)


class Job(models.Model):
    """A piece of bulk work (an import, a bulk enrolment) run by the task worker.

    The person who started it follows its progress (``phase``, ``done`` of ``total``) on its
    page, then reads its result: ``summary`` (what it did), or ``message`` with the first
    ``ERRORS_KEPT`` line-numbered ``errors`` and their ``error_count``. The uploaded file is
    kept in the default storage (``file``) until the job has finished. ``digest`` (of the kind,
    the parameters and the file) makes a second sending of the same work while the first is
    waiting or running return the first job.
    """

    ERRORS_KEPT = 1000

    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("started by"),
    )
    kind = models.CharField(_("kind"), max_length=40, choices=JobKind)
    state = models.CharField(_("state"), max_length=20, choices=JobState, default=JobState.QUEUED)
    label = models.CharField(_("on what"), max_length=300, blank=True)
    language = models.CharField(_("language"), max_length=10, default="kk")
    params = models.JSONField(_("parameters"), default=dict, blank=True)
    file = models.FileField(_("file"), upload_to="jobs/", blank=True, max_length=200)
    file_name = models.CharField(_("file name"), max_length=200, blank=True)
    digest = models.CharField(max_length=64)
    phase = models.CharField(_("phase"), max_length=20, blank=True)
    done = models.PositiveIntegerField(_("done"), default=0)
    total = models.PositiveIntegerField(_("total"), default=0)
    summary = models.JSONField(_("result"), default=dict, blank=True)
    message = models.TextField(_("message"), blank=True)
    errors = models.JSONField(_("errors"), default=list, blank=True)
    error_count = models.PositiveIntegerField(_("number of errors"), default=0)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    objects = JobQuerySet.as_manager()

    class Meta:
        ordering: ClassVar = ["-pk"]
        verbose_name = _("background job")
        verbose_name_plural = _("background jobs")
        indexes: ClassVar = [models.Index(fields=["started_by", "-id"], name="core_job_mine")]
        constraints: ClassVar = [
            # One waiting or running job per person and piece of work: a second sending of the
            # same file is the same job.
            models.UniqueConstraint(
                fields=["started_by", "digest"],
                condition=models.Q(state__in=["queued", "running"]),
                name="core_job_once_while_active",
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} #{self.pk}"

    @property
    def finished(self) -> bool:
        return self.state in (JobState.SUCCEEDED, JobState.FAILED)

    @property
    def percent(self) -> int:
        if self.finished:
            return 100
        return min(99, self.done * 100 // self.total) if self.total else 0


class SentMail(models.Model):
    """An e-mail that must go once, by what makes it unique (``core.mail.send_once``): a task
    that runs again, retried after a crash or queued twice, finds it and sends nothing."""

    key = models.CharField(_("what was sent"), max_length=200, unique=True)
    sent_at = models.DateTimeField(_("sent"), default=timezone.now)

    class Meta:
        verbose_name = _("e-mail sent once")
        verbose_name_plural = _("e-mails sent once")

    def __str__(self) -> str:
        return self.key
