"""Certificates for any achievement: a completed course, a role at an event, a portfolio."""

import secrets
from typing import ClassVar, Self

from django.contrib.auth.models import AnonymousUser
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ortaq.accounts.choices import Language
from ortaq.accounts.models import User
from ortaq.core.models import TimeStampedModel
from ortaq.core.roles import Role
from ortaq.core.visibility import role_over_q

# Crockford's base 32 without I, L, O and U: nothing to misread when typing a code from paper.
CODE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
CODE_LENGTH = 12  # 60 random bits: unguessable, yet short enough to type.


def new_code() -> str:
    """A random certificate code such as ``7KQ4-M2XD-9PRT``."""
    raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
    return "-".join(raw[i : i + 4] for i in range(0, CODE_LENGTH, 4))


def normalise_code(value: str) -> str:
    """Read a code as a person may type it: any case, with or without dashes, O for 0."""
    raw = value.upper().replace("-", "").replace(" ", "").replace("O", "0")
    raw = raw.replace("I", "1").replace("L", "1")
    return "-".join(raw[i : i + 4] for i in range(0, len(raw), 4))


def pdf_path(certificate: "Certificate", filename: str) -> str:
    return f"certificates/{certificate.issued_at:%Y/%m}/{certificate.code}.pdf"


class CertificateQuerySet(models.QuerySet["Certificate"]):
    """Certificates: anyone verifies one by its code (revoked or not, with the reason); who
    may download which PDF is one rule."""

    def downloadable_by(self, user: User | AnonymousUser | None) -> Self:
        """The certificates whose PDF ``user`` may download: her own, and every one for an
        administrator of the whole country. ``certificates.download_certificate`` says the
        same of one certificate."""
        if user is None or not user.is_authenticated:
            return self.none()
        # A certificate lies within the country alone: only a national role reaches it.
        return self.filter(Q(holder_id=user.pk) | role_over_q(user, (Role.ADMIN,), {}))


class Certificate(TimeStampedModel):
    """A certificate held by one person for one achievement, issued exactly once.

    ``achievement`` is the object that earned it (an enrolment, an event registration…). Title,
    hours and the holder's name are copied at issue, so that the certificate keeps saying what
    it said when a course is later renamed. A revoked certificate still verifies, as revoked.
    """

    code = models.CharField(_("code"), max_length=20, unique=True, default=new_code)
    holder = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="certificates", verbose_name=_("holder")
    )
    holder_name = models.CharField(_("holder's name"), max_length=320)
    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT)
    object_id = models.PositiveBigIntegerField()
    achievement = GenericForeignKey("content_type", "object_id")
    title = models.CharField(_("title"), max_length=300)
    description = models.CharField(_("what it certifies"), max_length=500)
    hours = models.PositiveSmallIntegerField(_("hours"), null=True, blank=True)
    language = models.CharField(_("language"), max_length=2, choices=Language)
    issued_at = models.DateTimeField(_("issued"))
    pdf = models.FileField(_("PDF"), upload_to=pdf_path, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    revoke_reason = models.CharField(_("reason for revoking"), max_length=500, blank=True)

    objects = CertificateQuerySet.as_manager()

    class Meta:
        ordering: ClassVar = ["-issued_at"]
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["content_type", "object_id"],
                name="%(app_label)s_%(class)s_once_per_achievement",
            ),
            models.CheckConstraint(
                condition=models.Q(revoked_at__isnull=True) | ~models.Q(revoke_reason=""),
                name="%(app_label)s_%(class)s_revoked_with_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} — {self.title}"

    @property
    def is_valid(self) -> bool:
        return self.revoked_at is None

    def verify_path(self) -> str:
        return f"/verify/{self.code}"
