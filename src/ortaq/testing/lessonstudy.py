"""Build Lesson Study groups and cycles for tests, written straight to the database (the
services have their own tests): a group is a network circle of an association's member schools
with active memberships (decision 0020), a ``Group`` row beside it, a cycle with case pupils and
a research lesson with the stages of its plan."""

import datetime
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone

from ortaq.accounts.models import User
from ortaq.communities.choices import CircleKind, MemberRole
from ortaq.communities.models import Circle
from ortaq.lessonstudy.choices import Band, ReportStatus
from ortaq.lessonstudy.models import (
    CasePupil,
    Cycle,
    Group,
    Note,
    PlanStage,
    Prediction,
    Report,
    ResearchLesson,
)
from ortaq.networks.models import Association
from ortaq.testing.factories import add_member, make_association, make_school, make_user

BANDS = (Band.HIGHER, Band.MIDDLE, Band.LOWER, Band.MIDDLE)
STAGES = ("Қызығушылықты ояту", "Мағынаны ашу", "Ой толғаныс", "Кері байланыс")


def make_group(
    *,
    association: Association | None = None,
    facilitator: User | None = None,
    members: Sequence[User] = (),
    knowledgeable_other: User | None = None,
    **fields: Any,
) -> Group:
    """A group of ``association`` (a new one of two schools unless given): a network circle of
    its member schools, its facilitator (a new teacher unless given) and members, all active."""
    if association is None:
        first = make_school(region__code="KZ-19")
        association = make_association(
            region=first.region, schools=[first, make_school(region=first.region)]
        )
    schools = [m.school for m in association.member_schools.select_related("school")]
    circle = Circle.objects.create(
        name=fields.pop("name", "Lesson Study: оқу сауаттылығы"),
        kind=CircleKind.NETWORK,
        region_id=association.region_id,
        **fields,
    )
    circle.schools.set(schools)
    add_member(circle, facilitator or make_user(), role=MemberRole.FACILITATOR)
    for member in members:
        add_member(circle, member)
    return Group.objects.create(
        circle=circle, association=association, knowledgeable_other=knowledgeable_other
    )


def make_cycle(*, group: Group | None = None, **fields: Any) -> Cycle:
    group = group or make_group()
    return Cycle.objects.create(
        group=group,
        title=fields.pop("title", "Мәтінді түсініп оқу"),
        research_question=fields.pop(
            "research_question",
            "Жұптық оқу әдісі төмен үлгерімді оқушылардың мәтінді түсінуін жақсарта ма?",
        ),
        **fields,
    )


def add_case_pupils(cycle: Cycle, count: int = 3) -> list[CasePupil]:
    return [
        CasePupil.objects.create(
            cycle=cycle, code=code, band=BANDS[n], reason="Сабақта сирек сөйлейді."
        )
        for n, code in enumerate("ABCD"[:count])
    ]


def make_lesson(
    cycle: Cycle,
    *,
    number: int = 1,
    stages: int = 3,
    teacher: User | None = None,
    taught_on: datetime.date | None = None,
    predictions: bool = True,
) -> ResearchLesson:
    """A research lesson of ``cycle`` taught today (unless given), with ``stages`` stages and,
    with ``predictions``, a prediction per stage and case pupil of the cycle."""
    lesson = ResearchLesson.objects.create(
        cycle=cycle,
        number=number,
        teacher=teacher,
        taught_on=taught_on or timezone.localdate(),
        class_label="5 «Ә»",
        learning_intention="Мәтіннің негізгі ойын табу.",
    )
    pupils = list(cycle.case_pupils.all())
    for position in range(1, stages + 1):
        stage = PlanStage.objects.create(
            lesson=lesson,
            position=position,
            title=STAGES[(position - 1) % len(STAGES)],
            minutes=10,
            teacher_activity="Сұрақ қояды.",
        )
        if predictions:
            Prediction.objects.bulk_create(
                Prediction(stage=stage, pupil=pupil, text="Жұбымен талқылайды.") for pupil in pupils
            )
    return lesson


def publish_report(cycle: Cycle) -> Report:
    return Report.objects.create(
        cycle=cycle,
        title=cycle.title,
        language="kk",
        body="Зерттеу нәтижелері.",
        status=ReportStatus.PUBLISHED,
        published_at=timezone.now(),
    )


@dataclass
class Observed:
    """A group with its facilitator, a member, the knowledgeable other, a cycle with case pupils
    and its first research lesson with stages."""

    group: Group
    cycle: Cycle
    lesson: ResearchLesson
    facilitator: User
    member: User
    expert: User
    pupils: list[CasePupil] = field(default_factory=list)
    stages: list[PlanStage] = field(default_factory=list)


def make_observed(
    *,
    association: Association | None = None,
    facilitator: User | None = None,
    member: User | None = None,
    expert: User | None = None,
    pupils: int = 3,
    stages: int = 3,
) -> Observed:
    """A cycle ready to be observed: its group, case pupils and a lesson with its plan."""
    facilitator = facilitator or make_user()
    member = member or make_user()
    expert = expert or make_user()
    group = make_group(
        association=association,
        facilitator=facilitator,
        members=[member],
        knowledgeable_other=expert,
    )
    cycle = make_cycle(group=group, created_by=facilitator)
    case_pupils = add_case_pupils(cycle, pupils)
    lesson = make_lesson(cycle, stages=stages, teacher=member)
    return Observed(
        group=group,
        cycle=cycle,
        lesson=lesson,
        facilitator=facilitator,
        member=member,
        expert=expert,
        pupils=case_pupils,
        stages=list(lesson.stages.all()),
    )


def add_notes(observed: Observed, observer: User, count: int) -> list[Note]:
    """``count`` notes of ``observer`` on the lesson, spread over its pupils and stages."""
    now = timezone.now()
    return Note.objects.bulk_create(
        Note(
            lesson=observed.lesson,
            stage=observed.stages[n % len(observed.stages)],
            pupil=observed.pupils[n % len(observed.pupils)],
            observer=observer,
            text=f"{n + 1}-жазба: жұбына сұрақ қойды.",
            written_at=now - datetime.timedelta(minutes=count - n),
        )
        for n in range(count)
    )
