"""Authentication backends that ask Django's model permissions only for staff.

Everyone else's rights are scoped roles (``rules``); asking the permission tables for them would
cost two queries on every page that checks a right, to learn nothing. Staff use the technical
administration site, which needs the model permissions.
"""

from typing import Any

from allauth.account.auth_backends import AuthenticationBackend
from django.contrib.auth.backends import ModelBackend


class StaffPermissionsOnly:
    """Answer no model permissions for anyone but staff."""

    def get_all_permissions(self, user_obj: Any, obj: Any = None) -> set[str]:
        if not getattr(user_obj, "is_staff", False):
            return set()
        permissions: set[str] = super().get_all_permissions(user_obj, obj)  # type: ignore[misc]
        return permissions


class StaffModelBackend(StaffPermissionsOnly, ModelBackend):
    """Django's own backend (the administration site, and signing in after an invitation)."""


class EmailBackend(StaffPermissionsOnly, AuthenticationBackend):  # type: ignore[misc]
    """django-allauth's backend (sign-in by e-mail with its rate limits)."""
