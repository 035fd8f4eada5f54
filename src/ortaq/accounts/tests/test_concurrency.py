"""The same change made twice at the same moment, with real transactions on PostgreSQL."""

from typing import Any

import pytest

from ortaq.accounts.models import RoleAssignment, User
from ortaq.accounts.services import role_grant, teachers_import
from ortaq.core.roles import Role
from ortaq.testing.factories import make_school, make_user
from ortaq.testing.utils import at_once

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_the_same_teachers_imported_twice_at_once_are_invited_once(
    reference_data: None, mailoutbox: list[Any]
) -> None:
    school = make_school()
    data = (
        "email,last_name,first_name,school_bin\n"
        + "".join(f"t{n}@example.kz,Тестова,А,{school.bin}\n" for n in range(100))
    ).encode()
    results = at_once(lambda: teachers_import(actor=None, data=data))
    assert sorted((r.created, r.unchanged) for r in results) == [(0, 100), (100, 0)]
    assert User.objects.filter(email__endswith="@example.kz").count() == 100
    assert len(mailoutbox) == 100


def test_granting_a_role_twice_at_once_gives_one_assignment(reference_data: None) -> None:
    user = make_user()
    results = at_once(lambda: role_grant(actor=None, user=user, role=Role.TRAINER), times=4)
    assert not [r for r in results if isinstance(r, Exception)]
    assert RoleAssignment.objects.filter(user=user, role=Role.TRAINER).count() == 1
    assert len({r.pk for r in results}) == 1


def test_two_facilitators_deleting_their_accounts_at_once_leave_the_circle_one(
    reference_data: None,
) -> None:
    """Each sees the other as the circle's second facilitator; the locks make the second wait,
    see that the first has gone, and refuse."""
    import itertools
    import threading

    from ortaq.accounts.services import account_delete
    from ortaq.communities.choices import MemberRole, MembershipStatus
    from ortaq.communities.models import Membership
    from ortaq.core.errors import DomainError
    from ortaq.testing.factories import add_member, make_circle

    first, second = make_user(), make_user()
    circle = make_circle(facilitator=first)
    add_member(circle, second, role=MemberRole.FACILITATOR)
    turn, lock = itertools.count(), threading.Lock()

    def delete_one() -> User:
        with lock:
            person = (first, second)[next(turn)]
        return account_delete(actor=person, user=person)

    results = at_once(delete_one)
    refused = [r for r in results if isinstance(r, DomainError)]
    assert len(refused) == 1 and refused[0].code == "last_facilitator"
    assert User.objects.filter(pk__in=[first.pk, second.pk], erased_at__isnull=True).count() == 1
    assert (
        Membership.objects.filter(
            circle=circle, role=MemberRole.FACILITATOR, status=MembershipStatus.ACTIVE
        ).count()
        == 1
    )
