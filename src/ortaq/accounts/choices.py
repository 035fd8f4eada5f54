from django.db import models
from django.utils.translation import gettext_lazy as _


class Category(models.TextChoices):
    """Teachers' qualification categories under the Law on the Status of the Teacher."""

    PEDAGOGUE = "pedagogue", _("Pedagogue")
    MODERATOR = "moderator", _("Pedagogue-moderator")
    EXPERT = "expert", _("Pedagogue-expert")
    RESEARCHER = "researcher", _("Pedagogue-researcher")
    MASTER = "master", _("Pedagogue-master")


# How the categories are written in Kazakh and Russian, for reading them from CSV files.
CATEGORY_WORDS = {
    "педагог": Category.PEDAGOGUE,
    "педагог-модератор": Category.MODERATOR,
    "педагог-эксперт": Category.EXPERT,
    "педагог-сарапшы": Category.EXPERT,
    "педагог-исследователь": Category.RESEARCHER,
    "педагог-зерттеуші": Category.RESEARCHER,
    "педагог-мастер": Category.MASTER,
    "педагог-шебер": Category.MASTER,
    **{c.value: c for c in Category},
}


class Language(models.TextChoices):
    KAZAKH = "kk", _("Kazakh")
    RUSSIAN = "ru", _("Russian")
    ENGLISH = "en", _("English")
