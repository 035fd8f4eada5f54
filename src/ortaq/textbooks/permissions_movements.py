"""Who may do what in a schools' project movement (issue 15, decision 0025).

- **Calling one** (``textbooks.add_movement``): those who run an association
  (``networks.change_association``) call it in the association's name; methodologists and
  administrators held at a region or the whole country call it in a region's name
  (``queries_movements.organisers_for`` offers exactly these).
- **Running it** (``textbooks.change_movement``): its coordinators (``MovementStaff``): its
  dates, rules, status, staff, and publishing its collection. Whoever calls it becomes one.
- **Its staff** (``textbooks.moderate_movement``): coordinators and moderators accept or
  decline teams, and accept, decline or send back entries.
- **Seeing it** (``textbooks.view_movement``): every movement but a draft; a draft for its staff
  (``Movement.objects.visible_to`` says the same in SQL).
- **A team** applies while the movement is open (a teacher with a school); its teachers
  (``TeamTeacher``) submit entries once it is accepted and while the movement is open, and edit
  an entry while it has changes requested (``textbooks.submit_entry``, ``textbooks.edit_entry``).
- **An entry** is seen as ``Entry.objects.visible_to`` says (``textbooks.view_entry``).
"""

import rules
from django.contrib.auth.models import AnonymousUser

from ortaq.accounts.models import User
from ortaq.core.roles import COUNTRY, Role, Scope, holds, predicate, scopes_where
from ortaq.core.visibility import is_signed_in as signed_in
from ortaq.textbooks.choices import EntryStatus, MovementStatus, StaffRole, TeamStatus
from ortaq.textbooks.models import Entry, Movement, MovementStaff, Team, TeamTeacher

# Who calls a movement in a region's name, and reads the programme's report.
REGION_CALLERS = (Role.COORDINATOR, Role.ADMIN)
_STAFF = "_movement_staff_of"
_LEADS = "_team_teachers"


def staff_roles(user: User | AnonymousUser | None, movement: Movement) -> frozenset[str]:
    """Her roles among the movement's staff (coordinator, moderator), read once per movement
    object and person."""
    if user is None or not signed_in(user):
        return frozenset()
    cache: dict[int, frozenset[str]] = movement.__dict__.setdefault(_STAFF, {})
    if user.pk not in cache:
        cache[user.pk] = frozenset(
            MovementStaff.objects.filter(movement=movement, user_id=user.pk)
            .order_by()
            .values_list("role", flat=True)
        )
    return cache[user.pk]


def remember_staff(movement: Movement, user: User | AnonymousUser, roles: frozenset[str]) -> None:
    """Tell ``staff_roles`` what a page has read already."""
    if signed_in(user):
        movement.__dict__.setdefault(_STAFF, {})[user.pk] = roles


def leads(user: User | AnonymousUser | None, team: Team) -> bool:
    """She is one of the team's teachers (read once per team object and person)."""
    if user is None or not signed_in(user):
        return False
    cache: dict[int, bool] = team.__dict__.setdefault(_LEADS, {})
    if user.pk not in cache:
        cache[user.pk] = TeamTeacher.objects.filter(team=team, user_id=user.pk).exists()
    return cache[user.pk]


def remember_leads(team: Team, user: User | AnonymousUser, value: bool) -> None:
    if signed_in(user):
        team.__dict__.setdefault(_LEADS, {})[user.pk] = value


def calls_in_regions(user: User | AnonymousUser) -> tuple[bool, frozenset[int]]:
    """Where she may call a movement in a region's name: (every region, her regions' ids)."""
    everywhere = False
    regions: set[int] = set()
    for scope in scopes_where(user, REGION_CALLERS):
        if scope == COUNTRY:
            everywhere = True
        elif scope.kind == "region":
            regions.add(int(scope.key))
    return everywhere, frozenset(regions)


def may_call_for_region(user: User | AnonymousUser, region_id: int) -> bool:
    return holds(user, REGION_CALLERS, [COUNTRY, Scope.region(region_id)])


@predicate
def is_signed_in(user: User | AnonymousUser) -> bool:
    return signed_in(user)


@predicate
def may_call(user: User | AnonymousUser) -> bool:
    """She runs an association, or is a methodologist or administrator over a region."""
    from ortaq.networks.models import Association

    everywhere, regions = calls_in_regions(user)
    return everywhere or bool(regions) or Association.objects.run_by(user).exists()


def _movement(obj: object) -> Movement | None:
    if isinstance(obj, Movement):
        return obj
    found = getattr(obj, "movement", None)
    return found if isinstance(found, Movement) else None


@predicate
def coordinates(user: User | AnonymousUser, obj: object) -> bool:
    movement = _movement(obj)
    return movement is not None and StaffRole.COORDINATOR in staff_roles(user, movement)


@predicate
def is_staff(user: User | AnonymousUser, obj: object) -> bool:
    movement = _movement(obj)
    return movement is not None and bool(staff_roles(user, movement))


@predicate
def is_public(user: User | AnonymousUser, obj: object) -> bool:
    movement = _movement(obj)
    return movement is not None and movement.status != MovementStatus.DRAFT


@predicate
def is_open(user: User | AnonymousUser, obj: object) -> bool:
    movement = _movement(obj)
    return movement is not None and movement.status == MovementStatus.OPEN


@predicate
def has_school(user: User | AnonymousUser) -> bool:
    profile = getattr(user, "profile", None)
    return getattr(profile, "school_id", None) is not None


@predicate
def leads_team(user: User | AnonymousUser, obj: object) -> bool:
    team = obj if isinstance(obj, Team) else getattr(obj, "team", None)
    return isinstance(team, Team) and leads(user, team)


@predicate
def team_accepted(user: User | AnonymousUser, team: Team) -> bool:
    return team.status == TeamStatus.ACCEPTED


@predicate
def changes_requested(user: User | AnonymousUser, entry: Entry) -> bool:
    return entry.status == EntryStatus.CHANGES and entry.movement.status != (
        MovementStatus.PUBLISHED
    )


@predicate
def entry_public(user: User | AnonymousUser, entry: Entry) -> bool:
    return (
        entry.status == EntryStatus.ACCEPTED and entry.movement.status == MovementStatus.PUBLISHED
    )


rules.add_perm("textbooks.add_movement", is_signed_in & may_call)
rules.add_perm("textbooks.view_movement", is_public | (is_signed_in & is_staff))
rules.add_perm("textbooks.change_movement", is_signed_in & coordinates)
rules.add_perm("textbooks.moderate_movement", is_signed_in & is_staff)
rules.add_perm("textbooks.apply_team", is_signed_in & has_school & is_open)
rules.add_perm("textbooks.submit_entry", is_signed_in & leads_team & team_accepted & is_open)
rules.add_perm("textbooks.edit_entry", is_signed_in & leads_team & changes_requested)
# Its SQL twin: ``Entry.objects.visible_to``.
rules.add_perm("textbooks.view_entry", entry_public | (is_signed_in & (leads_team | is_staff)))


@predicate
def reads_report(user: User | AnonymousUser) -> bool:
    from ortaq.textbooks.reports import may_read

    return may_read(user)


# Whether to show her the way to the programme's report (``textbooks.reports``).
rules.add_perm("textbooks.read_report", is_signed_in & reads_report)
