from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoursesConfig(AppConfig):
    name = "ortaq.courses"
    label = "courses"
    verbose_name = _("Courses")

    def ready(self) -> None:
        # Register this app's permission rules (``rules`` looks for rules.py, not permissions.py).
        from ortaq.courses import (
            jobs,  # noqa: F401 - registers how bulk enrolments run as jobs
            permissions,  # noqa: F401
            signals,  # noqa: F401
        )
        from ortaq.courses.policies import ActivityPolicy
        from ortaq.discussions.policies import register

        # A discussion activity's posts are a discussion of the core; the course says who
        # reads, writes and moderates.
        register(ActivityPolicy())
