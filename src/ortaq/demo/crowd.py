"""The demo's crowd: hundreds of teachers who took part in its events, made in bulk.

Nobody signs in as one of them (their password is unusable: no hashing, which for 632 people
would take longer than the rest of the demo), so they are written as rows: their accounts and
profiles with ``bulk_create``, two queries each, in the manner of ``demo.national``. Their
names, languages and schools follow from a fixed seed: loading the demo again in an empty
database gives the same people. Their e-mails end in ``CROWD_DOMAIN``, by which the demo's
events tell them from the demo's own accounts (who sign in, and so get their certificates'
PDFs).
"""

import random
from collections.abc import Iterator, Sequence
from datetime import timedelta

from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.utils import timezone

from ortaq.accounts.models import Profile, User
from ortaq.schools.models import School

CROWD_DOMAIN = "people.demo.ortaq.kz"
SEED = 13

WOMEN = (
    "Ахметова", "Бекова", "Жұмабаева", "Сәрсенова", "Оспанова", "Нұрланова", "Қасымова",
    "Төлеуова", "Ибраимова", "Мұхамеджанова", "Әбенова", "Серікова", "Тұрсынова", "Ержанова",
    "Смағұлова", "Дәулетова", "Әбдірахманова", "Байжанова", "Исаева", "Нұрғалиева",
)  # fmt: skip
WOMEN_FIRST = (
    "Айгүл", "Гүлнар", "Сәуле", "Әсел", "Мадина", "Жанар", "Динара", "Ақмарал", "Ботагөз",
    "Айжан", "Салтанат", "Назира", "Гаухар", "Меруерт", "Әйгерім", "Индира", "Лаура", "Жазира",
)  # fmt: skip
MEN = ("Ахметов", "Беков", "Жұмабаев", "Сәрсенов", "Оспанов", "Қасымов", "Серіков", "Ержанов")
MEN_FIRST = ("Ерлан", "Нұрлан", "Асхат", "Бауыржан", "Дәурен", "Ержан", "Серік", "Арман")
FATHERS = ("Серік", "Болат", "Ерлан", "Марат", "Қайрат", "Нұрлан", "Асқар", "Бақыт")
# Teachers who teach in Russian, with Russian names and patronymics.
RUSSIAN_WOMEN = (
    ("Иванова", "Елена", "Сергеевна"),
    ("Петрова", "Ольга", "Викторовна"),
    ("Ким", "Анна", "Олеговна"),
    ("Павленко", "Наталья", "Ивановна"),
    ("Цой", "Марина", "Александровна"),
    ("Шевченко", "Татьяна", "Петровна"),
)
RUSSIAN_MEN = (("Ким", "Дмитрий", "Сергеевич"), ("Петров", "Алексей", "Николаевич"))
CATEGORIES = ("pedagogue", "moderator", "expert", "researcher", "master", "")


class Crowd:
    """The crowd made so far, handed out in order: ``take`` never gives anyone twice."""

    def __init__(self, people: Sequence[User]) -> None:
        self.people = list(people)
        self.given = 0

    def take(self, count: int) -> list[User]:
        chosen = self.people[self.given : self.given + count]
        if len(chosen) < count:
            raise ValueError(f"the crowd has {len(self.people)} people, {count} more asked")
        self.given += count
        return chosen

    def at(self, school: School) -> list[User]:
        """The people of the crowd whose school is ``school``."""
        return [p for p in self.people if p.profile.school_id == school.pk]


def _names(rng: random.Random) -> Iterator[tuple[str, str, str, str]]:
    """Last, first and middle names and a language, as Kazakhstan's teachers have them: most
    are women, about a quarter teach in Russian."""
    while True:
        draw = rng.random()
        if draw < 0.22:
            last, first, middle = rng.choice(RUSSIAN_WOMEN)
            yield last, first, middle, "ru"
        elif draw < 0.26:
            last, first, middle = rng.choice(RUSSIAN_MEN)
            yield last, first, middle, "ru"
        elif draw < 0.38:
            yield rng.choice(MEN), rng.choice(MEN_FIRST), f"{rng.choice(FATHERS)}ұлы", "kk"
        else:
            yield rng.choice(WOMEN), rng.choice(WOMEN_FIRST), f"{rng.choice(FATHERS)}қызы", "kk"


def make_crowd(
    count: int,
    *,
    schools: Sequence[School],
    no_school: float = 0.08,
    start: int = 1,
    in_turn: bool = False,
) -> Crowd:
    """``count`` teachers with profiles: each at one of ``schools`` (the larger a school, the
    more of its teachers; ``in_turn``: the first at the first school, and so on), a few
    (``no_school``) naming none. Their e-mails are numbered from ``start``. Three queries
    whatever ``count``."""
    rng = random.Random(SEED * 1000 + start)  # noqa: S311 (made-up people, reproducible)
    weights = [max(school.pupils or 0, 40) for school in schools]
    joined = timezone.now() - timedelta(days=300)
    names = _names(rng)
    users = []
    for n in range(start, start + count):
        last, first, middle, language = next(names)
        users.append(
            User(
                email=f"t{n:04d}@{CROWD_DOMAIN}",
                password=UNUSABLE_PASSWORD_PREFIX,
                last_name=last,
                first_name=first,
                middle_name=middle,
                language=language,
                date_joined=joined + timedelta(minutes=n),
            )
        )
    User.objects.bulk_create(users)
    # Read back by e-mail: the rows' ids, whichever database returned them.
    made = list(User.objects.filter(email__in=[u.email for u in users]).order_by("email"))
    profiles = []
    for n, user in enumerate(made):
        if in_turn:
            school: School | None = schools[n % len(schools)]
        elif rng.random() < no_school:
            school = None
        else:
            school = rng.choices(schools, weights=weights)[0]
        profiles.append(
            Profile(
                user=user,
                school=school,
                category=rng.choice(CATEGORIES),
                languages=[user.language],
            )
        )
    Profile.objects.bulk_create(profiles)
    for user, profile in zip(made, profiles, strict=True):
        user.profile = profile
    return Crowd(made)
