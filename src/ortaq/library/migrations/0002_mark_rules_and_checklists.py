"""The rules the library starts with: the national percentage-to-mark bands for grades 2 to 11
(../shared/data/README.md: 0–39 % → 2, 40–64 % → 3, 65–84 % → 4, 85–100 % → 5), kept as a
rule without a start date (in force before Ortaq kept dates; the ministry's next change is a
new row with its date), and the experts' checklist for each kind of resource, whose first item
is always alignment to the stated curriculum objectives (after the OER Commons rubrics)."""

from typing import Any

from django.db import migrations

BANDS = [(0, 2), (40, 3), (65, 4), (85, 5)]

ALIGNMENT = (
    "Ресурс көрсетілген оқу бағдарламасының мақсаттарына сәйкес келеді",
    "Ресурс соответствует указанным целям учебной программы",
    "The resource is aligned to the curriculum objectives it states",
)
COMMON = [
    (
        "Мазмұны ғылыми тұрғыдан дұрыс, қатесі жоқ",
        "Содержание научно верно, без ошибок",
        "The content is accurate and free of errors",
    ),
    (
        "Тілі сауатты, оқушылардың жасына лайық",
        "Язык грамотный и соответствует возрасту учащихся",
        "The language is correct and suits the pupils' age",
    ),
    (
        "Барлық оқушыға, соның ішінде ерекше білім берілуіне қажеттілігі барларға қолжетімді",
        "Доступен всем учащимся, в том числе с особыми образовательными потребностями",
        "It is accessible to all pupils, including those with special educational needs",
    ),
    (
        "Авторлық құқық сақталған, лицензиясы мен дереккөздері көрсетілген",
        "Соблюдено авторское право, указаны лицензия и источники",
        "Copyright is respected; the licence and sources are stated",
    ),
]
BY_KIND = {
    "lesson": [
        (
            "Сабақ кезеңдері мақсатқа жетуге бағытталған, уақыты нақты",
            "Этапы урока ведут к цели, время распределено реально",
            "The lesson's stages lead to its objective, with realistic timing",
        ),
        (
            "Оқыту барысында қалыптастырушы бағалау қарастырылған",
            "Предусмотрено формативное оценивание в ходе урока",
            "Formative assessment is planned during the lesson",
        ),
    ],
    "multigrade": [
        (
            "Әр сыныптың мақсаты мен тапсырмасы бөлек көрсетілген",
            "Для каждого класса указаны свои цели и задания",
            "Each grade has its own objectives and tasks",
        ),
        (
            "Мұғалім сыныптармен кезектесіп жұмыс істей алатындай өзіндік жұмыс жоспарланған",
            "Самостоятельная работа спланирована так, чтобы учитель мог работать с классами поочерёдно",
            "Independent work is planned so that the teacher can work with the grades in turn",
        ),
    ],
    "criteria": [
        (
            "Әр критерийдің өлшенетін дескрипторлары бар",
            "У каждого критерия есть измеримые дескрипторы",
            "Every criterion has measurable descriptors",
        ),
    ],
    "unit_task": [
        (
            "Әр мақсатқа критерий мен дескриптор берілген, ұпайлары сәйкес",
            "Каждой цели соответствуют критерий и дескрипторы, баллы сходятся",
            "Every objective has a criterion and descriptors, and the points add up",
        ),
        (
            "Ойлау дағдыларының деңгейлері спецификацияға сай бөлінген",
            "Уровни мыслительных навыков распределены по спецификации",
            "The thinking-skill levels are spread as the specification requires",
        ),
        (
            "Балл қою кестесі нақты, екі мұғалім бірдей бағалайды",
            "Схема выставления баллов однозначна: два учителя оценят одинаково",
            "The mark scheme is unambiguous: two teachers would mark alike",
        ),
    ],
    "term_task": [
        (
            "Әр мақсатқа критерий мен дескриптор берілген, ұпайлары сәйкес",
            "Каждой цели соответствуют критерий и дескрипторы, баллы сходятся",
            "Every objective has a criterion and descriptors, and the points add up",
        ),
        (
            "Тоқсан бөлімдерінің мақсаттары тепе-тең қамтылған",
            "Цели разделов четверти охвачены сбалансированно",
            "The objectives of the term's units are covered in balance",
        ),
        (
            "Балл қою кестесі нақты, екі мұғалім бірдей бағалайды",
            "Схема выставления баллов однозначна: два учителя оценят одинаково",
            "The mark scheme is unambiguous: two teachers would mark alike",
        ),
    ],
    "design": [
        (
            "Оқу әрекеттерінің реті мен нәтижесі анық",
            "Последовательность учебных действий и результат ясны",
            "The sequence of learning activities and its outcome are clear",
        ),
    ],
    "article": [
        (
            "Тәжірибе нақты сипатталған, басқа мұғалім қайталай алады",
            "Опыт описан конкретно, другой учитель может его повторить",
            "The practice is described concretely enough for another teacher to repeat it",
        ),
    ],
    "research": [
        (
            "Зерттеу сұрағы, әдісі мен дәлелдері айқын",
            "Исследовательский вопрос, метод и доказательства ясны",
            "The research question, method and evidence are clear",
        ),
        (
            "Қорытындылар дәлелдерге сүйенеді",
            "Выводы опираются на доказательства",
            "The conclusions follow from the evidence",
        ),
    ],
    "video": [
        (
            "Бейнеде субтитр бар, дыбысы мен бейнесі анық",
            "У видео есть субтитры, звук и изображение чёткие",
            "The video has captions; its sound and picture are clear",
        ),
    ],
    "exercise": [
        (
            "Жаттығу өзін-өзі тексереді, кері байланыс береді",
            "Упражнение проверяется само и даёт обратную связь",
            "The exercise checks itself and gives feedback",
        ),
    ],
}


def forwards(apps: Any, schema_editor: Any) -> None:
    scale_model = apps.get_model("library", "MarkScale")
    band_model = apps.get_model("library", "MarkBand")
    scale = scale_model.objects.create(
        name="Пайыздан бағаға / Перевод процентов в оценку, 2–11",
        grade_from=2,
        grade_to=11,
        effective_from=None,
        source="Order 125 of the Ministry of Education, appendix 1",
    )
    band_model.objects.bulk_create(
        band_model(scale=scale, min_percent=low, mark=mark) for low, mark in BANDS
    )
    item_model = apps.get_model("library", "ChecklistItem")
    rows = []
    for kind, own in BY_KIND.items():
        for position, (kk, ru, en) in enumerate([ALIGNMENT, *own, *COMMON], start=1):
            rows.append(
                item_model(
                    kind=kind,
                    position=position,
                    text_kk=kk,
                    text_ru=ru,
                    text_en=en,
                    is_alignment=position == 1,
                )
            )
    item_model.objects.bulk_create(rows)


class Migration(migrations.Migration):
    dependencies = [("library", "0001_initial")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
