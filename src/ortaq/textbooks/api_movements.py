"""The project movement in the API (issue 15): movements, teams (apply, decide), entries (the
published ones and her own; submit, moderate), and a teacher's class sessions with the totals
per task. The same permissions as the pages; refusals are JSON ``{"detail": …}``."""

from datetime import date, datetime

from django.db.models import Prefetch, QuerySet
from django.http import Http404, HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from ortaq.accounts.queries import api_caller, current_user
from ortaq.core.errors import DomainError, NotAllowed
from ortaq.core.i18n import localized
from ortaq.core.pagination import Pages
from ortaq.schools.models import District, Region
from ortaq.textbooks import movements, queries_movements
from ortaq.textbooks.choices import Genre
from ortaq.textbooks.models import ClassSession, Entry, Movement, Tally, Team

router = Router(tags=["textbooks: movements"])


# Public operations (``auth=None``) still read the caller's session or personal token, if she
# sends one, to show her what she may see (a draft she runs, her team's entries).
PUBLIC = None


def _movement(request: HttpRequest, slug: str) -> Movement:
    return queries_movements.movement_get(slug=slug, user=api_caller(request))


class MovementOut(Schema):
    slug: str
    title: str
    title_kk: str
    title_ru: str
    theme: str
    rules: str = Field(description="Markdown.")
    starts_on: date
    ends_on: date
    status: str = Field(description="draft, open, closed or published.")
    association: str | None = Field(description="The calling association's address, if any.")
    region: str | None = Field(description="The region's ISO code.")
    hours: int

    @staticmethod
    def resolve_title(movement: Movement) -> str:
        return localized(movement, "title")

    @staticmethod
    def resolve_association(movement: Movement) -> str | None:
        return movement.association.slug if movement.association else None

    @staticmethod
    def resolve_region(movement: Movement) -> str | None:
        return movement.region.code if movement.region else None


@router.get("/movements", response=list[MovementOut], auth=PUBLIC, summary="Project movements")
@paginate(Pages)
def list_movements(request: HttpRequest) -> list[Movement]:
    """Every movement but drafts; drafts for their staff."""
    return queries_movements.movements_listed(user=api_caller(request))  # type: ignore[return-value]


@router.get(
    "/movements/{movement}", response=MovementOut, auth=PUBLIC, summary="A project movement"
)
def get_movement(request: HttpRequest, movement: str) -> Movement:
    return _movement(request, movement)


class MovementTeamOut(Schema):
    id: int
    name: str
    school_id: int
    school: str
    grades: str
    pupils: int
    status: str
    teachers: list[str]

    @staticmethod
    def resolve_school(team: Team) -> str:
        return team.school.name

    @staticmethod
    def resolve_teachers(team: Team) -> list[str]:
        return [leader.user.get_full_name() for leader in team.teachers.all()]


class MovementTeamIn(Schema):
    name: str = Field(max_length=200)
    grades: str = Field(max_length=40, description="For example 5–7.")
    pupils: int = Field(ge=1, le=500, description="How many pupils; never their names.")
    teacher_emails: list[str] = Field(
        default_factory=list,
        max_length=4,
        description="Other teachers of her school leading the team; she leads it too.",
    )


@router.get(
    "/movements/{movement}/teams",
    response=list[MovementTeamOut],
    auth=PUBLIC,
    summary="A movement's teams",
)
def list_teams(request: HttpRequest, movement: str) -> list[Team]:
    """Its staff see every team; others the accepted ones and those they lead."""
    found = _movement(request, movement)
    return list(queries_movements.teams_visible_to(request.user, found))


@router.post(
    "/movements/{movement}/teams",
    response={201: MovementTeamOut},
    summary="Apply with a team of her school",
)
def apply_team(request: HttpRequest, movement: str, payload: MovementTeamIn) -> tuple[int, Team]:
    found = _movement(request, movement)
    team = movements.team_apply(
        actor=current_user(request),
        movement=found,
        name=payload.name,
        grades=payload.grades,
        pupils=payload.pupils,
        teacher_emails=payload.teacher_emails,
    )
    return 201, queries_movements.team_get(movement=found, team_id=team.pk, user=request.user)


class MovementTeamDecisionIn(Schema):
    accept: bool


@router.post(
    "/movements/{movement}/teams/{team_id}/decision",
    response=MovementTeamOut,
    summary="Accept or decline a team (the movement's staff)",
)
def decide_team(
    request: HttpRequest, movement: str, team_id: int, payload: MovementTeamDecisionIn
) -> Team:
    found = _movement(request, movement)
    if not request.user.has_perm("textbooks.moderate_movement", found):
        raise NotAllowed(_("You may not decide on this movement's teams."))
    team = queries_movements.team_get(movement=found, team_id=team_id, user=request.user)
    movements.team_decide(actor=current_user(request), team=team, accept=payload.accept)
    return queries_movements.team_get(movement=found, team_id=team_id, user=request.user)


class MovementMediaOut(Schema):
    id: int
    kind: str
    url: str
    alt_text: str
    transcript: str


class MovementEntryOut(Schema):
    id: int
    title: str
    genre: str
    language: str
    text: str = Field(description="Markdown.")
    region: str = Field(description="The region's ISO code.")
    district_id: int | None
    village: str
    team_id: int
    team: str
    school: str
    status: str
    note: str = Field(description="The moderator's note (to the team and the staff).")
    submitted_at: datetime
    media: list[MovementMediaOut]

    @staticmethod
    def resolve_region(entry: Entry) -> str:
        return entry.region.code

    @staticmethod
    def resolve_team(entry: Entry) -> str:
        return entry.team.name

    @staticmethod
    def resolve_school(entry: Entry) -> str:
        return entry.team.school.name

    @staticmethod
    def resolve_media(entry: Entry) -> list[MovementMediaOut]:
        return [
            MovementMediaOut(
                id=m.pk,
                kind=m.kind,
                url=reverse("textbooks:entry_media", args=[entry.movement.slug, m.pk]),
                alt_text=m.alt_text,
                transcript=m.transcript,
            )
            for m in entry.media.all()
        ]


class MovementEntryFilters(Schema):
    status: str = Field("", description="Only entries of this status (those she may see).")
    region: str = Field("", description="A region's ISO code.")
    mine: bool = Field(False, description="Only her teams' entries.")


@router.get(
    "/movements/{movement}/entries",
    response=list[MovementEntryOut],
    auth=PUBLIC,
    summary="A movement's entries she may see",
)
@paginate(Pages)
def list_entries(
    request: HttpRequest, movement: str, filters: Query[MovementEntryFilters]
) -> list[Entry]:
    """The accepted entries of a published collection for everyone; her teams' own; every
    entry for the movement's staff."""
    found = _movement(request, movement)
    entries = queries_movements.entries_of(movement=found, user=request.user)
    if filters.status:
        entries = entries.filter(status=filters.status)
    if filters.region:
        entries = entries.filter(region__code=filters.region)
    if filters.mine:
        entries = entries.filter(team__teachers__user_id=request.user.pk or 0)
    return entries  # type: ignore[return-value]


class MovementEntryIn(Schema):
    title: str = Field(max_length=300)
    genre: Genre
    text: str = Field(max_length=100_000, description="Markdown.")
    language: str = Field(pattern="^(kk|ru)$")
    region: str = Field(description="The region's ISO code, such as KZ-19.")
    district_id: int | None = None
    village: str = Field("", max_length=200)
    vouched: bool = Field(
        description="She vouches that the people recorded agreed to the publication (required)."
    )


@router.post(
    "/movements/{movement}/teams/{team_id}/entries",
    response={201: MovementEntryOut},
    summary="Submit an entry of her team (files are added on the page)",
)
def submit_entry(
    request: HttpRequest, movement: str, team_id: int, payload: MovementEntryIn
) -> tuple[int, Entry]:
    found = _movement(request, movement)
    team = queries_movements.team_get(movement=found, team_id=team_id, user=request.user)
    region = Region.objects.filter(code=payload.region).first()
    if region is None:
        raise DomainError(_("No region has this code."), code="region")
    district = None
    if payload.district_id is not None:
        district = District.objects.filter(pk=payload.district_id).first()
        if district is None:
            raise DomainError(_("The district is not in the region chosen."), code="district")
    entry = movements.entry_submit(
        actor=current_user(request),
        team=team,
        fields=movements.EntryFields(
            title=payload.title,
            genre=payload.genre,
            text=payload.text,
            language=payload.language,
            region=region,
            district=district,
            village=payload.village,
        ),
        vouched=payload.vouched,
    )
    return 201, queries_movements.entry_get(movement=found, entry_id=entry.pk, user=request.user)


@router.get(
    "/movements/{movement}/entries/{entry_id}",
    response=MovementEntryOut,
    auth=PUBLIC,
    summary="One entry she may see",
)
def get_entry(request: HttpRequest, movement: str, entry_id: int) -> Entry:
    found = _movement(request, movement)
    return queries_movements.entry_get(movement=found, entry_id=entry_id, user=request.user)


class MovementModerationIn(Schema):
    decision: str = Field(pattern="^(accept|decline|changes)$")
    note: str = Field("", max_length=5000, description="Required unless accepting.")


@router.post(
    "/movements/{movement}/entries/{entry_id}/decision",
    response=MovementEntryOut,
    summary="Accept, decline or ask for changes (the movement's staff)",
)
def moderate_entry(
    request: HttpRequest, movement: str, entry_id: int, payload: MovementModerationIn
) -> Entry:
    found = _movement(request, movement)
    entry = queries_movements.entry_get(movement=found, entry_id=entry_id, user=request.user)
    if not request.user.has_perm("textbooks.moderate_movement", found):
        raise NotAllowed(_("You may not moderate this movement's entries."))
    movements.entry_moderate(
        actor=current_user(request), entry=entry, decision=payload.decision, note=payload.note
    )
    return queries_movements.entry_get(movement=found, entry_id=entry_id, user=request.user)


class ClassSessionTaskOut(Schema):
    exercise_id: int
    position: int
    answered: int = Field(description="First answers sent (anonymous).")
    right: int = Field(description="Of which right.")


class MyClassSessionOut(Schema):
    id: int
    code: str
    label: str
    lesson_id: int
    lesson: str
    opened_at: datetime
    closes_at: datetime
    is_open: bool
    tasks: list[ClassSessionTaskOut]


def _session_out(session: ClassSession) -> MyClassSessionOut:
    return MyClassSessionOut(
        id=session.pk,
        code=session.code,
        label=session.label,
        lesson_id=session.lesson_id,
        lesson=session.lesson.title,
        opened_at=session.opened_at,
        closes_at=session.closes_at,
        is_open=session.is_open,
        tasks=[
            ClassSessionTaskOut(
                exercise_id=t.exercise_id,
                position=t.exercise.position,
                answered=t.answered,
                right=t.right,
            )
            for t in sorted(session.tallies.all(), key=lambda t: t.exercise.position)
        ],
    )


def _sessions(request: HttpRequest) -> QuerySet[ClassSession]:
    """Her own class sessions with their lessons and totals: three queries."""
    return (
        ClassSession.objects.filter(teacher=current_user(request))
        .select_related("lesson")
        .prefetch_related(Prefetch("tallies", queryset=Tally.objects.select_related("exercise")))
        .order_by("-opened_at", "pk")
    )


@router.get(
    "/me/class-sessions",
    response=list[MyClassSessionOut],
    summary="My class sessions with the totals per task",
)
def my_sessions(request: HttpRequest) -> list[MyClassSessionOut]:
    """Her own class sessions (the last 200), each with how many first answers its pupils sent
    per task and how many were right: numbers only, no pupil."""
    return [_session_out(s) for s in _sessions(request)[:200]]


@router.get(
    "/me/class-sessions/{session_id}",
    response=MyClassSessionOut,
    summary="One of my class sessions with the totals per task",
)
def my_session(request: HttpRequest, session_id: int) -> MyClassSessionOut:
    session = _sessions(request).filter(pk=session_id).first()
    if session is None:
        raise Http404
    return _session_out(session)
