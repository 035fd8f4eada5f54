from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NetworksConfig(AppConfig):
    name = "ortaq.networks"
    label = "networks"
    verbose_name = _("Associations of schools")

    def ready(self) -> None:
        # Register this app's permission rules; what deleting an account does to appointments
        # (the last coordinator of an association refuses); and the section of a school's page
        # that lists the associations it belongs to.
        from ortaq.accounts.services import erasure_step_register
        from ortaq.networks import permissions  # noqa: F401
        from ortaq.networks.services import appointments_erase
        from ortaq.networks.views import school_section
        from ortaq.schools.sections import school_section_register

        erasure_step_register(appointments_erase)
        school_section_register(school_section)
