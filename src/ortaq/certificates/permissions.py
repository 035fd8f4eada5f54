"""Who may revoke a certificate: whoever may vouch for the achievement behind it."""

from typing import Any

import rules

from ortaq.core.roles import Role, Scoped, holds, is_admin, predicate

# Those who award each kind of achievement: trainers for courses, organisers for events,
# editors for journals, facilitators for portfolios.
AWARDERS = (Role.TRAINER, Role.ORGANISER, Role.EDITOR, Role.FACILITATOR)


@predicate
def awards_the_achievement(user: Any, certificate: Any) -> bool:
    achievement = certificate.achievement if certificate is not None else None
    return isinstance(achievement, Scoped) and holds(user, AWARDERS, achievement.scope_chain())


@predicate
def holds_the_certificate(user: Any, certificate: Any) -> bool:
    return certificate is not None and certificate.holder_id == user.pk


rules.add_perm("certificates.revoke_certificate", is_admin | awards_the_achievement)
rules.add_perm("certificates.download_certificate", holds_the_certificate | is_admin)
