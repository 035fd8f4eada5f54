from django.db import models
from django.utils.translation import gettext_lazy as _


class Steward(models.TextChoices):
    """Who runs an association: its coordinators (any number, at least one) and its editor."""

    COORDINATOR = "coordinator", _("Coordinator")
    EDITOR = "editor", _("Editor")


# The languages an association writes in: Kazakh and Russian, English optional.
LANGUAGES = (("kk", "Қазақша"), ("ru", "Русский"), ("en", "English"))
