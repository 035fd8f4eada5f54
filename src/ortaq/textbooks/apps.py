from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TextbooksConfig(AppConfig):
    name = "ortaq.textbooks"
    label = "textbooks"
    verbose_name = _("E-textbooks and project movements")
