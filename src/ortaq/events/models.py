"""Events: conferences, seminars, workshops, round tables, webinars, festivals and camps
(issue 13, decision 0023).

An ``Event`` is held by one organiser (a person, a school, an association or a methodological
office of a region or district: ``organiser_kind`` names which ``organiser_*`` column is set),
with people on its staff (``Staff``: organisers, moderators, chairs). People register
(``Registration``, one row per event and person, answering the organisers' ``Question`` rows
with ``Answer`` rows); past capacity they wait, and a freed seat is offered to the first who
waits for ``offer_hours``. Attendance (``Attendance``) is recorded apart from registration.
Contributions (``Contribution`` with ``ContributionAuthor``) are reviewed
(``ReviewAssignment`` and its ``Review``) and placed into the programme (``Session``,
``Slot``); ``Material``, ``Feedback`` and, for festivals and camps, school ``Team`` rows
complete it. A certificate's achievement is the ``Registration``: one per person and event.

Times are stored in UTC and shown in UTC+5 (``settings.TIME_ZONE``).
"""

import hashlib
import hmac
import secrets
from collections.abc import Sequence
from datetime import datetime
from typing import Any, ClassVar, Self

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ortaq.accounts.models import User
from ortaq.core.i18n import localized_with_language
from ortaq.core.models import TimeStampedModel
from ortaq.core.roles import COUNTRY, Role, Scope
from ortaq.core.visibility import NOTHING, is_signed_in, role_over_q
from ortaq.events.choices import (
    LANGUAGES,
    AttendanceSource,
    ContributionKind,
    ContributionStatus,
    EventKind,
    EventStatus,
    MaterialKind,
    Mode,
    OrganiserKind,
    QuestionKind,
    Recommendation,
    RegistrationRole,
    RegistrationStatus,
    SessionKind,
    StaffRole,
    TeamStatus,
)
from ortaq.networks.models import Association, run_by_q
from ortaq.schools.models import District, Region, School

# Who runs an event by a role over its place (region, district, organising school or
# association, or the event itself): administrators, methodologists (over the region or
# district), school heads (over the organising school) and event organisers (held on the event,
# or over its place). The permissions read the same tuple (``events.permissions``).
RUNNERS = (Role.ADMIN, Role.COORDINATOR, Role.PRINCIPAL, Role.ORGANISER)
# The columns that hold each scope of ``Event.scope_chain()``.
EVENT_PLACES = {
    "region": "region_id",
    "district": "district_id",
    "school": "organiser_school_id",
    "networks.association": "organiser_association_id",
    "events.event": "pk",
}
SLUG_LENGTH = 80
# Minutes present online that count as attendance, unless the event sets its own.
ATTENDANCE_MINUTES = 30
MAX_ATTENDANCE_MINUTES = 60 * 24 * 14
CHECKIN_ALPHABET = "23456789ABCDEFGHJKMNPQRSTVWXYZ"


def new_checkin_code() -> str:
    """A short random code that a QR code at the door carries (about 64 bits)."""
    return "".join(secrets.choice(CHECKIN_ALPHABET) for _ in range(13))


def new_join_key() -> str:
    return secrets.token_hex(8)


JOIN_KEY_LENGTH = 16
JOIN_MAC_LENGTH = 24


def join_mac(join_key: str) -> str:
    """The keyed hash of a registration's join key: a database read alone never yields a
    working join link, the site's secret key is needed too."""
    message = f"events.join:{join_key}".encode()
    digest = hmac.new(settings.SECRET_KEY.encode(), message, hashlib.sha256).hexdigest()
    return digest[:JOIN_MAC_LENGTH]


def split_join_token(token: str) -> str | None:
    """The join key a personal join token carries, when its keyed hash is right; else None."""
    if len(token) != JOIN_KEY_LENGTH + JOIN_MAC_LENGTH:
        return None
    key, mac = token[:JOIN_KEY_LENGTH], token[JOIN_KEY_LENGTH:]
    return key if hmac.compare_digest(mac, join_mac(key)) else None


def run_by_q_events(user: User | AnonymousUser) -> Q:
    """The events ``user`` runs, as a filter: see ``EventQuerySet.run_by``."""
    if not is_signed_in(user):
        return NOTHING
    staff = Q(user_id=user.pk, role=StaffRole.ORGANISER)
    own = Q(organiser_kind=OrganiserKind.PERSON, organiser_person_id=user.pk)
    associations = Association.objects.filter(run_by_q(user)).values("pk")
    return (
        own
        | Q(pk__in=Staff.objects.filter(staff).values("event_id"))
        | Q(organiser_association__in=associations)
        | role_over_q(user, RUNNERS, EVENT_PLACES)
    )


class EventQuerySet(models.QuerySet["Event"]):
    """Events: published and cancelled ones are public; drafts are seen by those who run
    them. Who runs which is one rule."""

    def run_by(self, user: User | AnonymousUser) -> Self:
        """The events ``user`` may edit, publish and cancel: those organised in her name, those
        whose organiser she is on the staff, those of an association she runs, those over whose
        region, district or organising school she holds a runner's role (``RUNNERS``), and all
        for an administrator. ``events.change_event`` says the same of one event."""
        return self.filter(pk__in=Event.objects.filter(run_by_q_events(user)).values("pk"))

    def visible_to(self, user: User | AnonymousUser) -> Self:
        """The events ``user`` may see: every published or cancelled one, and the drafts she
        runs. ``events.view_event`` says the same of one event."""
        public = Q(status__in=[EventStatus.PUBLISHED, EventStatus.CANCELLED])
        if not is_signed_in(user):
            return self.filter(public)
        return self.filter(
            public | Q(pk__in=Event.objects.filter(run_by_q_events(user)).values("pk"))
        )

    def upcoming(self, now: datetime) -> Self:
        """Published events that have not ended by ``now``."""
        return self.filter(status=EventStatus.PUBLISHED, ends_at__gte=now)


class Event(TimeStampedModel):
    """A conference, seminar, workshop, round table, webinar, festival or camp.

    Its title, description, audience and outcome are written in whichever of Kazakh, Russian
    and English the organisers give; a page in a language they did not write shows another and
    says so. ``region`` and ``district`` are where it belongs (its organiser's place, or the
    office's own), used by the calendar's filter and by who runs it. ``online_url`` is never
    shown to anyone who is not registered (nor in the calendar, its feed or the API).
    """

    slug = models.SlugField(_("address"), max_length=SLUG_LENGTH, unique=True)
    kind = models.CharField(_("kind"), max_length=12, choices=EventKind)
    status = models.CharField(
        _("status"), max_length=10, choices=EventStatus, default=EventStatus.DRAFT
    )
    title_kk = models.CharField(_("title in Kazakh"), max_length=300, blank=True)
    title_ru = models.CharField(_("title in Russian"), max_length=300, blank=True)
    title_en = models.CharField(_("title in English"), max_length=300, blank=True)
    description_kk = models.TextField(_("description in Kazakh"), blank=True)
    description_ru = models.TextField(_("description in Russian"), blank=True)
    description_en = models.TextField(_("description in English"), blank=True)

    organiser_kind = models.CharField(_("organised by"), max_length=12, choices=OrganiserKind)
    organiser_person = models.ForeignKey(
        User,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("organising person"),
    )
    organiser_school = models.ForeignKey(
        School,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="events",
        verbose_name=_("organising school"),
    )
    organiser_association = models.ForeignKey(
        Association,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="events",
        verbose_name=_("organising association"),
    )
    # Where the event belongs; for an office, the office's own region (and district).
    region = models.ForeignKey(
        Region,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("region"),
    )
    district = models.ForeignKey(
        District,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("district"),
    )

    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    # ``starts_at`` in whole seconds since 1970: the calendar's key (``core.pagination`` keys
    # are numbers or text). Kept by ``save``.
    starts_key = models.BigIntegerField(default=0, editable=False)
    mode = models.CharField(_("held"), max_length=10, choices=Mode, default=Mode.IN_PERSON)
    venue = models.CharField(_("venue"), max_length=300, blank=True)
    online_url = models.URLField(_("online meeting link"), max_length=500, blank=True)
    # Space-separated language codes, e.g. "kk ru".
    languages = models.CharField(_("languages"), max_length=10, default="kk")
    capacity = models.PositiveIntegerField(
        _("seats"), null=True, blank=True, help_text=_("Leave empty for no limit.")
    )
    registration_opens_at = models.DateTimeField(_("registration opens"), null=True, blank=True)
    registration_closes_at = models.DateTimeField(_("registration closes"), null=True, blank=True)
    offer_hours = models.PositiveSmallIntegerField(
        _("hours to take an offered seat"),
        default=48,
        validators=[MinValueValidator(1), MaxValueValidator(24 * 14)],
    )
    # A video-conference report's row, or her personal join link, counts as attendance from
    # this many minutes present (decision 0023).
    attendance_minutes = models.PositiveSmallIntegerField(
        _("minutes online that count as attended"),
        default=ATTENDANCE_MINUTES,
        validators=[MaxValueValidator(MAX_ATTENDANCE_MINUTES)],
        help_text=_(
            "A video-conference report's minutes, or those from when she followed her personal "
            "join link to the end."
        ),
    )
    audience_kk = models.CharField(_("audience, in Kazakh"), max_length=300, blank=True)
    audience_ru = models.CharField(_("audience, in Russian"), max_length=300, blank=True)
    audience_en = models.CharField(_("audience, in English"), max_length=300, blank=True)
    audience_region = models.ForeignKey(
        Region,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("for teachers of the region"),
    )
    audience_small_scale = models.BooleanField(_("for small-scale schools"), default=False)
    hours = models.PositiveSmallIntegerField(_("hours for the certificate"), null=True, blank=True)
    outcome_kk = models.TextField(_("recommendations, in Kazakh"), blank=True)
    outcome_ru = models.TextField(_("recommendations, in Russian"), blank=True)
    outcome_en = models.TextField(_("recommendations, in English"), blank=True)

    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)
    cancel_reason = models.CharField(_("reason for cancelling"), max_length=500, blank=True)
    created_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = EventQuerySet.as_manager()

    class Meta:
        ordering: ClassVar = ["starts_at", "pk"]
        verbose_name = _("event")
        verbose_name_plural = _("events")
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=~Q(title_kk="", title_ru="", title_en=""),
                name="%(app_label)s_%(class)s_has_a_title",
            ),
            models.CheckConstraint(
                condition=Q(ends_at__gte=models.F("starts_at")),
                name="%(app_label)s_%(class)s_ends_after_start",
            ),
            models.CheckConstraint(
                condition=(
                    Q(
                        organiser_kind=OrganiserKind.PERSON,
                        organiser_person__isnull=False,
                        organiser_school__isnull=True,
                        organiser_association__isnull=True,
                    )
                    | Q(
                        organiser_kind=OrganiserKind.SCHOOL,
                        organiser_school__isnull=False,
                        organiser_association__isnull=True,
                    )
                    | Q(
                        organiser_kind=OrganiserKind.ASSOCIATION,
                        organiser_association__isnull=False,
                        organiser_school__isnull=True,
                    )
                    | Q(
                        organiser_kind=OrganiserKind.OFFICE,
                        region__isnull=False,
                        organiser_school__isnull=True,
                        organiser_association__isnull=True,
                    )
                ),
                name="%(app_label)s_%(class)s_one_organiser",
            ),
            models.CheckConstraint(
                condition=Q(status=EventStatus.CANCELLED) | Q(cancelled_at__isnull=True),
                name="%(app_label)s_%(class)s_cancelled_when_cancelled",
            ),
        ]
        indexes: ClassVar = [
            # The calendar: published events by start, keyset by (starts_at, id).
            models.Index(fields=["status", "starts_key", "id"], name="events_event_calendar"),
            models.Index(fields=["region", "status", "starts_at"], name="events_event_region"),
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.starts_key = int(self.starts_at.timestamp()) if self.starts_at else 0
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "starts_at" in update_fields:
            kwargs["update_fields"] = {*update_fields, "starts_key"}
        super().save(*args, **kwargs)

    @property
    def title(self) -> str:
        return localized_with_language(self, "title")[0]

    @property
    def description(self) -> str:
        return localized_with_language(self, "description")[0]

    @property
    def audience(self) -> str:
        return localized_with_language(self, "audience")[0]

    @property
    def outcome(self) -> str:
        return localized_with_language(self, "outcome")[0]

    def written_in(self) -> str:
        """The language the page is shown in: its description's (the active one where it was
        written in it, else the first fallback), or its title's where it has none."""
        description, language = localized_with_language(self, "description")
        return language if description else localized_with_language(self, "title")[1]

    def language_list(self) -> list[str]:
        return [code for code in self.languages.split() if code]

    def language_names(self) -> list[str]:
        names = dict(LANGUAGES)
        return [names[code] for code in self.language_list() if code in names]

    @property
    def is_online(self) -> bool:
        return self.mode in (Mode.ONLINE, Mode.BOTH)

    @property
    def is_published(self) -> bool:
        return self.status == EventStatus.PUBLISHED

    @property
    def is_cancelled(self) -> bool:
        return self.status == EventStatus.CANCELLED

    def registration_open_at(self, now: datetime) -> bool:
        """Registration is open at ``now``: published, not ended, within its window."""
        if self.status != EventStatus.PUBLISHED or now > self.ends_at:
            return False
        if self.registration_opens_at and now < self.registration_opens_at:
            return False
        return not (self.registration_closes_at and now > self.registration_closes_at)

    def clean(self) -> None:
        if not (self.title_kk or self.title_ru or self.title_en):
            raise ValidationError(_("Give the event's title in at least one language."))
        if self.starts_at and self.ends_at and self.ends_at < self.starts_at:
            raise ValidationError({"ends_at": _("The event cannot end before it starts.")})
        if self.mode in (Mode.IN_PERSON, Mode.BOTH) and not self.venue:
            raise ValidationError({"venue": _("Say where the event is held.")})
        if (
            self.registration_opens_at
            and self.registration_closes_at
            and self.registration_closes_at < self.registration_opens_at
        ):
            raise ValidationError(
                {"registration_closes_at": _("Registration cannot close before it opens.")}
            )
        district = self.district if self.district_id else None
        if district is not None and self.region_id and district.region_id != self.region_id:
            raise ValidationError({"district": _("This district is in another region.")})

    def scope_chain(self) -> Sequence[Scope]:
        chain = [COUNTRY]
        if self.region_id:
            chain.append(Scope.region(self.region_id))
        if self.district_id:
            chain.append(Scope.district(self.district_id))
        if self.organiser_school_id:
            chain.append(Scope.school(self.organiser_school_id))
        if self.organiser_association_id:
            chain.append(Scope.of_object("networks.association", self.organiser_association_id))
        chain.append(Scope.of_object("events.event", self.pk))
        return tuple(chain)


class Staff(models.Model):
    """A person on an event's staff: an organiser (who runs it), a moderator or a chair."""

    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="staff", verbose_name=_("event")
    )
    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="event_staff", verbose_name=_("person")
    )
    role = models.CharField(_("role"), max_length=10, choices=StaffRole)
    added_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    added_at = models.DateTimeField(_("added"), auto_now_add=True)

    class Meta:
        ordering: ClassVar = ["event_id", "role", "pk"]
        verbose_name = _("event staff")
        verbose_name_plural = _("event staff")
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["event", "user", "role"], name="%(app_label)s_%(class)s_once"
            ),
        ]
        indexes: ClassVar = [models.Index(fields=["user", "role"], name="events_staff_user")]

    def __str__(self) -> str:
        return f"{self.user} — {self.event} ({self.get_role_display()})"


class Question(models.Model):
    """A question the organisers ask on the registration form."""

    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="questions", verbose_name=_("event")
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    text = models.CharField(_("question"), max_length=300)
    kind = models.CharField(_("kind"), max_length=8, choices=QuestionKind, default="text")
    # One choice a line, for a question of kind "choice".
    choices = models.TextField(_("choices, one a line"), blank=True)
    required = models.BooleanField(_("required"), default=False)

    class Meta:
        ordering: ClassVar = ["event_id", "order", "pk"]
        verbose_name = _("registration question")
        verbose_name_plural = _("registration questions")

    def __str__(self) -> str:
        return self.text

    def choice_list(self) -> list[str]:
        return [line.strip() for line in self.choices.splitlines() if line.strip()]

    def clean(self) -> None:
        if self.kind == QuestionKind.CHOICE and len(self.choice_list()) < 2:
            raise ValidationError({"choices": _("Give at least two choices, one a line.")})


class RegistrationQuerySet(models.QuerySet["Registration"]):
    def holding_seats(self) -> Self:
        return self.filter(status__in=[RegistrationStatus.REGISTERED, RegistrationStatus.OFFERED])

    def waiting(self) -> Self:
        """Those waiting, first come first."""
        return self.filter(status=RegistrationStatus.WAITING).order_by("waiting_since", "pk")


class Registration(TimeStampedModel):
    """A person's registration for an event: one row per event and person, whatever happens
    to it (cancelled and registered again, it is the same row).

    ``status`` is registered, waiting (since ``waiting_since``), offered (a freed seat kept
    for her until ``offer_expires_at``) or cancelled. A certificate's achievement is this row.
    Her personal join link carries ``join_key`` and its keyed hash (``join_token``);
    ``checkin_code`` is what her QR code at the door carries.
    """

    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="registrations", verbose_name=_("event")
    )
    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="event_registrations", verbose_name=_("person")
    )
    role = models.CharField(
        _("role"), max_length=12, choices=RegistrationRole, default=RegistrationRole.PARTICIPANT
    )
    status = models.CharField(_("status"), max_length=10, choices=RegistrationStatus)
    waiting_since = models.DateTimeField(_("waiting since"), null=True, blank=True)
    offered_at = models.DateTimeField(_("seat offered"), null=True, blank=True)
    offer_expires_at = models.DateTimeField(_("offer expires"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)
    join_key = models.CharField(
        max_length=JOIN_KEY_LENGTH, unique=True, default=new_join_key, editable=False
    )
    checkin_code = models.CharField(
        _("check-in code"), max_length=16, unique=True, default=new_checkin_code, editable=False
    )
    reminded_at = models.DateTimeField(_("reminded"), null=True, blank=True)

    objects = RegistrationQuerySet.as_manager()

    class Meta:
        ordering: ClassVar = ["event_id", "pk"]
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["event", "user"], name="%(app_label)s_%(class)s_once"),
            models.CheckConstraint(
                condition=~Q(status=RegistrationStatus.OFFERED)
                | Q(offered_at__isnull=False, offer_expires_at__isnull=False),
                name="%(app_label)s_%(class)s_offer_has_expiry",
            ),
        ]
        indexes: ClassVar = [
            models.Index(fields=["event", "status", "waiting_since"], name="events_reg_status"),
            models.Index(fields=["status", "offer_expires_at"], name="events_reg_offers"),
            models.Index(fields=["user", "status"], name="events_reg_user"),
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.event} ({self.get_status_display()})"

    @property
    def holds_seat(self) -> bool:
        return self.status == RegistrationStatus.REGISTERED

    def join_token(self) -> str:
        """Her personal join token (``/e/<token>``): her join key and its keyed hash."""
        return self.join_key + join_mac(self.join_key)


class Answer(models.Model):
    """A registered person's answer to one of the event's questions."""

    registration = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="answers")
    value = models.CharField(_("answer"), max_length=1000, blank=True)

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["registration", "question"], name="%(app_label)s_%(class)s_once"
            ),
        ]

    def __str__(self) -> str:
        return self.value


class Attendance(models.Model):
    """That a person attended an event, apart from whether she registered: a QR check-in at
    the door, a tick by an organiser, a video-conference report's row, or her join link. One
    row per event and person; the first record makes it, later ones only add minutes."""

    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="attendances", verbose_name=_("event")
    )
    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="event_attendances", verbose_name=_("person")
    )
    source = models.CharField(_("recorded by way of"), max_length=10, choices=AttendanceSource)
    minutes = models.PositiveIntegerField(_("minutes present"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        ordering: ClassVar = ["event_id", "pk"]
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["event", "user"], name="%(app_label)s_%(class)s_once"),
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.event}"


class Contribution(TimeStampedModel):
    """A proposal to an event's call: a talk, symposium, workshop, poster, school or teacher
    talk. Its authors (``ContributionAuthor``) are listed in order; reviewers never appear to
    them."""

    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="contributions", verbose_name=_("event")
    )
    kind = models.CharField(_("kind"), max_length=12, choices=ContributionKind)
    title = models.CharField(_("title"), max_length=300)
    abstract = models.TextField(_("abstract"))
    language = models.CharField(_("language"), max_length=2, choices=LANGUAGES, default="kk")
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=ContributionStatus,
        default=ContributionStatus.SUBMITTED,
    )
    submitted_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    # The answers to its kind's own short fields (``events.contributions.KIND_FORMS``), by
    # field name: text within each field's word limit.
    details = models.JSONField(_("details"), default=dict, blank=True)

    class Meta:
        ordering: ClassVar = ["event_id", "pk"]
        verbose_name = _("contribution")
        verbose_name_plural = _("contributions")
        indexes: ClassVar = [
            models.Index(fields=["event", "status", "kind"], name="events_contrib_status"),
        ]

    def __str__(self) -> str:
        return self.title


class ContributionAuthor(models.Model):
    """An author of a contribution, in order; she may have no account (a name and e-mail)."""

    contribution = models.ForeignKey(Contribution, on_delete=models.CASCADE, related_name="authors")
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    user = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="event_contributions",
        verbose_name=_("account"),
    )
    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("e-mail"), blank=True)
    affiliation = models.CharField(_("school or organisation"), max_length=300, blank=True)

    class Meta:
        ordering: ClassVar = ["contribution_id", "order", "pk"]
        verbose_name = _("author")
        verbose_name_plural = _("authors")
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["contribution", "order"], name="%(app_label)s_%(class)s_order_once"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class ReviewAssignment(models.Model):
    """A reviewer the organisers assigned to a contribution; she sees only her assignments."""

    contribution = models.ForeignKey(
        Contribution, on_delete=models.CASCADE, related_name="review_assignments"
    )
    reviewer = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="event_reviews", verbose_name=_("reviewer")
    )
    assigned_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    assigned_at = models.DateTimeField(_("assigned"), auto_now_add=True)

    class Meta:
        verbose_name = _("review assignment")
        verbose_name_plural = _("review assignments")
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["contribution", "reviewer"], name="%(app_label)s_%(class)s_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reviewer} — {self.contribution}"


class Review(TimeStampedModel):
    """A reviewer's review: a recommendation, comments the authors read (never with her
    name) and comments only the organisers read."""

    assignment = models.OneToOneField(
        ReviewAssignment, on_delete=models.CASCADE, related_name="review"
    )
    recommendation = models.CharField(_("recommendation"), max_length=8, choices=Recommendation)
    comments_to_authors = models.TextField(_("comments to the authors"), blank=True)
    comments_to_organisers = models.TextField(_("comments to the organisers"), blank=True)

    class Meta:
        verbose_name = _("review")
        verbose_name_plural = _("reviews")

    def __str__(self) -> str:
        return f"{self.assignment} ({self.get_recommendation_display()})"


class Session(models.Model):
    """A part of the programme: a plenary, a section, a poster session, a free microphone or a
    break, with its chairs and a room or an online link (shown only to registered people)."""

    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="sessions", verbose_name=_("event")
    )
    kind = models.CharField(_("kind"), max_length=10, choices=SessionKind)
    title = models.CharField(_("title"), max_length=300, blank=True)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    room = models.CharField(_("room"), max_length=200, blank=True)
    online_url = models.URLField(_("online meeting link"), max_length=500, blank=True)
    chairs = models.ManyToManyField(
        User, blank=True, related_name="chaired_sessions", verbose_name=_("chairs")
    )

    class Meta:
        ordering: ClassVar = ["event_id", "starts_at", "pk"]
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=Q(ends_at__gte=models.F("starts_at")),
                name="%(app_label)s_%(class)s_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return self.title or self.get_kind_display()


class Slot(models.Model):
    """An accepted contribution's place in a session: its time and order there."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="slots")
    contribution = models.OneToOneField(Contribution, on_delete=models.PROTECT, related_name="slot")
    starts_at = models.DateTimeField(_("starts"), null=True, blank=True)
    ends_at = models.DateTimeField(_("ends"), null=True, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering: ClassVar = ["session_id", "order", "pk"]
        verbose_name = _("slot")
        verbose_name_plural = _("slots")

    def __str__(self) -> str:
        return f"{self.session} — {self.contribution}"


def material_path(material: "Material", filename: str) -> str:
    return f"events/{material.event_id}/materials/{filename}"


class Material(TimeStampedModel):
    """Slides or a poster (a file) or a recording (a link), by an author or an organiser."""

    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="materials", verbose_name=_("event")
    )
    contribution = models.ForeignKey(
        Contribution,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="materials",
        verbose_name=_("contribution"),
    )
    kind = models.CharField(_("kind"), max_length=10, choices=MaterialKind)
    title = models.CharField(_("title"), max_length=300, blank=True)
    file = models.FileField(_("file"), upload_to=material_path, blank=True, max_length=300)
    url = models.URLField(_("link"), max_length=500, blank=True)
    uploaded_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering: ClassVar = ["event_id", "pk"]
        verbose_name = _("material")
        verbose_name_plural = _("materials")
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=~Q(file="", url=""), name="%(app_label)s_%(class)s_file_or_link"
            ),
        ]

    def __str__(self) -> str:
        return self.title or self.get_kind_display()


class Feedback(TimeStampedModel):
    """A participant's feedback on an event: one per person, a rating and a comment."""

    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="feedback", verbose_name=_("event")
    )
    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="event_feedback", verbose_name=_("person")
    )
    rating = models.PositiveSmallIntegerField(
        _("rating"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    comment = models.TextField(_("comment"), blank=True)

    class Meta:
        verbose_name = _("feedback")
        verbose_name_plural = _("feedback")
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["event", "user"], name="%(app_label)s_%(class)s_once"),
            models.CheckConstraint(
                condition=Q(rating__gte=1, rating__lte=5), name="%(app_label)s_%(class)s_rating"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.event}: {self.rating}"


class Team(TimeStampedModel):
    """A school's team at a festival or camp: its name, school, leading teachers, how many
    pupils and of which grades. There is no field for a pupil's name, by design."""

    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="teams", verbose_name=_("event")
    )
    name = models.CharField(_("team name"), max_length=200)
    school = models.ForeignKey(
        School, on_delete=models.PROTECT, related_name="event_teams", verbose_name=_("school")
    )
    teachers = models.ManyToManyField(
        User, related_name="event_teams", verbose_name=_("leading teachers")
    )
    pupils = models.PositiveSmallIntegerField(_("number of pupils"))
    grades = models.CharField(_("grades"), max_length=50, help_text=_("For example: 5–7."))
    status = models.CharField(
        _("status"), max_length=10, choices=TeamStatus, default=TeamStatus.APPLIED
    )
    result = models.CharField(_("result or award"), max_length=300, blank=True)
    applied_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering: ClassVar = ["event_id", "pk"]
        verbose_name = _("team")
        verbose_name_plural = _("teams")
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["event", "school", "name"], name="%(app_label)s_%(class)s_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.school})"


class Call(TimeStampedModel):
    """An event's call for contributions: when it is open, which kinds it takes (space-separated
    ``ContributionKind`` values), in which languages, and whether its review is blind (the
    reviewers never see who wrote a contribution). Authors never see reviewers' names, blind
    or not."""

    event = models.OneToOneField(
        Event, on_delete=models.CASCADE, related_name="call", verbose_name=_("event")
    )
    opens_at = models.DateTimeField(_("opens"))
    closes_at = models.DateTimeField(_("closes"))
    kinds = models.CharField(_("kinds of contribution"), max_length=100)
    languages = models.CharField(_("languages"), max_length=10, default="kk ru")
    blind = models.BooleanField(_("blind review"), default=True)
    instructions = models.TextField(_("instructions to authors"), blank=True)

    class Meta:
        verbose_name = _("call for contributions")
        verbose_name_plural = _("calls for contributions")
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=Q(closes_at__gte=models.F("opens_at")),
                name="%(app_label)s_%(class)s_closes_after_opening",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.event}: {self.opens_at:%Y-%m-%d}–{self.closes_at:%Y-%m-%d}"

    def kind_list(self) -> list[str]:
        return [kind for kind in self.kinds.split() if kind]

    def language_list(self) -> list[str]:
        return [code for code in self.languages.split() if code]

    def open_at(self, now: datetime) -> bool:
        return self.opens_at <= now <= self.closes_at
