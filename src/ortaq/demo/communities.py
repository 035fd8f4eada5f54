"""The demo's circles, projects and consultations: a rural school's circle with a facilitator,
two meetings, a lively thread in Kazakh and three projects at different stages (one with an
accepted portfolio); a network of Karasai district's small-scale schools, with two answered
consultations. Everything goes through the services that teachers and facilitators use."""

import datetime

from django.utils import timezone

from ortaq.accounts.models import User
from ortaq.communities.choices import (
    CircleKind,
    Consulted,
    Criterion,
    EvidenceKind,
    Notify,
    Stage,
    Visibility,
)
from ortaq.communities.models import Circle, Project
from ortaq.communities.services import circles, discussions, meetings, projects
from ortaq.consultations.choices import Topic
from ortaq.consultations.services import answer_add, question_ask, question_publish
from ortaq.core.models import Subject
from ortaq.schools.models import School

SCHOOL_12 = "050440424451"
SMALL_SCHOOLS = ("060940197725", "050740400019", "060840100025")

SUMMARY = (
    "Біздің ауылдық мектепте бесінші сынып оқушыларының көбі мәтінді оқиды, бірақ түсінбейді: "
    "сұраққа жауап бергенде мәтіннен сөйлемді көшіріп жазады. Мен осы мәселені өз тәжірибемнен "
    "алып, әріптестеріммен бірге шешуге тырыстым. Алдымен бастауыш сынып мұғалімдерімен, "
    "оқушылармен және ата-аналармен сөйлестім. Мұғалімдер оқушылар мәтінді дауыстап оқуға "
    "үйренгенін, ал ойланып оқуға уақыт аз бөлінетінін айтты. Оқушылар қызықты кітап аз "
    "екенін, ата-аналар үйде бірге оқуға уақыт таппайтынын айтты. "
) * 6 + (
    "Жоспар бойынша аптасына бір рет оқу клубы өтті: оқушылар шағын топта бір мәтінді оқып, "
    "бір-біріне сұрақ қойды. Әр сабақта «оқу алдында, оқу кезінде, оқудан кейін» тәсілін "
    "қолдандым. Әріптестерім өз сабақтарында осы тәсілді сынап көріп, әдістемелік бірлестікте "
    "тәжірибемен бөлісті. Тоқсан соңында сауалнама мен жиынтық жұмыс нәтижесі бойынша мәтінді "
    "түсініп оқитын оқушылар үлесі 45 пайыздан 70 пайызға өсті. "
) * 4


def load(people: dict[str, User]) -> None:
    facilitator = people["facilitator@demo.ortaq.kz"]
    coordinator = people["coordinator@demo.ortaq.kz"]
    now = timezone.now()
    school = School.objects.get(bin=SCHOOL_12)
    circle = circles.circle_create(
        actor=facilitator,
        data=circles.CircleFields(
            name="№12 мектептің кәсіби оқу үйірмесі",
            purpose=(
                "Мұғалімдер бір-бірінен үйренеді: айына екі рет кездесеміз, сабақтарды бірге "
                "талдаймыз, әрқайсымыз өз тәжірибемізден бір мәселені алып, даму жобасын "
                "жүргіземіз."
            ),
            kind=CircleKind.SCHOOL,
            visibility=Visibility.MEMBERS,
            language="kk",
            school=school,
        ),
    )
    members = [
        people[e]
        for e in (
            "principal@demo.ortaq.kz",
            "graduate@demo.ortaq.kz",
            "aliya@demo.ortaq.kz",
            "marat@demo.ortaq.kz",
            "dinara@demo.ortaq.kz",
        )
    ]
    circles.members_invite_emails(
        actor=facilitator, circle=circle, emails=[m.email for m in members]
    )
    for member in members:
        circles.invitation_answer(actor=member, circle=circle, accept=True)
    circles.notify_set(actor=people["dinara@demo.ortaq.kz"], circle=circle, notify=Notify.EACH_POST)

    held = meetings.meeting_save(
        actor=facilitator,
        circle=circle,
        starts_at=now - datetime.timedelta(days=14),
        duration_minutes=90,
        place="Мектеп кітапханасы",
        agenda="1. Оқу сауаттылығы: не байқадық?\n2. Даму жобаларының тақырыптары.",
    )
    meetings.meeting_notes_save(
        actor=facilitator,
        meeting=held,
        notes=(
            "Әр мұғалім өз мәселесін айтты. Әсел оқу клубы туралы жобасын ұсынды, Әлия "
            "жазылым дағдысын, Марат математикалық есептердің шартын түсінуді алды. "
            "Келесі кездесуде жоспарларды талқылаймыз."
        ),
    )
    meetings.attendance_record(
        actor=facilitator,
        meeting=held,
        present=[facilitator.pk, *[m.pk for m in members[:4]]],
    )
    meetings.meeting_save(
        actor=facilitator,
        circle=circle,
        starts_at=(now + datetime.timedelta(days=7)).replace(hour=10, minute=0),
        duration_minutes=60,
        place="Мұғалімдер бөлмесі",
        online_url="https://meet.example.kz/ortaq-12",
        agenda="Даму жоспарларын бір-бірімізге таныстырамыз.",
    )
    _thread(circle, facilitator, people)
    _projects(circle, facilitator, people)
    _network(coordinator, people)


def _thread(circle: Circle, facilitator: User, people: dict[str, User]) -> None:
    """A lively thread in Kazakh, with a mention, and one pinned."""
    pinned = discussions.thread_create(
        actor=facilitator,
        circle=circle,
        title="Үйірменің ережелері мен кездесу кестесі",
        body=(
            "Құрметті әріптестер! Кездесулер айына екі рет, сейсенбі күні сағат 15:00-де. "
            "Талқылауда бір-бірімізді құрметтейміз, оқушылардың аты-жөнін жазбаймыз."
        ),
    )
    discussions.thread_pin(actor=facilitator, thread=pinned, pinned=True)
    asel, aliya, marat, dinara = (
        people[e]
        for e in (
            "graduate@demo.ortaq.kz",
            "aliya@demo.ortaq.kz",
            "marat@demo.ortaq.kz",
            "dinara@demo.ortaq.kz",
        )
    )
    thread = discussions.thread_create(
        actor=asel,
        circle=circle,
        title="Оқушылар мәтінді түсініп оқуы үшін не істейміз?",
        body=(
            "Бесінші сыныпта байқағаным: балалар мәтінді оқиды, бірақ сұраққа жауап бергенде "
            "сөйлемді көшіріп жазады. Сіздердің сыныптарыңызда да солай ма?"
        ),
    )
    for author, body in (
        (aliya, "Иә, жетінші сыныпта да солай. Мен сұрақтарды «неге?» деп бастауға тырысамын."),
        (marat, "Математикада да осы мәселе: есептің шартын түсінбей, сандарды қоса салады."),
        (
            dinara,
            "Биологияда сызбамен жұмыс көмектеседі: алдымен суретке қарап болжам жасаймыз, "
            "сосын мәтінді оқимыз.",
        ),
        (
            facilitator,
            "Жақсы бастама! @graduate, оқу клубы туралы ойыңызды келесі кездесуде "
            "таныстырсаңыз қайтеді? Даму жобасына айналдыруға болады.",
        ),
        (asel, "Келісемін, жоспарын дайындап әкелемін. Кітапханашымен де сөйлестім."),
        (aliya, "Мен де жазылым бойынша жоба бастағым келеді. Кімде үлгі бар?"),
    ):
        discussions.post_reply(actor=author, thread=thread, body=body)


def _advance(project: Project) -> None:
    projects.project_advance(actor=project.owner, project=project)


def _projects(circle: Circle, facilitator: User, people: dict[str, User]) -> None:
    day = timezone.localdate()
    reading = Subject.objects.filter(code="russian-literature").first()
    asel = people["graduate@demo.ortaq.kz"]
    accepted = projects.project_create(
        actor=asel, circle=circle, title="Оқу клубы: мәтінді түсініп оқу", subject=reading,
        theme="оқу сауаттылығы",
    )  # fmt: skip
    owner = asel
    projects.project_update(
        actor=owner, project=accepted, stage=Stage.CONCERN,
        data={"values": "Әр бала кітапты сүйіп оқи алады деп сенемін.",
              "concern": "Бесінші сынып оқушылары мәтінді оқиды, бірақ мағынасын түсінбейді."},
    )  # fmt: skip
    _advance(accepted)
    for consulted, who, said in (
        (Consulted.COLLEAGUES, "бастауыш сынып мұғалімдері", "Ойланып оқуға уақыт аз бөлінеді."),
        (Consulted.PUPILS, "5-сынып", "Қызықты кітаптар аз, топпен оқығымыз келеді."),
        (Consulted.PARENTS, "ата-аналар жиналысы", "Үйде бірге оқуға уақыт таппаймыз."),
    ):
        projects.consultation_add(
            actor=owner, project=accepted, consulted=consulted, who=who, said=said,
            on_date=day - datetime.timedelta(days=80),
        )  # fmt: skip
    _advance(accepted)
    projects.project_update(
        actor=owner, project=accepted, stage=Stage.PLAN,
        data={"aims": "Оқушылар мәтінді түсініп оқиды.",
              "actions": "Аптасына бір рет оқу клубы; «оқу алдында, кезінде, кейін» тәсілі.",
              "timeline": "Қазан — желтоқсан", "involved": "5-сынып, екі әріптес, кітапханашы",
              "planned_evidence": "Сауалнама, жиынтық жұмыс нәтижесі, оқушылардың күнделігі."},
    )  # fmt: skip
    _advance(accepted)
    for weeks, text in ((10, "Оқу клубы ашылды, 12 оқушы келді."),
                        (6, "Әріптестер тәсілді өз сабақтарында сынады.")):  # fmt: skip
        projects.log_add(
            actor=owner, project=accepted, on_date=day - datetime.timedelta(weeks=weeks), text=text
        )
    _advance(accepted)
    projects.evidence_add(
        actor=owner, project=accepted, kind=EvidenceKind.SURVEY, caption="Сауалнама нәтижесі",
        text="Мәтінді түсініп оқитын оқушылар үлесі 45%-дан 70%-ға өсті.",
    )  # fmt: skip
    _advance(accepted)
    projects.project_update(
        actor=owner, project=accepted, stage=Stage.SHARING,
        data={"presentation_title": "Оқу клубы ауылдық мектепте",
              "presented_at": "Қарасай ауданының әдістемелік семинары",
              "presented_on": day - datetime.timedelta(days=10), "summary": SUMMARY},
    )  # fmt: skip
    _advance(accepted)
    projects.project_submit(actor=owner, project=accepted)
    projects.comment_add(
        actor=facilitator, project=accepted, stage=Stage.EVIDENCE,
        body="Жақсы дәлел. Келесі жолы оқушылардың күнделігінен үзінді қосыңыз.",
    )  # fmt: skip
    projects.project_assess(
        actor=facilitator, project=accepted, levels={c.value: 2 for c in Criterion},
        comment="Жоба толық әрі дәлелді. Желідегі әріптестерге үлгі болады.", accept=True,
    )  # fmt: skip

    aliya = people["aliya@demo.ortaq.kz"]
    leading = projects.project_create(
        actor=aliya, circle=circle, title="Жазылым: ойды жүйелі жазу", theme="жазылым"
    )
    projects.project_update(
        actor=aliya, project=leading, stage=Stage.CONCERN,
        data={"values": "Жазу — ойлаудың айнасы.",
              "concern": "Оқушылар шығармада ойын жүйелі жеткізе алмайды."},
    )  # fmt: skip
    _advance(leading)
    projects.consultation_add(
        actor=aliya, project=leading, consulted=Consulted.COLLEAGUES,
        who="қазақ тілі әдістемелік бірлестігі",
        said="Жазу алдында жоспар құруды үйрету керек.", on_date=day - datetime.timedelta(days=30),
    )  # fmt: skip
    _advance(leading)
    projects.project_update(
        actor=aliya, project=leading, stage=Stage.PLAN,
        data={"aims": "Оқушылар жоспар бойынша жазады.", "actions": "Жазу жоспарының үлгісі.",
              "timeline": "Қараша — ақпан", "involved": "7-сынып",
              "planned_evidence": "Шығармалар, бағалау критерийлері."},
    )  # fmt: skip
    _advance(leading)
    projects.log_add(
        actor=aliya, project=leading, on_date=day - datetime.timedelta(days=5),
        text="Жоспар үлгісімен алғашқы сабақ өтті.",
    )  # fmt: skip
    projects.comment_add(
        actor=facilitator, project=leading, stage=Stage.LEADING,
        body="Әріптестеріңізді сабаққа шақырып, бақылау жүргізсеңіз қайтеді?",
    )  # fmt: skip

    marat = people["marat@demo.ortaq.kz"]
    early = projects.project_create(
        actor=marat, circle=circle, title="Есептің шартын түсіну", theme="математика"
    )
    projects.project_update(
        actor=marat, project=early, stage=Stage.CONCERN,
        data={"values": "Математика — өмірге керек ойлау.",
              "concern": "Оқушылар мәтінді есептің шартын түсінбей, сандарды қоса салады."},
    )  # fmt: skip
    _advance(early)


def _network(coordinator: User, people: dict[str, User]) -> None:
    schools = list(School.objects.filter(bin__in=SMALL_SCHOOLS))
    network = circles.circle_create(
        actor=coordinator,
        data=circles.CircleFields(
            name="Қарасай ауданының шағын жинақты мектептері",
            purpose="Біріктірілген сыныптарда сабақ жоспарлау мен бағалау бойынша тәжірибе алмасу.",
            kind=CircleKind.NETWORK,
            visibility=Visibility.SIGNED_IN,
            language="kk",
            region=schools[0].region,
            district=schools[0].district,
            schools=schools,
        ),
    )
    for email in ("teacher@demo.ortaq.kz", "gaukhar@demo.ortaq.kz", "bolat@demo.ortaq.kz"):
        circles.join_request(actor=people[email], circle=network, message="")
        membership = network.memberships.get(user=people[email])
        circles.request_decide(actor=coordinator, membership=membership, accept=True)

    aigerim = people["teacher@demo.ortaq.kz"]
    question = question_ask(
        actor=aigerim,
        topic=Topic.MULTIGRADE,
        title="2 және 4-сыныпқа бір сабақты қалай жоспарлаймын?",
        body=(
            "Біздің мектепте 2 және 4-сыныптар бір бөлмеде оқиды, барлығы 9 оқушы. Қазақ тілі "
            "сабағында екі сыныптың тақырыбы әртүрлі. Бір сабақ жоспарын қалай құрамын?"
        ),
    )
    answer = answer_add(
        actor=coordinator,
        question=question,
        body=(
            "Ортақ тақырып таңдаңыз (мысалы, «Менің ауылым»), ал оқу мақсаттарын әр сыныпқа "
            "бөлек жазыңыз. Сабақты үш бөлікке бөліңіз: бірге басталатын кіріспе, әр сынып "
            "өз тапсырмасымен жұмыс істейтін негізгі бөлім (сіз кезекпен бір сыныппен тікелей "
            "жұмыс істейсіз, екіншісі өз бетімен), және бірге қорытындылау. Бағалау "
            "критерийлерін әр сыныпқа бөлек дайындаңыз."
        ),
    )
    question_publish(
        actor=coordinator,
        question=question,
        answer=answer,
        public_title="Біріктірілген 2 және 4-сыныпқа бір сабақты қалай жоспарлау керек?",
        public_body=(
            "2 және 4-сыныптар бір бөлмеде оқиды. Қазақ тілі сабағында екі сыныптың тақырыбы "
            "әртүрлі. Бір сабақ жоспарын қалай құруға болады?"
        ),
        public_answer=answer.body,  # it names no one
    )
    bolat = people["bolat@demo.ortaq.kz"]
    second = question_ask(
        actor=bolat,
        topic=Topic.SUMMATIVE_QUARTER,
        title="Тоқсандық жиынтық бағалауды біріктірілген сыныпта қалай өткізу керек?",
        body="3 және 4-сыныптар бірге оқиды. ТЖБ-ны бір уақытта өткізуге бола ма?",
    )
    answer_add(
        actor=coordinator,
        question=second,
        body=(
            "Болады: екі сыныпқа өз спецификациясы бойынша тапсырмаларды бір уақытта беріңіз, "
            "нұсқаулықты алдымен бір сыныпқа, сосын екіншісіне түсіндіріңіз. Уақытты әр "
            "сыныптың спецификациясына сай қадағалаңыз."
        ),
    )
