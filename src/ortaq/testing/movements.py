"""Build the e-textbook's objects tests need, written straight to the database (the services
have their own tests). The project movement's helpers start with ``move_``."""

import datetime
from typing import Any

from django.utils import timezone

from ortaq.accounts.models import User
from ortaq.networks.models import Association
from ortaq.schools.models import School
from ortaq.testing.factories import make_association, make_school, make_user
from ortaq.textbooks.choices import EntryStatus, Genre, MovementStatus, StaffRole, TeamStatus
from ortaq.textbooks.models import Entry, Movement, MovementStaff, Team, TeamTeacher


def move_movement(
    *,
    status: str = MovementStatus.OPEN,
    association: Association | None = None,
    coordinator: User | None = None,
    moderator: User | None = None,
    **fields: Any,
) -> Movement:
    """A movement of ``association`` (a new one unless given), with a coordinator and a
    moderator (new people unless given), open unless told."""
    association = association or make_association()
    today = timezone.localdate()
    number = Movement.objects.count() + 1
    movement = Movement.objects.create(
        slug=fields.pop("slug", f"movement-{number}"),
        title_kk=fields.pop("title_kk", f"Менің ауылымның фольклоры {number}"),
        title_ru=fields.pop("title_ru", f"Фольклор моего села {number}"),
        theme=fields.pop("theme", "Ауылдың мақал-мәтелдері мен ертегілері."),
        rules=fields.pop("rules", "**Ережелер**: үлкендердің келісімімен жазып алыңыз."),
        starts_on=fields.pop("starts_on", today - datetime.timedelta(days=10)),
        ends_on=fields.pop("ends_on", today + datetime.timedelta(days=30)),
        association=association,
        region=association.region,
        status=status,
        hours=fields.pop("hours", 10),
        published_at=timezone.now() if status == MovementStatus.PUBLISHED else None,
        **fields,
    )
    MovementStaff.objects.create(
        movement=movement, user=coordinator or make_user(), role=StaffRole.COORDINATOR
    )
    MovementStaff.objects.create(
        movement=movement, user=moderator or make_user(), role=StaffRole.MODERATOR
    )
    return movement


def move_staff(movement: Movement, role: str = StaffRole.COORDINATOR) -> User:
    staff = MovementStaff.objects.filter(movement=movement, role=role).select_related("user")
    found = staff.order_by("pk").first()
    assert found is not None
    return found.user


def move_team(
    movement: Movement,
    *,
    school: School | None = None,
    teachers: list[User] | None = None,
    status: str = TeamStatus.ACCEPTED,
    name: str = "",
) -> Team:
    """A team of ``school`` (a new one unless given) led by ``teachers`` (one new teacher of
    that school unless given), accepted unless told."""
    school = school or make_school()
    team = Team.objects.create(
        movement=movement,
        school=school,
        name=name or f"Команда {Team.objects.count() + 1}",
        grades="5–7",
        pupils=9,
        status=status,
    )
    for teacher in teachers or [make_user(profile__school=school)]:
        TeamTeacher.objects.create(team=team, user=teacher)
    return team


def move_teacher(team: Team) -> User:
    leader = TeamTeacher.objects.filter(team=team).select_related("user").order_by("pk").first()
    assert leader is not None
    return leader.user


def move_entry(
    team: Team,
    *,
    status: str = EntryStatus.SUBMITTED,
    title: str = "",
    village: str = "Қаскелең",
    genre: str = Genre.PROVERB,
    language: str = "kk",
    text: str = "Бірлік бар жерде тірлік бар.",
) -> Entry:
    """An entry of ``team``, from its school's region and district, vouched by its teacher."""
    teacher = move_teacher(team)
    return Entry.objects.create(
        movement=team.movement,
        team=team,
        title=title or f"Мақалдар {Entry.objects.count() + 1}",
        genre=genre,
        text=text,
        language=language,
        region=team.school.region,
        district=team.school.district,
        village=village,
        vouched_by=teacher,
        vouched_at=timezone.now(),
        status=status,
        note="Толығырақ жазыңыз." if status == EntryStatus.CHANGES else "",
    )
