from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommunitiesConfig(AppConfig):
    name = "ortaq.communities"
    label = "communities"
    verbose_name = _("Circles and projects")

    def ready(self) -> None:
        # Register this app's permission rules (``rules`` looks for rules.py, not permissions.py).
        from ortaq.communities import permissions  # noqa: F401
