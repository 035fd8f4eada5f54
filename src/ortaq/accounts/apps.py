from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "ortaq.accounts"
    label = "accounts"
    verbose_name = _("People and roles")

    def ready(self) -> None:
        # Register this app's permission rules (``rules`` looks for rules.py, not permissions.py).
        from ortaq.accounts import (
            jobs,  # noqa: F401 - registers how its import runs as a job
            permissions,  # noqa: F401
            signals,  # noqa: F401
        )
