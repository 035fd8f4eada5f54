"""Tasks on Redis through RQ (ORTAQ_TASKS=rq): enqueued the project's way, run by RQ workers."""

import os
import sys
from pathlib import Path
from typing import Any

import django_rq
import pytest
from django.conf import settings
from django.db import connection
from django.tasks import TaskResultStatus, default_task_backend

from ortaq.certificates.models import Certificate
from ortaq.core.rqworker import JOB_CLASS, WORKER_CLASS, queue_names, waiting_paths
from ortaq.courses.choices import ActivityKind
from ortaq.courses.services import activity_open
from ortaq.testing.engines import RQ_TEST_URL
from ortaq.testing.factories import enrol, make_course, make_user
from ortaq.testing.utils import run_python

pytestmark = pytest.mark.rq
RENDER = "ortaq.certificates.tasks.render_certificate"


def complete_a_course(capture: Any) -> Certificate:
    """A teacher completes a one-page course; the transaction commits and queues her PDF."""
    built = make_course(kinds=(ActivityKind.PAGE,))
    teacher = make_user(language="ru")
    enrol(teacher, built.course)
    with capture(execute=True):
        activity_open(actor=teacher, activity=built.activities[0])
    return Certificate.objects.get()


@pytest.mark.django_db
def test_a_certificate_is_queued_in_redis_and_drawn_by_an_rq_worker(
    rq_tasks: Any, django_capture_on_commit_callbacks: Any, mailoutbox: Any
) -> None:
    certificate = complete_a_course(django_capture_on_commit_callbacks)
    # Queued in Redis, not run: the PDF waits for a worker.
    assert not certificate.pdf
    assert RENDER in waiting_paths()
    queue = django_rq.get_queue("default", job_class=JOB_CLASS)
    job = next(j for j in queue.get_jobs() if j.func_name == RENDER)
    assert default_task_backend.get_result(job.id).status == TaskResultStatus.READY

    worker = django_rq.get_worker(*queue_names(), job_class=JOB_CLASS, worker_class=WORKER_CLASS)
    assert worker.work(burst=True) is True

    certificate.refresh_from_db()
    assert certificate.pdf.read(5) == b"%PDF-"
    # Her two e-mails went out from the worker: "course completed" first (the e-mail queue
    # comes before the certificates'), then "certificate ready".
    assert [m.to for m in mailoutbox] == [[certificate.holder.email]] * 2
    completed, ready = (m.subject for m in mailoutbox)
    assert completed.startswith("Вы завершили курс") and ready == "Ваш сертификат готов"
    result = default_task_backend.get_result(job.id)
    assert result.status == TaskResultStatus.SUCCESSFUL
    assert result.return_value == certificate.code
    assert RENDER not in waiting_paths()


def test_a_process_started_with_rq_queues_tasks_by_name(rq_tasks: Any, tmp_path: Path) -> None:
    """A process whose settings say ORTAQ_TASKS=rq from the start (a web process, ``ortaq
    worker``) has its tasks made by the RQ backend's Task class, the django-tasks backport's,
    not Django's: a service's ``enqueue_on_commit`` by name accepts it all the same (refusing
    it left every import, completion and reminder unqueued)."""
    result = run_python(
        [
            "-c",
            "import django; django.setup(); from ortaq.core.background import enqueue; "
            "enqueue('ortaq.accounts.tasks.send_invitations', [1])",
        ],
        cwd=tmp_path,
        env={
            "DJANGO_SETTINGS_MODULE": "ortaq.config.settings",
            "DATABASE_URL": f"sqlite:///{tmp_path / 'unused.sqlite3'}",
            "ORTAQ_TASKS": "rq",
            "ORTAQ_RQ_URL": RQ_TEST_URL,
            "ORTAQ_DEBUG": "true",
            "ORTAQ_SECRET_KEY": "test-only",
            "ORTAQ_LOG_LEVEL": "WARNING",
            "PYTHONPATH": os.pathsep.join(sys.path),
        },
    )
    assert result.returncode == 0, result.stderr
    assert "ortaq.accounts.tasks.send_invitations" in waiting_paths()


@pytest.mark.django_db
def test_a_failing_task_is_recorded_as_failed_with_its_error(
    rq_tasks: Any, django_capture_on_commit_callbacks: Any
) -> None:
    from ortaq.certificates.tasks import render_certificate

    queued = render_certificate.enqueue(999_999_999)  # no such certificate
    worker = django_rq.get_worker("default", job_class=JOB_CLASS, worker_class=WORKER_CLASS)
    worker.work(burst=True)
    result = default_task_backend.get_result(queued.id)
    assert result.status == TaskResultStatus.FAILED
    assert result.errors[0].exception_class_path.endswith("DoesNotExist")


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_ortaq_worker_runs_rq_workers_in_their_own_process(
    rq_tasks: Any, django_capture_on_commit_callbacks: Any, reference_data: None, tmp_path: Path
) -> None:
    """The command an operator runs: `ortaq worker` with ORTAQ_TASKS=rq, against the same
    database and Redis, draws the PDF and sends the e-mail; the periodic tasks wait in Redis."""
    certificate = complete_a_course(django_capture_on_commit_callbacks)
    assert not certificate.pdf
    db = connection.settings_dict
    mail_dir = tmp_path / "mail"
    result = run_python(
        ["-m", "ortaq.cli", "worker", "--burst"],
        cwd=tmp_path,
        env={
            "DATABASE_URL": (
                f"postgres://{db['USER']}:{db['PASSWORD'] or ''}@{db['HOST']}:{db['PORT']}"
                f"/{db['NAME']}"
            ),
            "PGPASSWORD": os.environ.get("PGPASSWORD", ""),
            "ORTAQ_TASKS": "rq",
            "ORTAQ_RQ_URL": RQ_TEST_URL,
            "ORTAQ_DEBUG": "true",
            "ORTAQ_SECRET_KEY": "test-only",
            "ORTAQ_MEDIA_ROOT": str(settings.MEDIA_ROOT),
            "EMAIL_URL": f"filemail://{mail_dir}",
            "ORTAQ_LOG_LEVEL": "WARNING",
            "PYTHONPATH": os.pathsep.join(sys.path),
        },
    )
    assert result.returncode == 0, result.stderr
    certificate.refresh_from_db()
    assert certificate.pdf.read(5) == b"%PDF-"
    sent = [path.read_text() for path in mail_dir.iterdir()]
    assert len(sent) == 2 and all(certificate.holder.email in text for text in sent)
    # Deferred to their next run, each periodic task waits in Redis, once.
    assert set(settings.ORTAQ_PERIODIC_TASKS) <= waiting_paths()
