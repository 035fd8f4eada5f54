from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "ortaq.accounts"
    label = "accounts"
    verbose_name = _("People and roles")

    def ready(self) -> None:
        # Register this app's permission rules (``rules`` looks for rules.py, not permissions.py).
        from ortaq.accounts import (
            permissions,  # noqa: F401
            signals,  # noqa: F401
        )
