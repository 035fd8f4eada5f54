"""The demo's e-textbook: «Мәдениетаралық диалог, 5-сынып» of the demo's association, in Kazakh,
and its Russian translation «Межкультурный диалог, 5 класс», two units each. The association's
coordinator (the demo's facilitator) starts them; the region's methodologist moderates them;
the trainer reviews them as an expert of self-knowledge. Lessons are commissioned from teachers
of the association's first school, written (text, teacher's guide, a picture with its alt text,
tasks of every kind), submitted and approved through the library's services; one lesson waits
in review with its expert assigned, and one is commissioned and not yet started."""

import struct
import zlib
from datetime import timedelta
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from ortaq.accounts.models import User
from ortaq.accounts.services import role_grant
from ortaq.core.models import Subject
from ortaq.core.roles import Role
from ortaq.library import services as library
from ortaq.library.choices import Recommendation, Verdict
from ortaq.library.models import Assignment, ChecklistItem, Expertise, Version
from ortaq.networks.models import Association
from ortaq.schools.models import School
from ortaq.textbooks.choices import ExerciseKind as K
from ortaq.textbooks.choices import MediaKind, StaffRole
from ortaq.textbooks.models import Lesson, Textbook
from ortaq.textbooks.services import books, writing
from ortaq.textbooks.services.writing import Choice, TaskDraft

COORDINATOR = "facilitator@demo.ortaq.kz"
MODERATOR = "coordinator@demo.ortaq.kz"
EXPERT = "trainer@demo.ortaq.kz"
WRITER_KK = "aliya@demo.ortaq.kz"
WRITER_RU = "dinara@demo.ortaq.kz"
SUBJECT = "self-knowledge"
CODES = ("5.1.1.1",)


def png(rgb: tuple[int, int, int], size: int = 24) -> bytes:
    """A small one-coloured PNG, made without an image library."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    row = b"\x00" + bytes(rgb) * size
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", size, size, 8, 2, 0, 0, 0))
        + chunk(b"IDAT", zlib.compress(row * size))
        + chunk(b"IEND", b"")
    )


def o(text: str, *, right: bool = False, feedback: str = "", match: str = "") -> Choice:
    return Choice(text=text, is_right=right, feedback=feedback, match=match)


# Each lesson: title, text, teacher's guide, picture (colour, alt text), tasks.
KK: list[tuple[str, str, list[dict[str, Any]]]] = [
    (
        "Қазақстан — ортақ үйіміз",
        "Еліміздегі халықтар, тілдер және ортақ мерекелер.",
        [
            {
                "title": "Қазақстан халықтары",
                "body": (
                    "## Бір шаңырақ астында\n\n"
                    "Қазақстанда жүзден астам этнос өкілдері тұрады: қазақтар, орыстар, "
                    "өзбектер, украиндар, ұйғырлар, татарлар, немістер, кәрістер және басқалар. "
                    "Әр халықтың өз тілі, салты мен мерекесі бар, бірақ бәріміз бір елдің "
                    "азаматтарымыз.\n\n"
                    "1 мамыр — **Қазақстан халқының бірлігі күні**."
                ),
                "guide": (
                    "Сабақты сыныптағы оқушылардың отбасы тілдерін сұраудан бастаңыз. "
                    "Картамен жұмыс: әр топ бір халықтың мерекесі туралы айтады (10 минут)."
                ),
                "image": (
                    (30, 120, 200),
                    "Қазақстан картасы: облыстар әр түсті, ортасында «Бірлік» деген жазу.",
                ),
                "tasks": [
                    TaskDraft(
                        kind=K.SINGLE,
                        prompt="Қазақстанда неше этностың өкілдері тұрады?",
                        hint="Мәтіннің бірінші сөйлемін қайта оқыңыз.",
                        feedback_right="Дұрыс! Еліміз — көп ұлтты мемлекет.",
                        feedback_wrong="Мәтінді тағы бір рет оқып шығыңыз.",
                        options=(
                            o("10-ға жуық", feedback="Бұл тым аз."),
                            o("Жүзден астам", right=True, feedback="Иә, солай."),
                            o("Тек екі", feedback="Жоқ, халықтар әлдеқайда көп."),
                        ),
                    ),
                    TaskDraft(
                        kind=K.MATCHING,
                        prompt="Сәлемдесу сөзін оның тілімен сәйкестендіріңіз.",
                        feedback_right="Керемет! Сіз төрт тілде сәлемдесе аласыз.",
                        feedback_wrong="Сыныптастарыңыздан сұрап көріңіз.",
                        options=(
                            o("Сәлеметсіз бе!", match="қазақ тілі"),
                            o("Здравствуйте!", match="орыс тілі"),
                            o("Яхшимисиз!", match="өзбек тілі"),
                            o("Guten Tag!", match="неміс тілі"),
                        ),
                    ),
                    TaskDraft(
                        kind=K.MULTIPLE,
                        prompt="Қайсысы Қазақстанның мемлекеттік мерекелері? Бірнешеуін таңдаңыз.",
                        feedback_right="Дұрыс! Бұл мерекелерді бүкіл ел тойлайды.",
                        feedback_wrong="Мемлекеттік мерекелер тізімін қайта қараңыз.",
                        options=(
                            o("Наурыз мейрамы", right=True),
                            o("Қазақстан халқының бірлігі күні", right=True),
                            o("Туған күнім", feedback="Бұл — отбасылық мереке."),
                            o("Тәуелсіздік күні", right=True),
                        ),
                    ),
                ],
            },
            {
                "title": "Наурыз — ортақ мереке",
                "body": (
                    "## Ұлыстың ұлы күні\n\n"
                    "Наурыз — көктемгі күн мен түннің теңелуі. Бұл күні жеті түрлі дәмнен "
                    "**наурыз көже** пісіріледі, үлкендерге сәлем беріліп, ренжіскендер "
                    "татуласады. Наурызды қазақтар да, өзбектер де, ұйғырлар да, татарлар да "
                    "тойлайды."
                ),
                "guide": "Оқушылар отбасында Наурызды қалай тойлайтынын екі сөйлеммен айтады.",
                "image": ((220, 170, 40), "Дастарқанда наурыз көже құйылған ожау мен кесе."),
                "tasks": [
                    TaskDraft(
                        kind=K.GAPS,
                        prompt="Наурыз көже [1] түрлі дәмнен жасалады. Наурыз — [2] мерекесі.",
                        hint="Мәтінде санды іздеңіз.",
                        feedback_right="Жарайсыз!",
                        feedback_wrong="Мәтінді қайта оқып, бос орындарды толтырыңыз.",
                        accepted=((1, "жеті"), (1, "7"), (2, "көктем"), (2, "көктемнің")),
                    ),
                    TaskDraft(
                        kind=K.SHORT,
                        prompt="Наурыз мейрамы жылдың қай айында тойланады?",
                        feedback_right="Дұрыс: наурыз айында.",
                        feedback_wrong="Мейрамның аты айдың атымен бірдей.",
                        accepted=((1, "наурыз"), (1, "наурызда"), (1, "наурыз айында")),
                    ),
                    TaskDraft(
                        kind=K.ORDERING,
                        prompt="Наурыз күнгі істерді ретімен қойыңыз.",
                        feedback_right="Дұрыс ретпен қойдыңыз!",
                        feedback_wrong="Күн таңертеңнен басталады.",
                        options=(
                            o("Таңертең үлкендерге сәлем беру"),
                            o("Наурыз көже пісіру"),
                            o("Дастарқан басында бас қосу"),
                            o("Кешке алтыбақан тебу"),
                        ),
                    ),
                ],
            },
        ],
    ),
    (
        "Қонақжайлық пен дәстүр",
        "Қонақ күту, мақал-мәтелдер және халықтардың ортақ құндылықтары.",
        [
            {
                "title": "Қонақжайлық — ортақ құндылық",
                "body": (
                    "## Қонақ келсе — құт\n\n"
                    "Қазақ халқы қонақты «Құдайдың қонағы» деп құрметтеген. Қонаққа төрден "
                    "орын беріп, дастарқанға ең жақсы асты қояды. Орыс халқында қонақты нан мен "
                    "тұзбен қарсы алады, ал өзбек халқында қонаққа алдымен шай ұсынады."
                ),
                "guide": "Рөлдік ойын: топтар әр халықтың қонақ күту дәстүрін көрсетеді.",
                "image": (
                    (160, 60, 40),
                    "Киіз үйдің ішінде дастарқан басында отырған отбасы мен қонақтар.",
                ),
                "tasks": [
                    TaskDraft(
                        kind=K.MATCHING,
                        prompt="Халықты оның қонақ күту дәстүрімен сәйкестендіріңіз.",
                        feedback_right="Өте жақсы!",
                        feedback_wrong="Мәтінді қайта оқыңыз.",
                        options=(
                            o("Қазақтар", match="қонаққа төрден орын береді"),
                            o("Орыстар", match="нан мен тұзбен қарсы алады"),
                            o("Өзбектер", match="алдымен шай ұсынады"),
                        ),
                    ),
                    TaskDraft(
                        kind=K.SINGLE,
                        prompt="«Қонақ келсе — құт» деген сөздің мағынасы қандай?",
                        feedback_right="Дұрыс! Қонақ үйге береке әкеледі деп есептелген.",
                        feedback_wrong="Ойланып көріңіз: қонақты халық қалай қабылдаған?",
                        options=(
                            o("Қонақ үйге бақыт пен береке әкеледі", right=True),
                            o("Қонақ келсе, ас жетпейді", feedback="Жоқ, мағынасы керісінше."),
                            o("Қонақты күтудің қажеті жоқ", feedback="Жоқ."),
                        ),
                    ),
                ],
            },
            {
                "title": "Мақал-мәтелдер — халық даналығы",
                "body": (
                    "## Мақал — сөздің мәйегі\n\n"
                    "Әр халықтың достық пен бірлік туралы мақалдары бар. «Бірлік бар жерде — "
                    "тірлік бар». Орыс халқы: «Не имей сто рублей, а имей сто друзей»."
                ),
                "guide": "Оқушылар отбасынан бір мақал жазып әкеліп, сыныпта түсіндіреді.",
                "image": (
                    (60, 150, 90),
                    "Ашық кітаптың бетінде «Бірлік бар жерде — тірлік бар» деген мақал жазылған.",
                ),
                "tasks": [
                    TaskDraft(
                        kind=K.GAPS,
                        prompt="Бірлік бар жерде — [1] бар.",
                        feedback_right="Дұрыс! Бұл — бірлік туралы мақал.",
                        feedback_wrong="Мақал мәтінде бар.",
                        accepted=((1, "тірлік"),),
                    ),
                    TaskDraft(
                        kind=K.ORDERING,
                        prompt="Мақалдың сөздерін дұрыс ретпен қойыңыз.",
                        feedback_right="Мақал дұрыс құралды!",
                        feedback_wrong="Мақал «Қонақ» сөзінен басталады.",
                        options=(o("Қонақ"), o("келсе"), o("—"), o("құт")),
                    ),
                    TaskDraft(
                        kind=K.SHORT,
                        prompt="Достық туралы өзіңіз білетін бір мақалдың бірінші сөзін жазыңыз: "
                        "«... бар жерде — тірлік бар».",
                        accepted=((1, "бірлік"),),
                        feedback_right="Дұрыс!",
                        feedback_wrong="Мәтіннің басын қараңыз.",
                    ),
                ],
            },
        ],
    ),
]

RU: list[tuple[str, str, list[dict[str, Any]]]] = [
    (
        "Казахстан — наш общий дом",
        "Народы, языки и общие праздники нашей страны.",
        [
            {
                "title": "Народы Казахстана",
                "body": (
                    "## Под одним шаңыраком\n\n"
                    "В Казахстане живут представители более ста этносов: казахи, русские, "
                    "узбеки, украинцы, уйгуры, татары, немцы, корейцы и другие. 1 мая — "
                    "**День единства народа Казахстана**."
                ),
                "guide": "Начните урок с вопроса: на каких языках говорят в семьях учеников?",
                "image": (
                    (30, 120, 200),
                    "Карта Казахстана: области разного цвета, в центре надпись «Бірлік».",
                ),
                "tasks": [
                    TaskDraft(
                        kind=K.SINGLE,
                        prompt="Представители скольких этносов живут в Казахстане?",
                        feedback_right="Верно! Наша страна многонациональна.",
                        feedback_wrong="Перечитайте первое предложение текста.",
                        options=(
                            o("Около десяти"),
                            o("Более ста", right=True, feedback="Да, именно так."),
                            o("Только два"),
                        ),
                    ),
                    TaskDraft(
                        kind=K.MULTIPLE,
                        prompt="Какие из праздников — государственные праздники Казахстана?",
                        feedback_right="Верно!",
                        feedback_wrong="Посмотрите ещё раз на список праздников.",
                        options=(
                            o("Наурыз мейрамы", right=True),
                            o("День единства народа Казахстана", right=True),
                            o("Мой день рождения", feedback="Это семейный праздник."),
                        ),
                    ),
                ],
            },
        ],
    ),
    (
        "Гостеприимство и традиции",
        "Как встречают гостей разные народы, пословицы о дружбе.",
        [
            {
                "title": "Гостеприимство — общая ценность",
                "body": (
                    "## Гость в дом — радость в дом\n\n"
                    "Казахи сажают гостя на почётное место — төр. Русские встречают гостей "
                    "хлебом-солью, узбеки прежде всего предлагают чай."
                ),
                "guide": "Ролевая игра: группы показывают, как встречают гостя разные народы.",
                "image": ((160, 60, 40), "Семья и гости за дастарханом в юрте."),
                "tasks": [
                    TaskDraft(
                        kind=K.MATCHING,
                        prompt="Соотнесите народ и его обычай встречать гостя.",
                        feedback_right="Отлично!",
                        feedback_wrong="Перечитайте текст.",
                        options=(
                            o("Казахи", match="сажают гостя на төр"),
                            o("Русские", match="встречают хлебом-солью"),
                            o("Узбеки", match="прежде всего предлагают чай"),
                        ),
                    ),
                    TaskDraft(
                        kind=K.GAPS,
                        prompt="Не имей сто рублей, а имей сто [1].",
                        feedback_right="Верно!",
                        feedback_wrong="Это пословица о дружбе.",
                        accepted=((1, "друзей"),),
                    ),
                ],
            },
        ],
    ),
]


def _person(email: str) -> User:
    return User.objects.get(email=email)


def _write(writer: User, lesson: Lesson, content: dict[str, Any]) -> Version:
    """Start the lesson's content and write it as its writer would: text, guide, picture,
    tasks."""
    resource = writing.lesson_start(
        actor=writer, lesson=lesson, subject=Subject.objects.get(code=SUBJECT), codes=CODES
    )
    version = resource.versions.get()
    version = library.version_save(
        actor=writer,
        version=version,
        revision=version.revision,
        draft=library.Draft(
            title=content["title"],
            summary=content["body"].split("\n\n")[1][:200],
            body=content["body"],
            grades=(5,),
            codes=CODES,
        ),
    )
    writing.guide_save(
        actor=writer, version=version, revision=version.revision, text=content["guide"]
    )
    colour, alt = content["image"]
    writing.media_add(
        actor=writer,
        version=version,
        draft=writing.MediaDraft(kind=MediaKind.IMAGE, alt_text=alt),
        upload=SimpleUploadedFile("picture.png", png(colour), content_type="image/png"),
    )
    for task in content["tasks"]:
        version.refresh_from_db(fields=["revision"])
        writing.exercise_add(actor=writer, version=version, revision=version.revision, draft=task)
    return Version.objects.get(pk=version.pk)


def _review(
    writer: User, moderator: User, expert: User, version: Version, *, approve: bool
) -> None:
    submitted = library.version_submit(actor=writer, version=version)
    library.experts_assign(
        actor=moderator,
        version=submitted,
        experts=[expert],
        comment="Форма мен лицензия дұрыс; сарапшыға жіберілді.",
    )
    if not approve:
        return
    assignment = Assignment.objects.get(version=submitted, expert=expert)
    library.review_send(
        actor=expert,
        assignment=assignment,
        answers={
            item.pk: library.Answer(verdict=Verdict.MEETS)
            for item in ChecklistItem.objects.filter(kind=version.resource.kind)
        },
        recommendation=Recommendation.APPROVE,
        comment="Тапсырмалар жасқа сай, мазмұны нақты.",
        name_shown=True,
    )


def _book(
    coordinator: User,
    moderator: User,
    expert: User,
    writer: User,
    about: books.About,
    slug: str,
    units: list[tuple[str, str, list[dict[str, Any]]]],
    *,
    translation_of: Textbook | None = None,
    in_review_last: bool = False,
) -> Textbook:
    textbook = books.textbook_create(
        actor=coordinator, about=about, slug=slug, translation_of=translation_of
    )
    books.staff_add(
        actor=coordinator, textbook=textbook, email=moderator.email, role=StaffRole.MODERATOR
    )
    due = timezone.localdate() + timedelta(days=30)
    last = len(units) - 1
    for u, (title, description, lessons) in enumerate(units):
        unit = books.unit_add(
            actor=coordinator, textbook=textbook, title=title, description=description
        )
        for n, content in enumerate(lessons):
            lesson = books.lesson_add(actor=coordinator, unit=unit, title=content["title"])
            lesson = books.lesson_commission(
                actor=coordinator,
                lesson=lesson,
                commission=books.Commission(
                    title=content["title"], teacher_email=writer.email, due_on=due
                ),
            )
            version = _write(writer, lesson, content)
            waits = in_review_last and u == last and n == len(lessons) - 1
            _review(writer, moderator, expert, version, approve=not waits)
    return textbook


def load(people: dict[str, User]) -> None:
    """The Kazakh textbook and its Russian translation, as described above."""
    coordinator = _person(COORDINATOR)
    moderator = _person(MODERATOR)
    expert = _person(EXPERT)
    association = Association.objects.get(slug="karasai-talgar")
    role_grant(actor=None, user=expert, role=Role.EXPERT)
    Expertise.objects.get_or_create(user=expert, subject=Subject.objects.get(code=SUBJECT))
    kk = _book(
        coordinator,
        moderator,
        expert,
        _person(WRITER_KK),
        books.About(
            title="Мәдениетаралық диалог, 5-сынып",
            grade_from=5,
            grade_to=5,
            language="kk",
            description=(
                "Қазақстан халықтарының салт-дәстүрі, қонақжайлығы мен мақал-мәтелдері "
                "туралы интерактивті оқулық. Оны бірлестік мектептерінің мұғалімдері бірге "
                "жазады."
            ),
            association=association,
            is_published=True,
        ),
        "intercultural-dialogue-5-kk",
        KK,
        in_review_last=True,
    )
    ru = _book(
        coordinator,
        moderator,
        expert,
        _person(WRITER_RU),
        books.About(
            title="Межкультурный диалог, 5 класс",
            grade_from=5,
            grade_to=5,
            language="ru",
            description=(
                "Интерактивный учебник о традициях, гостеприимстве и пословицах народов "
                "Казахстана. Его вместе пишут учителя школ объединения."
            ),
            is_published=True,
        ),
        "intercultural-dialogue-5-ru",
        RU,
        translation_of=kk,
    )
    # A lesson planned and commissioned from the school, not yet started.
    unit = ru.units.order_by("position")[1]
    planned = books.lesson_add(actor=coordinator, unit=unit, title="Пословицы о дружбе")
    books.lesson_commission(
        actor=coordinator,
        lesson=planned,
        commission=books.Commission(
            title="Пословицы о дружбе",
            school=School.objects.get(bin="050440424451"),
            due_on=timezone.localdate() + timedelta(days=45),
        ),
    )
