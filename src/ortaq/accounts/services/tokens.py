"""Personal API tokens for scripts."""

import hashlib
import secrets
from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ortaq.accounts.models import ApiToken, User
from ortaq.core.errors import DomainError, NotAllowed
from ortaq.core.roles import is_admin

TOKEN_PREFIX = "ortaq_"  # noqa: S105 - a visible marker, not a secret
MAX_ACTIVE_TOKENS = 20
# Recording every use would write on every API call; once in five minutes is enough to tell
# a person which of her tokens are still in use.
TOUCH_INTERVAL = timedelta(minutes=5)


def digest_of(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


@transaction.atomic
def api_token_create(*, actor: User, name: str) -> tuple[ApiToken, str]:
    """Make a token for ``actor``; return it with its secret, which is shown this once only."""
    name = name.strip()
    if not name:
        raise DomainError(_("Give the token a name, such as the script that will use it."))
    active = ApiToken.objects.filter(user=actor, revoked_at__isnull=True).count()
    if active >= MAX_ACTIVE_TOKENS:
        raise DomainError(
            ngettext(
                "You have %(count)s active token; revoke one before making another.",
                "You have %(count)s active tokens; revoke one before making another.",
                active,
            )
            % {"count": active}
        )
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=actor, name=name[:100], prefix=raw[: len(TOKEN_PREFIX) + 6], digest=digest_of(raw)
    )
    return token, raw


@transaction.atomic
def api_token_revoke(*, actor: User, token: ApiToken) -> None:
    """Revoke a token at once; revoking it again changes nothing."""
    if token.user_id != actor.pk and not is_admin(actor):
        raise NotAllowed(_("This token is not yours."))
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at", "updated_at"])


def api_token_touch(*, token: ApiToken) -> None:
    """Record that a token was just used, at most once per interval."""
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > TOUCH_INTERVAL:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
