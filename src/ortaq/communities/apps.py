from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommunitiesConfig(AppConfig):
    name = "ortaq.communities"
    label = "communities"
    verbose_name = _("Circles and projects")

    def ready(self) -> None:
        # Register this app's permission rules (``rules`` looks for rules.py, not permissions.py),
        # and what deleting an account does in circles (she leaves them; a circle that would be
        # left without a facilitator refuses).
        from ortaq.accounts.services import erasure_step_register
        from ortaq.communities import permissions, signals  # noqa: F401
        from ortaq.communities.policies import ThreadPolicy
        from ortaq.communities.services.erasure import memberships_erase
        from ortaq.discussions.policies import register

        erasure_step_register(memberships_erase)
        # A thread's posts are a discussion of the core; the circle says who reads and writes.
        register(ThreadPolicy())
