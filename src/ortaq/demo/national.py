# ruff: noqa: S608
# (the SQL is built from the generator's own constants and integers, never from input)
"""A country at full size in PostgreSQL, for benchmarks and for trying the platform at scale.

    ortaq manage generate_national --teachers 400000 [--schools 7900] [--seed 1]

Builds, in an empty (migrated) database: the districts of the 20 regions and cities (the regions
come from the reference data), the schools, the teachers with their profiles, a national
course that every teacher is enrolled in with her progress (millions of completed activities),
a course per region, circles of schools and district networks with members (some who left),
threads, posts and meetings, and people to read it all: an administrator, a national and a
regional methodologist per region, and a trainer. Then it counts the course reports' and the
circles report's running totals and refreshes the planner's statistics.

The bulk rows are written by COPY (schools, teachers) and by ``INSERT … SELECT`` over
``generate_series`` (enrolments, completions, circles), in the database, so 400,000 teachers
take minutes, not hours. Everything follows from ``seed``: the same seed in a fresh database
gives the same country (the fates of enrolments follow from the ids the rows get).
Only PostgreSQL (COPY, ``hashtextextended``).
"""

import random
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import connection, models, transaction
from django.utils import timezone

from ortaq.accounts.models import Profile, User
from ortaq.communities.models import (
    Attendance,
    Circle,
    Meeting,
    Membership,
    Thread,
)
from ortaq.core.kz import check_digit
from ortaq.courses.models import ActivityCompletion, Course, Enrollment
from ortaq.discussions.models import Discussion, Post
from ortaq.schools.models import District, Region, School

DOMAIN = "national.ortaq.kz"
# The password of the generated readers (not the teachers): a benchmark database only.
PASSWORD = "national-ortaq-2026"  # noqa: S105
# Teachers per school on average (400,000 teachers in 7,900 schools).
PER_SCHOOL = 400_000 / 7_900
KINDS = ["page", "video", "quiz", "page", "reflection", "discussion", "interactive", "page"]

# District names (the generator's own, not the real map: the reference data has regions only).
STEMS = [
    ("Бәйтерек", "Байтерек"),
    ("Жаңаарқа", "Жанаарка"),
    ("Ақсу", "Аксу"),
    ("Қарасу", "Карасу"),
    ("Көктөбе", "Коктобе"),
    ("Алтынсай", "Алтынсай"),
    ("Жамбыл", "Жамбыл"),
    ("Абай", "Абай"),
    ("Сарыарқа", "Сарыарка"),
    ("Талдысай", "Талдысай"),
    ("Шұбарқұдық", "Шубаркудук"),
    ("Ұлытау", "Улытау"),
    ("Есіл", "Есиль"),
    ("Ертіс", "Иртыш"),
    ("Қаратау", "Каратау"),
    ("Тереңөзек", "Теренозек"),
    ("Шалқар", "Шалкар"),
    ("Бұқтырма", "Бухтарма"),
]
LAST_NAMES = [
    "Ахметова", "Бекова", "Жұмабаева", "Сәрсенова", "Оспанова", "Нұрланова", "Қасымова",
    "Төлеуова", "Ибраимова", "Мұхамеджанова", "Иванова", "Ким", "Абенова", "Серікова",
    "Тұрсынова", "Ержанова", "Смағұлова", "Дәулетова", "Петрова", "Әбдірахманова",
]  # fmt: skip
FIRST_NAMES = [
    "Айгүл", "Гүлнар", "Сәуле", "Әсел", "Мадина", "Жанар", "Динара", "Ақмарал", "Ботагөз",
    "Айжан", "Елена", "Ольга", "Салтанат", "Назира", "Гаухар", "Меруерт", "Әйгерім", "Индира",
]  # fmt: skip
MIDDLE_NAMES = ["Серікқызы", "Болатқызы", "Ерланқызы", "Маратқызы", "Сергеевна", ""]
TEMPORARY = [
    "gen_school", "gen_teacher", "gen_activity", "gen_length", "gen_plan", "gen_member",
    "gen_post",
]  # fmt: skip
CATEGORIES = ["pedagogue", "moderator", "expert", "researcher", "master", ""]


@dataclass
class Summary:
    """What was made, and how long each step took."""

    counts: dict[str, int] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)


def _default_sql(field_: models.Field[Any, Any], params: list[Any]) -> str:
    """The SQL for a column the generator does not set: its Django default."""
    if getattr(field_, "auto_now", False) or getattr(field_, "auto_now_add", False):
        return "now()"
    if field_.has_default():
        params.append(field_.get_db_prep_save(field_.get_default(), connection))
        return "%s"
    if field_.null:
        return "NULL"
    if isinstance(field_, models.CharField | models.TextField):
        return "''"
    raise ValueError(f"The generator gives no value for {field_.model.__name__}.{field_.name}")


def _escaped(sql: str) -> str:
    """``sql`` with its modulo operators doubled for the driver, its ``%s`` placeholders kept."""
    return sql.replace("%", "%%").replace("%%s", "%s")


def insert_select(
    model: type[models.Model], given: dict[str, str], rest: str, params: Iterable[Any] = ()
) -> int:
    """``INSERT INTO <model> (…) SELECT <given or default> … <rest>``; the number of rows.

    ``given`` maps columns to SQL expressions (over ``rest``'s FROM); every other column takes
    its field's default, so that a column added later does not break the generator."""
    columns: list[str] = []
    expressions: list[str] = []
    values: list[Any] = []
    for field_ in model._meta.concrete_fields:
        column = str(field_.column)
        if column in given:
            columns.append(column)
            expressions.append(given[column])
        elif not field_.primary_key:
            columns.append(column)
            expressions.append(_default_sql(field_, values))
    unknown = set(given) - set(columns)
    if unknown:
        raise ValueError(f"{model.__name__} has no columns {sorted(unknown)}")
    sql = (
        f"INSERT INTO {model._meta.db_table} ({', '.join(columns)}) "
        f"SELECT {', '.join(expressions)} {rest}"
    )
    with connection.cursor() as cursor:
        cursor.execute(_escaped(sql), [*values, *params])
        return int(cursor.rowcount)


class Generator:
    def __init__(self, *, teachers: int, schools: int, seed: int, say: Callable[[str], None]):
        self.teachers = teachers
        self.schools = schools
        self.seed = seed
        self.say = say
        self.rng = random.Random(seed)  # noqa: S311 (made-up data, reproducible by its seed)
        self.summary = Summary()

    def h(self, expression: str, salt: int) -> str:
        """A deterministic pseudo-random non-negative bigint of ``expression`` (SQL)."""
        return f"abs(hashtextextended(({expression})::text, {self.seed * 1000 + salt}))"

    def step(self, name: str, work: Callable[[], int]) -> None:
        started = time.perf_counter()
        with transaction.atomic():
            made = work()
        seconds = time.perf_counter() - started
        self.summary.counts[name] = made
        self.summary.seconds[name] = seconds
        self.say(f"{name}: {made:,} in {seconds:.1f} s")

    def run(self) -> Summary:
        if connection.vendor != "postgresql":
            raise ValueError("The national generator needs PostgreSQL (COPY).")
        if User.objects.filter(email__endswith="@" + DOMAIN).exists():
            raise ValueError("This database already holds a generated country: use an empty one.")
        total = time.perf_counter()
        with connection.cursor() as cursor:  # a second run on this connection (tests)
            cursor.execute("DROP TABLE IF EXISTS " + ", ".join(TEMPORARY))
        self.step("districts", self.districts)
        self.step("schools", self.make_schools)
        self.step("teachers", self.make_teachers)
        self.step("readers", self.readers)
        self.step("courses", self.courses)
        self.step("enrolments", self.enrolments)
        self.step("completions", self.completions)
        self.step("circles", self.circles)
        self.step("memberships", self.memberships)
        self.step("posts", self.posts)
        self.step("meetings", self.meetings)
        self.step("analyze", self.analyze)
        self.step("course tallies", self.course_tallies)
        self.step("circle tallies", self.circle_tallies)
        self.step("analyze again", self.analyze)
        self.summary.seconds["total"] = time.perf_counter() - total
        self.say(f"total: {self.summary.seconds['total'] / 60:.1f} min")
        return self.summary

    # --- places -------------------------------------------------------------------------

    def districts(self) -> int:
        made = []
        for region in Region.objects.order_by("code"):
            count = 4 if region.kind == "city" else 12 + self.rng.randint(0, 6)
            for kk, ru in STEMS[:count]:
                made.append(
                    District(
                        region=region,
                        name_kk=f"{kk} ауданы",
                        name_ru=f"{ru} район",
                        name_en=f"{ru} District",
                    )
                )
        District.objects.bulk_create(made)
        return len(made)

    def make_schools(self) -> int:
        districts = list(District.objects.order_by("pk").values_list("pk", "region_id"))
        bins = _numbers(f"{self.seed % 100:02d}0540", self.schools)
        with connection.cursor() as cursor:
            cursor.execute(
                "CREATE TEMP TABLE gen_school (n int, bin text, region_id bigint, "
                "district_id bigint, locality text, small boolean, pupils int, languages text)"
            )
            with cursor.copy("COPY gen_school FROM STDIN") as copy:
                for n in range(1, self.schools + 1):
                    district_id, region_id = districts[self.rng.randrange(len(districts))]
                    small = self.rng.random() < 0.3
                    copy.write_row(
                        (
                            n,
                            bins[n - 1],
                            region_id,
                            district_id,
                            "rural" if small or self.rng.random() < 0.45 else "urban",
                            small,
                            self.rng.randint(15, 120) if small else self.rng.randint(200, 2800),
                            self.rng.choice(["kk", "kk", "ru", "kk+ru"]),
                        )
                    )
        return insert_select(
            School,
            {
                "name_kk": "'№' || n || ' жалпы білім беретін мектеп'",
                "name_ru": "'Общеобразовательная школа №' || n",
                "bin": "bin",
                "region_id": "region_id",
                "district_id": "district_id",
                "locality": "locality",
                "small_scale": "small",
                "pupils": "pupils",
                "languages": "languages",
                "multigrade": "small",
            },
            "FROM gen_school ORDER BY n",
        )

    # --- people -------------------------------------------------------------------------

    def make_teachers(self) -> int:
        schools = list(School.objects.order_by("pk").values_list("pk", "pupils"))
        weights = [pupils or 1 for _pk, pupils in schools]
        chosen = self.rng.choices([pk for pk, _p in schools], weights=weights, k=self.teachers)
        joined = timezone.now() - timedelta(days=400)
        with connection.cursor() as cursor:
            cursor.execute(
                "CREATE TEMP TABLE gen_teacher (n int, email text, last_name text, "
                "first_name text, middle_name text, language text, school_id bigint, "
                "category text, joined timestamptz)"
            )
            with cursor.copy("COPY gen_teacher FROM STDIN") as copy:
                for n in range(1, self.teachers + 1):
                    copy.write_row(
                        (
                            n,
                            f"t{n:06d}@{DOMAIN}",
                            self.rng.choice(LAST_NAMES),
                            self.rng.choice(FIRST_NAMES),
                            self.rng.choice(MIDDLE_NAMES),
                            "ru" if self.rng.random() < 0.3 else "kk",
                            None if self.rng.random() < 0.005 else chosen[n - 1],
                            self.rng.choice(CATEGORIES),
                            joined + timedelta(minutes=n),
                        )
                    )
        made = insert_select(
            User,
            {
                "password": "'!'",
                "email": "email",
                "last_name": "last_name",
                "first_name": "first_name",
                "middle_name": "middle_name",
                "language": "language",
                "date_joined": "joined",
            },
            "FROM gen_teacher ORDER BY n",
        )
        insert_select(
            Profile,
            {
                "user_id": "u.id",
                "school_id": "g.school_id",
                "category": "g.category",
                "languages": "to_jsonb(ARRAY[g.language])",
            },
            "FROM gen_teacher g JOIN accounts_user u ON u.email = g.email ORDER BY g.n",
        )
        return made

    def readers(self) -> int:
        """An administrator, a national methodologist, one per region, and a trainer."""
        from ortaq.accounts.services import role_grant, user_create
        from ortaq.core.roles import Role

        def person(email: str, last_name: str, role: str, target: Any = None) -> User:
            user = user_create(
                email=f"{email}@{DOMAIN}",
                password=PASSWORD,
                last_name=last_name,
                first_name="Әдіскер",
                verified=True,
            )
            role_grant(actor=None, user=user, role=role, target=target)
            return user

        person("admin", "Әкімші", Role.ADMIN)
        person("national", "Ұлттық", Role.COORDINATOR)
        self.trainer = person("trainer", "Тренер", Role.TRAINER)
        regions = list(Region.objects.order_by("code"))
        for region in regions:
            person(f"regional-{region.code.lower()}", "Өңірлік", Role.COORDINATOR, region)
        return 3 + len(regions)

    # --- courses ------------------------------------------------------------------------

    def courses(self) -> int:
        """The national course (5 modules of 8 activities) and a course per region (2 of 5)."""
        self.national = self._course("Жаңартылған білім беру мазмұны: ұлттық курс", 5, 8)
        self.regional = {
            region.pk: self._course(f"{region.name_kk}: өңірлік әдістемелік курс", 2, 5)
            for region in Region.objects.order_by("code")
        }
        with connection.cursor() as cursor:
            cursor.execute(
                "CREATE TEMP TABLE gen_activity AS SELECT m.course_id, a.id AS activity_id, "
                "row_number() OVER (PARTITION BY m.course_id ORDER BY m.position, m.id, "
                "a.position, a.id) AS n FROM courses_activity a "
                "JOIN courses_module m ON m.id = a.module_id"
            )
            cursor.execute(
                "CREATE TEMP TABLE gen_length AS SELECT course_id, max(n) AS total "
                "FROM gen_activity GROUP BY course_id"
            )
        return 1 + len(self.regional)

    def _course(self, title: str, modules: int, per_module: int) -> Course:
        from ortaq.courses.services import (
            ActivityFields,
            ChoiceFields,
            CourseFields,
            QuestionFields,
            activity_save,
            course_create,
            course_publish,
            module_save,
            question_save,
        )

        trainer = self.trainer
        course = course_create(
            actor=trainer,
            language="kk",
            data=CourseFields(title=title, summary="Мұғалімдердің біліктілігін арттыру.", hours=72),
        )
        for m in range(modules):
            module = module_save(actor=trainer, course=course, title=f"{m + 1}-модуль")
            for a in range(per_module):
                kind = KINDS[(m * per_module + a) % len(KINDS)]
                extra: dict[str, Any] = {
                    "video": {"video_url": "https://video.ortaq.kz/v.mp4", "transcript": "Мәтін."},
                    "interactive": {"embed_url": "https://learningapps.org/watch?v=p1"},
                }.get(kind, {"body": "Сабақты әр оқушыға бейімдеу. " * 10})
                activity = activity_save(
                    actor=trainer,
                    module=module,
                    data=ActivityFields(kind=kind, title=f"{m + 1}.{a + 1} тапсырма", **extra),
                )
                if kind == "quiz":
                    question_save(
                        actor=trainer,
                        activity=activity,
                        data=QuestionFields(
                            kind="single",
                            text="Қалыптастырушы бағалау деген не?",
                            choices=(
                                ChoiceFields("Оқу барысындағы кері байланыс", True),
                                ChoiceFields("Тоқсан соңындағы баға", False),
                            ),
                        ),
                    )
        course_publish(actor=trainer, course=course)
        course.refresh_from_db()
        return course

    def _plan(self) -> None:
        """Who is enrolled where and how far she went (``gen_plan``): every teacher in the
        national course; a quarter of each region's teachers in their region's course. Of each
        enrolment: 20 % not started, 25 % completed, 5 % left, the others stopped part-way."""
        regional = " ".join(
            f"WHEN {region_id} THEN {course.pk}" for region_id, course in self.regional.items()
        )
        h = self.h
        with connection.cursor() as cursor:
            cursor.execute(
                _escaped(
                    "CREATE TEMP TABLE gen_plan AS "
                    "SELECT p.user_id, c.course_id, "
                    f"{h('p.user_id * 31 + c.course_id', 1)} % 100 AS fate, "
                    f"{h('p.user_id * 37 + c.course_id', 2)} AS r "
                    "FROM gen_teacher g JOIN accounts_user u ON u.email = g.email "
                    "JOIN accounts_profile p ON p.user_id = u.id "
                    "LEFT JOIN schools_school s ON s.id = p.school_id "
                    "CROSS JOIN LATERAL (SELECT %s::bigint AS course_id UNION ALL "
                    f"SELECT CASE s.region_id {regional} END "
                    f"WHERE {h('p.user_id', 3)} % 4 = 0 AND s.region_id IS NOT NULL) c "
                ),
                [self.national.pk],
            )
            cursor.execute(
                "ALTER TABLE gen_plan ADD COLUMN reached int, ADD COLUMN enrolled timestamptz"
            )
            cursor.execute(
                "UPDATE gen_plan p SET "
                "reached = CASE WHEN fate < 20 THEN 0 WHEN fate < 45 THEN l.total "
                "ELSE 1 + r % (l.total - 1) END, "
                "enrolled = now() - interval '120 days' + (r % 86400) * interval '1 minute' "
                "FROM gen_length l WHERE l.course_id = p.course_id"
            )

    def enrolments(self) -> int:
        self._plan()
        return insert_select(
            Enrollment,
            {
                "user_id": "p.user_id",
                "course_id": "p.course_id",
                "status": "CASE WHEN p.fate BETWEEN 20 AND 44 THEN 'completed' "
                "WHEN p.fate BETWEEN 45 AND 49 THEN 'left' ELSE 'active' END",
                "created_at": "p.enrolled",
                "updated_at": "p.enrolled",
                "started_at": "CASE WHEN p.reached > 0 THEN p.enrolled + interval '2 hours' END",
                "completed_at": "CASE WHEN p.fate BETWEEN 20 AND 44 "
                "THEN p.enrolled + (1 + p.r % 60) * interval '1 day' + interval '3 hours' END",
                "left_at": "CASE WHEN p.fate BETWEEN 45 AND 49 "
                "THEN p.enrolled + interval '70 days' END",
                "last_activity_id": "a.activity_id",
                "last_progress_at": "CASE WHEN p.reached > 0 "
                "THEN p.enrolled + (1 + p.r % 60) * interval '1 day' END",
            },
            "FROM gen_plan p LEFT JOIN gen_activity a "
            "ON a.course_id = p.course_id AND a.n = p.reached ORDER BY p.course_id, p.user_id",
        )

    def completions(self) -> int:
        return insert_select(
            ActivityCompletion,
            {
                "enrollment_id": "e.id",
                "activity_id": "a.activity_id",
                "completed_at": "p.enrolled + interval '2 hours' "
                "+ a.n * ((1 + p.r % 60) * interval '1 day') / l.total",
            },
            "FROM gen_plan p JOIN courses_enrollment e "
            "ON e.user_id = p.user_id AND e.course_id = p.course_id "
            "JOIN gen_length l ON l.course_id = p.course_id "
            "JOIN gen_activity a ON a.course_id = p.course_id AND a.n <= p.reached",
        )

    # --- circles ------------------------------------------------------------------------

    def circles(self) -> int:
        """A circle in two schools of five, and a network of the small schools of each district."""
        h = self.h
        made = insert_select(
            Circle,
            {
                "name": "'№' || s.id || ' мектептің зерттеу тобы'",
                "purpose": "'Сабақты зерттеу арқылы оқыту сапасын арттыру.'",
                "kind": "'school'",
                "school_id": "s.id",
                "region_id": "s.region_id",
                "district_id": "s.district_id",
                "visibility": f"CASE WHEN {h('s.id', 10)} % 3 = 0 THEN 'signed_in' "
                "ELSE 'members' END",
                "language": "CASE WHEN s.languages = 'ru' THEN 'ru' ELSE 'kk' END",
            },
            # Two schools in five by their order, not by hashing their ids: ids differ from one
            # database (and run) to another, and a small country could come out with none.
            "FROM (SELECT *, row_number() OVER (ORDER BY id) AS i FROM schools_school) s "
            "WHERE s.i % 5 IN (1, 3) ORDER BY s.id",
        )
        made += insert_select(
            Circle,
            {
                "name": "d.name_kk || ': шағын мектептер желісі'",
                "purpose": "'Аудандағы шағын жинақты мектептердің тәжірибе алмасуы.'",
                "kind": "'network'",
                "region_id": "d.region_id",
                "district_id": "d.id",
                "visibility": "'signed_in'",
            },
            "FROM schools_district d WHERE EXISTS (SELECT 1 FROM schools_school s "
            "WHERE s.district_id = d.id AND s.small_scale) ORDER BY d.id",
        )
        with connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {Circle.schools.through._meta.db_table} (circle_id, school_id) "
                "SELECT c.id, s.id FROM communities_circle c JOIN schools_school s "
                "ON s.district_id = c.district_id AND s.small_scale "
                "WHERE c.kind = 'network' ORDER BY c.id, s.id"
            )
        return made

    def memberships(self) -> int:
        """A fifth of a school's teachers in its circle (every fifth in order; the first its
        facilitator); in a network, a teacher of each of its schools. Of the other members,
        counted in order of circle and person (not by their ids, which differ from one database
        to another), one in twelve left and one in forty asked."""
        with connection.cursor() as cursor:
            cursor.execute(
                "CREATE TEMP TABLE gen_member AS "
                "SELECT circle_id, user_id, n, "
                "row_number() OVER (PARTITION BY n = 1 ORDER BY circle_id, user_id) AS k FROM ("
                "SELECT circle_id, user_id, "
                "row_number() OVER (PARTITION BY circle_id ORDER BY user_id) AS n FROM ("
                "SELECT circle_id, user_id FROM ("
                "SELECT c.id AS circle_id, p.user_id, "
                "row_number() OVER (PARTITION BY c.id ORDER BY p.user_id) AS i "
                "FROM communities_circle c JOIN accounts_profile p ON p.school_id = c.school_id "
                "WHERE c.kind = 'school') school_pairs WHERE i % 5 = 1 "
                "UNION ALL "
                "SELECT ns.circle_id, min(p.user_id) FROM communities_circle_schools ns "
                "JOIN accounts_profile p ON p.school_id = ns.school_id "
                "GROUP BY ns.circle_id, ns.school_id) pairs) numbered"
            )
        return insert_select(
            Membership,
            {
                "circle_id": "m.circle_id",
                "user_id": "m.user_id",
                "role": "CASE WHEN m.n = 1 THEN 'facilitator' ELSE 'member' END",
                "status": "CASE WHEN m.n = 1 THEN 'active' "
                "WHEN m.k % 40 = 0 THEN 'requested' "
                "WHEN m.k % 12 = 6 THEN 'left' "
                "ELSE 'active' END",
                "joined_at": "now() - interval '200 days'",
            },
            "FROM gen_member m ORDER BY m.circle_id, m.user_id",
        )

    def posts(self) -> int:
        """Three threads in each circle, each of two to nine posts by its active members."""
        h = self.h
        insert_select(
            Thread,
            {
                "circle_id": "c.id",
                "title": "'Зерттеу сабағы: ' || t || '-цикл'",
                "author_id": "(SELECT m.user_id FROM communities_membership m "
                "WHERE m.circle_id = c.id ORDER BY m.id LIMIT 1)",
                "created_at": "now() - (100 - t * 20) * interval '1 day'",
                "last_post_at": "now() - (100 - t * 20) * interval '1 day'",
            },
            "FROM communities_circle c CROSS JOIN generate_series(1, 3) AS t "
            "WHERE EXISTS (SELECT 1 FROM communities_membership m WHERE m.circle_id = c.id) "
            "ORDER BY c.id, t",
        )
        # Each thread's posts are a discussion of the discussion core, which points at it.
        threads = ContentType.objects.get_for_model(Thread).pk
        insert_select(
            Discussion,
            {"target_type_id": str(threads), "target_id": "t.id", "created_at": "t.created_at"},
            "FROM communities_thread t ORDER BY t.id",
        )
        with connection.cursor() as cursor:
            cursor.execute(
                "CREATE TEMP TABLE gen_post AS SELECT t.id AS thread_id, d.id AS discussion_id, "
                "t.created_at, k, "
                "(SELECT array_agg(m.user_id ORDER BY m.user_id) FROM communities_membership m "
                "WHERE m.circle_id = t.circle_id AND m.status = 'active') AS members "
                "FROM communities_thread t JOIN discussions_discussion d "
                f"ON d.target_type_id = {threads} AND d.target_id = t.id "
                f"CROSS JOIN LATERAL generate_series(1, 2 + {h('t.id', 30)} % 8) AS k"
            )
        made = insert_select(
            Post,
            {
                "discussion_id": "g.discussion_id",
                "author_id": f"g.members[1 + {h('g.thread_id * 13 + g.k', 31)} "
                "% greatest(cardinality(g.members), 1)]",
                "body": "'Бүгінгі сабақта А оқушы жаңа тапсырманы өзі орындады.'",
                "created_at": "g.created_at + g.k * interval '2 hours'",
            },
            "FROM gen_post g ORDER BY g.thread_id, g.k",
        )
        with connection.cursor() as cursor:
            cursor.execute(
                "UPDATE communities_thread t SET post_count = s.n, last_post_at = s.last "
                "FROM (SELECT d.target_id AS thread_id, count(*) AS n, "
                "max(p.created_at) AS last FROM discussions_post p "
                "JOIN discussions_discussion d ON d.id = p.discussion_id "
                f"WHERE d.target_type_id = {threads} GROUP BY d.target_id) s "
                "WHERE s.thread_id = t.id"
            )
            cursor.execute(
                "UPDATE communities_circle c SET last_activity_at = s.last "
                "FROM (SELECT circle_id, max(last_post_at) AS last FROM communities_thread "
                "GROUP BY circle_id) s WHERE s.circle_id = c.id"
            )
        return made

    def meetings(self) -> int:
        """Four meetings a circle over the last months, with who came."""
        made = insert_select(
            Meeting,
            {
                "circle_id": "c.id",
                "starts_at": "date_trunc('day', now()) - k * interval '30 days' "
                "+ interval '10 hours'",
                "duration_minutes": "90",
                "place": "'Мұғалімдер бөлмесі'",
                "agenda": "'Зерттеу сабағын талдау.'",
                "created_by_id": "NULL",
            },
            "FROM communities_circle c CROSS JOIN generate_series(1, 4) AS k ORDER BY c.id, k",
        )
        insert_select(
            Attendance,
            {
                "meeting_id": "e.id",
                "user_id": "m.user_id",
                "present": f"{self.h('m.user_id * 5 + e.id', 40)} % 5 <> 0",
            },
            "FROM communities_meeting e JOIN communities_membership m "
            "ON m.circle_id = e.circle_id AND m.status = 'active' ORDER BY e.id, m.user_id",
        )
        return made

    # --- totals -------------------------------------------------------------------------

    def analyze(self) -> int:
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        return 0

    def course_tallies(self) -> int:
        """The course reports' totals, counted in the database in one pass per figure.

        ``tallies_rebuild`` recounts school by school (what a live site needs, a few schools
        at a time), which for 7,900 schools and 21 courses takes hours; the generator's
        courses have one language version each, so every enrolment counts for its group and
        the totals are plain sums (the test checks them against ``tallies_rebuild``)."""
        return write_course_tallies()

    def circle_tallies(self) -> int:
        from ortaq.communities.services.tallies import circle_tallies_rebuild

        return circle_tallies_rebuild()


def write_course_tallies() -> int:
    """Replace every course's ``SchoolTally`` and ``DistrictTally`` rows by sums over the raw
    rows; only for groups of one course (as the generator makes), where every enrolment counts
    for its group. Returns the number of school rows written."""
    from ortaq.courses.models import DistrictTally, Metric, SchoolTally, TallyChange, TallyState

    single = "(SELECT group_id FROM courses_course GROUP BY group_id HAVING count(*) = 1)"
    enrolled = (
        "FROM courses_enrollment e JOIN courses_course c ON c.id = e.course_id "
        f"JOIN accounts_profile p ON p.user_id = e.user_id WHERE c.group_id IN {single}"
    )
    figures = [
        (Metric.ENROLLED, "0", "TRUE"),
        (Metric.STARTED, "0", "e.started_at IS NOT NULL"),
        (Metric.COMPLETED, "0", "e.status = 'completed'"),
        (
            Metric.DAYS,
            "round(extract(epoch FROM e.completed_at - e.created_at) / 8640)",
            "e.status = 'completed' AND e.completed_at IS NOT NULL",
        ),
        (Metric.STOPPED, "e.last_activity_id", "e.status <> 'completed' "
         "AND e.last_activity_id IS NOT NULL"),
    ]  # fmt: skip
    with connection.cursor() as cursor:
        cursor.execute(
            f"DELETE FROM {SchoolTally._meta.db_table} WHERE course_id IN "
            f"(SELECT id FROM courses_course WHERE group_id IN {single})"
        )
        cursor.execute(
            f"DELETE FROM {DistrictTally._meta.db_table} WHERE course_id IN "
            f"(SELECT id FROM courses_course WHERE group_id IN {single})"
        )
        made = 0
        for metric, key, where in figures:
            made += insert_select(
                SchoolTally,
                {
                    "course_id": "e.course_id",
                    "school_id": "p.school_id",
                    "counted": "TRUE",
                    "metric": str(int(metric)),
                    "key": key,
                    "sub": "0",
                    "n": "count(*)",
                },
                f"{enrolled} AND {where} GROUP BY e.course_id, p.school_id"
                + ("" if key == "0" else f", {key}"),
            )
        made += insert_select(
            SchoolTally,
            {
                "course_id": "e.course_id",
                "school_id": "p.school_id",
                "counted": "TRUE",
                "metric": str(int(Metric.DONE)),
                "key": "a.activity_id",
                "sub": "0",
                "n": "count(*)",
            },
            "FROM courses_activitycompletion a JOIN courses_enrollment e ON e.id = a.enrollment_id "
            "JOIN courses_course c ON c.id = e.course_id "
            f"JOIN accounts_profile p ON p.user_id = e.user_id WHERE c.group_id IN {single} "
            "GROUP BY e.course_id, p.school_id, a.activity_id",
        )
        insert_select(
            DistrictTally,
            {
                "course_id": "t.course_id",
                "region_id": "s.region_id",
                "district_id": "s.district_id",
                "counted": "t.counted",
                "metric": "t.metric",
                "key": "t.key",
                "sub": "t.sub",
                "n": "sum(t.n)",
            },
            f"FROM {SchoolTally._meta.db_table} t "
            "LEFT JOIN schools_school s ON s.id = t.school_id "
            "JOIN courses_course c ON c.id = t.course_id "
            f"WHERE c.group_id IN {single} "
            "GROUP BY t.course_id, s.region_id, s.district_id, t.counted, t.metric, t.key, t.sub",
        )
    groups = list(Course.objects.values_list("group_id", flat=True).distinct())
    TallyChange.objects.filter(group_id__in=groups).delete()
    now = timezone.now()
    for group_id in groups:
        TallyState.objects.update_or_create(group_id=group_id, defaults={"counted_at": now})
    return made


def _numbers(prefix: str, count: int) -> list[str]:
    """``count`` distinct valid 12-digit BINs starting with ``prefix``."""
    found: list[str] = []
    serial = 0
    while len(found) < count:
        first = f"{prefix}{serial:05d}"[:11]
        serial += 1
        digit = check_digit(first)
        if digit is not None:
            found.append(first + str(digit))
    return found


def generate_national(
    *,
    teachers: int,
    schools: int | None = None,
    seed: int = 1,
    say: Callable[[str], None] = print,
) -> Summary:
    """Build the country (see the module's docstring); ``schools`` defaults to one per 50.6
    teachers (7,900 for 400,000)."""
    count = schools or max(4, round(teachers / PER_SCHOOL))
    return Generator(teachers=teachers, schools=count, seed=seed, say=say).run()
