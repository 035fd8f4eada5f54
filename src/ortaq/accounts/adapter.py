"""How django-allauth creates accounts and sends its e-mails in Ortaq."""

from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from django.http import HttpRequest
from django.utils.translation import get_language

from ortaq.accounts.models import User
from ortaq.accounts.services import profile_create
from ortaq.core.http import client_ip


class AccountAdapter(DefaultAccountAdapter):  # type: ignore[misc]
    def save_user(self, request: HttpRequest, user: User, form: Any, commit: bool = True) -> User:
        """Save a new account with the language she signed up in, and give it a profile."""
        user.language = (get_language() or "kk")[:2]
        saved: User = super().save_user(request, user, form, commit=commit)
        if commit:
            profile_create(user=saved)
        return saved

    def get_client_ip(self, request: HttpRequest) -> str:
        """The client's address as the trusted proxies saw it, for allauth's per-address limits."""
        return client_ip(request)
