"""Model mixins and the curriculum's reference data shared by every app."""

from collections.abc import Iterable
from typing import ClassVar

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ortaq.core.i18n import localized


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
