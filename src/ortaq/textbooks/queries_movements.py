"""Reads of the project movement that pages and the API share, each a fixed number of queries,
each list starting from its model's ``visible_to(user)``."""

from dataclasses import dataclass, field

from django.contrib.auth.models import AnonymousUser
from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404

from ortaq.accounts.models import User
from ortaq.core.visibility import is_signed_in
from ortaq.networks.models import Association
from ortaq.schools.models import District, Region
from ortaq.textbooks import permissions_movements as perms
from ortaq.textbooks.choices import EntryStatus, MovementStatus, StaffRole, TeamStatus
from ortaq.textbooks.models import (
    Entry,
    EntryMedia,
    Movement,
    MovementStaff,
    Team,
    TeamTeacher,
)
from ortaq.textbooks.permissions import staff_places


def movements_listed(*, user: User | AnonymousUser) -> QuerySet[Movement]:
    """Every movement she may see (drafts only for their staff), newest first, with how many
    teams were accepted and entries accepted."""
    return (
        Movement.objects.visible_to(user)
        .select_related("association", "region")
        .annotate(
            accepted_teams=Count(
                "teams", filter=Q(teams__status=TeamStatus.ACCEPTED), distinct=True
            ),
            accepted_entries=Count(
                "entries", filter=Q(entries__status=EntryStatus.ACCEPTED), distinct=True
            ),
        )
        .order_by("-starts_on", "pk")
    )


def movement_get(*, slug: str, user: User | AnonymousUser) -> Movement:
    """The movement at ``slug`` if she may see it (else 404), with her staff roles read once."""
    movement = Movement.objects.select_related("association", "region").filter(slug=slug).first()
    if movement is None:
        raise Http404
    roles = frozenset(
        MovementStaff.objects.filter(movement=movement, user_id=user.pk)
        .order_by()
        .values_list("role", flat=True)
        if is_signed_in(user)
        else []
    )
    perms.remember_staff(movement, user, roles)
    if not user.has_perm("textbooks.view_movement", movement):
        raise Http404
    return movement


@dataclass(frozen=True)
class Organisers:
    """Whom she may call a movement for: associations she runs, regions she looks after."""

    associations: list[Association]
    regions: list[Region]

    @property
    def any(self) -> bool:
        return bool(self.associations or self.regions)


def organisers_for(*, user: User | AnonymousUser) -> Organisers:
    """The associations she runs and the regions where she is a methodologist (every region for
    one of the whole country, or an administrator): the only organisers a form offers her."""
    everywhere, mine = perms.calls_in_regions(user)
    regions = Region.objects.order_by("code")
    if not everywhere:
        regions = regions.filter(pk__in=mine)
    associations = Association.objects.run_by(user).select_related("region")
    return Organisers(
        associations=list(associations.order_by("name_kk", "pk")),
        regions=list(regions),
    )


def staff_kept(staff: list[MovementStaff]) -> set[int]:
    """Of a movement's whole ``staff``, the one ``movements.staff_remove`` would refuse to take
    off: its last coordinator. The staff page offers no button to remove her."""
    coordinators = [row.pk for row in staff if row.role == StaffRole.COORDINATOR]
    return set(coordinators) if len(coordinators) == 1 else set()


def staff_of(movement: Movement) -> QuerySet[MovementStaff]:
    return (
        MovementStaff.objects.filter(movement=movement)
        .select_related("user")
        .order_by("role", "user__last_name", "pk")
    )


def teams_visible_to(user: User | AnonymousUser, movement: Movement) -> QuerySet[Team]:
    """The movement's teams she may see, with their schools and teachers (three queries):
    every one for its staff; the accepted ones and those she leads for anyone else."""
    teams = (
        Team.objects.filter(movement=movement)
        .select_related("school__region")
        .prefetch_related(Prefetch("teachers", queryset=TeamTeacher.objects.select_related("user")))
        .annotate(entry_count=Count("entries"))
        .order_by("school__region__code", "name", "pk")
    )
    if user.has_perm("textbooks.moderate_movement", movement):
        return teams
    if not is_signed_in(user):
        return teams.filter(status=TeamStatus.ACCEPTED)
    return teams.filter(Q(status=TeamStatus.ACCEPTED) | Q(teachers__user_id=user.pk)).distinct()


def team_get(*, movement: Movement, team_id: int, user: User | AnonymousUser) -> Team:
    team = teams_visible_to(user, movement).filter(pk=team_id).first()
    if team is None:
        raise Http404
    team.movement = movement
    perms.remember_leads(team, user, any(t.user_id == user.pk for t in team.teachers.all()))
    return team


def my_teams(*, user: User | AnonymousUser, movement: Movement) -> list[Team]:
    """The teams of ``movement`` she leads (one query)."""
    if not is_signed_in(user):
        return []
    teams = list(
        Team.objects.filter(movement=movement, teachers__user_id=user.pk)
        .select_related("school")
        .order_by("name", "pk")
    )
    for team in teams:
        team.movement = movement
        perms.remember_leads(team, user, True)
    return teams


def entries_visible_to(user: User | AnonymousUser) -> QuerySet[Entry]:
    return Entry.objects.visible_to(user)


def entries_of(
    *, movement: Movement, user: User | AnonymousUser, status: str = ""
) -> QuerySet[Entry]:
    """The movement's entries she may see (the published accepted ones; her teams' own; all for
    its staff), with their team, school and place, newest first."""
    entries = (
        entries_visible_to(user)
        .filter(movement=movement)
        .select_related("movement", "team__school", "region", "district")
        .prefetch_related("media")
        .order_by("-submitted_at", "pk")
    )
    if status:
        entries = entries.filter(status=status)
    return entries


def entry_get(*, movement: Movement, entry_id: int, user: User | AnonymousUser) -> Entry:
    """One entry she may see, with its media (two queries), else 404."""
    entry = (
        entries_visible_to(user)
        .filter(movement=movement, pk=entry_id)
        .select_related("team__school", "region", "district", "vouched_by", "moderated_by")
        .prefetch_related("media")
        .first()
    )
    if entry is None:
        raise Http404
    entry.movement = movement
    entry.team.movement = movement
    return entry


def media_get(*, movement: Movement, media_id: int, user: User | AnonymousUser) -> EntryMedia:
    media = (
        EntryMedia.objects.filter(
            pk=media_id,
            entry__movement=movement,
            entry__in=entries_visible_to(user).filter(movement=movement).values("pk"),
        )
        .select_related("entry")
        .first()
    )
    if media is None:
        raise Http404
    return media


# --- The published collection -------------------------------------------------------------


@dataclass
class Place:
    """A region of the collection with its districts and villages, and how many entries."""

    region: Region
    count: int = 0
    districts: dict[int | None, tuple[District | None, int]] = field(default_factory=dict)


def collection(
    *,
    movement: Movement,
    region_id: int | None = None,
    district_id: int | None = None,
    village: str = "",
    genre: str = "",
) -> QuerySet[Entry]:
    """The accepted entries of a published movement, by region, district and village (404 for
    a movement not published), with their team's school and place: one query."""
    if movement.status != MovementStatus.PUBLISHED:
        raise Http404
    entries = (
        Entry.objects.filter(movement=movement, status=EntryStatus.ACCEPTED)
        .select_related("team__school", "region", "district")
        .order_by("region__code", "district__name_kk", "village", "title", "pk")
    )
    if region_id:
        entries = entries.filter(region_id=region_id)
    if district_id:
        entries = entries.filter(district_id=district_id)
    if village.strip():
        entries = entries.filter(village__iexact=village.strip())
    if genre:
        entries = entries.filter(genre=genre)
    return entries


@dataclass(frozen=True)
class Facets:
    """What the collection's filters offer: its regions, districts and villages with counts."""

    regions: list[tuple[Region, int]]
    districts: list[tuple[District, int]]
    villages: list[tuple[str, int]]


def facets(*, movement: Movement, region_id: int | None = None) -> Facets:
    """The regions of the collection, and the districts and villages of the region chosen (three
    queries)."""
    accepted = Entry.objects.filter(movement=movement, status=EntryStatus.ACCEPTED)
    by_region = dict(accepted.values_list("region_id").annotate(n=Count("pk")).order_by())
    regions = [
        (r, by_region[r.pk]) for r in Region.objects.filter(pk__in=by_region).order_by("code")
    ]
    districts: list[tuple[District, int]] = []
    villages: list[tuple[str, int]] = []
    if region_id:
        in_region = accepted.filter(region_id=region_id)
        by_district = dict(
            in_region.exclude(district=None)
            .values_list("district_id")
            .annotate(n=Count("pk"))
            .order_by()
        )
        districts = [
            (d, by_district[d.pk])
            for d in District.objects.filter(pk__in=by_district).order_by("name_kk", "pk")
        ]
        villages = [
            (row["village"], row["n"])
            for row in in_region.exclude(village="")
            .values("village")
            .annotate(n=Count("pk"))
            .order_by("village")
        ]
    return Facets(regions=regions, districts=districts, villages=villages)


def anthology_sections(movement: Movement) -> list[tuple[Region, list[Entry]]]:
    """The anthology's contents: the accepted entries by region (two queries)."""
    sections: list[tuple[Region, list[Entry]]] = []
    entries = collection(movement=movement).prefetch_related("media")
    for entry in entries:
        if not sections or sections[-1][0].pk != entry.region_id:
            sections.append((entry.region, []))
        sections[-1][1].append(entry)
    return sections


# --- What waits for her -------------------------------------------------------------------


@dataclass(frozen=True)
class Waiting:
    """Entries and team applications waiting for her as a movement's staff, and her teams'
    entries sent back for changes."""

    to_check: list[Entry]
    to_change: list[Entry]
    teams_to_decide: list[Team] = field(default_factory=list)

    @property
    def any(self) -> bool:
        return bool(self.to_check or self.to_change or self.teams_to_decide)


def waiting_for(*, user: User | AnonymousUser, limit: int = 50, leads: bool = True) -> Waiting:
    """Three queries at most: submitted entries and teams' applications not yet decided of the
    open or closed movements she is staff of (none asked of anyone on no movement's staff), and
    the entries with changes requested of the teams she leads (none asked when the caller knows
    she leads no team of a movement not yet published: ``leads=False``)."""
    if not is_signed_in(user):
        return Waiting([], [])
    live = [MovementStatus.OPEN, MovementStatus.CLOSED]
    # Only a movement's staff has entries and teams to decide: her staff roles are read once
    # per request, and an empty set of her movements asks nothing of the database.
    on_staff = any(kind == "movement" for kind, _role in staff_places(user))
    staff = (
        MovementStaff.objects.filter(user_id=user.pk) if on_staff else MovementStaff.objects.none()
    )
    hers = {"movement__status__in": live, "movement__in": staff.values("movement_id")}
    to_check = list(
        Entry.objects.filter(status=EntryStatus.SUBMITTED, **hers)
        .select_related("movement", "team")
        .order_by("submitted_at", "pk")[:limit]
    )
    teams_to_decide = list(
        Team.objects.filter(status=TeamStatus.APPLIED, **hers)
        .select_related("movement", "school")
        .order_by("created_at", "pk")[:limit]
    )
    to_change = (
        list(
            Entry.objects.filter(
                status=EntryStatus.CHANGES,
                team__in=TeamTeacher.objects.filter(user_id=user.pk).values("team_id"),
            )
            .exclude(movement__status=MovementStatus.PUBLISHED)
            .select_related("movement", "team")
            .order_by("moderated_at", "pk")[:limit]
        )
        if leads
        else []
    )
    return Waiting(to_check, to_change, teams_to_decide)


def my_team_list(*, user: User | AnonymousUser, limit: int = 20) -> list[Team]:
    """The teams she leads in movements not yet published, with their movements (one query)."""
    if not is_signed_in(user):
        return []
    return list(
        Team.objects.filter(teachers__user_id=user.pk)
        .exclude(movement__status=MovementStatus.PUBLISHED)
        .select_related("movement", "school")
        .order_by("-movement__starts_on", "name", "pk")[:limit]
    )
