from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LibraryConfig(AppConfig):
    name = "ortaq.library"
    label = "library"
    verbose_name = _("Methodological library")

    def ready(self) -> None:
        # Readers' comments on a published resource are a discussion of the core; a school's
        # page lists what its teachers published.
        from ortaq.discussions.policies import register
        from ortaq.library import (
            permissions,  # noqa: F401
            permissions_collections,  # noqa: F401 - collections, ratings
        )
        from ortaq.library.policies import ResourcePolicy
        from ortaq.library.services import SUBMIT_CHECKS
        from ortaq.library.summative import submit_check
        from ortaq.library.views_authoring import school_section
        from ortaq.schools.sections import school_section_register

        register(ResourcePolicy())
        # A summative task that does not add up is not submitted for review.
        if submit_check not in SUBMIT_CHECKS:
            SUBMIT_CHECKS.append(submit_check)
        school_section_register(school_section)
