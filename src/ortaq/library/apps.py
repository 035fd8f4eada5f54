from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LibraryConfig(AppConfig):
    name = "ortaq.library"
    label = "library"
    verbose_name = _("Methodological library")

    def ready(self) -> None:
        from ortaq.library import permissions  # noqa: F401
