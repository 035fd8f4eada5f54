"""Build the objects tests need: people, schools, courses (through the services trainers
use), circles, members and projects (written straight to the database: the services have their
own tests), questions to methodologists, and associations of schools."""

import datetime
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import factory
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from ortaq.accounts.models import Profile, User
from ortaq.accounts.services import role_grant
from ortaq.communities.choices import (
    CircleKind,
    Consulted,
    Criterion,
    EvidenceKind,
    MemberRole,
    MembershipStatus,
    Stage,
    Visibility,
)
from ortaq.communities.models import Circle, Membership, Project
from ortaq.communities.services import projects as project_services
from ortaq.consultations.choices import Topic
from ortaq.consultations.models import Question
from ortaq.consultations.services import answer_add, question_ask
from ortaq.core.roles import Role
from ortaq.courses.choices import ActivityKind, QuestionKind
from ortaq.courses.models import Activity, Course, Enrollment, QuizAttempt
from ortaq.courses.services import (
    ActivityFields,
    ChoiceFields,
    CourseFields,
    QuestionFields,
    activity_save,
    assessment_items_set,
    course_create,
    course_publish,
    enrollment_create,
    module_save,
    question_save,
)
from ortaq.events.models import Event
from ortaq.networks.choices import Steward
from ortaq.networks.models import Appointment, Association, MemberSchool, NewsPost
from ortaq.schools.choices import InstructionLanguage, Locality
from ortaq.schools.models import District, Region, School
from ortaq.testing.files import PDF
from ortaq.testing.utils import valid_id_number

# People ----------------------------------------------------------------------------------------


PASSWORD = "a-long-test-password-2026"
# A name holds no digits (ortaq.core.names): people are numbered with letters instead.
SPELLED = str.maketrans("0123456789", "әбвгдежзик")


class UserFactory(factory.django.DjangoModelFactory[User]):
    """A person with a usable password, a confirmed e-mail and a profile."""

    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.kz")
    last_name = factory.Sequence(lambda n: f"Тестова-{str(n).translate(SPELLED)}")
    first_name = "Айгүл"
    password = factory.django.Password(PASSWORD)

    @factory.post_generation
    def profile(obj: User, create: bool, extracted: Any, **kwargs: Any) -> None:  # noqa: N805
        from allauth.account.models import EmailAddress

        if not create:
            return
        fields = {"iin": None, **kwargs}
        Profile.objects.update_or_create(user=obj, defaults=fields)
        EmailAddress.objects.get_or_create(
            user=obj, email=obj.email, defaults={"primary": True, "verified": True}
        )


def make_user(**kwargs: Any) -> User:
    """A saved person (typed: factory_boy's calls are not)."""
    user: User = UserFactory(**kwargs)  # type: ignore[assignment]
    return user


def iin() -> str:
    return valid_id_number("8503124")


# Schools ---------------------------------------------------------------------------------------


class RegionFactory(factory.django.DjangoModelFactory[Region]):
    """The regions come from a migration: this fetches one by its code."""

    class Meta:
        model = Region
        django_get_or_create = ("code",)

    code = "KZ-19"


class DistrictFactory(factory.django.DjangoModelFactory[District]):
    class Meta:
        model = District

    region = factory.SubFactory(RegionFactory)
    name_kk = factory.Sequence(lambda n: f"Аудан {n}")
    name_ru = factory.Sequence(lambda n: f"Район {n}")


def _district(school: Any) -> District:
    district: District = DistrictFactory(region=school.region)  # type: ignore[assignment]
    return district


class SchoolFactory(factory.django.DjangoModelFactory[School]):
    class Meta:
        model = School

    name_kk = factory.Sequence(lambda n: f"№{n} мектеп")
    name_ru = factory.Sequence(lambda n: f"Школа №{n}")
    bin = factory.LazyFunction(lambda: valid_id_number("0504404"))
    region = factory.SubFactory(RegionFactory)
    district = factory.LazyAttribute(_district)
    locality = Locality.RURAL
    small_scale = False
    pupils = 300
    languages = InstructionLanguage.KAZAKH
    multigrade = False


def make_school(**kwargs: Any) -> School:
    """A saved school (typed: factory_boy's calls are not)."""
    school: School = SchoolFactory(**kwargs)  # type: ignore[assignment]
    return school


# Courses ---------------------------------------------------------------------------------------


@dataclass
class Built:
    """A course with its trainer, and its activities by kind (the first of each kind)."""

    course: Course
    trainer: User
    activities: list[Activity] = field(default_factory=list)

    def first(self, kind: str) -> Activity:
        return next(a for a in self.activities if a.kind == kind)


def make_trainer(**kwargs: Any) -> User:
    """A trainer of a region: she may write courses and change her own, not other trainers'.

    (A trainer of the whole country would be a trainer of every course.)
    """
    trainer = make_user(**kwargs)
    role_grant(actor=None, user=trainer, role=Role.TRAINER, target=Region.objects.get(code="KZ-71"))
    return trainer


def activity_fields(kind: str, title: str, **extra: Any) -> ActivityFields:
    """Fields that make a valid activity of ``kind``."""
    kinds: dict[str, dict[str, Any]] = {
        ActivityKind.PAGE: {"body": "Read *this*."},
        ActivityKind.VIDEO: {"video_url": "https://video.example.kz/v.mp4", "transcript": "Words."},
        ActivityKind.QUIZ: {"pass_mark": 50},
        ActivityKind.REFLECTION: {"body": "What did you learn?"},
        ActivityKind.DISCUSSION: {"body": "Talk."},
        ActivityKind.INTERACTIVE: {"embed_url": "https://learningapps.org/watch?v=p1"},
        ActivityKind.FILE: {
            "uploads": {"file": SimpleUploadedFile("h.pdf", PDF, "application/pdf")}
        },
    }
    return ActivityFields(kind=kind, title=title, **{**kinds[kind], **extra})


def add_quiz_questions(trainer: User, quiz: Activity) -> None:
    """A one-answer question and a true/false one: both right gives 100%, one right 50%."""
    question_save(
        actor=trainer,
        activity=quiz,
        data=QuestionFields(
            kind=QuestionKind.SINGLE,
            text="2 + 2?",
            choices=(ChoiceFields("4", True), ChoiceFields("5", False)),
        ),
    )
    question_save(
        actor=trainer,
        activity=quiz,
        data=QuestionFields(
            kind=QuestionKind.TRUE_FALSE, text="The sky is green.", true_false_answer=False
        ),
    )


def make_course(
    *,
    kinds: Sequence[str] = (ActivityKind.PAGE, ActivityKind.VIDEO, ActivityKind.QUIZ),
    modules: int = 1,
    language: str = "kk",
    self_assessment: bool = False,
    publish: bool = True,
    trainer: User | None = None,
    title: str = "Инклюзивті білім беру",
    **course_fields: Any,
) -> Built:
    """A course with ``modules`` modules, each holding one activity of every kind in ``kinds``."""
    trainer = trainer or make_trainer()
    course = course_create(
        actor=trainer,
        language=language,
        data=CourseFields(
            title=title, summary="A course.", hours=24, self_assessment=self_assessment,
            **course_fields,
        ),
    )  # fmt: skip
    built = Built(course=course, trainer=trainer)
    if self_assessment:
        assessment_items_set(actor=trainer, course=course, items=["I know A", "I can do B"])
    for number in range(modules):
        module = module_save(actor=trainer, course=course, title=f"Module {number + 1}")
        for kind in kinds:
            activity = activity_save(
                actor=trainer, module=module, data=activity_fields(kind, f"{kind} {number + 1}")
            )
            if kind == ActivityKind.QUIZ:
                add_quiz_questions(trainer, activity)
            built.activities.append(activity)
    if publish:
        course_publish(actor=trainer, course=course)
    course.refresh_from_db()
    return built


def enrol(user: User, course: Course) -> Enrollment:
    return enrollment_create(actor=user, course=course)


# Circles and projects --------------------------------------------------------------------------


def make_circle(
    *,
    school: School | None = None,
    visibility: str = Visibility.MEMBERS,
    facilitator: User | None = None,
    members: tuple[User, ...] = (),
    **fields: Any,
) -> Circle:
    """A school's circle (a new school unless given) with a facilitator and members."""
    school = school or make_school()
    circle = Circle.objects.create(
        name=fields.pop("name", f"{school.name_kk}: кәсіби оқу үйірмесі"),
        kind=CircleKind.SCHOOL,
        school=school,
        region_id=school.region_id,
        district_id=school.district_id,
        visibility=visibility,
        **fields,
    )
    add_member(circle, facilitator or make_user(), role=MemberRole.FACILITATOR)
    for member in members:
        add_member(circle, member)
    return circle


def add_member(
    circle: Circle,
    user: User,
    *,
    role: str = MemberRole.MEMBER,
    status: str = MembershipStatus.ACTIVE,
    **fields: Any,
) -> Membership:
    membership, _created = Membership.objects.update_or_create(
        circle=circle,
        user=user,
        defaults={"role": role, "status": status, "joined_at": timezone.now(), **fields},
    )
    return membership


def facilitator_of(circle: Circle) -> User:
    return User.objects.filter(
        circle_memberships__circle=circle, circle_memberships__role=MemberRole.FACILITATOR
    ).first()  # type: ignore[return-value]


def make_project(
    *, owner: User | None = None, circle: Circle | None = None, **fields: Any
) -> Project:
    """A project of a member of ``circle`` (a new circle and teacher unless given)."""
    circle = circle or make_circle()
    owner = owner or make_user()
    add_member(circle, owner)
    return Project.objects.create(
        owner=owner,
        circle=circle,
        title=fields.pop("title", "Оқушылардың оқу сауаттылығы"),
        **fields,
    )


PROJECT_DAY = datetime.date(2026, 10, 5)
SUMMARY = " ".join(["Оқушылар мәтінді түсініп оқуды үйренді."] * 80)  # 400 words
ALL_FULL = {c.value: 2 for c in Criterion}


def fill_stage(project: Project, stage: int) -> None:
    owner = project.owner
    if stage == Stage.CONCERN:
        project_services.project_update(
            actor=owner, project=project, stage=stage,
            data={"values": "Әр бала оқи алады.", "concern": "Оқушылар мәтінді түсінбейді."},
        )  # fmt: skip
    elif stage == Stage.CONSULTATION:
        project_services.consultation_add(
            actor=owner, project=project, consulted=Consulted.COLLEAGUES, who="Бастауыш",
            said="Оқу сағатын қосайық.", on_date=PROJECT_DAY,
        )  # fmt: skip
    elif stage == Stage.PLAN:
        project_services.project_update(
            actor=owner, project=project, stage=stage,
            data=dict.fromkeys(project_services.STAGE_FIELDS[Stage.PLAN], "Жоспар"),
        )  # fmt: skip
    elif stage == Stage.LEADING:
        project_services.log_add(
            actor=owner, project=project, on_date=PROJECT_DAY, text="Оқу клубы ашылды."
        )
    elif stage == Stage.EVIDENCE:
        project_services.evidence_add(
            actor=owner, project=project, kind=EvidenceKind.SURVEY, caption="Сауалнама",
            text="80% оқушы кітап оқиды.",
        )  # fmt: skip
    elif stage == Stage.SHARING:
        project_services.project_update(
            actor=owner, project=project, stage=stage,
            data={"presentation_title": "Оқу клубы", "presented_at": "Аудандық семинар",
                  "summary": SUMMARY},
        )  # fmt: skip


def take_to_portfolio(project: Project) -> Project:
    for stage in range(Stage.CONCERN, Stage.PORTFOLIO):
        fill_stage(project, stage)
        project_services.project_advance(actor=project.owner, project=project)
    project.refresh_from_db()
    return project


# Consultations ---------------------------------------------------------------------------------


def ask(asker: User, **fields: Any) -> Question:
    """A question from ``asker`` (who must name a school on her profile)."""
    return question_ask(
        actor=asker,
        topic=fields.pop("topic", Topic.MULTIGRADE),
        title=fields.pop("title", "Біріктірілген сыныпта сабақты қалай жоспарлаймын?"),
        body=fields.pop("body", "2 және 4 сыныптар бірге оқиды, Айгерім Сейітова, Жандосов."),
    )


def answered(asker: User, methodologist: User, **fields: Any) -> Question:
    question = ask(asker, **fields)
    answer_add(actor=methodologist, question=question, body="Ортақ тақырып алыңыз.")
    question.refresh_from_db()
    return question


# Associations of schools -----------------------------------------------------------------------


def make_association(
    *,
    region: Region | None = None,
    schools: Sequence[School] = (),
    coordinators: Sequence[User] = (),
    editor: User | None = None,
    news: int = 0,
    **fields: Any,
) -> Association:
    """An association of ``region`` (Almaty region unless given) with member schools, its
    coordinators (one new teacher unless given), an editor and ``news`` news posts."""
    region = region or Region.objects.get(code="KZ-19")
    number = Association.objects.count() + 1
    association = Association.objects.create(
        slug=fields.pop("slug", f"association-{number}-{region.code.lower()}"),
        region=region,
        name_kk=fields.pop("name_kk", f"№{number} мектептер қауымдастығы"),
        name_ru=fields.pop("name_ru", f"Ассоциация школ №{number}"),
        about_kk=fields.pop("about_kk", "Мектептер бірге *зерттейді*."),
        about_ru=fields.pop("about_ru", "Школы вместе *исследуют*."),
        **fields,
    )
    for school in schools:
        MemberSchool.objects.create(association=association, school=school)
    for person in coordinators or [make_user()]:
        Appointment.objects.create(association=association, user=person, role=Steward.COORDINATOR)
    if editor is not None:
        Appointment.objects.create(association=association, user=editor, role=Steward.EDITOR)
    author = association.appointments.first()
    for n in range(news):
        NewsPost.objects.create(
            association=association,
            title=f"Жаңалық {n + 1}",
            body=f"Қауымдастықтың **{n + 1}-жаңалығы**.",
            language="kk",
            author=author.user if author else None,
        )
    return association


# Events -----------------------------------------------------------------------------------------


def make_event(
    *,
    organiser: User | None = None,
    status: str = "published",
    capacity: int | None = None,
    starts_in: datetime.timedelta | None = None,
    hours_long: int = 3,
    **fields: Any,
) -> Event:
    """A published seminar held by ``organiser`` in her own name (a new trainer unless given),
    starting in a week (``starts_in``), in Kazakh and Russian, online and in person."""
    organiser = organiser or make_trainer()
    start = timezone.now() + (starts_in if starts_in is not None else datetime.timedelta(days=7))
    number = Event.objects.count() + 1
    defaults: dict[str, Any] = {
        "slug": f"event-{number}",
        "kind": "seminar",
        "title_kk": f"Семинар №{number}",
        "title_ru": f"Семинар №{number}",
        "description_kk": "Lesson Study туралы семинар.",
        "description_ru": "Семинар о Lesson Study.",
        "organiser_kind": "person",
        "organiser_person": organiser,
        "starts_at": start,
        "ends_at": start + datetime.timedelta(hours=hours_long),
        "mode": "both",
        "venue": "Алматы, №1 мектеп",
        "online_url": "https://meet.example.org/secret-room",
        "languages": "kk ru",
        "capacity": capacity,
        "status": status,
        "published_at": timezone.now() if status == "published" else None,
        "created_by": organiser,
    }
    defaults.update(fields)
    return Event.objects.create(**defaults)


def right_answers(attempt: QuizAttempt) -> dict[int, list[int] | str]:
    """The right answer to each question of a quiz attempt, as ``quiz_submit`` takes them."""
    answers: dict[int, list[int] | str] = {}
    for question in attempt.activity.questions.prefetch_related("choices"):
        if question.kind == "true_false":
            answers[question.pk] = [int(bool(question.true_false_answer))]
        else:
            answers[question.pk] = [c.pk for c in question.choices.all() if c.correct]
    return answers
