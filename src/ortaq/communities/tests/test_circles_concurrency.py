"""The same membership step taken at the same moment, with real transactions on PostgreSQL."""

import threading
from typing import Any

import pytest

from ortaq.communities.choices import MemberRole, MembershipStatus
from ortaq.communities.models import Circle, Membership
from ortaq.communities.services.circles import (
    join_request,
    member_remove,
    members_invite_emails,
)
from ortaq.core.errors import DomainError
from ortaq.testing.factories import add_member, facilitator_of, make_circle, make_user
from ortaq.testing.utils import at_once

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def fresh(circle: Circle) -> Circle:
    """The circle read again, as each request reads its own."""
    return Circle.objects.get(pk=circle.pk)


def test_asking_to_join_twice_at_once_makes_one_request(reference_data: None) -> None:
    circle = make_circle()
    teacher = make_user()
    results = at_once(lambda: join_request(actor=teacher, circle=fresh(circle)), times=4)
    assert all(isinstance(r, Membership) for r in results), results
    assert Membership.objects.filter(circle=circle, user=teacher).count() == 1
    assert Membership.objects.get(circle=circle, user=teacher).status == "requested"


def test_inviting_the_same_address_twice_at_once_invites_once(reference_data: None) -> None:
    circle = make_circle()
    teacher, facilitator = make_user(), facilitator_of(circle)
    results = at_once(
        lambda: members_invite_emails(
            actor=facilitator, circle=fresh(circle), emails=[teacher.email]
        ),
        times=3,
    )
    assert not [r for r in results if isinstance(r, Exception)], results
    assert Membership.objects.filter(circle=circle, user=teacher).count() == 1


def test_two_facilitators_removing_each_other_at_once_leave_one(reference_data: None) -> None:
    circle = make_circle()
    first = facilitator_of(circle)
    second = make_user()
    add_member(circle, second, role=MemberRole.FACILITATOR)
    rows = {u.pk: Membership.objects.get(circle=circle, user=u) for u in (first, second)}
    pairs = iter([(first, rows[second.pk]), (second, rows[first.pk])])
    lock = threading.Lock()

    def remove() -> Any:
        with lock:
            actor, target = next(pairs)
        target = Membership.objects.select_related("circle").get(pk=target.pk)
        return member_remove(actor=actor, membership=target)

    results = at_once(remove, times=2)
    # One goes first; the other, waiting for the lock, is then no facilitator any more.
    refused = [r for r in results if isinstance(r, DomainError)]
    assert len(refused) == 1 and refused[0].code == "forbidden", results
    assert (
        Membership.objects.filter(
            circle=circle, role=MemberRole.FACILITATOR, status=MembershipStatus.ACTIVE
        ).count()
        == 1
    )
