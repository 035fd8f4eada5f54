"""Circles, members and projects for tests, written straight to the database (the services
have their own tests)."""

from typing import Any

from django.utils import timezone

from ortaq.accounts.models import User
from ortaq.accounts.tests.factories import make_user
from ortaq.communities.choices import (
    CircleKind,
    MemberRole,
    MembershipStatus,
    Visibility,
)
from ortaq.communities.models import Circle, Membership, Project
from ortaq.schools.models import School
from ortaq.schools.tests.factories import make_school


def make_circle(
    *,
    school: School | None = None,
    visibility: str = Visibility.MEMBERS,
    facilitator: User | None = None,
    members: tuple[User, ...] = (),
    **fields: Any,
) -> Circle:
    """A school's circle (a new school unless given) with a facilitator and members."""
    school = school or make_school()
    circle = Circle.objects.create(
        name=fields.pop("name", f"{school.name_kk}: кәсіби оқу үйірмесі"),
        kind=CircleKind.SCHOOL,
        school=school,
        region_id=school.region_id,
        district_id=school.district_id,
        visibility=visibility,
        **fields,
    )
    add_member(circle, facilitator or make_user(), role=MemberRole.FACILITATOR)
    for member in members:
        add_member(circle, member)
    return circle


def add_member(
    circle: Circle,
    user: User,
    *,
    role: str = MemberRole.MEMBER,
    status: str = MembershipStatus.ACTIVE,
    **fields: Any,
) -> Membership:
    membership, _created = Membership.objects.update_or_create(
        circle=circle,
        user=user,
        defaults={"role": role, "status": status, "joined_at": timezone.now(), **fields},
    )
    return membership


def facilitator_of(circle: Circle) -> User:
    return User.objects.filter(
        circle_memberships__circle=circle, circle_memberships__role=MemberRole.FACILITATOR
    ).first()  # type: ignore[return-value]


def make_project(
    *, owner: User | None = None, circle: Circle | None = None, **fields: Any
) -> Project:
    """A project of a member of ``circle`` (a new circle and teacher unless given)."""
    circle = circle or make_circle()
    owner = owner or make_user()
    add_member(circle, owner)
    return Project.objects.create(
        owner=owner,
        circle=circle,
        title=fields.pop("title", "Оқушылардың оқу сауаттылығы"),
        **fields,
    )
