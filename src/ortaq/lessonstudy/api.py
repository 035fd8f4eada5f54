"""Lesson Study in the API: an association's groups, a group and its cycles (public, as the
association's site shows them), each cycle's working material (its focus, case pupils,
research lessons with their plans, observation notes, interviews and discussions) to its group
and knowledgeable other only, published reports to everyone; and the observers' batches of
notes, stored once per note however often a device sends them (``client_id``)."""

import datetime
import uuid

from django.http import HttpRequest
from ninja import FilterSchema, Query, Router, Schema
from ninja.pagination import paginate
from pydantic import AwareDatetime, Field

from ortaq.accounts.queries import current_user
from ortaq.core.pagination import Mapped, Pages
from ortaq.lessonstudy.models import (
    CasePupil,
    Cycle,
    Discussion,
    Group,
    Note,
    PlanStage,
    Report,
    ResearchLesson,
)
from ortaq.lessonstudy.queries import artefacts, observation
from ortaq.lessonstudy.services.observation import (
    MAX_BATCH,
    MAX_NOTE_LENGTH,
    NoteIn,
    notes_record,
)
from ortaq.networks import queries as networks

router = Router(tags=["lesson study"])
# Ids are 64-bit integers: a larger number in a body is refused (422) before any query.
MAX_ID = 2**63 - 1


class GroupSchoolOut(Schema):
    id: int
    name_kk: str
    name_ru: str


class GroupOut(Schema):
    """A Lesson Study group: its circle's name, its association and its schools."""

    id: int = Field(description="The group's id (its circle's).")
    name: str
    association: str = Field(description="The association's slug.")
    schools: list[GroupSchoolOut]

    @classmethod
    def of(cls, group: Group) -> "GroupOut":
        return cls(
            id=group.pk,
            name=group.circle.name,
            association=group.association.slug,
            schools=[
                GroupSchoolOut(id=s.pk, name_kk=s.name_kk, name_ru=s.name_ru)
                for s in group.circle.schools.all()
            ],
        )


class CycleOut(Schema):
    """A cycle as lists show it: its title, how far it has come, whether its report is out."""

    id: int
    group_id: int
    title: str
    step: int = Field(description="1 focus … 7 report: the furthest step reached.")
    subject: str | None = Field(description="The subject's code, if named.")
    report: str | None = Field(description="`draft` or `published`; null before one is drafted.")
    created_at: datetime.datetime

    @classmethod
    def of(cls, cycle: Cycle) -> "CycleOut":
        report = getattr(cycle, "report", None)
        return cls(
            id=cycle.pk,
            group_id=cycle.group_id,
            title=cycle.title,
            step=cycle.step,
            subject=cycle.subject.code if cycle.subject else None,
            report=report.status if report is not None else None,
            created_at=cycle.created_at,
        )


class CasePupilOut(Schema):
    """A case pupil: a letter, an attainment band and why she was chosen; nothing else."""

    id: int
    code: str
    band: str
    reason: str

    @classmethod
    def of(cls, pupil: CasePupil) -> "CasePupilOut":
        return cls(id=pupil.pk, code=pupil.code, band=pupil.band, reason=pupil.reason)


class LessonRef(Schema):
    id: int
    number: int
    taught_on: datetime.date | None
    class_label: str


class CycleDetailOut(CycleOut):
    """A cycle's focus (step 1), case pupils (step 2) and research lessons."""

    grades: list[int | str]
    objectives: list[str]
    approach: str
    learning: str
    learners: str
    research_question: str
    case_pupils: list[CasePupilOut]
    lessons: list[LessonRef]

    @classmethod
    def detail(cls, cycle: Cycle) -> "CycleDetailOut":
        return cls(
            **dict(CycleOut.of(cycle)),
            grades=list(cycle.grades or []),
            objectives=[str(o) for o in cycle.objectives or []],
            approach=cycle.approach,
            learning=cycle.learning,
            learners=cycle.learners,
            research_question=cycle.research_question,
            case_pupils=[CasePupilOut.of(p) for p in cycle.case_pupils.all()],
            lessons=[
                LessonRef(
                    id=lesson.pk,
                    number=lesson.number,
                    taught_on=lesson.taught_on,
                    class_label=lesson.class_label,
                )
                for lesson in cycle.lessons.all()
            ],
        )


class PredictionOut(Schema):
    pupil_id: int
    text: str


class PlanStageOut(Schema):
    """A stage of the plan: what the teacher does, and what each case pupil is predicted to
    do and learn (a row of the grid)."""

    id: int
    position: int
    title: str
    minutes: int | None
    teacher_activity: str
    predictions: list[PredictionOut]

    @classmethod
    def of(cls, stage: PlanStage) -> "PlanStageOut":
        return cls(
            id=stage.pk,
            position=stage.position,
            title=stage.title,
            minutes=stage.minutes,
            teacher_activity=stage.teacher_activity,
            predictions=[
                PredictionOut(pupil_id=p.pupil_id, text=p.text) for p in stage.predictions.all()
            ],
        )


class InterviewOut(Schema):
    id: int
    pupil_id: int
    text: str
    created_at: datetime.datetime


class PointOut(Schema):
    stage_id: int
    pupil_id: int
    text: str


class DiscussionOut(Schema):
    """The post-lesson discussion: per cell of the grid, then the teaching, the findings and the
    changes for the next lesson; the knowledgeable other's comments apart."""

    held_on: datetime.date | None
    points: list[PointOut]
    teaching: str
    findings: str
    changes: str
    expert_comments: str

    @classmethod
    def of(cls, discussion: Discussion) -> "DiscussionOut":
        return cls(
            held_on=discussion.held_on,
            points=[
                PointOut(stage_id=p.stage_id, pupil_id=p.pupil_id, text=p.text)
                for p in discussion.points.all()
            ],
            teaching=discussion.teaching,
            findings=discussion.findings,
            changes=discussion.changes,
            expert_comments=discussion.expert_comments,
        )


class LessonOut(Schema):
    """A research lesson with its plan (stages × case pupils), its interviews and its
    discussion; its notes are listed apart (``…/notes``)."""

    id: int
    cycle_id: int
    number: int
    teacher: str | None = Field(description="The teacher's full name.")
    taught_on: datetime.date | None
    class_label: str
    learning_intention: str
    success_criteria: str
    interview_questions: str
    stages: list[PlanStageOut]
    interviews: list[InterviewOut]
    discussion: DiscussionOut | None

    @classmethod
    def of(cls, lesson: ResearchLesson) -> "LessonOut":
        discussion: Discussion | None = lesson.__dict__.get("_discussion")
        return cls(
            id=lesson.pk,
            cycle_id=lesson.cycle_id,
            number=lesson.number,
            teacher=lesson.teacher.get_full_name() if lesson.teacher else None,
            taught_on=lesson.taught_on,
            class_label=lesson.class_label,
            learning_intention=lesson.learning_intention,
            success_criteria=lesson.success_criteria,
            interview_questions=lesson.interview_questions,
            stages=[PlanStageOut.of(s) for s in lesson.stages.all()],
            interviews=[
                InterviewOut(id=i.pk, pupil_id=i.pupil_id, text=i.text, created_at=i.created_at)
                for i in lesson.interviews.all()
            ],
            discussion=DiscussionOut.of(discussion) if discussion is not None else None,
        )


class NoteOut(Schema):
    """An observation note: on which case pupil, in which stage, by whom, when written (on
    her device) and when it arrived."""

    client_id: uuid.UUID
    pupil_id: int
    stage_id: int
    observer_id: int
    observer: str = Field(description="The observer's full name.")
    text: str
    written_at: datetime.datetime
    created_at: datetime.datetime

    @classmethod
    def of(cls, note: Note) -> "NoteOut":
        return cls(
            client_id=note.client_id,
            pupil_id=note.pupil_id,
            stage_id=note.stage_id,
            observer_id=note.observer_id,
            observer=note.observer.get_full_name(),
            text=note.text,
            written_at=note.written_at,
            created_at=note.created_at,
        )


class ReportOut(Schema):
    cycle_id: int
    title: str
    language: str
    summary: str
    body: str = Field(description="Markdown.")
    status: str
    published_at: datetime.datetime | None

    @classmethod
    def of(cls, report: Report) -> "ReportOut":
        return cls(
            cycle_id=report.cycle_id,
            title=report.title,
            language=report.language,
            summary=report.summary,
            body=report.body,
            status=report.status,
            published_at=report.published_at,
        )


# Groups and cycles --------------------------------------------------------------------------


@router.get(
    "/lesson-study/associations/{slug}/groups",
    response=list[GroupOut],
    auth=None,
    summary="An association's Lesson Study groups",
)
@paginate(Pages)
def list_groups(request: HttpRequest, slug: str) -> Mapped[Group, GroupOut]:
    association = networks.association_get(slug=slug)
    return Mapped(artefacts.groups_of(association_id=association.pk), GroupOut.of)


@router.get(
    "/lesson-study/groups/{group_id}", response=GroupOut, auth=None, summary="A Lesson Study group"
)
def get_group(request: HttpRequest, group_id: int) -> GroupOut:
    return GroupOut.of(artefacts.group_get(group_id=group_id))


@router.get(
    "/lesson-study/groups/{group_id}/cycles",
    response=list[CycleOut],
    auth=None,
    summary="A group's cycles: those with a published report, and all to the group",
)
@paginate(Pages)
def list_group_cycles(request: HttpRequest, group_id: int) -> Mapped[Cycle, CycleOut]:
    group = artefacts.group_get(group_id=group_id)
    return Mapped(artefacts.cycles_listed(user=request.user, group_id=group.pk), CycleOut.of)


class CycleFilters(FilterSchema):
    group: int | None = Field(None, ge=1, le=MAX_ID, description="A group's id.")


@router.get(
    "/lesson-study/cycles",
    response=list[CycleOut],
    summary="The cycles I work on (as a member of the group or its knowledgeable other)",
)
@paginate(Pages)
def list_my_cycles(request: HttpRequest, filters: Query[CycleFilters]) -> Mapped[Cycle, CycleOut]:
    found = artefacts.cycles_listed(user=current_user(request), group_id=filters.group, mine=True)
    return Mapped(found, CycleOut.of)


@router.get(
    "/lesson-study/cycles/{cycle_id}",
    response=CycleDetailOut,
    summary="A cycle's focus, case pupils and lessons (its group only)",
)
def get_cycle(request: HttpRequest, cycle_id: int) -> CycleDetailOut:
    cycle = artefacts.cycle_get_for_user(cycle_id=cycle_id, user=current_user(request))
    return CycleDetailOut.detail(cycle)


@router.get(
    "/lesson-study/cycles/{cycle_id}/report",
    response=ReportOut,
    auth=None,
    summary="A cycle's report: published, to anyone; its draft, to the group (signed in)",
)
def get_report(request: HttpRequest, cycle_id: int) -> ReportOut:
    return ReportOut.of(artefacts.report_get_for_user(cycle_id=cycle_id, user=request.user))


# Research lessons and their notes -----------------------------------------------------------


@router.get(
    "/lesson-study/lessons/{lesson_id}",
    response=LessonOut,
    summary="A research lesson: its plan, interviews and discussion (its group only)",
)
def get_lesson(request: HttpRequest, lesson_id: int) -> LessonOut:
    lesson = observation.lesson_by_id_for_user(lesson_id=lesson_id, user=current_user(request))
    return LessonOut.of(artefacts.lesson_with_plan(lesson=lesson))


class NoteFilters(FilterSchema):
    pupil: int | None = Field(None, ge=1, le=MAX_ID, description="A case pupil's id.")
    stage: int | None = Field(None, ge=1, le=MAX_ID, description="A stage's id.")
    observer: int | None = Field(None, ge=1, le=MAX_ID, description="An observer's id.")


@router.get(
    "/lesson-study/lessons/{lesson_id}/notes",
    response=list[NoteOut],
    summary="A research lesson's observation notes, by every observer (its group only)",
)
@paginate(Pages)
def list_notes(
    request: HttpRequest, lesson_id: int, filters: Query[NoteFilters]
) -> Mapped[Note, NoteOut]:
    lesson = observation.lesson_by_id_for_user(lesson_id=lesson_id, user=current_user(request))
    found = observation.notes_of(
        lesson=lesson,
        pupil_id=filters.pupil,
        stage_id=filters.stage,
        observer_id=filters.observer,
    )
    return Mapped(found, NoteOut.of)


class NoteItemIn(Schema):
    client_id: uuid.UUID = Field(
        description="The id the device gave the note when it was written: a note sent again "
        "with the same id is not stored twice."
    )
    pupil_id: int = Field(ge=1, le=MAX_ID, description="A case pupil of the lesson's cycle.")
    stage_id: int = Field(ge=1, le=MAX_ID, description="A stage of the lesson's plan.")
    text: str = Field(min_length=1, max_length=MAX_NOTE_LENGTH)
    written_at: AwareDatetime = Field(
        description="When the observer wrote it, by her device's clock, with its offset."
    )


class NoteBatchIn(Schema):
    notes: list[NoteItemIn] = Field(min_length=1, max_length=MAX_BATCH)


class NotesRecordedOut(Schema):
    """Which notes of the batch this request stored, and which were stored before (sent
    again after a dropped connection): each id of the batch is in one of the two."""

    created: list[uuid.UUID]
    existing: list[uuid.UUID]


@router.post(
    "/lesson-study/lessons/{lesson_id}/notes",
    response=NotesRecordedOut,
    url_name="lessonstudy_notes_record",
    summary="Send a batch of observation notes (the group's members and knowledgeable other)",
)
def record_notes(request: HttpRequest, lesson_id: int, body: NoteBatchIn) -> NotesRecordedOut:
    """Every note is checked before any is stored: a case pupil or stage of another cycle or
    lesson, an empty note, or a time in the future or before the lesson's day refuses the
    whole batch (400, naming the note). Refused once the cycle's report is published (400)."""
    user = current_user(request)
    lesson = observation.lesson_by_id_for_user(lesson_id=lesson_id, user=user)
    done = notes_record(
        actor=user,
        lesson=lesson,
        notes=[
            NoteIn(
                client_id=n.client_id,
                pupil_id=n.pupil_id,
                stage_id=n.stage_id,
                text=n.text,
                written_at=n.written_at,
            )
            for n in body.notes
        ],
    )
    return NotesRecordedOut(created=done.created, existing=done.existing)
