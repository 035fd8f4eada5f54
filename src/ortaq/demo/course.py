"""The demo course, "Inclusive education in a blended classroom", in Kazakh, Russian and English:
three modules with every kind of activity, a cohort for Almaty region, one teacher halfway
through it and one who has finished it with a certificate. Everything goes through the services
that trainers, methodologists and teachers use."""

from importlib.resources import files
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from ortaq.accounts.models import User
from ortaq.courses.choices import ActivityKind, Phase, QuestionKind
from ortaq.courses.models import Activity, Course, QuizAttempt
from ortaq.courses.services import (
    ActivityFields,
    ChoiceFields,
    CourseFields,
    Criteria,
    QuestionFields,
    activity_complete,
    activity_open,
    activity_save,
    assessment_items_set,
    cohort_facilitator_add,
    cohort_save,
    course_create,
    course_publish,
    enrol_by_criteria,
    module_save,
    post_create,
    question_save,
    quiz_start,
    quiz_submit,
    reflection_review,
    reflection_submit,
    self_assessment_submit,
)
from ortaq.schools.models import Region

TEXT: dict[str, dict[str, Any]] = {
    "kk": {
        "title": "Аралас оқытудағы инклюзивті білім беру",
        "summary": (
            "Үш күндік курс: инклюзивті білім берудің мәні, сабақты әр оқушыға бейімдеу және "
            "әріптестермен тәжірибе алмасу. Қысқа бейнелер, тапсырмалар мен пікірталас — өз "
            "қарқыныңызбен, телефоннан да."
        ),
        "modules": [
            "Инклюзивті білім беру деген не",
            "Сабақты бейімдеу",
            "Бірге үйренеміз",
        ],
        "intro": (
            "## Курсқа қош келдіңіз\n\nИнклюзивті білім беру — барлық балалардың, соның ішінде "
            "ерекше білім беру қажеттіліктері бар балалардың, бір сыныпта бірге оқуы. Бұл курста "
            "сіз:\n\n- инклюзияның негізгі қағидаларын;\n"
            "- сабақты әр оқушыға бейімдеу тәсілдерін;\n"
            "- әріптестермен тәжірибе алмасуды үйренесіз.\n\nӘр бөлімге шамамен бір күн жетеді."
        ),
        "video_title": "Әр бала ерекше",
        "transcript": (
            "Инклюзивті білім беру — әр баланың бірге оқуы. Әр бала ерекше: біреуі көріп, "
            "біреуі тыңдап жақсы үйренеді. Сабақты бейімдеу — мақсатты емес, жолды өзгерту. "
            "Бірге оқығанда балалар бір-бірінен үйренеді."
        ),
        "quiz_title": "Өзіңізді тексеріңіз",
        "questions": [
            (
                "Инклюзивті білім берудің негізгі идеясы қандай?",
                QuestionKind.SINGLE,
                [
                    ("Барлық балалар бірге оқиды, сабақ оларға бейімделеді", True),
                    ("Ерекше балалар бөлек сыныпта оқиды", False),
                    ("Барлық балаға бірдей тапсырма беріледі", False),
                ],
            ),
            (
                "Сабақты бейімдеудің қай тәсілдері дұрыс?",
                QuestionKind.MULTIPLE,
                [
                    ("Әртүрлі деңгейдегі тапсырмалар", True),
                    ("Көрнекі материалдар", True),
                    ("Баланы сабақтан шығару", False),
                ],
            ),
            ("Сабақты бейімдеу — сабақтың мақсатын төмендету.", QuestionKind.TRUE_FALSE, False),
            (
                "Оқушылар бір-бірінен үйренетін жұмыс түрі қалай аталады? (бір сөз)",
                QuestionKind.SHORT,
                ["топтық", "топтық жұмыс", "жұптық"],
            ),
        ],
        "interactive_title": "LearningApps-тен жаттығу табыңыз",
        "interactive_body": (
            "LearningApps каталогынан сыныбыңызға сай интерактивті жаттығу табыңыз."
        ),
        "file_title": "Инклюзивті сабақтың тексеру парағы",
        "file_body": "Тексеру парағын жүктеп алып, келесі сабағыңызда қолданыңыз.",
        "reflection_title": "Менің сыныбымдағы бір оқушы",
        "reflection_body": (
            "Сыныбыңыздағы ерекше қолдауды қажет ететін бір оқушы туралы жазыңыз (атын жазбаңыз). "
            "Оған сабақты қалай бейімдейсіз?"
        ),
        "discussion_title": "Тәжірибе алмасу",
        "discussion_body": "Сабақты бейімдеудің сізге көмектескен бір тәсілімен бөлісіңіз.",
        "closing_title": "Келесі сабағыңызды жоспарлау",
        "closing": (
            "Курстан алған бір идеяны таңдап, келесі аптадағы сабағыңызға енгізіңіз. "
            "Нәтижесін әріптестеріңізбен талқылаңыз."
        ),
        "items": [
            "Инклюзивті білім берудің қағидаларын білемін",
            "Сабақты ерекше қажеттіліктері бар оқушыға бейімдей аламын",
            "Әртүрлі деңгейдегі тапсырмаларды құрастыра аламын",
            "Ата-аналармен инклюзия туралы сөйлесе аламын",
        ],
        "posts": [
            "Мен тапсырмаларды үш деңгейге бөлемін: әр оқушы өз деңгейінен бастайды.",
            "Суреттер мен карточкалар көп көмектеседі, әсіресе бастауыш сыныпта.",
        ],
        "reflection": (
            "Сыныбымда есту қабілеті төмен оқушы бар. Мен оны алдыңғы партаға отырғызып, "
            "тапсырмаларды тақтаға жазамын және жұптық жұмысты көбірек қолданамын."
        ),
    },
    "ru": {
        "title": "Инклюзивное образование в смешанном обучении",
        "summary": (
            "Трёхдневный курс: что такое инклюзивное образование, как адаптировать урок для "
            "каждого ученика и как обмениваться опытом с коллегами. Короткие видео, задания и "
            "обсуждения — в своём темпе, и с телефона тоже."
        ),
        "modules": [
            "Что такое инклюзивное образование",
            "Адаптация урока",
            "Учимся вместе",
        ],
        "intro": (
            "## Добро пожаловать на курс\n\nИнклюзивное образование — это когда все дети, в том "
            "числе дети с особыми образовательными потребностями, учатся вместе в одном классе. "
            "На курсе вы:\n\n- узнаете основные принципы инклюзии;\n- освоите приёмы адаптации "
            "урока;\n- обменяетесь опытом с коллегами.\n\nНа каждый модуль хватит примерно дня."
        ),
        "video_title": "Каждый ребёнок особенный",
        "transcript": (
            "Инклюзивное образование — это когда все дети учатся вместе. Каждый ребёнок особенный: "
            "один лучше учится глазами, другой — на слух. Адаптировать урок — значит менять путь, "
            "а не цель. Когда дети учатся вместе, они учатся друг у друга."
        ),
        "quiz_title": "Проверьте себя",
        "questions": [
            (
                "В чём главная идея инклюзивного образования?",
                QuestionKind.SINGLE,
                [
                    ("Все дети учатся вместе, а урок подстраивается под них", True),
                    ("Дети с особыми потребностями учатся отдельно", False),
                    ("Всем детям даётся одно и то же задание", False),
                ],
            ),
            (
                "Какие приёмы адаптации урока верны?",
                QuestionKind.MULTIPLE,
                [
                    ("Задания разного уровня", True),
                    ("Наглядные материалы", True),
                    ("Удалить ребёнка с урока", False),
                ],
            ),
            ("Адаптировать урок — значит понизить его цель.", QuestionKind.TRUE_FALSE, False),
            (
                "Как называется форма работы, в которой ученики учатся друг у друга? (одно слово)",
                QuestionKind.SHORT,
                ["групповая", "групповая работа", "парная"],
            ),
        ],
        "interactive_title": "Найдите упражнение в LearningApps",
        "interactive_body": (
            "Найдите в каталоге LearningApps интерактивное упражнение для вашего класса."
        ),
        "file_title": "Чек-лист инклюзивного урока",
        "file_body": "Скачайте чек-лист и используйте его на следующем уроке.",
        "reflection_title": "Один ученик моего класса",
        "reflection_body": (
            "Напишите об одном ученике вашего класса, которому нужна особая поддержка (без имени). "
            "Как вы адаптируете для него урок?"
        ),
        "discussion_title": "Обмен опытом",
        "discussion_body": "Поделитесь одним приёмом адаптации урока, который вам помог.",
        "closing_title": "Планируем следующий урок",
        "closing": (
            "Выберите одну идею из курса и включите её в урок на следующей неделе. Обсудите "
            "результат с коллегами."
        ),
        "items": [
            "Я знаю принципы инклюзивного образования",
            "Я умею адаптировать урок для ученика с особыми потребностями",
            "Я умею составлять задания разного уровня",
            "Я могу говорить с родителями об инклюзии",
        ],
        "posts": [
            "Я делю задания на три уровня: каждый ученик начинает со своего.",
            "Картинки и карточки очень помогают, особенно в начальной школе.",
        ],
        "reflection": (
            "В моём классе есть слабослышащий ученик. Я посадила его за первую парту, пишу "
            "задания на доске и чаще использую работу в парах."
        ),
    },
    "en": {
        "title": "Inclusive education in a blended classroom",
        "summary": (
            "A three-day course: what inclusive education is, how to adapt a lesson for every "
            "pupil, and how to share experience with colleagues. Short videos, tasks and "
            "discussion, at your own pace, on a phone too."
        ),
        "modules": [
            "What inclusive education is",
            "Adapting a lesson",
            "Learning together",
        ],
        "intro": (
            "## Welcome to the course\n\nInclusive education means that all children, including "
            "children with special educational needs, learn together in one class. In this course "
            "you will:\n\n- learn the main principles of inclusion;\n- practise ways to adapt a "
            "lesson;\n- share experience with colleagues.\n\nEach module takes about a day."
        ),
        "video_title": "Every child is different",
        "transcript": (
            "Inclusive education means that all children learn together. Every child is "
            "different: one learns best by seeing, another by listening. Adapting a lesson means "
            "changing the way, not the aim. When children learn together, they learn from each "
            "other."
        ),
        "quiz_title": "Check yourself",
        "questions": [
            (
                "What is the main idea of inclusive education?",
                QuestionKind.SINGLE,
                [
                    ("All children learn together, and the lesson adapts to them", True),
                    ("Children with special needs learn separately", False),
                    ("Every child gets the same task", False),
                ],
            ),
            (
                "Which ways of adapting a lesson are right?",
                QuestionKind.MULTIPLE,
                [
                    ("Tasks at different levels", True),
                    ("Visual materials", True),
                    ("Sending the child out of the lesson", False),
                ],
            ),
            ("Adapting a lesson means lowering its aim.", QuestionKind.TRUE_FALSE, False),
            (
                "What is the way of working in which pupils learn from each other? (one word)",
                QuestionKind.SHORT,
                ["group", "group work", "pair work"],
            ),
        ],
        "interactive_title": "Find an exercise on LearningApps",
        "interactive_body": (
            "Find an interactive exercise for your class in the LearningApps catalogue."
        ),
        "file_title": "Checklist for an inclusive lesson",
        "file_body": "Download the checklist and use it in your next lesson.",
        "reflection_title": "One pupil of my class",
        "reflection_body": (
            "Write about one pupil of your class who needs special support (without the name). "
            "How do you adapt the lesson for this pupil?"
        ),
        "discussion_title": "Sharing experience",
        "discussion_body": "Share one way of adapting a lesson that has helped you.",
        "closing_title": "Planning your next lesson",
        "closing": (
            "Choose one idea from the course and put it into a lesson next week. Discuss the "
            "result with colleagues."
        ),
        "items": [
            "I know the principles of inclusive education",
            "I can adapt a lesson for a pupil with special needs",
            "I can write tasks at different levels",
            "I can talk with parents about inclusion",
        ],
        "posts": [
            "I split tasks into three levels: every pupil starts at her own.",
            "Pictures and cards help a lot, especially in primary school.",
        ],
        "reflection": (
            "A pupil in my class is hard of hearing. I seat him at the front, write the tasks on "
            "the board and use pair work more often."
        ),
    },
}


def _media(name: str, content_type: str) -> SimpleUploadedFile:
    data = files("ortaq.demo").joinpath("data", "media", name).read_bytes()
    return SimpleUploadedFile(name, data, content_type=content_type)


def build_course(trainer: User, language: str, original: Course | None) -> Course:
    """One language version of the demo course, published."""
    text = TEXT[language]
    course = course_create(
        actor=trainer,
        language=language,
        translation_of=original,
        data=CourseFields(
            title=text["title"],
            summary=text["summary"],
            hours=24,
            school_kinds=(),
            self_assessment=True,
            reminder_days=7,
        ),
    )
    assessment_items_set(actor=trainer, course=course, items=text["items"])
    first, second, third = (
        module_save(actor=trainer, course=course, title=title) for title in text["modules"]
    )

    def add(module: Any, kind: str, title: str, **fields: Any) -> Activity:
        return activity_save(
            actor=trainer, module=module, data=ActivityFields(kind=kind, title=title, **fields)
        )

    add(first, ActivityKind.PAGE, text["modules"][0], body=text["intro"], minutes=5)
    add(
        first, ActivityKind.VIDEO, text["video_title"], minutes=3, transcript=text["transcript"],
        uploads={
            "video_file": _media("inclusive-classroom.mp4", "video/mp4"),
            "captions": _media(f"captions-{language}.vtt", "text/vtt"),
            "poster": _media("inclusive-classroom-poster.png", "image/png"),
        },
    )  # fmt: skip
    quiz = add(first, ActivityKind.QUIZ, text["quiz_title"], minutes=10, pass_mark=75)
    for question_text, kind, answer in text["questions"]:
        data = QuestionFields(kind=kind, text=question_text)
        if kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE):
            data = QuestionFields(
                kind=kind,
                text=question_text,
                choices=tuple(ChoiceFields(option, correct) for option, correct in answer),
            )
        elif kind == QuestionKind.TRUE_FALSE:
            data = QuestionFields(kind=kind, text=question_text, true_false_answer=answer)
        else:
            data = QuestionFields(kind=kind, text=question_text, accepted_answers=tuple(answer))
        question_save(actor=trainer, activity=quiz, data=data)
    add(
        second, ActivityKind.INTERACTIVE, text["interactive_title"], required=False, minutes=10,
        body=text["interactive_body"], embed_url="https://learningapps.org/",
    )  # fmt: skip
    add(
        second, ActivityKind.FILE, text["file_title"], minutes=5, body=text["file_body"],
        uploads={"file": _media(f"checklist-{language}.pdf", "application/pdf")},
    )  # fmt: skip
    add(
        second, ActivityKind.REFLECTION, text["reflection_title"], minutes=20,
        body=text["reflection_body"], review_required=True,
    )  # fmt: skip
    add(
        third, ActivityKind.DISCUSSION, text["discussion_title"], minutes=15,
        body=text["discussion_body"],
    )  # fmt: skip
    add(third, ActivityKind.PAGE, text["closing_title"], body=text["closing"], minutes=5)
    course_publish(actor=trainer, course=course)
    return course


def _take_quiz(teacher: User, quiz: Activity) -> None:
    attempt = quiz_start(actor=teacher, activity=quiz)
    answers: dict[int, list[int] | str] = {}
    for question in quiz.questions.prefetch_related("choices"):
        if question.kind == QuestionKind.SHORT:
            answers[question.pk] = question.accepted_answers[0]
        elif question.kind == QuestionKind.TRUE_FALSE:
            answers[question.pk] = [int(bool(question.true_false_answer))]
        else:
            answers[question.pk] = [c.pk for c in question.choices.all() if c.correct]
    quiz_submit(actor=teacher, attempt=QuizAttempt.objects.get(pk=attempt.pk), answers=answers)


def _rate(teacher: User, course: Course, phase: str, level: int) -> None:
    enrollment = course.enrollments.get(user=teacher)
    levels = {item.pk: level for item in course.assessment_items.all()}
    self_assessment_submit(actor=teacher, enrollment=enrollment, phase=phase, levels=levels)


def _steps(course: Course) -> list[Activity]:
    return list(
        Activity.objects.filter(module__course=course).order_by("module__position", "position")
    )


def load(people: dict[str, User], teachers: dict[str, User]) -> Course:
    """Build the course in three languages, enrol Almaty region, and play two teachers' progress."""
    trainer, coordinator, facilitator = (
        people["trainer@demo.ortaq.kz"],
        people["coordinator@demo.ortaq.kz"],
        people["facilitator@demo.ortaq.kz"],
    )
    kazakh = build_course(trainer, "kk", None)
    for language in ("ru", "en"):
        build_course(trainer, language, kazakh)
    almaty = Region.objects.get(code="KZ-19")
    cohort = cohort_save(
        actor=coordinator, course=kazakh, name="Алматы облысы — 2026 күз", region=almaty
    )
    cohort_facilitator_add(actor=coordinator, cohort=cohort, user=facilitator)
    enrol_by_criteria(
        actor=coordinator, course=kazakh, cohort=cohort, criteria=Criteria(region=almaty)
    )

    page, video, quiz, exercise, handout, reflection, discussion, closing = _steps(kazakh)
    text = TEXT["kk"]
    # The graduate: every step, her reflection accepted, rated herself before and after.
    graduate = teachers["graduate@demo.ortaq.kz"]
    _rate(graduate, kazakh, Phase.BEFORE, 2)
    activity_open(actor=graduate, activity=page)
    activity_complete(actor=graduate, activity=video)
    _take_quiz(graduate, quiz)
    activity_complete(actor=graduate, activity=exercise)
    activity_complete(actor=graduate, activity=handout)
    submission = reflection_submit(actor=graduate, activity=reflection, text=text["reflection"])
    reflection_review(actor=facilitator, submission=submission, accept=True, feedback="Тамаша!")
    post_create(actor=graduate, activity=discussion, body=text["posts"][0])
    activity_open(actor=graduate, activity=closing)
    _rate(graduate, kazakh, Phase.AFTER, 4)
    # The teacher halfway: the first module done, her reflection waiting for review.
    teacher = teachers["teacher@demo.ortaq.kz"]
    _rate(teacher, kazakh, Phase.BEFORE, 2)
    activity_open(actor=teacher, activity=page)
    activity_complete(actor=teacher, activity=video)
    _take_quiz(teacher, quiz)
    activity_complete(actor=teacher, activity=handout)
    reflection_submit(actor=teacher, activity=reflection, text=text["reflection"])
    post_create(actor=trainer, activity=discussion, body=text["posts"][1])
    return kazakh
