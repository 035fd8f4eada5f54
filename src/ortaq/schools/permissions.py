"""Who may do what with regions, districts and schools."""

import rules

from ortaq.core.actors import Visitor
from ortaq.core.roles import COUNTRY, Role, Scope, holds, is_admin, role_anywhere, role_over
from ortaq.schools.models import KEEPERS

MANAGERS = (Role.ADMIN, Role.COORDINATOR)


def may_manage_place(user: Visitor | None, region_id: int, district_id: int | None) -> bool:
    """Tell whether ``user`` may add or import schools in that region and district."""
    chain = [COUNTRY, Scope.region(region_id)]
    if district_id is not None:
        chain.append(Scope.district(district_id))
    return holds(user, MANAGERS, chain)


# The directory of schools is public information.
rules.add_perm("schools.view_school", rules.always_allow)
# Methodologists add and import the schools of their region or district; admins, any school.
rules.add_perm("schools.add_school", is_admin | role_anywhere(Role.COORDINATOR))
rules.add_perm("schools.import_schools", is_admin | role_anywhere(Role.COORDINATOR))
# A school's head keeps its record up to date, as do the methodologists above it. Its SQL is
# ``School.objects.editable_by``; a test holds the two together for every role.
rules.add_perm("schools.change_school", role_over(*KEEPERS))
