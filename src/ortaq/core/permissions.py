"""Who may read what the core keeps: the audit log is for administrators of the whole country;
a background job for the person who started it and those administrators."""

from typing import Any

import rules

from ortaq.core.actors import Visitor
from ortaq.core.roles import is_admin, predicate
from ortaq.core.visibility import is_signed_in

rules.add_perm("core.view_audit", is_admin)


@predicate
def started_job(user: Visitor, job: Any) -> bool:
    """She started the job. Twin of ``Job.objects.visible_to`` with ``is_admin``."""
    return is_signed_in(user) and job.started_by_id == user.pk


rules.add_perm("core.view_job", started_job | is_admin)
