from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JournalConfig(AppConfig):
    name = "ortaq.journal"
    label = "journal"
    verbose_name = _("The associations' journals")

    def ready(self) -> None:
        # Register this app's permission rules, and the section of an association's site that
        # shows its journal's published issues.
        from ortaq.journal import permissions  # noqa: F401
        from ortaq.journal.views import association_section
        from ortaq.networks.sections import association_section_register

        association_section_register(association_section)
