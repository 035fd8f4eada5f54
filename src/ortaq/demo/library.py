"""The demo's methodological library (issue 14): a moderator and an expert of the Almaty
region, and resources at each step of their life. Rows are written straight to the models, as
decision 0024 says they stand after each step (statuses, the published version as ``current``,
who approved it at which level and when), so that the demo stays fast and does not wait for
the review's services:

- a multi-grade lesson plan for grades 1–4 (kk) of the small-scale school in Zhandosov, with
  its Russian translation in the same group;
- assessment criteria with descriptors (kk);
- a summative task for a unit (БЖБ, kk) and one for a term (СОч, ru), with tasks, objectives,
  criteria and descriptors whose points add up, and mark schemes;
- a lesson plan with two published versions (the first replaced by the second);
- a plan in review, with the expert's checklist answers and comments;
- the collection "Құрама сынып математикасы, 1–4 сыныптар", readers' ratings and a comment.
"""

from datetime import timedelta

from django.utils import timezone

from ortaq.accounts.models import User
from ortaq.accounts.services import role_grant, user_create
from ortaq.core.models import Subject
from ortaq.core.roles import Role
from ortaq.discussions.services import post_create
from ortaq.library.choices import (
    CommentRole,
    Kind,
    Level,
    Recommendation,
    SkillLevel,
    Status,
    TaskType,
    Verdict,
)
from ortaq.library.models import (
    Alignment,
    Assignment,
    Author,
    ChecklistAnswer,
    ChecklistItem,
    Collection,
    CollectionItem,
    Comment,
    Criterion,
    Descriptor,
    Expertise,
    Rating,
    Resource,
    ResourceGroup,
    Task,
    TaskObjective,
    Version,
    VersionGrade,
)
from ortaq.library.search import index_resource
from ortaq.schools.models import Region, School

MODERATOR = "moderator@demo.ortaq.kz"
EXPERT = "expert@demo.ortaq.kz"
AUTHOR = "teacher@demo.ortaq.kz"  # Сейітова Айгерім, the small-scale school in Zhandosov
COLLECTION = "Құрама сынып математикасы, 1–4 сыныптар"
LOGINS = [
    ("library moderator, Almaty region", MODERATOR),
    ("library expert (mathematics, primary), Almaty region", EXPERT),
]

MULTIGRADE_BODY = """## Сабақтың тақырыбы
1-сынып: «10 көлеміндегі сандарды қосу». 2-сынып: «100 көлеміндегі сандарды ондықтан аттап
қосу». 3-сынып: «Үш таңбалы сандарды қосу». 4-сынып: «Көп таңбалы сандарды жазбаша қосу».

## Сабақ барысы
| Уақыт | 1–2-сыныптар | 3–4-сыныптар |
|---|---|---|
| 5 мин | Мұғаліммен бірге ауызша санау | Өзіндік жұмыс: карточкамен қайталау |
| 15 мин | Өзіндік жұмыс: санау таяқшаларымен | Мұғаліммен бірге жаңа тақырып |
| 15 мин | Жұппен ойын «Кім жылдам?» | Топтық есеп шығару |
| 5 мин | Рефлексия: «Бағдаршам» | Рефлексия: «Бағдаршам» |

## Саралау
Үлгерімі жоғары оқушылар кіші сыныптағы серігіне түсіндіреді: бұл екі сыныпқа да пайдалы.
"""
MULTIGRADE_BODY_RU = """## Тема урока
1 класс: «Сложение в пределах 10». 2 класс: «Сложение в пределах 100 с переходом через
десяток». 3 класс: «Сложение трёхзначных чисел». 4 класс: «Письменное сложение многозначных
чисел».

## Ход урока
| Время | 1–2 классы | 3–4 классы |
|---|---|---|
| 5 мин | Устный счёт с учителем | Самостоятельная работа: карточки |
| 15 мин | Самостоятельная работа со счётными палочками | Новая тема с учителем |
| 15 мин | Игра в парах «Кто быстрее?» | Решение задач в группах |
| 5 мин | Рефлексия «Светофор» | Рефлексия «Светофор» |
"""
CRITERIA_BODY = """## Бағалау критерийлері: «Екі таңбалы сандарды қосу және азайту», 2-сынып
| Критерий | Дескриптор |
|---|---|
| Ондықтан аттап қосады | бірліктерді қосады; ондықты келесі разрядқа ауыстырады |
| Есептің шешу жолын түсіндіреді | шартын қысқаша жазады; әрекетті таңдайды; жауабын тексереді |
"""


def _version(
    resource: Resource,
    *,
    number: int,
    status: str,
    title: str,
    body: str,
    summary: str,
    author: User,
    expert: User | None,
    grades: tuple[int, ...],
    codes: tuple[tuple[str, str], ...],
    days_ago: int,
    **fields: object,
) -> Version:
    now = timezone.now()
    published = status in (Status.PUBLISHED, Status.SUPERSEDED)
    version = Version.objects.create(
        resource=resource,
        number=number,
        status=status,
        title=title,
        summary=summary,
        body=body,
        created_by=author,
        created_at=now - timedelta(days=days_ago + 14),
        updated_at=now - timedelta(days=days_ago + 7),
        submitted_at=now - timedelta(days=days_ago + 7),
        published_at=now - timedelta(days=days_ago) if published else None,
        approved_by=expert if published else None,
        approved_name_shown=published,
        level=Level.REGION if published else "",
        **fields,
    )
    VersionGrade.objects.bulk_create([VersionGrade(version=version, grade=g) for g in grades])
    Alignment.objects.bulk_create(
        [Alignment(version=version, code=code, description=text) for code, text in codes]
    )
    return version


def _resource(
    *, author: User, kind: str, language: str, subject: Subject, group: ResourceGroup | None = None
) -> Resource:
    school = User.objects.select_related("profile__school").get(pk=author.pk).profile.school
    if school is None:  # the demo's teachers all have one
        raise ValueError(author.email)
    resource = Resource.objects.create(
        group=group or ResourceGroup.objects.create(),
        language=language,
        kind=kind,
        subject=subject,
        school=school,
        district_id=school.district_id,
        region_id=school.region_id,
        created_by=author,
    )
    Author.objects.create(resource=resource, user=author, school=school)
    return resource


def _publish(resource: Resource, version: Version, expert: User) -> None:
    resource.current = version
    resource.save(update_fields=["current"])
    Assignment.objects.create(
        version=version,
        expert=expert,
        level=Level.REGION,
        recommendation=Recommendation.APPROVE,
        decided_at=version.published_at,
        name_shown=True,
    )


def _summative(
    version: Version,
    tasks: list[tuple[str, str, str, int, str, list[tuple[str, str, list[tuple[str, int]]]]]],
) -> None:
    """Tasks: (text, type, skill level, minutes, mark scheme, [(objective, criterion,
    [(descriptor, points)])]); each task's points are its descriptors' sum."""
    for number, (text, task_type, skill, minutes, scheme, criteria) in enumerate(tasks, start=1):
        points = sum(p for _code, _c, descriptors in criteria for _d, p in descriptors)
        task = Task.objects.create(
            version=version, number=number, text=text, task_type=task_type,
            skill_level=skill, minutes=minutes, points=points, mark_scheme=scheme,
        )  # fmt: skip
        for position, (code, criterion_text, descriptors) in enumerate(criteria):
            TaskObjective.objects.get_or_create(task=task, code=code)
            criterion = Criterion.objects.create(
                task=task, objective_code=code, text=criterion_text, position=position
            )
            Descriptor.objects.bulk_create(
                [
                    Descriptor(criterion=criterion, text=d, points=p, position=n)
                    for n, (d, p) in enumerate(descriptors)
                ]
            )


UNIT_TASKS = [
    (
        "Есептеңдер: 345 + 238 = ?, 607 − 254 = ?",
        TaskType.SHORT, SkillLevel.APPLICATION, 8,
        "583; 353. Әр дұрыс жауапқа 1 балл.",
        [("3.1.2.2", "Үш таңбалы сандарды жазбаша қосады және азайтады",
          [("қосындыны дұрыс табады", 1), ("айырманы дұрыс табады", 1)])],
    ),
    (
        "Дүкенде 420 дәптер болды. Бірінші күні 185, екінші күні 140 дәптер сатылды. "
        "Қанша дәптер қалды?",
        TaskType.EXTENDED, SkillLevel.HIGHER, 15,
        "420 − (185 + 140) = 95. Шартын жазуға 1, әрекетке 1, есептеуге 1 балл.",
        [("3.5.1.4", "Құрама есептің шешу жолын құрады",
          [("есептің шартын қысқаша жазады", 1), ("әрекеттерді дұрыс ретпен таңдайды", 1),
           ("жауабын дұрыс есептейді", 1)])],
    ),
    (
        "Дұрыс жауапты таңдаңдар: 500 + 300 = А) 700 Ә) 800 Б) 900",
        TaskType.MULTIPLE_CHOICE, SkillLevel.KNOWLEDGE, 2,
        "Ә) 800",
        [("3.1.2.1", "Дөңгелек сандарды ауызша қосады", [("дұрыс жауапты таңдайды", 1)])],
    ),
]  # fmt: skip
TERM_TASKS = [
    (
        "Вычислите: 72 : 8, 9 · 7, 56 : 7, 6 · 8.",
        TaskType.SHORT, SkillLevel.KNOWLEDGE, 5,
        "9; 63; 8; 48. По 1 баллу за каждые два верных ответа.",
        [("3.1.3.3", "Знает таблицу умножения и деления",
          [("верно выполняет первые два действия", 1), ("верно выполняет последние два", 1)])],
    ),
    (
        "В классе 24 ученика. Их рассадили поровну за 8 парт. Сколько учеников за каждой партой? "
        "Сколько парт нужно для 30 учеников?",
        TaskType.EXTENDED, SkillLevel.APPLICATION, 15,
        "24 : 8 = 3; 30 : 3 = 10. За каждое верное действие 1 балл, за ответ 1 балл.",
        [("3.5.1.2", "Решает задачи на деление",
          [("находит число учеников за партой", 1), ("находит число парт", 1),
           ("записывает ответ", 1)])],
    ),
    (
        "Сравните и объясните: что больше — 4 · 9 или 6 · 6?",
        TaskType.EXTENDED, SkillLevel.HIGHER, 10,
        "Равны: 36 = 36. Объяснение через вычисление или перестановку множителей.",
        [("3.1.3.3", "Сравнивает значения выражений",
          [("вычисляет оба выражения", 1), ("делает вывод и объясняет его", 1)])],
    ),
]  # fmt: skip


def _people() -> tuple[User, User]:
    """The moderator and the expert of the Almaty region (the expert reviews mathematics and
    the primary classes)."""
    almaty = Region.objects.get(code="KZ-19")
    school = School.objects.get(bin="071140517506")  # the gymnasium in Talgar
    moderator = user_create(
        email=MODERATOR, password=_password(), last_name="Байжанова", first_name="Раушан",
        language="kk", verified=True,
    )  # fmt: skip
    expert = user_create(
        email=EXPERT, password=_password(), last_name="Ахметов", first_name="Нұржан",
        language="kk", verified=True,
    )  # fmt: skip
    for person in (moderator, expert):
        person.profile.school = school
        person.profile.save(update_fields=["school"])
    role_grant(actor=None, user=moderator, role=Role.MODERATOR, target=almaty)
    role_grant(actor=None, user=expert, role=Role.EXPERT, target=almaty)
    Expertise.objects.bulk_create(
        [
            Expertise(user=expert, subject=s)
            for s in Subject.objects.filter(code__in=["mathematics", "primary"])
        ]
    )
    return moderator, expert


def _password() -> str:
    from ortaq.demo.loader import DEMO_PASSWORD

    return DEMO_PASSWORD


def load(people: dict[str, User]) -> None:
    """Add the library's people, resources and collection (the demo's loader calls it once)."""
    moderator, expert = _people()
    maths = Subject.objects.get(code="mathematics")
    author = people[AUTHOR]
    colleague = people["facilitator@demo.ortaq.kz"]
    # The multi-grade plan, and its Russian translation in the same group.
    plan = _resource(author=author, kind=Kind.MULTIGRADE_PLAN, language="kk", subject=maths)
    version = _version(
        plan, number=1, status=Status.PUBLISHED, author=author, expert=expert, days_ago=40,
        title="Құрама сабақ: сандарды қосу (1–4 сыныптар)",
        summary="Шағын жинақты мектептің 1–4 сыныптарына арналған бір сабақ: әр сынып өз "
        "тақырыбымен, кезекпен мұғаліммен және өз бетімен жұмыс істейді.",
        body=MULTIGRADE_BODY, grades=(1, 2, 3, 4),
        codes=(("1.1.2.1", "10 көлеміндегі сандарды қосу және азайту"),
               ("2.1.2.3", "100 көлеміндегі сандарды ондықтан аттап қосу"),
               ("3.1.2.2", "Үш таңбалы сандарды жазбаша қосу"),
               ("4.1.2.1", "Көп таңбалы сандарды жазбаша қосу")),
    )  # fmt: skip
    _publish(plan, version, expert)
    translation = _resource(
        author=author, kind=Kind.MULTIGRADE_PLAN, language="ru", subject=maths, group=plan.group
    )
    version = _version(
        translation, number=1, status=Status.PUBLISHED, author=author, expert=expert,
        days_ago=30, title="Урок в классе-комплекте: сложение чисел (1–4 классы)",
        summary="Один урок для 1–4 классов малокомплектной школы.",
        body=MULTIGRADE_BODY_RU, grades=(1, 2, 3, 4),
        codes=(("1.1.2.1", ""), ("2.1.2.3", ""), ("3.1.2.2", ""), ("4.1.2.1", "")),
    )  # fmt: skip
    _publish(translation, version, expert)
    # Assessment criteria.
    criteria = _resource(author=author, kind=Kind.CRITERIA, language="kk", subject=maths)
    version = _version(
        criteria, number=1, status=Status.PUBLISHED, author=author, expert=expert, days_ago=25,
        title="Бағалау критерийлері мен дескрипторлар: екі таңбалы сандар (2-сынып)",
        summary="Қалыптастырушы бағалауға арналған критерийлер мен дескрипторлар.",
        body=CRITERIA_BODY, grades=(2,),
        codes=(("2.1.2.3", "100 көлеміндегі сандарды ондықтан аттап қосу"),
               ("2.5.1.1", "Мәтінді есептерді шығару")),
    )  # fmt: skip
    _publish(criteria, version, expert)
    # A summative task for a unit (kk) and one for a term (ru).
    unit = _resource(author=author, kind=Kind.UNIT_TASK, language="kk", subject=maths)
    version = _version(
        unit, number=1, status=Status.PUBLISHED, author=author, expert=expert, days_ago=20,
        title="БЖБ: «Мыңдық ішінде қосу және азайту», 3-сынып",
        summary="Бөлім бойынша жиынтық бағалау: спецификация, тапсырмалар, балл қою кестесі.",
        body="Оқушылар тапсырмаларды өз бетімен орындайды.", grades=(3,),
        codes=(("3.1.2.1", ""), ("3.1.2.2", ""), ("3.5.1.4", "")),
        purpose="Бөлім бойынша оқу мақсаттарына жетуін бағалау.", duration_minutes=25,
        total_points=6,
    )  # fmt: skip
    _summative(version, UNIT_TASKS)  # type: ignore[arg-type]
    _publish(unit, version, expert)
    graduate = people["graduate@demo.ortaq.kz"]
    term = _resource(author=graduate, kind=Kind.TERM_TASK, language="ru", subject=maths)
    version = _version(
        term, number=1, status=Status.PUBLISHED, author=graduate, expert=expert, days_ago=15,
        title="СОЧ по математике за 2 четверть, 3 класс",
        summary="Суммативное оценивание за четверть: спецификация, задания, схема выставления "
        "баллов.",
        body="Время выполнения — 40 минут.", grades=(3,),
        codes=(("3.1.3.3", ""), ("3.5.1.2", "")),
        purpose="Проверить достижение целей обучения за вторую четверть.",
        duration_minutes=40, total_points=7,
    )  # fmt: skip
    _summative(version, TERM_TASKS)  # type: ignore[arg-type]
    _publish(term, version, expert)
    # A plan with two published versions: the second replaced the first.
    revised = _resource(author=colleague, kind=Kind.LESSON_PLAN, language="kk", subject=maths)
    first = _version(
        revised, number=1, status=Status.SUPERSEDED, author=colleague, expert=expert,
        days_ago=60, title="Бөлшектермен танысу (4-сынып)", summary="Бөлшек ұғымына кіріспе.",
        body="## Мақсаты\nОқушылар бөлшекті оқиды және жазады.", grades=(4,),
        codes=(("4.1.1.6", "Бөлшекті оқу және жазу"),),
    )  # fmt: skip
    _publish(revised, first, expert)
    second = _version(
        revised, number=2, status=Status.PUBLISHED, author=colleague, expert=expert,
        days_ago=10, title="Бөлшектермен танысу (4-сынып)",
        summary="Бөлшек ұғымына кіріспе: екінші нұсқада практикалық жұмыс қосылды.",
        body="## Мақсаты\nОқушылар бөлшекті оқиды және жазады.\n\n## Практикалық жұмыс\n"
        "Қағаз жолақты тең бөліктерге бүктеп, бөлшекті көрсетеді.",
        note="Практикалық жұмыс пен рефлексия қосылды.", grades=(4,),
        codes=(("4.1.1.6", "Бөлшекті оқу және жазу"),),
    )  # fmt: skip
    _publish(revised, second, expert)
    _in_review(people, moderator, expert, maths)
    _readers(people, author, [plan, criteria, unit, revised])


def _in_review(people: dict[str, User], moderator: User, expert: User, maths: Subject) -> None:
    """A plan in review: assigned by the moderator, the expert's checklist and comments."""
    author = people["aliya@demo.ortaq.kz"]
    resource = _resource(author=author, kind=Kind.MULTIGRADE_PLAN, language="kk", subject=maths)
    version = _version(
        resource, number=1, status=Status.IN_REVIEW, author=author, expert=None, days_ago=3,
        title="Құрама сабақ: уақыт өлшемдері (2–3 сыныптар)",
        summary="2 және 3-сыныптарға ортақ сабақ: сағат, минут, тәулік.",
        body="## Сабақ барысы\n2-сынып сағатпен жұмыс істейді, 3-сынып тәулікті минутқа "
        "айналдырады.", grades=(2, 3),
        codes=(("2.3.3.1", "Уақытты сағат бойынша анықтау"),),
    )  # fmt: skip
    now = timezone.now()
    assignment = Assignment.objects.create(
        version=version, expert=expert, assigned_by=moderator, level=Level.REGION,
        assigned_at=now - timedelta(days=2), name_shown=True,
    )  # fmt: skip
    verdicts = [Verdict.PARTLY, Verdict.MEETS, Verdict.MEETS, Verdict.NOT_APPLICABLE]
    answers = []
    for item, verdict in zip(
        ChecklistItem.objects.filter(kind=Kind.MULTIGRADE_PLAN).order_by("position"),
        verdicts * 3,
        strict=False,
    ):
        comment = (
            "3-сыныптың оқу мақсаты көрсетілмеген: 3.3.3.1 кодын қосыңыз."
            if item.is_alignment
            else ""
        )
        answers.append(
            ChecklistAnswer(assignment=assignment, item=item, verdict=verdict, comment=comment)
        )
    ChecklistAnswer.objects.bulk_create(answers)
    Comment.objects.bulk_create(
        [
            Comment(
                version=version, author=moderator, role=CommentRole.MODERATOR,
                body="Рәсімделуі мен лицензиясы тексерілді, сарапшыға жіберілді.",
                created_at=now - timedelta(days=2),
            ),
            Comment(
                version=version, author=expert, role=CommentRole.EXPERT,
                body="Сабақтың құрылымы жақсы. 3-сыныпқа арналған оқу мақсатын және "
                "бағалау критерийлерін қосыңыз.",
                created_at=now - timedelta(days=1),
            ),
        ]
    )  # fmt: skip


def _readers(people: dict[str, User], owner: User, resources: list[Resource]) -> None:
    """The collection, some ratings and a reader's comment."""
    collection = Collection.objects.create(
        owner=owner,
        title=COLLECTION,
        description="Шағын жинақты мектептің құрама сыныптарына: сабақ жоспары, бағалау "
        "критерийлері, бөлім бойынша жиынтық бағалау.",
        language="kk",
        is_public=True,
    )
    CollectionItem.objects.bulk_create(
        [
            CollectionItem(collection=collection, resource=r, position=n)
            for n, r in enumerate(resources)
        ]
    )
    plan = resources[0]
    stars = {"graduate@demo.ortaq.kz": 5, "aliya@demo.ortaq.kz": 4, "marat@demo.ortaq.kz": 5}
    Rating.objects.bulk_create(
        [Rating(resource=plan, user=people[email], stars=n) for email, n in stars.items()]
    )
    Resource.objects.filter(pk=plan.pk).update(
        rating_count=len(stars), rating_sum=sum(stars.values()), downloads=17
    )
    post_create(
        actor=people["marat@demo.ortaq.kz"],
        target=plan,
        body="Біздің мектепте 2 және 4-сыныптар бірге оқиды: жоспарды сол бойынша өзгертіп "
        "қолдандым, оқушыларға ұнады.",
    )
    _index([*resources, *Resource.objects.exclude(pk__in=[r.pk for r in resources])])


def _index(resources: list[Resource]) -> None:
    """Fill the search documents of the published resources."""
    for resource in resources:
        if resource.current_id is not None:
            index_resource(resource)
