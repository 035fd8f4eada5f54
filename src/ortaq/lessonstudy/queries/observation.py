"""Reads for the observer's page and the notes API: the lesson she observes, its plan's stages,
the cycle's case pupils and the notes, in a fixed number of queries whatever their number."""

from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser
from django.db.models import QuerySet
from django.http import Http404

from ortaq.accounts.models import User
from ortaq.lessonstudy.choices import ReportStatus
from ortaq.lessonstudy.models import CasePupil, Cycle, Note, PlanStage, ResearchLesson


def _lessons(user: User | AnonymousUser) -> QuerySet[ResearchLesson]:
    # The cycle, its group and circle (which the permission rules read), and its report (whether
    # it is published), in the one query that reads the lesson.
    return ResearchLesson.objects.filter(
        cycle__in=Cycle.objects.visible_to(user).values("pk")
    ).select_related("cycle__group__circle", "cycle__report")


def _remember_report(lesson: ResearchLesson) -> ResearchLesson:
    report = getattr(lesson.cycle, "report", None)
    published = report is not None and report.status == ReportStatus.PUBLISHED
    lesson.__dict__["_report_published"] = published
    return lesson


def lesson_get_for_user(
    *, cycle_id: int, number: int, user: User | AnonymousUser
) -> ResearchLesson:
    """The research lesson ``number`` of the cycle, if she reads the cycle; 404 otherwise."""
    lesson = _lessons(user).filter(cycle_id=cycle_id, number=number).first()
    if lesson is None:
        raise Http404
    return _remember_report(lesson)


def lesson_by_id_for_user(*, lesson_id: int, user: User | AnonymousUser) -> ResearchLesson:
    """The research lesson with this id, if she reads its cycle; 404 otherwise."""
    lesson = _lessons(user).filter(pk=lesson_id).first()
    if lesson is None:
        raise Http404
    return _remember_report(lesson)


@dataclass
class Sheet:
    """What the observer's page shows: the plan's stages, the case pupils, and her notes (each
    with its stage and pupil taken from the two lists, not read again), the newest first."""

    stages: list[PlanStage]
    pupils: list[CasePupil]
    notes: list[Note]


def observation_sheet(*, lesson: ResearchLesson, observer: User) -> Sheet:
    """Three queries, whatever the number of notes."""
    stages = list(PlanStage.objects.filter(lesson=lesson).order_by("position", "pk"))
    pupils = list(CasePupil.objects.filter(cycle_id=lesson.cycle_id).order_by("code"))
    by_stage = {stage.pk: stage for stage in stages}
    by_pupil = {pupil.pk: pupil for pupil in pupils}
    notes = list(
        Note.objects.filter(lesson=lesson, observer=observer).order_by("-written_at", "-pk")
    )
    for note in notes:
        note.stage = by_stage[note.stage_id]
        note.pupil = by_pupil[note.pupil_id]
        note.lesson = lesson
    return Sheet(stages=stages, pupils=pupils, notes=notes)


def notes_of(
    *,
    lesson: ResearchLesson,
    pupil_id: int | None = None,
    stage_id: int | None = None,
    observer_id: int | None = None,
) -> QuerySet[Note]:
    """Every observer's notes on the lesson (the caller has checked she reads it), in the order
    they were written, with the observer's name."""
    found = Note.objects.filter(lesson=lesson).select_related("observer")
    if pupil_id is not None:
        found = found.filter(pupil_id=pupil_id)
    if stage_id is not None:
        found = found.filter(stage_id=stage_id)
    if observer_id is not None:
        found = found.filter(observer_id=observer_id)
    return found.order_by("written_at", "pk")
