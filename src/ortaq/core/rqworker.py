"""RQ workers for Django's tasks (``ORTAQ_TASKS=rq``): what ``ortaq worker`` runs then.

Tasks are enqueued through ``django.tasks`` as always (``task.enqueue()``); the
``django_tasks_rq`` backend keeps them in Redis and any number of ``ortaq worker`` processes, on
any number of machines, take them in turn.
"""

import logging
from collections.abc import Iterable
from typing import Any

import django_rq
from django.conf import settings
from django.db import connections
from django.utils.module_loading import import_string
from rq.registry import ScheduledJobRegistry, StartedJobRegistry

from rq import SimpleWorker

JOB_CLASS = "django_tasks_rq.Job"
WORKER_CLASS = "ortaq.core.rqworker.Worker"


class Worker(SimpleWorker):
    """Runs each task in the worker's own process (no fork per task: a task that draws a PDF
    keeps its fonts loaded for the next), closing database connections that went stale or
    broke between tasks as a web request would."""

    def execute_job(self, job: Any, queue: Any) -> None:
        _fresh_connections()
        try:
            super().execute_job(job, queue)
        finally:
            _fresh_connections()


def _fresh_connections() -> None:
    """Close the connections that broke or outlived ``CONN_MAX_AGE`` (never one inside a
    transaction: a test runs a worker inside its own)."""
    for connection in connections.all(initialized_only=True):
        if not connection.in_atomic_block:
            connection.close_if_unusable_or_obsolete()


def queue_names() -> list[str]:
    return list(settings.TASKS["default"]["QUEUES"])


def waiting_paths() -> set[str]:
    """The task paths queued, scheduled or running in every queue."""
    paths: set[str] = set()
    for name in queue_names():
        queue = django_rq.get_queue(name, job_class=JOB_CLASS)
        ids = set(queue.get_job_ids())
        ids |= set(ScheduledJobRegistry(queue=queue).get_job_ids())  # type: ignore[no-untyped-call]
        ids |= set(StartedJobRegistry(queue=queue).get_job_ids())
        for job in queue.job_class.fetch_many(list(ids), connection=queue.connection):
            if job is not None and job.func_name:
                paths.add(job.func_name)
    return paths


def start_periodic(paths: Iterable[str]) -> None:
    """Queue each periodic task that is not already waiting (each run queues the next)."""
    waiting = waiting_paths()
    for path in paths:
        if path not in waiting:
            import_string(path).enqueue()


def work(*, burst: bool = False) -> int:
    """Take tasks from every queue until stopped (with ``burst``, until none is left)."""
    worker = django_rq.get_worker(*queue_names(), job_class=JOB_CLASS, worker_class=WORKER_CLASS)
    level = logging.getLevelName(logging.getLogger().getEffectiveLevel())
    worker.work(burst=burst, with_scheduler=True, logging_level=level)
    return 0
