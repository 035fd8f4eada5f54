"""Queue background tasks by name, so that services never import the tasks that call them.

A service decides that work must happen in the background (an e-mail, a PDF, a recount);
the task, in the app's ``tasks`` module, re-reads the rows and calls services and notices.
Naming the task by its dotted path keeps the import graph one way (``tasks`` → ``services``),
which an import-linter contract in ``pyproject.toml`` holds.
"""

from datetime import timedelta
from typing import Any, cast

from django.db import transaction
from django.tasks import Task, TaskResult
from django.utils import timezone
from django.utils.module_loading import import_string
from django_tasks.base import Task as BackportTask

# ``@task`` makes its task with the class of the backend configured when the module is
# imported: the RQ backend (django-tasks-rq) still builds on the django-tasks backport, whose
# Task is another class with the same interface.
TASK_CLASSES = (Task, BackportTask)


def task_named(path: str) -> Task[Any, Any]:
    """Return the task at ``path`` (``"ortaq.courses.tasks.build_pack"``); raise ``TypeError``
    if it names something else and ``ImportError`` if it names nothing."""
    found = import_string(path)
    if not isinstance(found, TASK_CLASSES):
        raise TypeError(f"{path} is not a task")
    return cast(Task[Any, Any], found)


def enqueue(
    path: str, *args: Any, delay: timedelta | None = None, **kwargs: Any
) -> TaskResult[Any, Any]:
    """Queue the task at ``path`` now; ``delay`` defers it where the backend can (the database
    and RQ backends), and runs it at once where it cannot (the immediate backend of tests)."""
    task = task_named(path)
    if delay is not None and task.get_backend().supports_defer:
        task = task.using(run_after=timezone.now() + delay)
    return task.enqueue(*args, **kwargs)


def enqueue_on_commit(path: str, *args: Any, delay: timedelta | None = None, **kwargs: Any) -> None:
    """Queue the task at ``path`` once the current transaction commits (nothing if it rolls
    back). The name is checked at once, so that a wrong one fails the service that gave it."""
    task_named(path)
    transaction.on_commit(lambda: enqueue(path, *args, delay=delay, **kwargs))
