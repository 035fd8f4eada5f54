from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConsultationsConfig(AppConfig):
    name = "ortaq.consultations"
    label = "consultations"
    verbose_name = _("Consultations")

    def ready(self) -> None:
        # Register this app's permission rules (``rules`` looks for rules.py, not permissions.py).
        from ortaq.consultations import permissions  # noqa: F401
