"""Who may change a school's record is one rule: ``School.objects.editable_by`` agrees with
``schools.change_school`` for every role of the role matrix on schools in a district, in
another district or region, and directly under a city."""

import pytest

from ortaq.schools.models import School
from ortaq.testing.factories import make_school
from ortaq.testing.visibility import assert_same_rule, make_places, role_matrix

pytestmark = pytest.mark.django_db


def test_who_changes_a_school_is_one_rule(reference_data: None) -> None:
    places = make_places()
    people = role_matrix(places)
    schools = {
        **places.schools(),
        "a city's school": make_school(region=places.region, district=None),
        "a far city's school": make_school(region=places.far_region, district=None),
    }
    assert_same_rule(
        people=people,
        objects=schools,
        rows=lambda user: School.objects.editable_by(user),
        allowed="schools.change_school",
    )
