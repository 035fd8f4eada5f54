"""How many IINs a person may look up: a quota per day, and a record of each bulk look-up.

Whether an IIN is registered is personal data. The forms that take IINs answer the same for an
unknown IIN and for one outside the places the person looks after wherever they can (bulk
enrolment). Where the answer must differ (an import refuses an IIN already on another account,
a profile refuses one already taken), the quota bounds how much anyone can learn, and the log
says who looked up how many.
"""

import logging

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone
from django.utils.translation import gettext as _

from ortaq.accounts.models import User
from ortaq.accounts.permissions import PEOPLE_MANAGERS
from ortaq.core.audit import audit_record
from ortaq.core.errors import DomainError
from ortaq.core.models import AuditAction
from ortaq.core.roles import COUNTRY, scopes_where

logger = logging.getLogger("ortaq.audit")

DAY = 24 * 3600
OWN = "own"


def iin_lookups_record(*, actor: User | None, looked_up: int, probing: int, purpose: str) -> None:
    # ``purpose``: "enrolment", "import", "profile" (someone else's) or OWN (her own IIN).
    """Record that ``actor`` looked up ``looked_up`` IINs for ``purpose``; refuse if the
    ``probing`` ones among them (those that could tell her something she did not know: an IIN
    that is not on the account she named or among her people) pass her daily quota.

    The quota is ``ORTAQ_IIN_LOOKUPS_PER_DAY`` for people who look after others (imports, bulk
    enrolment) and ``ORTAQ_OWN_IIN_CHANGES_PER_DAY`` for a person changing her own IIN
    (``purpose`` ``OWN``). ``actor`` None is the operator at the console, and an administrator
    of the whole country sees every account anyway: neither is counted.
    Each bulk look-up is kept in the audit log. Call it before answering, inside the
    transaction that would write.
    """
    if actor is None or looked_up == 0:
        return
    own = purpose == OWN
    if not own and COUNTRY in scopes_where(actor, PEOPLE_MANAGERS):
        # She sees every account anyway: a refusal tells her nothing she could not read.
        probing = 0
    quota: int = (
        settings.ORTAQ_OWN_IIN_CHANGES_PER_DAY if own else settings.ORTAQ_IIN_LOOKUPS_PER_DAY
    )
    key = f"iin-lookups:{'own' if own else 'others'}:{actor.pk}:{timezone.localdate()}"
    cache.add(key, 0, DAY)
    used = int(cache.get(key) or 0)
    if probing and used + probing > quota:
        logger.warning(
            "IIN look-ups refused: user %s, %s of them (%s), %s of %s used today",
            actor.pk,
            probing,
            purpose,
            used,
            quota,
        )
        raise DomainError(
            _(
                "This would take you past the number of IINs one person may look up in a day "
                "(%(quota)s; %(left)s left today). Try again tomorrow, or ask an administrator."
            )
            % {"quota": quota, "left": max(quota - used, 0)},
            code="iin_quota",
        )
    if probing:
        try:
            cache.incr(key, probing)
        except ValueError:  # the counter was evicted since it was read
            cache.set(key, used + probing, DAY)
    if not own:
        audit_record(
            actor=actor,
            action=AuditAction.IIN_LOOKUP,
            count=looked_up,
            probing=probing,
            purpose=purpose,
        )
