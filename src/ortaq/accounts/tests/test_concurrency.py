"""The same change made twice at the same moment, with real transactions on PostgreSQL."""

from typing import Any

import pytest

from ortaq.accounts.models import RoleAssignment, User
from ortaq.accounts.services import role_grant, teachers_import
from ortaq.accounts.tests.factories import make_user
from ortaq.core.roles import Role
from ortaq.core.tests.utils import at_once
from ortaq.schools.tests.factories import make_school

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_the_same_teachers_imported_twice_at_once_are_invited_once(
    reference_data: None, mailoutbox: list[Any]
) -> None:
    school = make_school()
    data = (
        "email,last_name,first_name,school_bin\n"
        + "".join(f"t{n}@example.kz,Т{n},А,{school.bin}\n" for n in range(100))
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
