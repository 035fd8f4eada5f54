"""Associations of schools: their member schools, the people who run them, and their news.

See ``docs/decisions/0020-associations-and-lesson-study-groups.md``: an association is a public
body of one region's schools, run by appointed coordinators (and an editor), not a circle.
"""

import re
from collections.abc import Sequence
from typing import ClassVar, Self

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from ortaq.accounts.models import User
from ortaq.core.i18n import localized_with_language
from ortaq.core.models import TimeStampedModel
from ortaq.core.roles import COUNTRY, Role, Scope
from ortaq.core.visibility import NOTHING, is_signed_in, role_over_q
from ortaq.networks.choices import LANGUAGES, Steward
from ortaq.schools.models import Region, School

# Administrators, and methodologists over an association's region (or over it), run it beside
# its own coordinators. The permissions read the same tuple (``networks.permissions``).
RUNNERS = (Role.COORDINATOR, Role.ADMIN)
# The columns that hold each scope of ``Association.scope_chain()``.
ASSOCIATION_PLACES = {"region": "region_id", "networks.association": "pk"}

# An association's address: lower-case Latin letters and digits, words joined by hyphens.
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
SLUG_LENGTH = (3, 60)
# Taken by the pages under /networks/ that are not an association's.
RESERVED_SLUGS = frozenset({"new"})


def stewarded_by(user: User | AnonymousUser, roles: Sequence[str]) -> Q:
    """The associations where ``user`` is appointed to one of ``roles``, as a filter."""
    if not is_signed_in(user):
        return NOTHING
    appointed = Appointment.objects.filter(
        association=OuterRef("pk"), user_id=user.pk, role__in=list(roles)
    )
    return Q(Exists(appointed))


def run_by_q(user: User | AnonymousUser) -> Q:
    """The associations ``user`` runs, as a filter: see ``AssociationQuerySet.run_by``."""
    if not is_signed_in(user):
        return NOTHING
    return stewarded_by(user, [Steward.COORDINATOR]) | role_over_q(
        user, RUNNERS, ASSOCIATION_PLACES
    )


def news_written_by_q(user: User | AnonymousUser) -> Q:
    """The associations whose news ``user`` writes: see ``AssociationQuerySet.news_written_by``."""
    if not is_signed_in(user):
        return NOTHING
    return stewarded_by(user, [Steward.COORDINATOR, Steward.EDITOR]) | role_over_q(
        user, RUNNERS, ASSOCIATION_PLACES
    )


class AssociationQuerySet(models.QuerySet["Association"]):
    """Associations: every one is public; who runs which, and who writes whose news, is one
    rule each."""

    def run_by(self, user: User | AnonymousUser) -> Self:
        """The associations whose page, member schools, coordinators and editor ``user`` may
        change: those she coordinates, those of the region where she is a methodologist (held
        at the region or the whole country), and all of them for an administrator. None for a
        visitor or a deactivated account. ``networks.change_association`` says the same of one
        association."""
        return self.filter(run_by_q(user))

    def news_written_by(self, user: User | AnonymousUser) -> Self:
        """The associations whose news ``user`` may write, change and delete: those she runs
        (``run_by``) and those whose editor she is. ``networks.post_news`` says the same of
        one association."""
        return self.filter(news_written_by_q(user))


class Association(TimeStampedModel):
    """An association of schools of one region, with a public site at ``/networks/<slug>/``.

    Its name and about text are written in Kazakh and Russian (English optional); a page in a
    language it has not written shows another one and says so. ``slug`` is fixed when it is
    created: its address is printed and, later, cited.
    """

    slug = models.SlugField(_("address"), max_length=SLUG_LENGTH[1], unique=True)
    name_kk = models.CharField(_("name in Kazakh"), max_length=200, blank=True)
    name_ru = models.CharField(_("name in Russian"), max_length=200, blank=True)
    name_en = models.CharField(_("name in English"), max_length=200, blank=True)
    about_kk = models.TextField(_("about, in Kazakh"), blank=True)
    about_ru = models.TextField(_("about, in Russian"), blank=True)
    about_en = models.TextField(_("about, in English"), blank=True)
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="+", verbose_name=_("region")
    )
    created_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = AssociationQuerySet.as_manager()

    class Meta:
        ordering: ClassVar = ["name_kk", "name_ru", "pk"]
        verbose_name = _("association of schools")
        verbose_name_plural = _("associations of schools")
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=~Q(name_kk="", name_ru=""), name="%(app_label)s_%(class)s_has_a_name"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return localized_with_language(self, "name")[0]

    def written_in(self) -> str:
        """The language the page is shown in, for the active one: its about text's (the active
        language where the association wrote one in it, else the first fallback), or its name's
        where it wrote no about text at all. A page whose language is not the active one says
        so."""
        about, language = localized_with_language(self, "about")
        return language if about else localized_with_language(self, "name")[1]

    def clean(self) -> None:
        if not (self.name_kk or self.name_ru):
            raise ValidationError(_("Give the association's name in Kazakh or in Russian."))

    def scope_chain(self) -> Sequence[Scope]:
        return (
            COUNTRY,
            Scope.region(self.region_id),
            Scope.of_object("networks.association", self.pk),
        )


class MemberSchool(models.Model):
    """A school of the association's region that belongs to it, since when and who added it."""

    association = models.ForeignKey(
        Association,
        on_delete=models.CASCADE,
        related_name="member_schools",
        verbose_name=_("association"),
    )
    school = models.ForeignKey(
        School,
        on_delete=models.PROTECT,
        related_name="association_memberships",
        verbose_name=_("school"),
    )
    added_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    added_at = models.DateTimeField(_("member since"), auto_now_add=True)

    class Meta:
        verbose_name = _("member school")
        verbose_name_plural = _("member schools")
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["association", "school"], name="%(app_label)s_%(class)s_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.school} — {self.association}"


class Appointment(models.Model):
    """A person appointed to run an association: one of its coordinators, or its editor.

    One row per person and role; an association has at most one editor, and its services keep
    at least one coordinator. Not a role assignment: see the decision record (a coordinator
    role anywhere reads as a methodologist's elsewhere).
    """

    association = models.ForeignKey(
        Association,
        on_delete=models.CASCADE,
        related_name="appointments",
        verbose_name=_("association"),
    )
    user = models.ForeignKey(
        User,
        on_delete=models.CASCADE,
        related_name="association_appointments",
        verbose_name=_("person"),
    )
    role = models.CharField(_("role"), max_length=12, choices=Steward.choices)
    appointed_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    appointed_at = models.DateTimeField(_("appointed"), auto_now_add=True)

    class Meta:
        # By column, not by the related models' orders, which would join them into every read.
        ordering: ClassVar = ["association_id", "role", "pk"]
        verbose_name = _("appointment")
        verbose_name_plural = _("appointments")
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["association", "user", "role"], name="%(app_label)s_%(class)s_once"
            ),
            models.UniqueConstraint(
                fields=["association"],
                condition=Q(role=Steward.EDITOR),
                name="%(app_label)s_%(class)s_one_editor",
            ),
        ]
        indexes: ClassVar = [
            models.Index(fields=["user", "role"], name="networks_appointment_user"),
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.association} ({self.get_role_display()})"


class NewsPost(TimeStampedModel):
    """A news post on an association's site, in one language, its body in Markdown.

    Listed newest first by id (``created_at`` is when it was published); ``client_key`` makes a
    form sent twice one post.
    """

    association = models.ForeignKey(
        Association, on_delete=models.CASCADE, related_name="news", verbose_name=_("association")
    )
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("text"), blank=True)
    language = models.CharField(_("language"), max_length=2, choices=LANGUAGES, default="kk")
    author = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("author"),
    )
    client_key = models.UUIDField(null=True, blank=True, editable=False)

    class Meta:
        ordering: ClassVar = ["-pk"]
        verbose_name = _("news post")
        verbose_name_plural = _("news posts")
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=~Q(title=""), name="%(app_label)s_%(class)s_has_a_title"
            ),
            models.UniqueConstraint(
                fields=["author", "client_key"], name="%(app_label)s_%(class)s_once_per_key"
            ),
        ]
        indexes: ClassVar = [
            # The site's list: an association's posts, newest first, by key.
            models.Index(fields=["association", "-id"], name="networks_news_newest"),
        ]

    def __str__(self) -> str:
        return self.title
