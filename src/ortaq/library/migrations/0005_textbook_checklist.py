"""The experts' checklist for a textbook lesson (decision 0025): alignment first, as for every
kind, then what a lesson for pupils without an account needs."""

from typing import Any

from django.db import migrations

ITEMS = [
    (
        "Ресурс көрсетілген оқу бағдарламасының мақсаттарына сәйкес келеді",
        "Ресурс соответствует указанным целям учебной программы",
        "The resource is aligned to the curriculum objectives it states",
    ),
    (
        "Мәтін 5–7-сынып оқушысының жасына лайық, мәдениеттерге құрметпен жазылған",
        "Текст соответствует возрасту учащихся 5–7 классов и уважителен к культурам",
        "The text suits pupils of grades 5–7 and treats every culture with respect",
    ),
    (
        "Әр тапсырманың дұрыс жауабы бар, кері байланысы мен кеңесі жауапты ашпайды",
        "У каждого задания есть верный ответ, а отклик и подсказка не раскрывают его",
        "Every task has a right answer, and its feedback and hint do not give it away",
    ),
    (
        "Суреттердің балама мәтіні, бейне мен аудионың субтитрі не мәтіні бар",
        "У изображений есть альтернативный текст, у видео и аудио — субтитры или расшифровка",
        "Images have alt text; video and audio have captions or a transcript",
    ),
    (
        "Мұғалімге арналған нұсқаулық сабақты өткізуге жеткілікті",
        "Методические указания для учителя достаточны для проведения урока",
        "The teacher's guide is enough to teach the lesson",
    ),
    (
        "Авторлық құқық сақталған, лицензиясы мен дереккөздері көрсетілген",
        "Соблюдено авторское право, указаны лицензия и источники",
        "Copyright is respected; the licence and sources are stated",
    ),
]


def forwards(apps: Any, schema_editor: Any) -> None:
    item_model = apps.get_model("library", "ChecklistItem")
    if item_model.objects.filter(kind="textbook").exists():
        return
    item_model.objects.bulk_create(
        item_model(
            kind="textbook",
            position=position,
            text_kk=kk,
            text_ru=ru,
            text_en=en,
            is_alignment=position == 1,
        )
        for position, (kk, ru, en) in enumerate(ITEMS, start=1)
    )


class Migration(migrations.Migration):
    dependencies = [("library", "0004_textbook_kind")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
