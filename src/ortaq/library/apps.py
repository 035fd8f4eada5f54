from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LibraryConfig(AppConfig):
    name = "ortaq.library"
    label = "library"
    verbose_name = _("Methodological library")

    def ready(self) -> None:
        # Readers' comments on a published resource are a discussion of the core.
        from ortaq.discussions.policies import register
        from ortaq.library import (
            permissions,  # noqa: F401
            permissions_collections,  # noqa: F401 - collections, ratings
        )
        from ortaq.library.policies import ResourcePolicy

        register(ResourcePolicy())
