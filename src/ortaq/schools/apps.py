from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SchoolsConfig(AppConfig):
    name = "ortaq.schools"
    label = "schools"
    verbose_name = _("Schools")

    def ready(self) -> None:
        # Register this app's permission rules (``rules`` looks for rules.py, not permissions.py).
        from ortaq.schools import (
            jobs,  # noqa: F401 - registers how its import runs as a job
            permissions,  # noqa: F401
        )
