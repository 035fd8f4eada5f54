"""Bulk work in the background: imports and bulk enrolments run as jobs the worker does.

A page or the API checks the upload as before (type and size) and calls ``job_start``, which
keeps the file in the default storage, records a ``Job`` and queues ``core.tasks.run_job`` once
the transaction commits; the person is sent to the job's page at once. The worker runs the
kind's runner (each app registers its own with ``register``), which calls the app's service
with the person who started the job as the actor, so that the rules, the audit events and the
all-or-nothing checks are those of the service, whatever started it. The runner reports
progress (``Progress``); the job ends with the result or the line-numbered errors, the tables
the load has grown are analysed, and the file is deleted.

See ``docs/decisions/0017-bulk-work-as-jobs.md``.
"""

import hashlib
import json
import logging
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import IO, Any

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import DEFAULT_DB_ALIAS, IntegrityError, connection, connections, transaction
from django.db.models import Model
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from ortaq.core.actors import Actor, Visitor
from ortaq.core.background import enqueue_on_commit
from ortaq.core.csvimport import ImportRejected
from ortaq.core.errors import DomainError
from ortaq.core.models import ACTIVE_JOB_STATES, Job, JobKind, JobState

logger = logging.getLogger(__name__)

# How often, at most, a running job writes its progress (seconds).
PROGRESS_EVERY = 1.0


class Progress:
    """Tell a job's page how far the work is: ``progress(phase, done, total)``.

    Writes at most once a second. Outside a transaction it updates the job's row; inside the
    service's own transaction (where the rows are written, all or nothing) it updates it through
    a second connection on PostgreSQL, so that the page sees it before the commit. SQLite
    writes one transaction at a time: there the page sees the progress of the checking, and
    then the result.
    """

    def __init__(self, job_id: int) -> None:
        self.job_id = job_id
        self._last = 0.0
        self._side: Any = None
        # The transactions open when the job began (none in the worker): deeper is the service's.
        self._outside = len(connection.atomic_blocks)

    def __call__(self, phase: str, done: int, total: int = 0) -> None:
        now = time.monotonic()
        if now - self._last < PROGRESS_EVERY and done != total:
            return
        self._last = now
        values: dict[str, Any] = {"phase": phase, "done": done}
        if total:
            values["total"] = total
        if len(connection.atomic_blocks) <= self._outside:
            Job.objects.filter(pk=self.job_id).update(**values)
        elif connection.vendor == "postgresql":
            self._write_aside(values)

    def _write_aside(self, values: dict[str, Any]) -> None:
        if self._side is None:
            self._side = connections.create_connection(DEFAULT_DB_ALIAS)
        columns = ", ".join(f"{name} = %s" for name in values)
        with self._side.cursor() as cursor:
            cursor.execute(
                f"UPDATE {Job._meta.db_table} SET {columns} WHERE id = %s",  # noqa: S608 - names are ours
                [*values.values(), self.job_id],
            )

    def close(self) -> None:
        if self._side is not None:
            self._side.close()
            self._side = None


def no_progress(phase: str, done: int, total: int = 0) -> None:
    """The progress of work run without a job (the console, the demo): not shown anywhere."""


ProgressFn = Callable[..., None]


@dataclass(frozen=True)
class Outcome:
    """What a runner did: the figures of its result, the lines it could not do (when the rule
    is not all-or-nothing, as in a bulk enrolment: line, value, reason) and the models whose
    tables grew (analysed at the end)."""

    summary: dict[str, int]
    failed: Sequence[tuple[int, str, str]] = ()
    grown: Sequence[type[Model]] = field(default=())


Runner = Callable[[Job, IO[bytes] | None, ProgressFn], Outcome]


@dataclass(frozen=True)
class Registered:
    run: Runner
    back: Callable[[Job], str] | None = None


RUNNERS: dict[str, Registered] = {}


def register(kind: JobKind, run: Runner, *, back: Callable[[Job], str] | None = None) -> None:
    """Say how jobs of ``kind`` are run (each app, in its ``AppConfig.ready``); ``back`` gives
    the page the job was started from, linked from the job's page."""
    RUNNERS[kind] = Registered(run=run, back=back)


def _digest(kind: str, params: dict[str, Any], data: bytes | None) -> str:
    hashed = hashlib.sha256(kind.encode())
    hashed.update(json.dumps(params, sort_keys=True).encode())
    if data is not None:
        hashed.update(b"\x00")
        hashed.update(data)
    return hashed.hexdigest()


def job_start(
    *,
    actor: Actor,
    kind: JobKind,
    label: str = "",
    params: dict[str, Any] | None = None,
    data: bytes | None = None,
    file_name: str = "",
) -> Job:
    """Record a job and queue it once the transaction commits; return it.

    The caller (an app's service) has checked that ``actor`` may do the work and that the file
    is of the right type and size. The same work sent again by the same person while the first
    job is waiting or running (the same file, the same parameters) returns that job.
    """
    params = params or {}
    digest = _digest(kind, params, data)
    mine = Job.objects.filter(started_by_id=actor.pk, digest=digest, state__in=ACTIVE_JOB_STATES)
    found = mine.first()
    if found is not None:
        return found
    job = Job(
        started_by_id=actor.pk,
        kind=kind,
        label=label[:300],
        language=translation.get_language() or "kk",
        params=params,
        digest=digest,
        file_name=file_name[-200:],
    )
    if data is not None:
        job.file.save(f"{digest[:32]}.csv", ContentFile(data), save=False)
    try:
        with transaction.atomic():
            job.save()
    except IntegrityError:
        # The same file sent twice at the same moment: the other sending's job answers both.
        if job.file:
            job.file.delete(save=False)
        found = mine.first()
        if found is None:
            raise
        return found
    enqueue_on_commit("ortaq.core.tasks.run_job", job.pk)
    return job


@contextmanager
def _local_copy(job: Job) -> Iterator[tuple[IO[bytes] | None, int]]:
    """The job's file copied from the storage (which may be another machine's) to a local
    temporary file, with the number of its lines."""
    if not job.file:
        yield None, 0
        return
    lines = 0
    with tempfile.TemporaryFile() as local:
        with default_storage.open(job.file.name or "", "rb") as stored:
            for chunk in stored.chunks():
                lines += chunk.count(b"\n")
                local.write(chunk)
        local.seek(0)
        yield local, lines


def job_run(*, job_id: int) -> str:
    """Run a queued job to its end (the task ``run_job`` calls it); return its state.

    A job already taken by another worker, or finished, is left alone.
    """
    claimed = Job.objects.filter(pk=job_id, state=JobState.QUEUED).update(
        state=JobState.RUNNING, started_at=timezone.now()
    )
    job = Job.objects.select_related("started_by").get(pk=job_id)
    if not claimed:
        return str(job.state)
    progress = Progress(job.pk)
    try:
        with translation.override(job.language):
            try:
                with _local_copy(job) as (data, lines):
                    if lines:
                        # The header is a line too; a quoted cell may span lines: an estimate.
                        progress("checking", 0, max(lines - 1, 1))
                    outcome = RUNNERS[job.kind].run(job, data, progress)
            except ImportRejected as exc:
                _finish(job, JobState.FAILED, message=exc.message, errors=exc.errors)
            except DomainError as exc:
                _finish(job, JobState.FAILED, message=exc.message)
            except Exception:
                logger.exception("job %s (%s) failed", job.pk, job.kind)
                _finish(
                    job,
                    JobState.FAILED,
                    message=_("Something went wrong on our side. It has been logged."),
                )
            else:
                analyze(outcome.grown)
                failed = [
                    {"line": line, "column": "", "value": value, "message": reason}
                    for line, value, reason in outcome.failed[: Job.ERRORS_KEPT]
                ]
                _finish(
                    job,
                    JobState.SUCCEEDED,
                    summary=outcome.summary,
                    kept=failed,
                    count=len(outcome.failed),
                )
    finally:
        progress.close()
        if job.file:
            job.file.delete(save=False)
            Job.objects.filter(pk=job.pk).update(file="")
    return str(job.state)


def _finish(
    job: Job,
    state: JobState,
    *,
    message: str = "",
    errors: Sequence[Any] = (),
    summary: dict[str, int] | None = None,
    kept: list[dict[str, Any]] | None = None,
    count: int = 0,
) -> None:
    if kept is None:
        kept = [
            {"line": e.line, "column": e.column, "value": "", "message": e.message}
            for e in errors[: Job.ERRORS_KEPT]
        ]
        count = len(errors)
    job.state = state
    job.message = message
    job.summary = summary or {}
    job.errors = kept
    job.error_count = count
    job.finished_at = timezone.now()
    if state == JobState.SUCCEEDED:
        # Every row or person the work went through, done.
        job.done = job.total = sum(job.summary.values()) + count
    job.phase = ""
    Job.objects.filter(pk=job.pk).update(
        state=job.state,
        message=job.message,
        summary=job.summary,
        errors=job.errors,
        error_count=job.error_count,
        finished_at=job.finished_at,
        phase="",
        **({"done": job.done, "total": job.total} if state == JobState.SUCCEEDED else {}),
    )


def analyze(models: Iterable[type[Model]]) -> None:
    """Refresh the planner's statistics of the tables a bulk load has grown: without it,
    PostgreSQL plans the next reports for the tables as they were (a regional report took
    3 s before and 58 ms after). SQLite has ``ANALYZE`` too."""
    tables = sorted({model._meta.db_table for model in models})
    if not tables:
        return
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f"ANALYZE {quote(table)}")


def jobs_of(user: Visitor, *, limit: int = 20) -> list[Job]:
    """Her latest jobs, newest first (the small list on her jobs page); none for a visitor."""
    if not user.is_authenticated:
        return []
    return list(Job.objects.filter(started_by_id=user.pk).defer("errors")[:limit])


def job_get_for_user(*, job_id: int, user: Visitor) -> Job:
    """The job, if ``user`` may read it (she started it, or administers the platform); else
    Http404, so that nobody learns which jobs exist."""
    from django.http import Http404

    found = Job.objects.visible_to(user).filter(pk=job_id).first()
    if found is None:
        raise Http404
    return found


def back_link(job: Job) -> str:
    """The page the job was started from ('' when the kind names none)."""
    entry = RUNNERS.get(job.kind)
    if entry is None or entry.back is None:
        return ""
    try:
        return entry.back(job)
    except Exception:  # noqa: BLE001 - a course deleted since: no link rather than an error
        return ""
