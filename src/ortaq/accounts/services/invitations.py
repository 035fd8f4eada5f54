"""One-time links that let an imported teacher set her password and sign in."""

import hashlib
from collections.abc import Iterable
from datetime import timedelta

from allauth.account.models import EmailAddress
from django.contrib.auth import password_validation
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.mail import mailers
from django.db import transaction
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from ortaq.accounts import notices
from ortaq.accounts.models import User
from ortaq.core.errors import DomainError
from ortaq.core.links import absolute_url

SALT = "ortaq.accounts.invitation"
VALID_FOR = timedelta(days=30)


def _fingerprint(user: User) -> str:
    # The link stops working once a password is set or the person signs in, which makes it
    # single-use without storing anything.
    material = f"{user.pk}:{user.password}:{user.last_login}:{user.email}"
    return hashlib.sha256(material.encode()).hexdigest()[:24]


def invitation_token(user: User) -> str:
    """Return the signed token of ``user``'s invitation link."""
    token: str = signing.dumps([user.pk, _fingerprint(user)], salt=SALT, compress=True)
    return token


def invitation_user(token: str) -> User:
    """Return the person a token invites, or raise DomainError if it is wrong, used or old."""
    try:
        user_id, fingerprint = signing.loads(token, salt=SALT, max_age=VALID_FOR)
    except signing.SignatureExpired as exc:
        raise DomainError(
            _("This invitation has expired. Ask for a new one, or reset your password."),
            code="expired",
        ) from exc
    except (signing.BadSignature, ValueError, TypeError) as exc:
        raise DomainError(_("This invitation link is not valid."), code="invalid") from exc
    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is None or _fingerprint(user) != fingerprint:
        raise DomainError(
            _("This invitation has already been used. Sign in, or reset your password."),
            code="used",
        )
    return user


def invitation_url(user: User) -> str:
    with translation.override(user.language):
        path = reverse("accounts:invitation", kwargs={"token": invitation_token(user)})
    return absolute_url(path)


def invitation_send(*, user: User) -> None:
    """E-mail ``user`` her invitation, in her language."""
    invitations_send(users=[user])


def invitations_send(*, users: Iterable[User]) -> int:
    """E-mail each of ``users`` her invitation, in her language, all through one connection to
    the mail server (an import's task sends a few hundred); return how many were sent."""
    messages = [notices.invitation(u, url=invitation_url(u), days=VALID_FOR.days) for u in users]
    if not messages:
        return 0
    return mailers.default.send_messages(messages) or 0


@transaction.atomic
def invitation_accept(*, token: str, password: str) -> User:
    """Set the invited person's password and confirm her e-mail address; the link is then used."""
    user = invitation_user(token)
    try:
        password_validation.validate_password(password, user)
    except ValidationError as exc:
        raise DomainError(" ".join(exc.messages), code="weak_password") from exc
    user.set_password(password)
    user.save(update_fields=["password"])
    # She received the link at this address, which proves it is hers.
    EmailAddress.objects.update_or_create(
        user=user, email=user.email, defaults={"verified": True, "primary": True}
    )
    return user
