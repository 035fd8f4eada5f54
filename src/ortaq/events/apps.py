from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "ortaq.events"
    label = "events"
    verbose_name = _("Events")

    def ready(self) -> None:
        # Register this app's permission rules.
        from ortaq.events import permissions  # noqa: F401
        from ortaq.events.sections import association_events_section
        from ortaq.networks.sections import association_section_register

        association_section_register(association_events_section)
