"""Regions, districts and schools: where every teacher works and every scoped role applies."""

from collections.abc import Sequence
from typing import ClassVar, Self

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from ortaq.core.actors import Visitor
from ortaq.core.i18n import current_language, localized, localized_with_language
from ortaq.core.kz import validate_bin
from ortaq.core.models import TimeStampedModel
from ortaq.core.roles import COUNTRY, Role, Scope
from ortaq.core.visibility import role_over_q
from ortaq.schools.choices import InstructionLanguage, Locality, RegionKind

# A school's head keeps its record up to date, as do the methodologists and administrators
# above it.
KEEPERS = (Role.ADMIN, Role.COORDINATOR, Role.PRINCIPAL)
# The columns that hold each scope of ``School.scope_chain()``.
SCHOOL_PLACES = {"region": "region_id", "district": "district_id", "school": "pk"}


class Region(models.Model):
    """One of the 17 regions or 3 cities of republican significance (ISO 3166-2:KZ)."""

    code = models.CharField(_("code"), max_length=5, unique=True)
    name_kk = models.CharField(_("name in Kazakh"), max_length=100)
    name_ru = models.CharField(_("name in Russian"), max_length=100)
    name_en = models.CharField(_("name in English"), max_length=100)
    centre_en = models.CharField(_("administrative centre"), max_length=100)
    kind = models.CharField(_("kind"), max_length=10, choices=RegionKind)

    class Meta:
        ordering: ClassVar = ["code"]
        verbose_name = _("region")
        verbose_name_plural = _("regions")

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return localized(self, "name")

    def scope_chain(self) -> Sequence[Scope]:
        return (COUNTRY, Scope.region(self.pk))


class District(models.Model):
    """A district (аудан / район) of a region, or of a city; its name in up to three languages.

    An import creates a district from the one name it is given, in the language that name is
    written in; the other names can be filled in later and are matched from then on.
    """

    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="districts", verbose_name=_("region")
    )
    name_kk = models.CharField(_("name in Kazakh"), max_length=120, blank=True)
    name_ru = models.CharField(_("name in Russian"), max_length=120, blank=True)
    name_en = models.CharField(_("name in English"), max_length=120, blank=True)

    class Meta:
        ordering: ClassVar = ["region", "name_kk", "name_ru"]
        verbose_name = _("district")
        verbose_name_plural = _("districts")
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=~models.Q(name_kk="", name_ru="", name_en=""),
                name="%(app_label)s_%(class)s_has_a_name",
            ),
            models.UniqueConstraint(
                "region",
                Lower("name_kk"),
                condition=~models.Q(name_kk=""),
                name="%(app_label)s_%(class)s_unique_name_kk",
            ),
            models.UniqueConstraint(
                "region",
                Lower("name_ru"),
                condition=~models.Q(name_ru=""),
                name="%(app_label)s_%(class)s_unique_name_ru",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return localized(self, "name")

    def names(self) -> set[str]:
        """Every name of the district, lower-cased, for matching what people type."""
        return {n.strip().lower() for n in (self.name_kk, self.name_ru, self.name_en) if n}

    def scope_chain(self) -> Sequence[Scope]:
        return (COUNTRY, Scope.region(self.region_id), Scope.district(self.pk))


class SchoolQuerySet(models.QuerySet["School"]):
    """Schools: the directory is public; who may change which is one rule."""

    def editable_by(self, user: Visitor | None) -> Self:
        """The schools whose record ``user`` may change: her own school as its head, those of
        her region or district as a methodologist, all as an administrator.
        ``schools.change_school`` says the same of one school."""
        return self.filter(role_over_q(user, KEEPERS, SCHOOL_PLACES))


class School(TimeStampedModel):
    """A general-education school: where it is, its size, and how it teaches."""

    name_kk = models.CharField(_("name in Kazakh"), max_length=255, blank=True)
    name_ru = models.CharField(_("name in Russian"), max_length=255, blank=True)
    bin = models.CharField(
        _("BIN"),
        max_length=12,
        unique=True,
        null=True,
        blank=True,
        validators=[validate_bin],
        help_text=_("Business identification number: 12 digits."),
    )
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="schools", verbose_name=_("region")
    )
    district = models.ForeignKey(
        District,
        on_delete=models.PROTECT,
        related_name="schools",
        null=True,
        blank=True,
        verbose_name=_("district"),
    )
    locality = models.CharField(_("locality"), max_length=5, choices=Locality)
    small_scale = models.BooleanField(
        _("small-scale school"),
        default=False,
        help_text=_("A small school whose classes combine pupils of several grades."),
    )
    pupils = models.PositiveIntegerField(_("number of pupils"), null=True, blank=True)
    languages = models.CharField(
        _("language of instruction"), max_length=5, choices=InstructionLanguage
    )
    multigrade = models.BooleanField(_("has combined multi-grade classes"), default=False)

    objects = SchoolQuerySet.as_manager()

    class Meta:
        ordering: ClassVar = ["name_kk", "name_ru"]
        verbose_name = _("school")
        verbose_name_plural = _("schools")
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=~models.Q(name_kk="", name_ru=""),
                name="%(app_label)s_%(class)s_has_a_name",
            ),
        ]
        indexes: ClassVar = [
            models.Index(fields=["region", "district"], name="schools_school_place"),
            models.Index(fields=["region", "small_scale", "locality"], name="schools_school_kind"),
            # The directory's order.
            models.Index(fields=["name_kk", "name_ru", "id"], name="schools_school_by_name"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        """The name in the page's language; for English, in the school's own language."""
        return self.name_and_language()[0]

    def name_and_language(self) -> tuple[str, str]:
        """Return ``name`` and the language it is written in (for the ``lang`` attribute)."""
        language = current_language()
        if language == "en":
            language = "ru" if self.languages == InstructionLanguage.RUSSIAN else "kk"
        return localized_with_language(self, "name", language)

    def clean(self) -> None:
        if not (self.name_kk or self.name_ru):
            raise ValidationError(_("Give the school's name in Kazakh or in Russian."))
        district = self.district if self.district_id else None
        if district is not None and self.region_id and district.region_id != self.region_id:
            raise ValidationError({"district": _("This district is in another region.")})

    def scope_chain(self) -> Sequence[Scope]:
        chain = [COUNTRY, Scope.region(self.region_id)]
        if self.district_id:
            chain.append(Scope.district(self.district_id))
        chain.append(Scope.school(self.pk))
        return tuple(chain)
