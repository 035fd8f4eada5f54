from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LessonStudyConfig(AppConfig):
    name = "ortaq.lessonstudy"
    label = "lessonstudy"
    verbose_name = _("Lesson Study")

    def ready(self) -> None:
        # Register this app's permission rules, the section of an association's site that
        # lists its groups and their published reports, and the line of a group's circle
        # that leads back to the group.
        from ortaq.communities.sections import circle_section_register
        from ortaq.lessonstudy import permissions  # noqa: F401
        from ortaq.lessonstudy.views.cycles import association_section, circle_section
        from ortaq.networks.sections import association_section_register

        association_section_register(association_section)
        circle_section_register(circle_section)
