from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LibraryConfig(AppConfig):
    name = "ortaq.library"
    label = "library"
    verbose_name = _("Methodological library")

    def ready(self) -> None:
        from ortaq.library import permissions  # noqa: F401
        from ortaq.library.views_authoring import school_section
        from ortaq.schools.sections import school_section_register

        school_section_register(school_section)
