from types import SimpleNamespace

from ortaq.core.roles import COUNTRY, Role, Scope, holds, holds_anywhere, role_over, scopes_where


class Person(SimpleNamespace):
    is_authenticated = True
    is_active = True

    def role_grants(self):
        return frozenset(self.grants)


class Place(SimpleNamespace):
    def scope_chain(self):
        return self.chain


school_in_region_5 = Place(chain=(COUNTRY, Scope.region(5), Scope.district(9), Scope.school(40)))


def test_a_role_held_above_an_object_applies_to_it() -> None:
    coordinator = Person(grants={(Role.COORDINATOR, Scope.region(5))})
    assert role_over(Role.COORDINATOR)(coordinator, school_in_region_5)
    assert not role_over(Role.PRINCIPAL)(coordinator, school_in_region_5)


def test_a_role_held_elsewhere_does_not() -> None:
    coordinator = Person(grants={(Role.COORDINATOR, Scope.region(6))})
    assert not role_over(Role.COORDINATOR)(coordinator, school_in_region_5)
    assert holds_anywhere(coordinator, [Role.COORDINATOR])
    assert scopes_where(coordinator, [Role.COORDINATOR]) == {Scope.region(6)}


def test_anonymous_and_inactive_people_hold_nothing() -> None:
    anonymous = SimpleNamespace(is_authenticated=False, is_active=False)
    assert not holds(anonymous, [Role.ADMIN], [COUNTRY])
    inactive = Person(grants={(Role.ADMIN, COUNTRY)}, is_active=False)
    assert not holds(inactive, [Role.ADMIN], [COUNTRY])


def test_objects_without_a_scope_chain_are_refused() -> None:
    admin = Person(grants={(Role.ADMIN, COUNTRY)})
    assert not role_over(Role.ADMIN)(admin, object())
