from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LessonStudyConfig(AppConfig):
    name = "ortaq.lessonstudy"
    label = "lessonstudy"
    verbose_name = _("Lesson Study")

    def ready(self) -> None:
        # Register this app's permission rules.
        from ortaq.lessonstudy import permissions  # noqa: F401
