"""Groups and cycles for the tests, made through the services the pages call."""

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.utils import timezone

from ortaq.accounts.models import User
from ortaq.core.models import Subject
from ortaq.lessonstudy.models import CasePupil, Cycle, Group, Note, ResearchLesson
from ortaq.lessonstudy.services import cycles as services
from ortaq.networks.models import Association
from ortaq.testing.factories import add_member, make_association, make_school, make_user


@dataclass
class Kit:
    association: Association
    coordinator: User
    group: Group
    facilitator: User
    members: list[User] = field(default_factory=list)
    expert: User | None = None


def make_group(
    *, members: int = 2, expert: bool = True, association: Association | None = None
) -> Kit:
    """A group of an association of two schools: a facilitator, ``members`` members (the
    first teaches the lessons) and, with ``expert``, a knowledgeable other from elsewhere."""
    coordinator = make_user()
    if association is None:
        school = make_school(region__code="KZ-19")
        other = make_school(region=school.region)
        association = make_association(
            region=school.region, schools=[school, other], coordinators=[coordinator]
        )
    else:
        from ortaq.networks.choices import Steward
        from ortaq.networks.models import Appointment

        Appointment.objects.create(
            association=association, user=coordinator, role=Steward.COORDINATOR
        )
    schools = [m.school for m in association.member_schools.select_related("school")]
    facilitator = make_user(profile__school=schools[0])
    group = services.group_create(
        actor=coordinator,
        association=association,
        data=services.GroupFields(
            name="Сөйлеу дағдысы: Lesson Study тобы",
            purpose="Жұппен сөйлеуді зерттейміз.",
            language="kk",
            schools=schools,
        ),
        facilitator=facilitator,
    )
    people = [make_user(profile__school=schools[i % len(schools)]) for i in range(members)]
    for person in people:
        add_member(group.circle, person)
    kit = Kit(association, coordinator, group, facilitator, people)
    if expert:
        kit.expert = make_user()
        services.group_set_expert(actor=facilitator, group=group, expert=kit.expert)
    return kit


def make_cycle(kit: Kit, *, pupils: int = 3, stages: int = 3) -> Cycle:
    """A cycle with its focus, ``pupils`` case pupils and the first lesson's plan of
    ``stages`` stages, taught by the group's first member."""
    actor = kit.facilitator
    cycle = services.cycle_create(actor=actor, group=kit.group, title="Жұппен сөйлеу, 5-сынып")
    services.focus_save(
        actor=actor,
        cycle=cycle,
        data=services.FocusFields(
            subject=Subject.objects.order_by("pk").first(),
            grades=[5],
            objectives=["5.2.1.1"],
            approach="жұппен сөйлеу",
            learning="ауызша түсіндіру",
            learners="төмен үлгеретін оқушылар",
        ),
    )
    codes = "ABCD"[:pupils]
    bands = ["higher", "middle", "lower", "lower"]
    services.case_pupils_save(
        actor=actor,
        cycle=cycle,
        pupils=[
            services.PupilFields(code, bands[i], f"Топты білдіреді {code}")
            for i, code in enumerate(codes)
        ],
    )
    lesson = cycle.lessons.get(number=1)
    plan(kit, lesson, stages=stages)
    if kit.members:
        services.lesson_update(
            actor=actor,
            lesson=lesson,
            data=services.LessonFields(
                teacher=kit.members[0],
                taught_on=date(2026, 11, 20),
                class_label="5 «Ә»",
                learning_intention="Түсіндіру",
                success_criteria="Жұпта түсіндіреді",
                interview_questions="Не қиын болды?",
            ),
        )
    cycle.refresh_from_db()
    return cycle


def plan(kit: Kit, lesson: ResearchLesson, *, stages: int) -> None:
    pupils = list(CasePupil.objects.filter(cycle_id=lesson.cycle_id))
    services.plan_save(
        actor=kit.facilitator,
        lesson=lesson,
        stages=[
            services.StageFields(
                pk=None,
                position=i,
                title=f"Кезең {i}",
                minutes=10,
                teacher_activity=f"Мұғалім {i}",
                predictions={p.pk: f"{p.code} болжам {i}" for p in pupils},
            )
            for i in range(1, stages + 1)
        ],
    )


def observe(lesson: ResearchLesson, observer: User, *, per_cell: int = 1) -> int:
    """Notes by ``observer`` on every cell of the lesson (as the observation part stores them)."""
    pupils = list(CasePupil.objects.filter(cycle_id=lesson.cycle_id))
    now = timezone.now()
    notes = [
        Note(
            lesson=lesson,
            stage=stage,
            pupil=pupil,
            observer=observer,
            text=f"{pupil.code} көрдім {stage.position}/{n}",
            written_at=now + timedelta(minutes=n),
        )
        for stage in lesson.stages.all()
        for pupil in pupils
        for n in range(per_cell)
    ]
    Note.objects.bulk_create(notes)
    return len(notes)


def discuss(kit: Kit, lesson: ResearchLesson) -> None:
    services.discussion_save(
        actor=kit.facilitator,
        lesson=lesson,
        data=services.DiscussionFields(
            held_on=date(2026, 11, 20),
            teaching="Нұсқаулар қысқа болды.",
            findings="Жұппен сөйлеу C оқушысына көмектесті.",
            changes="Екінші кезеңде үлгі беру.",
        ),
    )
