"""Background work of the core: running the jobs that imports and bulk enrolments queue."""

from django.tasks import task

from ortaq.core.jobs import job_run


@task()
def run_job(job_id: int) -> str:
    """Run a queued job (an import, a bulk enrolment) to its end; return its state."""
    return job_run(job_id=job_id)
