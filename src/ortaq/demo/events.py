"""The demo's events (issue 13, decision 0023), dated from the day the demo is loaded:

- **the conference** (``CONFERENCE``, forty days ago): the association's regional online
  conference on Lesson Study, in Kazakh and Russian, on Zoom. 632 registrations: 22 speakers,
  19 poster presenters, 19 organisers and 572 participants (``participants``: fewer for the
  tests that go through every page), all counted by its pages from these rows. Its blind call
  with reviews, accepted talks and posters with their authors (one without an account), two
  declined, the programme (plenary, two sections, a break, the poster session, the free
  microphone) with chairs, attendance (most by their personal join links' minutes, the rest
  ticked), feedback, a recording, slides and a poster, and everyone's certificate;
- **the seminar** (``SEMINAR``, in twelve days): School №12's bilingual seminar, its room of
  25 full, three waiting, and a seat freed and offered to the demo's teacher for 48 hours;
- **the round table** (``ROUND_TABLE``, eighteen days ago): the region's methodological office
  with the heads of its small-scale schools, in person and online, its recommendations
  published on its page;
- **the camp** (``CAMP``, last July): the association's summer camp for school teams, four
  accepted (its room), one declined, their results recorded, its teachers certified.

The demo's own accounts (who sign in) act through the services the pages call, so their
e-mails, join links and certificates' PDFs are real; the crowd (``demo.crowd``) is written in
bulk: their registrations, attendance, feedback and certificates as rows (no PDF is drawn for
them: nobody downloads it, and 600 PDFs would take minutes).
"""

import random
from datetime import date, datetime, timedelta
from importlib.resources import files

from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import QuerySet
from django.utils import timezone

from ortaq.accounts.models import User
from ortaq.accounts.services import role_grant
from ortaq.certificates.models import Certificate
from ortaq.core.roles import Role
from ortaq.demo.crowd import CROWD_DOMAIN, Crowd, make_crowd
from ortaq.demo.networks import SLUG
from ortaq.events import after, attendance, programme, services, staff, teams
from ortaq.events.choices import (
    AttendanceSource,
    ContributionKind,
    ContributionStatus,
    EventKind,
    MaterialKind,
    Mode,
    OrganiserKind,
    RegistrationRole,
    RegistrationStatus,
    SessionKind,
    StaffRole,
)
from ortaq.events.contributions import (
    AuthorIn,
    call_save,
    contribution_decide,
    contribution_submit,
    review_save,
    reviewer_assign,
)
from ortaq.events.models import (
    Attendance,
    Contribution,
    ContributionAuthor,
    Event,
    Feedback,
    Registration,
    Session,
)
from ortaq.events.services import Organiser
from ortaq.networks.models import Association
from ortaq.schools.models import Region, School

CONFERENCE = "lesson-study-in-our-classrooms"
SEMINAR = "formative-assessment-in-combined-classes"
ROUND_TABLE = "small-schools-round-table"
CAMP = "summer-research-camp"
# The conference's people by role: its registrations, exactly (issue 13's seed).
SPEAKERS, POSTERS, ORGANISERS, PARTICIPANTS = 22, 19, 19, 572
# The seminar's 27 guests and the conference's ticked listeners come from its participants.
MIN_PARTICIPANTS = 40
ZOOM = "https://zoom.us/j/84512390017"
PDF_CHECKLIST = "checklist-kk.pdf"
POSTER_PICTURE = "inclusive-classroom-poster.png"


def _at(day: date, hour: int, minute: int = 0) -> datetime:
    """``day`` at ``hour``:``minute`` in Kazakhstan's time (UTC+5)."""
    return datetime(
        day.year, day.month, day.day, hour, minute, tzinfo=timezone.get_default_timezone()
    )


def _media(name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(
        name, files("ortaq.demo").joinpath("data", "media", name).read_bytes()
    )


def _register(event: Event, people: list[User], role: str, **fields: object) -> None:
    """Registrations of the crowd, written as rows (no e-mail: it happened long ago)."""
    fields.setdefault("status", RegistrationStatus.REGISTERED)
    Registration.objects.bulk_create(
        [Registration(event=event, user=person, role=role, **fields) for person in people]
    )


def _certify(event: Event) -> None:
    """Everyone the event certifies (``after.certified_people``): the crowd's certificates as
    rows, in each holder's language, then the demo's own accounts' through the service that
    the organisers' button runs, each with her PDF and e-mail."""
    roles = after.certified_people(event)
    registrations = after.achievements_for(event, list(roles))
    issued = after.issued_for(list(registrations.values()))
    crowd = User.objects.filter(pk__in=list(roles), email__endswith="@" + CROWD_DOMAIN)
    content_type = ContentType.objects.get_for_model(Registration)
    now = timezone.now()
    certificates = []
    texts: dict[tuple[str, str], tuple[str, str]] = {}
    for person in crowd:
        registration = registrations[person.pk]
        if registration.pk in issued:
            continue
        key = (roles[person.pk], person.language)
        if key not in texts:
            texts[key] = after.certificate_texts(event, *key)
        title, description = texts[key]
        certificates.append(
            Certificate(
                holder=person,
                holder_name=str(person),
                content_type=content_type,
                object_id=registration.pk,
                title=title,
                description=description,
                hours=event.hours,
                language=person.language,
                issued_at=now,
            )
        )
    Certificate.objects.bulk_create(certificates)
    after.issue_all(event)


def _feedback(event: Event, people: list[User], rng: random.Random, comments: list[str]) -> None:
    rows = []
    for n, person in enumerate(people):
        rating = rng.choices([5, 4, 3, 2], weights=[55, 32, 10, 3])[0]
        rows.append(
            Feedback(
                event=event,
                user=person,
                rating=rating,
                comment=comments[n % len(comments)] if n % 3 == 0 else "",
            )
        )
    Feedback.objects.bulk_create(rows)


def _dated(queryset: QuerySet[Attendance], when: datetime) -> None:
    """Attendance written today for a day long past: recorded on that day."""
    queryset.update(recorded_at=when)


# --- The conference -------------------------------------------------------------------------

TALKS = (
    # title, language, abstract, aims, findings
    (
        "Сабақты бірге зерттеу: мұғалімдер не үйренді",
        "kk",
        "Аудан мектептерінің үш жылдық Lesson Study тәжірибесі: топтар қалай құрылды, зерттеу "
        "сабақтары қалай жоспарланды және мұғалімдердің тәжірибесі қалай өзгерді.",
    ),
    (
        "Жұппен сөйлеу үнсіз оқушыларды қалай сөйлетті",
        "kk",
        "Бесінші сыныптағы екі зерттеу сабағы: үш фокус оқушы, үлгі сөйлемдер және жұптағы "
        "рөлдер. Сирек сөйлейтін оқушылар ауызша түсіндіре бастады.",
    ),
    (
        "Фокус-оқушылар: как выбирать и за чем наблюдать",
        "ru",
        "Опыт трёх групп Lesson Study: как выбрать учеников с разным уровнем успеваемости и как "
        "записывать наблюдения так, чтобы их можно было обсуждать.",
    ),
    (
        "Шағын жинақты мектепте зерттеу сабағы",
        "kk",
        "Біріктірілген сыныпта зерттеу сабағын өткізу: екі сынып, бір мұғалім, бақылаушылар "
        "басқа мектептен онлайн қосылды.",
    ),
    (
        "Обсуждение после урока: сначала ученики, потом учитель",
        "ru",
        "Порядок обсуждения по Дадли в наших группах: что изменилось, когда мы начали "
        "обсуждение с фокус-учеников, а не с действий учителя.",
    ),
    (
        "Математика сабағындағы формативті бағалау",
        "kk",
        "Бағалау критерийлері мен дескрипторлар зерттеу сабағында: оқушылар өз жұмысын "
        "критерий бойынша қалай бағалады.",
    ),
    (
        "Интервью с учениками после урока",
        "ru",
        "Какие вопросы задавать фокус-ученикам после исследовательского урока и что их ответы "
        "сказали нам о нашем плане.",
    ),
    (
        "Бастауыш сыныпта оқылым дағдысын зерттеу",
        "kk",
        "Екінші сыныптағы оқылым сабағы: мәтінмен жұмыс кезеңдері және фокус оқушылардың "
        "жетістіктері.",
    ),
    (
        "Lesson Study в сельской школе: первый год",
        "ru",
        "Как небольшая школа начала Lesson Study без внешнего эксперта и что помогло удержать "
        "группу весь год.",
    ),
    (
        "Жаратылыстану сабағындағы зерттеушілік тапсырмалар",
        "kk",
        "Оқушылардың болжам жасауы мен тексеруі: екі зерттеу сабағының салыстырмасы.",
    ),
    (
        "Как мы пересмотрели план исследовательского урока",
        "ru",
        "Что меняется во втором уроке цикла: сравнение двух планов и прогнозов по фокус-ученикам.",
    ),
    (
        "Ата-аналармен бірге: зерттеу сабағының нәтижелерін бөлісу",
        "kk",
        "Lesson Study нәтижелерін ата-аналарға қалай таныстырдық және олар не деді.",
    ),
    (
        "Тілдік дағдыларды дамыту: ағылшын тілі сабағы",
        "kk",
        "Ағылшын тілі сабағында жұппен диалог құру: фокус оқушылардың сөйлеу үлесі өсті.",
    ),
    (
        "Онлайн-наблюдение исследовательского урока",
        "ru",
        "Как наблюдатели из других школ подключались к уроку по видеосвязи и что для этого "
        "понадобилось.",
    ),
)
# How many authors with an account each talk has after the first two (the demo's own): 18.
TALK_AUTHORS = (2, 2, 1, 1, 2, 1, 2, 1, 2, 1, 2, 1)
POSTER_TOPICS = (
    ("Бағалау парағы: оқушы өз жұмысын қалай бағалайды", "kk"),
    ("Карта наблюдения за фокус-учеником", "ru"),
    ("Жұптық жұмыстың ережелері", "kk"),
    ("Рефлексия в конце урока: пять приёмов", "ru"),
    ("Зерттеу сабағының жоспары: үлгі", "kk"),
    ("Шағын мектептегі біріктірілген сынып", "kk"),
    ("Вопросы для интервью с учениками", "ru"),
    ("Оқушылардың сұрақ қоюы", "kk"),
    ("Дескрипторы к критериям оценивания", "ru"),
    ("Топтық жұмыстағы рөлдер", "kk"),
    ("Читательская грамотность: приёмы", "ru"),
    ("Математикалық сауаттылық тапсырмалары", "kk"),
    ("Lesson Study циклінің кезеңдері", "kk"),
    ("Обратная связь ученику: примеры", "ru"),
    ("Сабақтағы үнсіз оқушылар", "kk"),
    ("Наблюдение без оценки учителя", "ru"),
    ("Ауызша түсіндіру: үлгі сөйлемдер", "kk"),
    ("Исследование в начальной школе", "ru"),
)
FEEDBACK_KK = [
    "Секциялардағы баяндамалар өте пайдалы болды, рахмет!",
    "Зерттеу сабағының жоспарын өз мектебімде қолданып көремін.",
    "Еркін микрофон ұнады: әріптестердің тәжірибесін естідік.",
]
FEEDBACK_RU = [
    "Спасибо за конференцию, особенно за постерную сессию.",
    "Хотелось бы больше времени на вопросы после докладов.",
]


def conference(people: dict[str, User], crowd: Crowd, participants: int) -> Event:
    """The regional online conference: see the module's docstring."""
    facilitator = people["facilitator@demo.ortaq.kz"]
    # The region's methodologist and the association's editor review; they do not attend.
    reviewers = [people["gaukhar@demo.ortaq.kz"], people["coordinator@demo.ortaq.kz"]]
    group = [
        people[e] for e in ("aliya@demo.ortaq.kz", "marat@demo.ortaq.kz", "dinara@demo.ortaq.kz")
    ]
    bolat, teacher = people["bolat@demo.ortaq.kz"], people["teacher@demo.ortaq.kz"]
    association = Association.objects.get(slug=SLUG)
    day = timezone.localdate() - timedelta(days=40)
    start, end = _at(day, 10), _at(day, 16)
    event = services.event_create(
        actor=facilitator,
        organiser=Organiser(OrganiserKind.ASSOCIATION, association=association),
        data={
            "kind": EventKind.CONFERENCE,
            "title_kk": "Сыныптағы Lesson Study: біз не өзгерттік",
            "title_ru": "Lesson Study в наших классах: что мы изменили",
            "title_en": "Lesson Study in our classrooms",
            "description_kk": (
                "Қарасай мен Талғар мектептерінің Lesson Study қауымдастығының өңірлік онлайн "
                "конференциясы. Мұғалімдер осы жылы өткізген зерттеу сабақтары, фокус "
                "оқушыларды бақылау және сабақтан кейінгі талқылау туралы баяндайды.\n\n"
                "Бағдарламада: пленарлық отырыс, қазақ және орыс тілдеріндегі секциялар, "
                "постерлік сессия және «еркін микрофон»."
            ),
            "description_ru": (
                "Региональная онлайн-конференция Ассоциации Lesson Study школ Карасая и Талгара. "
                "Учителя рассказывают об исследовательских уроках этого года, о наблюдении за "
                "фокус-учениками и об обсуждении после урока.\n\n"
                "В программе: пленарное заседание, секции на казахском и русском языках, "
                "постерная сессия и «свободный микрофон»."
            ),
            "starts_at": start,
            "ends_at": end,
            "mode": Mode.ONLINE,
            "online_url": ZOOM,
            "languages": ["kk", "ru"],
            "capacity": 700,
            "registration_opens_at": start - timedelta(days=60),
            "registration_closes_at": start - timedelta(days=1),
            "audience_kk": "Алматы облысының мұғалімдері мен әдіскерлері",
            "audience_ru": "Учителя и методисты Алматинской области",
            "audience_region": association.region,
            "hours": 6,
            "attendance_minutes": 60,
        },
    )
    event = services.event_publish(actor=facilitator, event=event)
    call_opens = start - timedelta(days=75)
    call_save(
        actor=facilitator,
        event=event,
        opens_at=call_opens,
        closes_at=start - timedelta(days=30),
        kinds=[ContributionKind.TALK, ContributionKind.POSTER, ContributionKind.TEACHER_TALK],
        languages=["kk", "ru"],
        blind=True,
        instructions=(
            "Баяндама — 10 минут, постер — A1 форматында. / Доклад — 10 минут, постер — A1."
        ),
    )

    # Who registered: the crowd as rows; the demo's own accounts through the services below.
    organisers = crowd.take(ORGANISERS - 1)
    speakers = crowd.take(SPEAKERS - len(group))
    presenters = crowd.take(POSTERS - 1)
    listeners = crowd.take(participants - 1)
    _register(event, [facilitator, *organisers], RegistrationRole.ORGANISER)
    _register(event, speakers, RegistrationRole.SPEAKER)
    _register(event, presenters, RegistrationRole.POSTER)
    _register(event, listeners, RegistrationRole.PARTICIPANT)
    # The association's coordinator created it: she is its first staff organiser; she names
    # another organiser and three moderators.
    staff.staff_add(actor=facilitator, event=event, person=organisers[0], role=StaffRole.ORGANISER)
    for moderator in organisers[1:4]:
        staff.staff_add(actor=facilitator, event=event, person=moderator, role=StaffRole.MODERATOR)
    services.registration_register(actor=teacher, event=event, now=start - timedelta(days=20))

    accepted = _conference_contributions(
        event, facilitator, reviewers, group, bolat, speakers, presenters, listeners, call_opens
    )
    _conference_programme(event, [facilitator, *organisers[1:4]], accepted)

    # Attendance: her join link for the demo's teacher; the crowd's join links as rows with
    # their minutes; everyone else ticked by the organisers.
    services.join_link_follow(
        token=Registration.objects.get(event=event, user=teacher).join_token(),
        now=start - timedelta(minutes=6),
    )
    rng = random.Random(632)  # noqa: S311 (made-up data, reproducible)
    online = listeners[: max(len(listeners) - 31, 0)]
    Attendance.objects.bulk_create(
        [
            Attendance(
                event=event,
                user=person,
                source=AttendanceSource.JOIN_LINK,
                minutes=services.minutes_online_from(
                    event, start + timedelta(minutes=rng.randint(-10, 110))
                ),
            )
            for person in online
        ]
    )
    _dated(Attendance.objects.filter(event=event), start)
    rest = Registration.objects.filter(event=event, status=RegistrationStatus.REGISTERED).exclude(
        user__event_attendances__event=event
    )
    ids = set(rest.values_list("pk", flat=True))
    attendance.tick(actor=facilitator, event=event, present=ids, shown=ids)
    _dated(Attendance.objects.filter(event=event, source=AttendanceSource.TICK), end)

    after.feedback_save(
        actor=teacher,
        event=event,
        rating=5,
        comment="Шағын жинақты мектеп туралы баяндама маған өте пайдалы болды.",
    )
    _feedback(event, listeners[: len(listeners) // 2], rng, FEEDBACK_KK + FEEDBACK_RU)
    after.material_add(
        actor=facilitator,
        event=event,
        kind=MaterialKind.RECORDING,
        title="Пленарлық отырыстың жазбасы / Запись пленарного заседания",
        url="https://video.ortaq.kz/demo/lesson-study-plenary",
    )
    after.material_add(
        actor=group[0],
        event=event,
        kind=MaterialKind.SLIDES,
        title="Жұппен сөйлеу: слайдтар",
        upload=_media(PDF_CHECKLIST),
        contribution=accepted["group"],
    )
    after.material_add(
        actor=bolat,
        event=event,
        kind=MaterialKind.POSTER,
        upload=_media(POSTER_PICTURE),
        contribution=accepted["bolat"],
    )
    _certify(event)
    return event


def _conference_contributions(
    event: Event,
    facilitator: User,
    reviewers: list[User],
    group: list[User],
    bolat: User,
    speakers: list[User],
    presenters: list[User],
    listeners: list[User],
    call_opens: datetime,
) -> dict[str, Contribution]:
    """The call's contributions: the demo's own (the Lesson Study group's talk, a poster)
    submitted, reviewed blind and accepted through the services, which register their authors
    as speakers and poster presenters; the crowd's written as rows, accepted (the plenary talk,
    talks and posters) or declined."""
    submitted = call_opens + timedelta(days=10)
    title, language, abstract = TALKS[1]
    talk = contribution_submit(
        actor=group[0], event=event, kind=ContributionKind.TEACHER_TALK, title=title,
        abstract=abstract, language=language, now=submitted,
        details={"lesson": "5-сыныптағы қазақ тілі сабағы, екі зерттеу сабағы.",
                 "learning": "Үлгі сөйлемдер мен рөлдер үнсіз оқушыларға көмектесті."},
        coauthors=[AuthorIn(str(p), p.email) for p in group[1:]],
    )  # fmt: skip
    poster = contribution_submit(
        actor=bolat, event=event, kind=ContributionKind.POSTER,
        title="Шағын мектептегі зерттеу сабағы: бір күн", language="kk", now=submitted,
        abstract="Біріктірілген 2–4-сыныптағы зерттеу сабағының кезеңдері суреттермен.",
        coauthors=[AuthorIn("Сәуле Ермекова", "", "Бекболат ауылының мектебі")],
    )  # fmt: skip
    # Blind review: the reviewers never learn who wrote them, the authors never who reviewed.
    for contribution, reviewer, comment in (
        (talk, reviewers[0], "Нақты мысалдар жақсы. Оқушылардың сөзін көбірек келтіріңіз."),
        (poster, reviewers[1], "Суреттерге қысқа түсініктеме қосыңыз."),
    ):
        assignment = reviewer_assign(
            actor=facilitator, contribution=contribution, reviewer=reviewer
        )
        review_save(
            actor=reviewer, assignment=assignment, recommendation="accept",
            comments_to_authors=comment, comments_to_organisers="Қабылдауға ұсынамын.",
        )  # fmt: skip
    decided = submitted + timedelta(days=25)
    accepted = {
        name: contribution_decide(
            actor=facilitator, contribution=contribution, accept=True, now=decided
        )
        for name, contribution in (("group", talk), ("bolat", poster))
    }

    # The crowd's: the plenary talk and twelve more with 18 authors, eighteen posters with one
    # presenter each, and two declined (their authors took part as listeners).
    rows: list[tuple[Contribution, list[User]]] = []
    authors = iter(speakers)
    talks = [TALKS[0], *TALKS[2:]]
    for (title, language, abstract), count in zip(talks, (1, *TALK_AUTHORS), strict=True):
        kind = ContributionKind.TALK if language == "ru" else ContributionKind.TEACHER_TALK
        details = (
            {"aims": abstract.split(":")[0], "findings": "Результаты обсуждены в группе."}
            if kind == ContributionKind.TALK
            else {"lesson": abstract.split(":")[0], "learning": "Топ сабақты бірге талдады."}
        )
        rows.append(
            (
                Contribution(
                    event=event, kind=kind, title=title, abstract=abstract, language=language,
                    status=ContributionStatus.ACCEPTED, details=details,
                ),
                [next(authors) for _ in range(count)],
            )
        )  # fmt: skip
    for (title, language), presenter in zip(POSTER_TOPICS, presenters, strict=True):
        rows.append(
            (
                Contribution(
                    event=event, kind=ContributionKind.POSTER, title=title, language=language,
                    abstract=f"{title}: мұғалімдерге арналған жадынама.",
                    status=ContributionStatus.ACCEPTED,
                ),
                [presenter],
            )
        )  # fmt: skip
    for title, person in (
        ("Үй тапсырмасын тексеру тәсілдері", listeners[0]),
        ("Электронный журнал и Lesson Study", listeners[1]),
    ):
        rows.append(
            (
                Contribution(
                    event=event, kind=ContributionKind.TALK, title=title, language="kk",
                    abstract="Тақырып конференцияның мақсатына сәйкес келмеді.",
                    status=ContributionStatus.DECLINED,
                    details={"aims": title, "findings": "—"},
                ),
                [person],
            )
        )  # fmt: skip
    for contribution, writers in rows:
        contribution.submitted_by = writers[0]
        contribution.decided_by = facilitator
        contribution.decided_at = decided
    Contribution.objects.bulk_create([row[0] for row in rows])
    accepted["plenary"] = rows[0][0]
    ContributionAuthor.objects.bulk_create(
        ContributionAuthor(
            contribution=contribution,
            order=order,
            user=person,
            name=str(person),
            email=person.email,
            affiliation=str(person.profile.school) if person.profile.school else "",
        )
        for contribution, writers in rows
        for order, person in enumerate(writers, start=1)
    )
    return accepted


def _conference_programme(
    event: Event, chairs: list[User], accepted: dict[str, Contribution]
) -> None:
    """The programme: plenary, the Kazakh and Russian sections, a break, the poster session
    and the free microphone, chaired by its organisers (``chairs``, the first its creator);
    every accepted contribution placed."""
    facilitator = chairs[0]
    start = timezone.localtime(event.starts_at)
    day = start.date()

    def session(kind: str, title: str, begins: tuple[int, int], ends: tuple[int, int]) -> Session:
        return programme.session_save(
            actor=facilitator, event=event, kind=kind, title=title,
            starts_at=_at(day, *begins), ends_at=_at(day, *ends),
            online_url=ZOOM if kind != SessionKind.BREAK else "",
        )  # fmt: skip

    plenary = session(
        SessionKind.PLENARY, "Пленарлық отырыс / Пленарное заседание", (10, 0), (11, 0)
    )
    kazakh = session(SessionKind.SECTION, "1-секция: зерттеу сабағы", (11, 15), (13, 0))
    russian = session(SessionKind.SECTION, "Секция 2: исследовательский урок", (11, 15), (13, 0))
    session(SessionKind.BREAK, "Үзіліс / Перерыв", (13, 0), (14, 0))
    posters = session(SessionKind.POSTER, "Постерлік сессия / Постерная сессия", (14, 0), (15, 0))
    free = session(
        SessionKind.FREE_MICROPHONE, "Еркін микрофон / Свободный микрофон", (15, 0), (16, 0)
    )
    for chaired, chair in zip((plenary, kazakh, russian, free), chairs, strict=True):
        programme.chair_add(actor=facilitator, session=chaired, user=chair)
    programme.slot_place(actor=facilitator, session=plenary, contribution=accepted["plenary"])
    programme.slot_place(actor=facilitator, session=plenary, contribution=accepted["group"])
    rest = Contribution.objects.filter(event=event, status=ContributionStatus.ACCEPTED).exclude(
        pk__in=[accepted["plenary"].pk, accepted["group"].pk]
    )
    for contribution in rest.order_by("pk"):
        if contribution.kind == ContributionKind.POSTER:
            target = posters
        else:
            target = kazakh if contribution.language == "kk" else russian
        programme.slot_place(actor=facilitator, session=target, contribution=contribution)


# --- The seminar ----------------------------------------------------------------------------


def seminar(people: dict[str, User], crowd: Crowd) -> Event:
    """School №12's bilingual seminar: its room full, three waiting, a seat offered."""
    principal = people["principal@demo.ortaq.kz"]
    teacher = people["teacher@demo.ortaq.kz"]
    school = School.objects.get(bin="050440424451")
    now = timezone.now()
    day = timezone.localdate() + timedelta(days=12)
    event = services.event_create(
        actor=principal,
        organiser=Organiser(OrganiserKind.SCHOOL, school=school),
        data={
            "kind": EventKind.SEMINAR,
            "title_kk": "Біріктірілген сыныптағы формативті бағалау",
            "title_ru": "Формативное оценивание в объединённых классах",
            "title_en": "Formative assessment in combined classes",
            "description_kk": (
                "Шағын жинақты мектептердің мұғалімдеріне арналған практикалық семинар: бір "
                "сабақта екі сыныпқа критерийлер мен дескрипторлар құру, кері байланыс беру.\n\n"
                "Семинар қазақ және орыс тілдерінде өтеді. Өз сабағыңыздың жоспарын ала келіңіз."
            ),
            "description_ru": (
                "Практический семинар для учителей малокомплектных школ: критерии и дескрипторы "
                "для двух классов на одном уроке, обратная связь ученикам.\n\n"
                "Семинар проходит на казахском и русском языках. Возьмите с собой план своего "
                "урока."
            ),
            "starts_at": _at(day, 10),
            "ends_at": _at(day, 13),
            "mode": Mode.IN_PERSON,
            "venue": "Қарасай ауданы, №12 жалпы білім беретін мектеп, мәжіліс залы",
            "languages": ["kk", "ru"],
            "capacity": 25,
            "registration_opens_at": now - timedelta(days=10),
            "registration_closes_at": _at(day, 10) - timedelta(days=1),
            "audience_small_scale": True,
            "hours": 3,
        },
    )
    event = services.event_publish(actor=principal, event=event)
    services.question_add(
        actor=principal,
        event=event,
        text="Қай сыныптарда сабақ бересіз? / В каких классах вы преподаёте?",
        kind="choice",
        choices="1–4\n5–9\n10–11",
    )
    guests = crowd.take(27)
    _register(event, guests[:24], RegistrationRole.PARTICIPANT)
    services.registration_register(
        actor=people["aliya@demo.ortaq.kz"], event=event, now=now - timedelta(days=5)
    )
    # The room is full: she waits, first, and three after her.
    services.registration_register(actor=teacher, event=event, now=now - timedelta(days=3))
    _register(
        event, guests[24:], RegistrationRole.PARTICIPANT,
        status=RegistrationStatus.WAITING, waiting_since=now - timedelta(days=2),
    )  # fmt: skip
    # Someone gives her seat up today: it is offered to the first waiting, for 48 hours.
    freed = Registration.objects.get(event=event, user=guests[0])
    services.registration_cancel(actor=guests[0], registration=freed)
    return event


# --- The round table ------------------------------------------------------------------------

RECOMMENDATIONS_KK = """Дөңгелек үстелге қатысушылар мыналарды ұсынады:

1. Шағын жинақты мектептердің мұғалімдеріне біріктірілген сыныпқа арналған бағалау
   критерийлерінің үлгілерін аудан бойынша бірге әзірлеу.
2. Әр тоқсанда көрші мектептермен онлайн Lesson Study отырысын өткізу.
3. Аудандық әдістемелік кабинетте шағын мектептер басшыларының тұрақты кеңесін құру.
4. Жас мұғалімдерге тәжірибелі әріптестерден тәлімгер бекіту."""
RECOMMENDATIONS_RU = """Участники круглого стола рекомендуют:

1. Разработать вместе по району образцы критериев оценивания для объединённых классов.
2. Проводить каждую четверть онлайн-встречу Lesson Study с соседними школами.
3. Создать при районном методическом кабинете постоянный совет руководителей
   малокомплектных школ.
4. Закрепить за молодыми учителями наставников из опытных коллег."""


def round_table(people: dict[str, User]) -> Event:
    """The region's office with the heads of its small-scale schools, and its recommendations."""
    coordinator = people["coordinator@demo.ortaq.kz"]
    region = Region.objects.get(code="KZ-19")
    small = list(School.objects.filter(small_scale=True).order_by("region__code", "pk"))
    heads = make_crowd(len(small), schools=small, start=9001, in_turn=True)
    for head, school in zip(heads.people, small, strict=True):
        role_grant(actor=None, user=head, role=Role.PRINCIPAL, target=school)
    day = timezone.localdate() - timedelta(days=18)
    start, end = _at(day, 15), _at(day, 17, 30)
    event = services.event_create(
        actor=coordinator,
        organiser=Organiser(OrganiserKind.OFFICE, region=region),
        data={
            "kind": EventKind.ROUND_TABLE,
            "title_kk": "Шағын жинақты мектеп: басшылардың дөңгелек үстелі",
            "title_ru": "Малокомплектная школа: круглый стол руководителей",
            "title_en": "Small schools round table",
            "description_kk": (
                "Шағын жинақты мектептер басшылары біріктірілген сыныптарда оқытуды, "
                "мұғалімдердің біліктілігін арттыруды және мектептер арасындағы ынтымақтастықты "
                "талқылайды."
            ),
            "description_ru": (
                "Руководители малокомплектных школ обсуждают обучение в объединённых классах, "
                "повышение квалификации учителей и сотрудничество между школами."
            ),
            "starts_at": start,
            "ends_at": end,
            "mode": Mode.BOTH,
            "venue": "Қаскелең қ., Қарасай аудандық білім бөлімі, 2-қабат",
            "online_url": "https://zoom.us/j/84512390044",
            "languages": ["kk", "ru"],
            "audience_kk": "Шағын жинақты мектептердің басшылары",
            "audience_ru": "Руководители малокомплектных школ",
            "audience_region": region,
            "audience_small_scale": True,
            "hours": 2,
        },
    )
    event = services.event_publish(actor=coordinator, event=event)
    _register(event, heads.people, RegistrationRole.PARTICIPANT)
    _register(event, [people["principal@demo.ortaq.kz"]], RegistrationRole.PARTICIPANT)
    # Four came to the office (ticked), the rest joined online through their links.
    here = [h for h in heads.people if h.profile.school and h.profile.school.region_id == region.pk]
    ticked = set(
        Registration.objects.filter(event=event, user__in=here).values_list("pk", flat=True)
    )
    attendance.tick(actor=coordinator, event=event, present=ticked, shown=ticked)
    Attendance.objects.bulk_create(
        Attendance(event=event, user=head, source=AttendanceSource.JOIN_LINK, minutes=140)
        for head in heads.people
        if head not in here
    )
    _dated(Attendance.objects.filter(event=event), start)
    after.outcome_publish(
        actor=coordinator, event=event, kk=RECOMMENDATIONS_KK, ru=RECOMMENDATIONS_RU, en=""
    )
    rng = random.Random(163)  # noqa: S311 (made-up data, reproducible)
    _feedback(event, heads.people[:5], rng, ["Пайдалы кездесу, рахмет!", "Нужно встречаться чаще."])
    _certify(event)
    return event


# --- The camp -------------------------------------------------------------------------------

TEAMS = (
    # school's BIN, team name, pupils, grades, result (None: declined, the camp was full)
    ("050440424451", "Зерттеушілер", 8, "6–7", "I орын"),
    ("060940197725", "Жандосов жұлдыздары", 5, "3–4", "«Үздік зерттеу жобасы» номинациясы"),
    ("071140517506", "Абай ізбасарлары", 10, "7–8", "II орын"),
    ("081240853194", "Бесағаш барыстары", 6, "5–6", "III орын"),
    ("050740400019", "Бекболат", 6, "4–5", None),
)


def camp(people: dict[str, User]) -> Event:
    """The association's summer camp: four teams accepted (its room), one declined."""
    facilitator = people["facilitator@demo.ortaq.kz"]
    association = Association.objects.get(slug=SLUG)
    today = timezone.localdate()
    year = today.year if today > date(today.year, 7, 20) else today.year - 1
    event = services.event_create(
        actor=facilitator,
        organiser=Organiser(OrganiserKind.ASSOCIATION, association=association),
        data={
            "kind": EventKind.CAMP,
            "title_kk": "«Жас зерттеуші» жазғы лагері",
            "title_ru": "Летний лагерь «Юный исследователь»",
            "title_en": "Summer research camp",
            "description_kk": (
                "Қауымдастық мектептерінің оқушылар командалары бес күн бойы табиғатты зерттеп, "
                "жобаларын қорғайды. Командаларды мұғалімдер басқарады."
            ),
            "description_ru": (
                "Команды учеников школ ассоциации пять дней исследуют природу и защищают свои "
                "проекты. Команды ведут учителя."
            ),
            "starts_at": _at(date(year, 7, 6), 9),
            "ends_at": _at(date(year, 7, 10), 17),
            "mode": Mode.IN_PERSON,
            "venue": "Талғар ауданы, «Алатау» жазғы лагері",
            "languages": ["kk", "ru"],
            "capacity": 4,
            "hours": 36,
        },
    )
    event = services.event_publish(actor=facilitator, event=event)
    leaders = {
        "060940197725": [people["teacher@demo.ortaq.kz"]],
        "050740400019": [people["gaukhar@demo.ortaq.kz"]],
    }
    # Two teachers of each of the other schools lead theirs.
    others = list(
        School.objects.filter(bin__in=["050440424451", "071140517506", "081240853194"]).order_by(
            "pk"
        )
    )
    crowd = make_crowd(2 * len(others), schools=others, start=9101, in_turn=True)
    for bin_, name, pupils, grades, result in TEAMS:
        school = School.objects.get(bin=bin_)
        leading = leaders.get(bin_) or crowd.at(school)
        team = teams.team_apply(
            actor=leading[0], event=event, name=name, teachers=leading, pupils=pupils,
            grades=grades,
        )  # fmt: skip
        team = teams.team_decide(actor=facilitator, team=team, accept=result is not None)
        if result is not None:
            teams.team_result(actor=facilitator, team=team, result=result)
    _certify(event)
    return event


def load(people: dict[str, User], *, participants: int = PARTICIPANTS) -> None:
    """The four events; ``participants``: the conference's listeners (572; the tests that go
    through every page take fewer, at least ``MIN_PARTICIPANTS``)."""
    if participants < MIN_PARTICIPANTS:
        raise ValueError(f"the conference needs at least {MIN_PARTICIPANTS} participants")
    # Read again: the teachers' import gave some of them their schools after they were made.
    fresh = User.objects.select_related("profile__school").in_bulk([p.pk for p in people.values()])
    people = {email: fresh[person.pk] for email, person in people.items()}
    schools = list(School.objects.order_by("pk"))
    # Of the conference's people, the demo's own are its creator (an organiser), the Lesson
    # Study group's three speakers, a poster presenter and the teacher (a participant).
    conference_crowd = ORGANISERS - 1 + SPEAKERS - 3 + POSTERS - 1 + participants - 1
    crowd = make_crowd(conference_crowd, schools=schools)
    conference(people, crowd, participants)
    # The seminar's guests are some of the conference's listeners.
    seminar(people, Crowd(crowd.people[crowd.given - participants + 1 :]))
    round_table(people)
    camp(people)
