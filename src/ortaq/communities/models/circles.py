"""Circles, their members and their meetings."""

from collections.abc import Sequence
from typing import Any, ClassVar, Self

from django.contrib.auth.models import AnonymousUser
from django.db import models
from django.db.models import BooleanField, Case, Exists, OuterRef, Q, When
from django.utils.translation import gettext_lazy as _

from ortaq.accounts.models import Profile, User
from ortaq.communities.choices import (
    CircleKind,
    MemberRole,
    MembershipStatus,
    Notify,
    Visibility,
)
from ortaq.core.models import TimeStampedModel
from ortaq.core.roles import COUNTRY, Role, Scope
from ortaq.core.visibility import NOTHING, is_signed_in, role_over_q
from ortaq.schools.models import District, Region, School

# Methodologists and administrators over a circle's place run it (with its facilitators);
# moderators over it moderate its discussions. All of them read it.
RUNNERS = (Role.COORDINATOR, Role.ADMIN)
OVERSEERS = (*RUNNERS, Role.MODERATOR)
# The columns that hold each scope of ``Circle.scope_chain()``.
CIRCLE_PLACES = {
    "region": "region_id",
    "district": "district_id",
    "school": "school_id",
    "communities.circle": "pk",
}


def readable_by(user: User | AnonymousUser) -> Q:
    """The circles ``user`` may read, as a filter: see ``CircleQuerySet.visible_to``."""
    if not is_signed_in(user):
        return NOTHING
    member = Membership.objects.filter(
        circle=OuterRef("pk"), user_id=user.pk, status=MembershipStatus.ACTIVE
    )
    return (
        Q(Exists(member))
        | Q(visibility=Visibility.SIGNED_IN)
        | role_over_q(user, OVERSEERS, CIRCLE_PLACES)
    )


def showing_card_to(user: User | AnonymousUser) -> Q:
    """The circles that show ``user`` their card: see ``CircleQuerySet.findable_by``."""
    if not is_signed_in(user):
        return NOTHING
    asked = Membership.objects.filter(
        circle=OuterRef("pk"),
        user_id=user.pk,
        status__in=[MembershipStatus.INVITED, MembershipStatus.REQUESTED],
    )
    hers = Profile.objects.filter(user_id=user.pk, school__isnull=False).values("school_id")
    networks = Circle.schools.through.objects.filter(school_id__in=hers).values("circle_id")
    return Q(Exists(asked)) | Q(school_id__in=hers) | Q(pk__in=networks)


class CircleQuerySet(models.QuerySet["Circle"]):
    """Circles, with who may see which (the one rule every list of circles starts from)."""

    def visible_to(self, user: User | AnonymousUser) -> Self:
        """The circles ``user`` may read: those she is an active member (or facilitator) of,
        those open to every signed-in teacher, and those over whose region, district or school
        (or over which) she is a methodologist, administrator or moderator; archived ones too.
        None for a visitor. ``communities.view_circle`` says the same of one circle."""
        return self.filter(readable_by(user))

    def findable_by(self, user: User | AnonymousUser) -> Self:
        """The circles she may read, and the members-only circles that show her their card
        (name, school, purpose and "ask to join"): those of her own school or of a network that
        includes it, and those that invited her or that she asked to join.
        ``communities.find_circle`` says the same of one circle."""
        return self.filter(readable_by(user) | showing_card_to(user))

    def with_readable(self, user: User | AnonymousUser) -> Self:
        """Each circle with ``readable``: whether ``user`` may read it (else, its card only)."""
        return self.annotate(
            readable=Case(
                When(readable_by(user), then=True), default=False, output_field=BooleanField()
            )
        )


class Circle(TimeStampedModel):
    """A professional learning circle: one school's, or a network's across several schools.

    ``region`` and ``district`` place it for methodologists and reports: a school's circle takes
    its school's; a network names them (a district's small-scale schools, say), the district being
    empty when the network spans a region.
    """

    name = models.CharField(_("name"), max_length=200)
    purpose = models.TextField(_("purpose"), blank=True)
    kind = models.CharField(
        _("kind"), max_length=10, choices=CircleKind.choices, default=CircleKind.SCHOOL
    )
    school = models.ForeignKey(
        School,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="circles",
        verbose_name=_("school"),
    )
    schools = models.ManyToManyField(
        School, blank=True, related_name="networks", verbose_name=_("schools of the network")
    )
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="+", verbose_name=_("region")
    )
    district = models.ForeignKey(
        District,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("district"),
    )
    visibility = models.CharField(
        _("who can read it"),
        max_length=10,
        choices=Visibility.choices,
        default=Visibility.MEMBERS,
    )
    language = models.CharField(
        _("language"), max_length=2, choices=[("kk", "Қазақша"), ("ru", "Русский")], default="kk"
    )
    created_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # Raised by every post, meeting and project change: "active in the last 30 days".
    last_activity_at = models.DateTimeField(_("last active"), null=True, blank=True)
    archived_at = models.DateTimeField(_("archived"), null=True, blank=True)

    objects = CircleQuerySet.as_manager()

    class Meta:
        ordering: ClassVar = ["name", "pk"]
        verbose_name = _("circle")
        verbose_name_plural = _("circles")
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=~models.Q(kind=CircleKind.SCHOOL) | models.Q(school__isnull=False),
                name="%(app_label)s_%(class)s_school_circle_has_school",
            ),
        ]
        indexes: ClassVar = [
            models.Index(fields=["region", "district"], name="communities_circle_place"),
        ]

    def __str__(self) -> str:
        return self.name

    @classmethod
    def from_db(cls, db: Any, field_names: Any, values: Any, **kwargs: Any) -> "Circle":
        circle = super().from_db(db, field_names, values, **kwargs)
        # Where it lay when read: a save that moves it has both places' totals recounted.
        found = circle.__dict__
        if {"region_id", "district_id", "school_id"} <= found.keys():
            found["_loaded_place"] = (found["region_id"], found["district_id"], found["school_id"])
        return circle

    def scope_chain(self) -> Sequence[Scope]:
        chain = [COUNTRY, Scope.region(self.region_id)]
        if self.district_id:
            chain.append(Scope.district(self.district_id))
        if self.school_id:
            chain.append(Scope.school(self.school_id))
        chain.append(Scope.of_object("communities.circle", self.pk))
        return tuple(chain)

    @property
    def is_open_to_all(self) -> bool:
        return self.visibility == Visibility.SIGNED_IN


class Membership(TimeStampedModel):
    """A person in a circle: invited, asking to join, a member or a facilitator, or gone.

    One row per person and circle; an invitation, a request and leaving change its status, so
    that repeating any of them changes nothing. ``digested_until`` is the moment up to which her
    daily digest has covered the circle's posts.
    """

    circle = models.ForeignKey(
        Circle, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("circle")
    )
    user = models.ForeignKey(
        User,
        on_delete=models.CASCADE,
        related_name="circle_memberships",
        verbose_name=_("person"),
    )
    role = models.CharField(
        _("role"), max_length=12, choices=MemberRole.choices, default=MemberRole.MEMBER
    )
    status = models.CharField(_("status"), max_length=10, choices=MembershipStatus.choices)
    notify = models.CharField(
        _("new posts"), max_length=6, choices=Notify.choices, default=Notify.DAILY_DIGEST
    )
    invited_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    message = models.CharField(_("message"), max_length=500, blank=True)
    joined_at = models.DateTimeField(_("joined"), null=True, blank=True)
    digested_until = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering: ClassVar = ["circle", "user__last_name", "user__first_name"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["circle", "user"], name="%(app_label)s_%(class)s_once_per_circle"
            ),
        ]
        indexes: ClassVar = [
            models.Index(fields=["user", "status"], name="communities_membership_user"),
            models.Index(fields=["notify", "status"], name="communities_membership_notify"),
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.circle}"

    @property
    def is_active(self) -> bool:
        return self.status == MembershipStatus.ACTIVE

    @property
    def is_facilitator(self) -> bool:
        return self.is_active and self.role == MemberRole.FACILITATOR


class Meeting(TimeStampedModel):
    """A meeting of a circle: when (stored in UTC, shown in UTC+5), where or the online link
    (members only), the agenda, and afterwards the notes and who came."""

    circle = models.ForeignKey(
        Circle, on_delete=models.CASCADE, related_name="meetings", verbose_name=_("circle")
    )
    starts_at = models.DateTimeField(_("starts"))
    duration_minutes = models.PositiveSmallIntegerField(_("length in minutes"), default=60)
    place = models.CharField(_("place"), max_length=300, blank=True)
    online_url = models.URLField(_("online link"), blank=True)
    agenda = models.TextField(_("agenda"), blank=True)
    notes = models.TextField(_("notes"), blank=True)
    notes_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)
    # The one-time key of the form that planned it: a double click plans one meeting (and
    # e-mails the members once).
    client_key = models.UUIDField(null=True, blank=True, editable=False)

    class Meta:
        ordering: ClassVar = ["-starts_at", "pk"]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        indexes: ClassVar = [
            models.Index(fields=["circle", "starts_at"], name="communities_meeting_when"),
        ]
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["created_by", "client_key"], name="%(app_label)s_%(class)s_once_per_key"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.circle} — {self.starts_at:%Y-%m-%d}"


class Attendance(models.Model):
    """Whether a person came to a meeting, as its facilitator recorded it."""

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="attendance", verbose_name=_("meeting")
    )
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    present = models.BooleanField(_("present"), default=True)

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["meeting", "user"], name="%(app_label)s_%(class)s_once_per_meeting"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.meeting}"
