"""A published issue of an association's journal, for the demo: three articles (the first a
Lesson Study group's report, sent by the group, when given; otherwise by the given authors),
each reviewed (one by a reviewer without an account, through her link) and accepted, in two
sections; publishing queues the issue's PDF and the certificates. Everything goes through the
services the editor, authors and reviewers use. ``journal_start_demo`` opens the journal and
its call first, so that the group has somewhere to send its report."""

from datetime import timedelta

from django.utils import timezone

from ortaq.accounts.models import User
from ortaq.journal import services
from ortaq.journal.choices import Kind, Outcome, Recommendation
from ortaq.journal.models import Issue, Journal, Submission
from ortaq.networks.models import Association

ARTICLES = (
    (
        Kind.LESSON_STUDY,
        "kk",
        services.Texts(
            title_kk="Бастауыш сыныпта бөлшектерді модельдер арқылы түсіндіру",
            title_ru="Объяснение дробей через модели в начальной школе",
            title_en="Teaching fractions through models in primary school",
            abstract_kk="Lesson Study циклі: үш оқушыны бақылау, модельдер мен сұхбаттар.",
            abstract_ru="Цикл Lesson Study: наблюдение за тремя учениками, модели и интервью.",
            abstract_en="A Lesson Study cycle: three case pupils, models and interviews.",
        ),
        "## Зерттеу сұрағы\n\nБөлшекті қағаз модельдермен көрсету оқушылардың түсінігін "
        "қалай өзгертеді?\n\n## Не көрдік\n\nA оқушысы модельмен жұмыс істегенде бөлшектерді "
        "салыстыра алды. B оқушысы алғашында қиналды, бірақ топта түсіндірді.\n\n"
        "## Қорытынды\n\nМодельдер төменгі деңгейдегі оқушыларға көмектеседі.",
    ),
    (
        Kind.ARTICLE,
        "ru",
        services.Texts(
            title_kk="Сабақтағы диалог: сұрақтардың рөлі",
            title_ru="Диалог на уроке: роль вопросов учителя",
            title_en="Dialogue in the lesson: the role of the teacher's questions",
            abstract_kk="Ашық сұрақтар оқушылардың сөйлеуін қалай өзгертеді.",
            abstract_ru="Как открытые вопросы меняют речь учеников на уроке.",
            abstract_en="How open questions change pupils' talk in the lesson.",
        ),
        "## Введение\n\nМы записали вопросы учителя на десяти уроках и посчитали, сколько "
        "из них открытые.\n\n## Результаты\n\nПосле цикла доля открытых вопросов выросла "
        "вдвое, а ответы учеников стали длиннее.\n\n## Выводы\n\nПланировать вопросы "
        "заранее полезно всей группе.",
    ),
    (
        Kind.ARTICLE,
        "kk",
        services.Texts(
            title_kk="Шағын жинақты мектепте бірлескен жоспарлау",
            title_ru="Совместное планирование в малокомплектной школе",
            title_en="Planning together in a small rural school",
            abstract_kk="Аралас сыныптарда сабақты бірге жоспарлау тәжірибесі.",
            abstract_ru="Опыт совместного планирования уроков в классах-комплектах.",
            abstract_en="Planning lessons together for mixed-grade classes.",
        ),
        "## Мәселе\n\nАралас сыныпта екі бағдарламаны бір уақытта жүргізу қиын.\n\n"
        "## Тәжірибе\n\nҮш мектептің мұғалімдері ортақ тапсырмалар банкін жасады.\n\n"
        "## Нәтиже\n\nОқушылар өз бетімен жұмысқа көбірек уақыт бөлді.",
    ),
)


def journal_start_demo(association: Association, editor: User) -> Journal:
    """The association's journal, its call for this year's issue open for 60 days."""
    journal = services.journal_save(
        actor=editor,
        association=association,
        title_kk="Мектептегі зерттеу",
        title_ru="Исследование в школе",
        title_en="Research in School",
        issn="2226-1249",
    )
    services.call_open(
        actor=editor,
        journal=journal,
        year=timezone.localdate().year,
        deadline=timezone.localdate() + timedelta(days=60),
    )
    return journal


def build_journal_demo(
    association: Association,
    authors: list[User],
    editor: User,
    lesson_study: Submission | None = None,
) -> Issue:
    """The association's journal with a published issue of three articles: ``lesson_study``
    (a group's report already sent) or else one by the first two of ``authors``, and one by
    each of them; the third of ``authors`` reviews with her account."""
    journal = journal_start_demo(association, editor)
    year = timezone.localdate().year
    issue = services.issue_create(
        actor=editor, journal=journal, year=year, number=1, title="Lesson Study"
    )
    research = services.section_add(actor=editor, issue=issue, title="Lesson Study")
    practice = services.section_add(actor=editor, issue=issue, title="Тәжірибе / Практика")
    reviewer = authors[-1]
    for index, (kind, language, texts, body) in enumerate(ARTICLES):
        writer, other = authors[index % 2], authors[(index + 1) % 2]
        if index == 0 and lesson_study is not None:
            submission = lesson_study
        else:
            submission = services.submission_create(
                actor=writer,
                journal=journal,
                kind=kind,
                texts=texts,
                language=language,
                body=body,
                authors=[other] if index == 0 else [],
            )
        if index == 1:
            review, token = services.reviewer_assign(
                actor=editor,
                submission=submission,
                name="Гүлнар Сейітова",
                email="gulnar.seitova@example.kz",
                language="ru",
            )
            review = services.review_by_token(token=token, submission_id=submission.pk)
        else:
            review, _token = services.reviewer_assign(
                actor=editor, submission=submission, reviewer=reviewer
            )
        services.review_send(
            review=review,
            actor=review.reviewer,
            recommendation=Recommendation.ACCEPT,
            to_authors="Жақсы құрылымдалған жұмыс. / Хорошо выстроенная работа.",
            to_editor="",
        )
        services.decide(actor=editor, submission=submission, outcome=Outcome.ACCEPT)
        services.article_place(
            actor=editor, section=research if index == 0 else practice, submission=submission
        )
    return services.issue_publish(actor=editor, issue=issue)
