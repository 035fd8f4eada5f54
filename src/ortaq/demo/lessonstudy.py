"""The demo's Lesson Study group: a group of the association's three schools, started by its
coordinator (the demo's facilitator, who facilitates the group too), with three teachers and
the trainer as its knowledgeable other, and a cycle that has finished two research lessons
(plans, observation notes, interviews, discussions with her comments) and published its
report, so that its certificates exist, and sent it to the association's journal (``load``
returns the manuscript, which the journal's demo reviews and publishes). Everything goes
through the services the pages call, but the observation notes, which the observer's page
stores (``lessonstudy.services.observation``) and are written here as that page would."""

from datetime import UTC, date, datetime, timedelta

from django.utils import translation

from ortaq.accounts.models import User
from ortaq.communities.services.circles import invitation_answer, members_invite_emails
from ortaq.core.models import Subject
from ortaq.demo.networks import SCHOOLS, SLUG
from ortaq.journal.models import Submission
from ortaq.lessonstudy.models import CasePupil, Note, ResearchLesson
from ortaq.lessonstudy.services import cycles as services
from ortaq.lessonstudy.services.to_journal import Texts, report_submit
from ortaq.networks.models import Association
from ortaq.schools.models import School

MEMBERS = ("aliya@demo.ortaq.kz", "marat@demo.ortaq.kz", "dinara@demo.ortaq.kz")
EXPERT = "trainer@demo.ortaq.kz"
FACILITATOR = "facilitator@demo.ortaq.kz"

STAGES = (
    ("Кіріспе: мақсатпен таныстыру", 5, "Сабақ мақсатын оқушылармен бірге талқылайды."),
    ("Жұппен сөйлеу", 15, "Сұрақ береді; жұптар бір-біріне өз ойын түсіндіреді."),
    ("Топтық талдау", 15, "Топтар мәтіннен дәлел табады, мұғалім бақылайды."),
    ("Рефлексия", 5, "Оқушылар не үйренгенін бір сөйлеммен айтады."),
)
PREDICTIONS = {
    "A": "Бірден жауап береді, серігіне түсіндіріп береді.",
    "B": "Серігін тыңдап, кейін өз ойын қосады.",
    "C": "Алғашында үндемейді; үлгі сөйлем болса, қысқа жауап береді.",
}
NOTES = {
    "A": "Серігіне екі мысал келтірді, бірақ серігін тыңдамады.",
    "B": "Серігінің ойын қайталап, бір дәлел қосты.",
    "C": "Үлгі сөйлемді пайдаланып, екі сөйлем айтты.",
}
INTERVIEWS = {
    "A": "Жұппен жұмыс қызық болды, бірақ серігім баяу сөйледі.",
    "B": "Серігімнің ойы маған көмектесті.",
    "C": "Үлгі сөйлем болғанда сөйлеу оңай болды.",
}


def _teach(
    lesson: ResearchLesson, observers: list[User], facilitator: User, expert: User, day: date
) -> None:
    """The lesson taught and observed, its pupils interviewed, its discussion held."""
    pupils = {p.code: p for p in CasePupil.objects.filter(cycle_id=lesson.cycle_id)}
    # 09:30 in Kazakhstan (UTC+5).
    start = datetime(day.year, day.month, day.day, 4, 30, tzinfo=UTC)
    notes = []
    for n, stage in enumerate(lesson.stages.order_by("position")):
        for code, pupil in pupils.items():
            for observer in observers:
                notes.append(
                    Note(
                        lesson=lesson,
                        stage=stage,
                        pupil=pupil,
                        observer=observer,
                        text=f"{stage.title}: {NOTES[code]}",
                        written_at=start + timedelta(minutes=5 + 10 * n),
                    )
                )
    Note.objects.bulk_create(notes)
    for code, pupil in pupils.items():
        services.interview_add(
            actor=observers[0], lesson=lesson, pupil=pupil, text=INTERVIEWS[code]
        )
    services.discussion_save(
        actor=facilitator,
        lesson=lesson,
        data=services.DiscussionFields(
            held_on=day,
            teaching="Нұсқаулар қысқа әрі түсінікті болды; жұптарға уақыт жеткілікті берілді.",
            findings=(
                "Үлгі сөйлемдер C оқушысына сөйлеуге көмектесті; A оқушысы серігін тыңдауды "
                "үйренуі керек."
            ),
            changes="Жұптарға рөл беру: бірі сөйлейді, екіншісі қайталайды.",
            points={
                (stage.pk, pupils["C"].pk): "Болжам расталды: үлгі сөйлеммен сөйледі."
                for stage in lesson.stages.order_by("position")[1:2]
            },
        ),
    )
    services.expert_comments_save(
        actor=expert,
        lesson=lesson,
        text="Дәлелдер жақсы жиналған. Келесі сабақта оқушылардың өз сөздерін көбірек жазыңыз.",
    )


def load(people: dict[str, User]) -> Submission:
    facilitator = people[FACILITATOR]
    expert = people[EXPERT]
    members = [people[email] for email in MEMBERS]
    association = Association.objects.get(slug=SLUG)
    group = services.group_create(
        actor=facilitator,
        association=association,
        data=services.GroupFields(
            name="Жұппен сөйлеу: Lesson Study тобы",
            purpose="Қазақ тілі сабағында жұппен сөйлеу оқушылардың ауызша түсіндіруін қалай "
            "дамытатынын зерттейміз.",
            language="kk",
            schools=list(School.objects.filter(bin__in=SCHOOLS)),
        ),
        facilitator=facilitator,
    )
    members_invite_emails(actor=facilitator, circle=group.circle, emails=list(MEMBERS))
    for person in members:
        invitation_answer(actor=person, circle=group.circle, accept=True)
    services.group_set_expert(actor=facilitator, group=group, expert=expert)
    # She has not answered the circle's invitation: she reads the cycle as its expert.

    cycle = services.cycle_create(
        actor=facilitator, group=group, title="Жұппен сөйлеу және ауызша түсіндіру, 5-сынып"
    )
    services.focus_save(
        actor=facilitator,
        cycle=cycle,
        data=services.FocusFields(
            subject=Subject.objects.filter(code="kazakh-language").first(),
            grades=[5],
            objectives=["5.1.2.1", "5.1.4.1"],
            approach="үлгі сөйлемдермен жұппен сөйлеу",
            learning="ауызша түсіндіру мен дәлел келтіру",
            learners="сабақта сирек сөйлейтін оқушылар",
        ),
    )
    services.case_pupils_save(
        actor=facilitator,
        cycle=cycle,
        pupils=[
            services.PupilFields(
                "A", "higher", "Тез жауап береді, бірақ басқаларды сирек тыңдайды."
            ),
            services.PupilFields("B", "middle", "Сыныптың көпшілігіндей: сұрағанда ғана сөйлейді."),
            services.PupilFields("C", "lower", "Сабақта сирек сөйлейді, жазбаша жұмысы жақсырақ."),
        ],
    )
    pupils = list(CasePupil.objects.filter(cycle=cycle))
    first = cycle.lessons.get(number=1)
    services.plan_save(
        actor=facilitator,
        lesson=first,
        stages=[
            services.StageFields(
                pk=None,
                position=n,
                title=title,
                minutes=minutes,
                teacher_activity=activity,
                predictions={p.pk: PREDICTIONS[p.code] for p in pupils},
            )
            for n, (title, minutes, activity) in enumerate(STAGES, start=1)
        ],
    )
    lesson_fields = services.LessonFields(
        teacher=members[0],
        taught_on=date(2026, 10, 14),
        class_label="5 «Ә»",
        learning_intention="Оқушылар мәтіндегі негізгі ойды жұбына өз сөзімен түсіндіреді.",
        success_criteria="Негізгі ойды атайды; бір дәлел келтіреді; серігінің ойын қайталайды.",
        interview_questions="Жұппен сөйлеу саған көмектесті ме? Не қиын болды?",
    )
    services.lesson_update(actor=facilitator, lesson=first, data=lesson_fields)
    _teach(first, members[1:], facilitator, expert, date(2026, 10, 14))

    second = services.lesson_create(actor=facilitator, cycle=cycle)
    stages = list(second.stages.order_by("position"))
    services.plan_save(
        actor=facilitator,
        lesson=second,
        stages=[
            services.StageFields(
                pk=stage.pk,
                position=stage.position,
                title="Жұппен сөйлеу: сөйлеуші мен тыңдаушы"
                if stage.position == 2
                else stage.title,
                minutes=stage.minutes,
                teacher_activity=stage.teacher_activity,
            )
            for stage in stages
        ],
    )
    lesson_fields.teacher, lesson_fields.taught_on = members[1], date(2026, 10, 28)
    lesson_fields.class_label = "5 «Б»"
    services.lesson_update(actor=facilitator, lesson=second, data=lesson_fields)
    _teach(second, [members[0], members[2]], facilitator, expert, date(2026, 10, 28))

    report = services.report_draft(actor=facilitator, cycle=cycle, language="kk")
    with translation.override("kk"):
        prompt = str(services.REPORT_CONCLUSION_PROMPT)
    services.report_update(
        actor=facilitator,
        report=report,
        title="Жұппен сөйлеу бесінші сыныптағы үнсіз оқушыларды қалай сөйлетті",
        summary=cycle.research_question,
        body=report.body.replace(
            prompt,
            "Үлгі сөйлемдер мен жұптағы рөлдер сирек сөйлейтін оқушыларға ауызша түсіндіруге "
            "көмектесті. Келесі циклде жазбаша дәлелдерді зерттейміз.",
        ),
    )
    services.report_publish(actor=facilitator, report=report)
    report.refresh_from_db()
    return report_submit(
        actor=facilitator,
        report=report,
        texts=Texts(
            title_kk=report.title,
            title_ru="Как парная работа разговорила молчаливых учеников пятого класса",
            title_en="How talking in pairs got quiet fifth-graders speaking",
            abstract_kk=report.summary,
            abstract_ru=(
                "Цикл Lesson Study на уроках казахского языка: два исследовательских урока, "
                "три ученика в фокусе, речевые образцы и роли в паре."
            ),
            abstract_en=(
                "A Lesson Study cycle in Kazakh language lessons: two research lessons, three "
                "case pupils, sentence frames and roles in pairs."
            ),
        ),
    )
