"""``role_over_q`` is the SQL twin of ``holds(user, roles, row.scope_chain())``."""

from typing import Any

import pytest
from django.db.models import Q

from ortaq.core.roles import Role, holds
from ortaq.core.visibility import NOTHING, role_over_q
from ortaq.schools.models import School
from ortaq.testing.visibility import assert_same_rule, make_places, role_matrix

pytestmark = pytest.mark.django_db

PLACES = {"region": "region_id", "district": "district_id", "school": "pk"}
ROLES = (Role.COORDINATOR, Role.PRINCIPAL)


def test_role_over_q_finds_the_rows_whose_chain_holds_her_role(reference_data: None) -> None:
    places = make_places()
    people = role_matrix(places)
    schools = {str(school): school for school in School.objects.all()}

    def over(user: Any, school: Any) -> bool:
        return holds(user, ROLES, school.scope_chain())

    assert_same_rule(
        people=people,
        objects=schools,
        rows=lambda user: School.objects.filter(role_over_q(user, ROLES, PLACES)),
        allowed=over,
    )


def test_nothing_stays_nothing_beside_another_condition(reference_data: None) -> None:
    """``Q()`` OR-ed with a condition leaves the condition alone; a role that reaches no row
    must not widen a filter, nor one held in the whole country narrow it."""
    places = make_places()
    people = role_matrix(places, roles=[Role.COORDINATOR])
    nobody, national = people["nobody"], people["coordinator@country"]
    one = Q(pk=places.school.pk)
    assert list(School.objects.filter(role_over_q(nobody, ROLES, PLACES) | one)) == [places.school]
    assert School.objects.filter(role_over_q(national, ROLES, PLACES) | one).count() == (
        School.objects.count()
    )
    assert not School.objects.filter(NOTHING).exists()
