"""How django-allauth creates accounts, counts wrong passwords and sends its e-mails in Ortaq."""

from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import ratelimit
from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from ortaq.accounts.models import User
from ortaq.accounts.services import profile_create
from ortaq.core.http import client_ip

ACCOUNT_LIMIT = "login_failed_account"


class AccountAdapter(DefaultAccountAdapter):  # type: ignore[misc]
    """Sign-in limits that slow a guesser without locking out the account's owner.

    - From one address: twenty wrong passwords a minute, and five for one account in five
      minutes (allauth's ``login_failed`` limits; the second is keyed by address *and* e-mail,
      where allauth keys it by e-mail alone, which let anyone lock out anyone).
    - For one account from everywhere: ``login_failed_account`` (fifty an hour). Past it,
      password sign-in to that account pauses; its owner signs in with a code e-mailed to her.
    """

    error_messages = {
        **DefaultAccountAdapter.error_messages,
        "too_many_login_attempts": _(
            "Too many failed attempts from here. Wait a few minutes and try again, or sign in "
            "with a code sent to your e-mail."
        ),
        "account_under_attack": _(
            "Too many wrong passwords have been tried for this account, so signing in to it "
            "with a password is paused for a while. Sign in with a code sent to your e-mail."
        ),
    }

    def save_user(self, request: HttpRequest, user: User, form: Any, commit: bool = True) -> User:
        """Save a new account with the language she signed up in, and give it a profile."""
        user.language = (get_language() or "kk")[:2]
        saved: User = super().save_user(request, user, form, commit=commit)
        if commit:
            profile_create(user=saved)
        return saved

    def get_logout_redirect_url(self, request: HttpRequest) -> str:
        """Back to the home page in the language she was reading, not the browser's: her
        account's language no longer applies once she has signed out."""
        return reverse("core:home")

    def get_client_ip(self, request: HttpRequest) -> str:
        """The client's address as the trusted proxies saw it, for allauth's per-address limits."""
        return client_ip(request)

    def _get_login_attempts_cache_key(self, request: HttpRequest, **credentials: Any) -> str:
        # Count wrong passwords per account *and* address: a stranger's guesses then block the
        # stranger, not the owner signing in from her own school or phone.
        return f"{client_ip(request)}:{self._login(credentials)}"

    @staticmethod
    def _login(credentials: dict[str, Any]) -> str:
        return str(credentials.get("email", credentials.get("username", ""))).lower()

    def pre_authenticate(self, request: HttpRequest, **credentials: Any) -> None:
        super().pre_authenticate(request, **credentials)
        paused = not ratelimit.consume(
            request, action=ACCOUNT_LIMIT, key=self._login(credentials), dry_run=True
        )
        if paused:
            self._rollback_login_failed_rl_usage()
            raise self.validation_error("account_under_attack")

    def authentication_failed(self, request: HttpRequest, **credentials: Any) -> None:
        """Count a wrong password against the account, wherever it came from."""
        ratelimit.consume(request, action=ACCOUNT_LIMIT, key=self._login(credentials))
