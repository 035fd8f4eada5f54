from django.apps import AppConfig
from django.db.backends.signals import connection_created
from django.utils.translation import gettext_lazy as _
from django_tasks_db.apps import TasksAppConfig


class CoreConfig(AppConfig):
    # The configuration of "ortaq.core" among the two classes of this module.
    default = True
    name = "ortaq.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        from ortaq.core import (
            checks,  # noqa: F401 - registers the system checks
            permissions,  # noqa: F401 - registers the permission rules
        )
        from ortaq.core.sqlite import install_unicode_like

        connection_created.connect(install_unicode_like, dispatch_uid="ortaq.core.sqlite_like")


class TasksDatabaseConfig(TasksAppConfig):
    """django-tasks-db, named in the reader's language (its own name is English only)."""

    default = False
    verbose_name = _("Background tasks")  # type: ignore[assignment]
