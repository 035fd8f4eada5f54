"""How the worker runs a teachers import queued as a job (``ortaq.core.jobs``)."""

from typing import IO

from allauth.account.models import EmailAddress
from django.db.models import Model
from django.urls import reverse

from ortaq.accounts.models import Profile, RoleAssignment, User
from ortaq.accounts.services import teachers_import
from ortaq.core.jobs import Outcome, ProgressFn, register
from ortaq.core.models import Job, JobKind

# The tables an import grows, analysed at its end (by the job, and by ``ortaq import-teachers``).
GROWN: tuple[type[Model], ...] = (
    User,
    Profile,
    Profile.subjects.through,
    RoleAssignment,
    EmailAddress,
)


def run_import(job: Job, data: IO[bytes] | None, progress: ProgressFn) -> Outcome:
    assert data is not None  # noqa: S101 - an import job always keeps its file
    result = teachers_import(actor=job.started_by, data=data, progress=progress)
    return Outcome(
        summary={
            "created": result.created,
            "updated": result.updated,
            "unchanged": result.unchanged,
        },
        grown=GROWN,
    )


register(JobKind.TEACHERS_IMPORT, run_import, back=lambda job: reverse("accounts:import"))
