"""How the worker runs a schools import queued as a job (``ortaq.core.jobs``)."""

from typing import IO

from django.db.models import Model
from django.urls import reverse

from ortaq.core.jobs import Outcome, ProgressFn, register
from ortaq.core.models import Job, JobKind
from ortaq.schools.models import District, School
from ortaq.schools.services import schools_import

# The tables an import grows, analysed at its end (by the job, and by ``ortaq import-schools``).
GROWN: tuple[type[Model], ...] = (School, District)


def run_import(job: Job, data: IO[bytes] | None, progress: ProgressFn) -> Outcome:
    assert data is not None  # noqa: S101 - an import job always keeps its file
    result = schools_import(actor=job.started_by, data=data, progress=progress)
    return Outcome(
        summary={
            "created": result.created,
            "updated": result.updated,
            "unchanged": result.unchanged,
        },
        grown=GROWN,
    )


register(JobKind.SCHOOLS_IMPORT, run_import, back=lambda job: reverse("schools:import"))
