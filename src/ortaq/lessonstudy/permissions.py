"""Who may read and write a Lesson Study cycle's working material (decision 0020).

A cycle's working material (focus, case pupils, plans, observation notes, interviews,
discussions, the draft report) is read by its group and nobody else: the active members of the
group's circle (its facilitators among them) and the group's knowledgeable other. The
methodologists who oversee every circle of their region read the group's threads and meetings
as any circle's, never the notes on a colleague's lesson. A published report is public.

``lessonstudy.view_cycle`` says it of one cycle (or anything of one: a lesson, a note…);
``Cycle.objects.visible_to`` is its SQL twin (``models.works_on``); ``tests/test_visibility.py``
holds the two together over the role matrix. The group's members and its knowledgeable other
write observation notes, interviews and discussion points (``lessonstudy.contribute``); its
facilitators run the cycle: focus, case pupils, plans, the discussion's conclusions, the report
(``lessonstudy.run_cycle``).
"""

import rules
from django.contrib.auth.models import AnonymousUser

from ortaq.accounts.models import User
from ortaq.communities.permissions import is_facilitator, is_member
from ortaq.core.roles import predicate
from ortaq.core.visibility import is_signed_in as signed_in
from ortaq.lessonstudy import reports
from ortaq.lessonstudy.models import group_of


@predicate
def is_signed_in(user: User | AnonymousUser) -> bool:
    return signed_in(user)


@predicate
def is_knowledgeable_other(user: User | AnonymousUser, obj: object) -> bool:
    """The group's knowledgeable other (of the group of ``obj``)."""
    group = group_of(obj)
    return group is not None and group.knowledgeable_other_id == user.pk


@predicate
def in_the_group(user: User | AnonymousUser, obj: object) -> bool:
    """An active member (or facilitator) of the group's circle."""
    group = group_of(obj)
    return group is not None and is_member(user, group.circle)


@predicate
def facilitates(user: User | AnonymousUser, obj: object) -> bool:
    """An active facilitator of the group's circle."""
    group = group_of(obj)
    return group is not None and is_facilitator(user, group.circle)


@predicate
def reads_some_report(user: User | AnonymousUser) -> bool:
    """She reads the Lesson Study report of some place (``reports.reads_some_report``)."""
    return reports.reads_some_report(user)


works_on_it = is_signed_in & (in_the_group | is_knowledgeable_other)

# Its SQL: ``Cycle.objects.visible_to`` (``models.works_on``).
rules.add_perm("lessonstudy.view_cycle", works_on_it)
rules.add_perm("lessonstudy.contribute", works_on_it)
rules.add_perm("lessonstudy.run_cycle", is_signed_in & facilitates)
# Whether to show her the way to the Lesson Study report (which place: ``views.reports``).
rules.add_perm("lessonstudy.read_report", is_signed_in & reads_some_report)
