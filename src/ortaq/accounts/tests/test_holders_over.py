"""holders_over: the active people holding a role at any of some scopes, in one query."""

from typing import Any

import pytest

from ortaq.accounts.models import User
from ortaq.accounts.queries import holders_over
from ortaq.accounts.services import role_grant
from ortaq.core.roles import Role, Scope
from ortaq.testing.factories import make_user

pytestmark = pytest.mark.django_db


def test_each_kind_of_scope_and_only_active_people(
    people: dict[str, Any], django_assert_num_queries: Any
) -> None:
    from ortaq.testing.factories import make_circle

    circle = make_circle(school=people["school"])
    on_circle, national, gone = make_user(), make_user(), make_user()
    role_grant(actor=None, user=on_circle, role=Role.COORDINATOR, target=circle)
    role_grant(actor=None, user=national, role=Role.COORDINATOR, target=None)
    role_grant(actor=None, user=gone, role=Role.COORDINATOR, target=people["region"])
    User.objects.filter(pk=gone.pk).update(is_active=False)
    everyone = {
        people["coordinator"],
        people["district_coordinator"],
        on_circle,
        national,
    }
    with django_assert_num_queries(1):  # content types are cached: one query for the people
        assert set(holders_over(roles=[Role.COORDINATOR], scopes=circle.scope_chain())) == everyone
    region_and_district = [Scope.region(people["region"].pk), Scope.district(people["district"].pk)]
    assert set(holders_over(roles=[Role.COORDINATOR], scopes=region_and_district)) == {
        people["coordinator"],
        people["district_coordinator"],
    }
    assert not holders_over(roles=[Role.MODERATOR], scopes=circle.scope_chain()).exists()
    assert not holders_over(roles=[Role.COORDINATOR], scopes=[]).exists()
