"""Who may revoke a certificate (whoever awards the achievement behind it), read why it was
revoked (its holder, those who award it, administrators) and download its PDF (its holder and
administrators: ``Certificate.objects.downloadable_by`` is the same rule in SQL, and a test
holds the two together). Anyone verifies a certificate by its code."""

import rules
from django.contrib.auth.models import AnonymousUser

from ortaq.accounts.models import User
from ortaq.certificates.models import Certificate
from ortaq.core.roles import Scoped, holds, is_admin, predicate


@predicate
def awards_the_achievement(user: User | AnonymousUser, certificate: Certificate | None) -> bool:
    """She holds, over the achievement, one of the roles that award it: each achievement says
    which (``awarded_by``: trainers for a course, organisers for an event…)."""
    if certificate is None or not user.is_authenticated:
        return False
    achievement = certificate.achievement
    awarders = getattr(achievement, "awarded_by", ())
    return isinstance(achievement, Scoped) and holds(user, awarders, achievement.scope_chain())


@predicate
def holds_the_certificate(user: User | AnonymousUser, certificate: Certificate | None) -> bool:
    return certificate is not None and certificate.holder_id == user.pk


rules.add_perm("certificates.revoke_certificate", is_admin | awards_the_achievement)
rules.add_perm("certificates.download_certificate", holds_the_certificate | is_admin)
# The reason is free text about a person ("plagiarised reflection"): the public verification
# says only that and when the certificate was revoked.
rules.add_perm(
    "certificates.read_revoke_reason", holds_the_certificate | is_admin | awards_the_achievement
)
