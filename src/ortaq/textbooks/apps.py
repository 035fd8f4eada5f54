from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TextbooksConfig(AppConfig):
    name = "ortaq.textbooks"
    label = "textbooks"
    verbose_name = _("E-textbooks and project movements")

    def ready(self) -> None:
        from ortaq.library import hooks
        from ortaq.textbooks import lesson_hooks
        from ortaq.textbooks.permissions import LESSON_MODERATORS

        # A lesson is a library resource (decision 0025): the library copies, checks and shows
        # what the textbook hangs on its versions, and the textbook's moderators moderate it.
        hooks.register_copier(lesson_hooks.copy)
        hooks.register_checker(lesson_hooks.problems)
        hooks.register_section(lesson_hooks.section)
        hooks.register_moderators(LESSON_MODERATORS)
