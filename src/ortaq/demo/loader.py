"""The demo: real regions, invented schools and people, and a login for each role.

Everything goes through the same services that people use, so the demo also shows that
the imports work. Loading twice changes nothing.
"""

from importlib.resources import files

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction

from ortaq.accounts.models import User
from ortaq.accounts.services import role_grant, teachers_import, user_create
from ortaq.accounts.services.invitations import invitation_accept, invitation_token
from ortaq.core.roles import Role
from ortaq.demo import communities, course, events, lessonstudy, movement, networks, textbooks
from ortaq.demo import library as library_demo
from ortaq.library.services.tallies import library_tallies_rebuild
from ortaq.schools.models import District, Region, School
from ortaq.schools.services import district_rename, schools_import

DEMO_PASSWORD = "ortaq-demo-2026"  # noqa: S105 - printed on purpose, for the demo only
ADMIN = "admin@demo.ortaq.kz"

PEOPLE = (
    # e-mail, last name, first name, language
    (ADMIN, "Әбенова", "Дана", "kk"),
    ("coordinator@demo.ortaq.kz", "Мұқанова", "Жанар", "kk"),
    ("principal@demo.ortaq.kz", "Омарова", "Гүлнар", "kk"),
    ("facilitator@demo.ortaq.kz", "Жұмабаев", "Ерлан", "kk"),
    ("teacher@demo.ortaq.kz", "Сейітова", "Айгерім", "kk"),
    ("graduate@demo.ortaq.kz", "Нұрланова", "Әсел", "kk"),
    ("trainer@demo.ortaq.kz", "Қасымова", "Мәдина", "kk"),
)
# Teachers of the demo's circles, imported from teachers.csv (their passwords are set too).
CIRCLE_TEACHERS = (
    "aliya@demo.ortaq.kz",
    "marat@demo.ortaq.kz",
    "dinara@demo.ortaq.kz",
    "gaukhar@demo.ortaq.kz",
    "bolat@demo.ortaq.kz",
)


def _data(name: str) -> bytes:
    return files("ortaq.demo").joinpath("data", name).read_bytes()


def logins() -> list[tuple[str, str]]:
    return [
        ("administrator", ADMIN),
        ("methodologist, Almaty region", "coordinator@demo.ortaq.kz"),
        ("school head", "principal@demo.ortaq.kz"),
        ("facilitator, coordinator of the schools' association", "facilitator@demo.ortaq.kz"),
        ("teacher, small-scale school", "teacher@demo.ortaq.kz"),
        ("teacher who finished the course", "graduate@demo.ortaq.kz"),
        ("trainer (course author)", "trainer@demo.ortaq.kz"),
        ("teacher, editor of the schools' association", "gaukhar@demo.ortaq.kz"),
        *library_demo.LOGINS,
    ]


@transaction.atomic
def load(*, participants: int = events.PARTICIPANTS) -> list[tuple[str, str]]:
    """Load the demo unless it is there already; return the logins to print.

    Only under the demo's settings (or the tests'): its logins have a published password, and
    one is an administrator's, which no real database may ever hold. ``participants``: the
    listeners of the demo's conference (572, as ``make run`` shows it; the tests that go
    through every route take fewer).
    """
    if not (settings.DEBUG or settings.TESTING):
        raise ImproperlyConfigured("The demo's data loads only with the demo's settings.")
    if User.objects.filter(email=ADMIN).exists():
        return logins()
    schools_import(actor=None, data=_data("schools.csv"))
    _name_districts()
    people = {
        email: user_create(
            email=email,
            password=DEMO_PASSWORD,
            last_name=last,
            first_name=first,
            language=language,
            verified=True,
            is_staff=email == ADMIN,
        )
        for email, last, first, language in PEOPLE
    }
    teachers_import(actor=None, data=_data("teachers.csv"))
    almaty = Region.objects.get(code="KZ-19")
    karasai_12 = School.objects.get(bin="050440424451")
    role_grant(actor=None, user=people[ADMIN], role=Role.ADMIN)
    role_grant(
        actor=None, user=people["coordinator@demo.ortaq.kz"], role=Role.COORDINATOR, target=almaty
    )
    role_grant(
        actor=None, user=people["principal@demo.ortaq.kz"], role=Role.PRINCIPAL, target=karasai_12
    )
    role_grant(
        actor=None,
        user=people["facilitator@demo.ortaq.kz"],
        role=Role.FACILITATOR,
        target=karasai_12,
    )
    role_grant(actor=None, user=people["trainer@demo.ortaq.kz"], role=Role.TRAINER)
    course.load(people, people)
    for email in CIRCLE_TEACHERS:
        imported = User.objects.get(email=email)
        people[email] = invitation_accept(token=invitation_token(imported), password=DEMO_PASSWORD)
    communities.load(people)
    networks.load(people)
    networks.load_journal(people, lessonstudy.load(people))
    library_demo.load(people)
    events.load(people, participants=participants)
    movement.load(people)
    textbooks.load(people)
    # The library's resources were written directly, not through its services: its report's
    # running totals are counted once, from them all.
    library_tallies_rebuild()
    return logins()


# The import names each district in the language the file uses; the demo gives all three.
DISTRICT_NAMES = {
    "Қарасай ауданы": ("Карасайский район", "Karasai District"),
    "Талғар ауданы": ("Талгарский район", "Talgar District"),
    "Исатай ауданы": ("Исатайский район", "Isatai District"),
    "Түпқараған ауданы": ("Тупкараганский район", "Tupkaragan District"),
    "Есіл ауданы": ("район Есиль", "Yesil District"),
    "Сарыарқа ауданы": ("район Сарыарка", "Saryarka District"),
    "Сайрам ауданы": ("Сайрамский район", "Sairam District"),
}


def _name_districts() -> None:
    for district in District.objects.filter(name_kk__in=DISTRICT_NAMES):
        name_ru, name_en = DISTRICT_NAMES[district.name_kk]
        district_rename(
            actor=None,
            district=district,
            name_kk=district.name_kk,
            name_ru=name_ru,
            name_en=name_en,
        )
