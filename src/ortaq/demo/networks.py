"""The demo's association of schools: three schools of Karasai and Talgar districts with their
site (its text in Kazakh and Russian, its name in English too, so that the English page shows
how a page falls back to another language and says so), the region's methodologist who created
it, the facilitator as its coordinator, a teacher as its editor, and two news posts, one in
Kazakh and one in Russian, and its journal with its call open; ``load_journal`` then
publishes an issue whose first article is the Lesson Study group's report. Everything goes
through the services coordinators use."""

from ortaq.accounts.models import User
from ortaq.journal.demo import build_journal_demo, journal_start_demo
from ortaq.journal.models import Submission
from ortaq.networks import services
from ortaq.schools.models import Region, School

SLUG = "karasai-talgar"
EDITOR = "gaukhar@demo.ortaq.kz"
SCHOOLS = ("050440424451", "071140517506", "081240853194")

ABOUT_KK = (
    "Қарасай және Талғар аудандарының үш мектебі сабақты бірге зерттеу үшін бірікті. "
    "Мұғалімдер Lesson Study топтарында зерттеу сабағын бірге жоспарлайды, оқушылардың қалай "
    "оқитынын бақылайды, көргенін талқылайды және тәжірибесімен бөліседі.\n\n"
    "Жыл сайын өңірлік конференция өткіземіз және мұғалімдердің мақалалар жинағын шығарамыз."
)
ABOUT_RU = (
    "Три школы Карасайского и Талгарского районов объединились, чтобы вместе исследовать "
    "уроки. Учителя в группах Lesson Study вместе планируют исследовательский урок, наблюдают, "
    "как учатся ученики, обсуждают увиденное и делятся опытом.\n\n"
    "Каждый год мы проводим региональную конференцию и издаём сборник статей учителей."
)
NEWS_KK = (
    "Қауымдастықтың алғашқы отырысы өтті",
    "№12 мектепте үш мектептің мұғалімдері мен аудандық әдіскерлер бас қосты. Келесі оқу "
    "жылының жоспарын бекіттік:\n\n"
    "- әр мектепте кемінде бір Lesson Study тобы;\n"
    "- көктемде өңірлік конференция;\n"
    "- мұғалімдер мақалаларының жинағы.\n\n"
    "Келесі отырыс **тоқсан соңында** өтеді.",
)
NEWS_RU = (
    "Приглашаем на региональную конференцию по Lesson Study",
    "Весной ассоциация проводит региональную конференцию в школе-гимназии №3 имени Абая. "
    "Учителя расскажут об исследовательских уроках, которые они провели в этом году, и о том, "
    "что изменилось в их практике.\n\n"
    "Заявки на выступления принимают **координаторы ассоциации**.",
)


def load(people: dict[str, User]) -> None:
    methodologist = people["coordinator@demo.ortaq.kz"]
    coordinator = people["facilitator@demo.ortaq.kz"]
    # Not a member of the Lesson Study group, whose report goes to her journal.
    editor = people[EDITOR]
    association = services.association_create(
        actor=methodologist,
        slug=SLUG,
        region=Region.objects.get(code="KZ-19"),
        text=services.AssociationText(
            name_kk="Қарасай мен Талғар мектептерінің Lesson Study қауымдастығы",
            name_ru="Ассоциация Lesson Study школ Карасая и Талгара",
            name_en="Karasai and Talgar Schools' Lesson Study Association",
            about_kk=ABOUT_KK,
            about_ru=ABOUT_RU,
        ),
        coordinator=coordinator,
    )
    for bin_ in SCHOOLS:
        services.school_add(
            actor=coordinator, association=association, school=School.objects.get(bin=bin_)
        )
    services.editor_appoint(actor=coordinator, association=association, person=editor)
    title, body = NEWS_KK
    services.news_create(
        actor=coordinator, association=association, title=title, body=body, language="kk"
    )
    title, body = NEWS_RU
    services.news_create(
        actor=editor, association=association, title=title, body=body, language="ru"
    )
    journal_start_demo(association, editor)


def load_journal(people: dict[str, User], lesson_study: Submission) -> None:
    """The journal's published issue, its first article the Lesson Study group's report
    (``lesson_study``, sent by the group to the call ``load`` opened)."""
    build_journal_demo(
        lesson_study.journal.association,
        [
            people["marat@demo.ortaq.kz"],
            people["dinara@demo.ortaq.kz"],
            people["bolat@demo.ortaq.kz"],
        ],
        people[EDITOR],
        lesson_study=lesson_study,
    )
