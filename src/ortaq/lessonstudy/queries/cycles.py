"""Reads of Lesson Study groups and cycles that pages share, each a fixed number of queries
whatever the number of stages, case pupils, notes or interviews.

Who reads a cycle's working material is one rule (``lessonstudy.view_cycle``, its SQL twin
``Cycle.objects.visible_to``): the ``*_get_for_user`` functions answer 404 to anyone else
(decision 0011: an outsider is not told that the cycle exists).
"""

from dataclasses import dataclass, field

from django.contrib.auth.models import AnonymousUser
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.http import Http404

from ortaq.accounts.models import User
from ortaq.communities.choices import MemberRole, MembershipStatus
from ortaq.communities.models import Membership
from ortaq.communities.permissions import remember_membership
from ortaq.core.visibility import is_signed_in
from ortaq.lessonstudy.choices import ReportStatus
from ortaq.lessonstudy.models import (
    CasePupil,
    Cycle,
    Discussion,
    DiscussionPoint,
    Group,
    Interview,
    Note,
    PlanStage,
    Prediction,
    Report,
    ResearchLesson,
)
from ortaq.networks.models import Association


def _remember(group: Group, user: User | AnonymousUser) -> None:
    """Read her membership of the group's circle once, so that every rule the page asks of
    the group and its cycle costs no further query."""
    if is_signed_in(user):
        found = Membership.objects.filter(circle_id=group.pk, user_id=user.pk).first()
        remember_membership(group.circle, user, found)


def group_get_for_user(*, group_id: int, user: User | AnonymousUser) -> Group:
    """The group, if she reads its working material; 404 otherwise.

    Fetched through the visibility rule's SQL (``visible_to``), not the permission: a
    superuser holds every permission, yet reads no group's working material but her own."""
    group = (
        Group.objects.visible_to(user)
        .select_related("circle", "association", "knowledgeable_other")
        .filter(pk=group_id)
        .first()
    )
    if group is None:
        raise Http404
    _remember(group, user)
    return group


@dataclass
class GroupPage:
    cycles: list[Cycle]
    facilitators: list[User]
    members: list[User]


def group_page(*, group: Group) -> GroupPage:
    """The group's cycles (newest first, each with its report's status) and its people."""
    cycles = list(group.cycles.select_related("report", "subject").order_by("-created_at", "pk"))
    people = (
        Membership.objects.filter(circle_id=group.pk, status=MembershipStatus.ACTIVE)
        .select_related("user")
        .order_by("user__last_name", "user__first_name", "pk")
    )
    page = GroupPage(cycles=cycles, facilitators=[], members=[])
    for membership in people:
        if membership.role == MemberRole.FACILITATOR:
            page.facilitators.append(membership.user)
        else:
            page.members.append(membership.user)
    return page


def cycle_get_for_user(*, cycle_id: int, user: User | AnonymousUser) -> Cycle:
    """The cycle with its group, circle, association and subject, if she reads it (as
    ``group_get_for_user``); 404 otherwise."""
    cycle = (
        Cycle.objects.visible_to(user)
        .select_related(
            "group__circle", "group__association", "group__knowledgeable_other", "subject"
        )
        .filter(pk=cycle_id)
        .first()
    )
    if cycle is None:
        raise Http404
    _remember(cycle.group, user)
    return cycle


def lesson_get_for_user(
    *, cycle_id: int, number: int, user: User | AnonymousUser
) -> ResearchLesson:
    """The cycle's research lesson ``number`` with its teacher, if she reads the cycle; 404
    otherwise."""
    cycle = cycle_get_for_user(cycle_id=cycle_id, user=user)
    lesson = cycle.lessons.select_related("teacher").filter(number=number).first()
    if lesson is None:
        raise Http404
    lesson.cycle = cycle
    return lesson


def _count_of(model: type[PlanStage] | type[Note] | type[Interview]) -> Coalesce:
    """How many rows of ``model`` a lesson has, as a subquery: counting through joins of
    stages, notes and interviews at once would multiply them (hundreds of notes times the
    stages times the interviews) before counting."""
    rows = (
        model.objects.filter(lesson_id=OuterRef("pk"))
        .order_by()
        .values("lesson_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(rows), Value(0))


def _lessons(cycle: Cycle) -> QuerySet[ResearchLesson]:
    return (
        cycle.lessons.select_related("teacher", "discussion")
        .annotate(
            stage_count=_count_of(PlanStage),
            note_count=_count_of(Note),
            interview_count=_count_of(Interview),
        )
        .order_by("number")
    )


@dataclass
class CyclePage:
    pupils: list[CasePupil]
    lessons: list[ResearchLesson]
    report: Report | None


def cycle_page(*, cycle: Cycle) -> CyclePage:
    """What each step of the cycle has produced: its case pupils, each research lesson with
    the number of its stages, notes and interviews and its discussion, and the report."""
    lessons = list(_lessons(cycle))
    for lesson in lessons:
        lesson.cycle = cycle
    return CyclePage(
        pupils=list(cycle.case_pupils.all()),
        lessons=lessons,
        report=Report.objects.filter(cycle=cycle).first(),
    )


@dataclass
class Cell:
    """One case pupil in one stage: predicted, observed (every observer's notes), concluded."""

    stage: PlanStage
    pupil: CasePupil
    predicted: str = ""
    notes: list[Note] = field(default_factory=list)
    point: str = ""
    # The discussion form's box for this cell, where the page shows one.
    box: object = None


@dataclass
class PupilBlock:
    """A case pupil's part of the discussion: her stages in order, then what she said."""

    pupil: CasePupil
    cells: list[Cell] = field(default_factory=list)
    interviews: list[Interview] = field(default_factory=list)


@dataclass
class LessonMaterial:
    lesson: ResearchLesson
    stages: list[PlanStage]
    pupils: list[CasePupil]
    blocks: list[PupilBlock]
    discussion: Discussion | None

    @property
    def rows(self) -> list[tuple[PlanStage, list[Cell]]]:
        """The grid by stage (stages × case pupils), as the plan shows it."""
        by_stage: dict[int, list[Cell]] = {s.pk: [] for s in self.stages}
        for block in self.blocks:
            for cell in block.cells:
                by_stage[cell.stage.pk].append(cell)
        return [(s, by_stage[s.pk]) for s in self.stages]


def _material(
    lessons: list[ResearchLesson], pupils: list[CasePupil], *, notes: bool = True
) -> list[LessonMaterial]:
    """The grid of each lesson: six queries for any number of lessons, stages and notes."""
    ids = [lesson.pk for lesson in lessons]
    stages = list(PlanStage.objects.filter(lesson_id__in=ids).order_by("position", "pk"))
    predictions = {
        (p.stage_id, p.pupil_id): p.text for p in Prediction.objects.filter(stage__in=stages)
    }
    found_notes: dict[tuple[int, int], list[Note]] = {}
    if notes:
        for note in (
            Note.objects.filter(lesson_id__in=ids)
            .select_related("observer")
            .order_by("written_at", "pk")
        ):
            found_notes.setdefault((note.stage_id, note.pupil_id), []).append(note)
    interviews: dict[tuple[int, int], list[Interview]] = {}
    for interview in Interview.objects.filter(lesson_id__in=ids).select_related("author"):
        interviews.setdefault((interview.lesson_id, interview.pupil_id), []).append(interview)
    discussions = {
        d.lesson_id: d
        for d in Discussion.objects.filter(lesson_id__in=ids).prefetch_related(
            Prefetch("points", queryset=DiscussionPoint.objects.order_by("pk"))
        )
    }
    result = []
    for lesson in lessons:
        own = [s for s in stages if s.lesson_id == lesson.pk]
        discussion = discussions.get(lesson.pk)
        points = (
            {(p.stage_id, p.pupil_id): p.text for p in discussion.points.all()}
            if discussion is not None
            else {}
        )
        blocks = [
            PupilBlock(
                pupil=pupil,
                cells=[
                    Cell(
                        stage=stage,
                        pupil=pupil,
                        predicted=predictions.get((stage.pk, pupil.pk), ""),
                        notes=found_notes.get((stage.pk, pupil.pk), []),
                        point=points.get((stage.pk, pupil.pk), ""),
                    )
                    for stage in own
                ],
                interviews=interviews.get((lesson.pk, pupil.pk), []),
            )
            for pupil in pupils
        ]
        result.append(LessonMaterial(lesson, own, pupils, blocks, discussion))
    return result


def lesson_material(*, lesson: ResearchLesson, notes: bool = True) -> LessonMaterial:
    """The lesson's grid in Dudley's order (each case pupil, stage by stage, predicted beside
    observed and concluded; then what she said), its discussion: a fixed number of queries."""
    pupils = list(CasePupil.objects.filter(cycle_id=lesson.cycle_id))
    return _material([lesson], pupils, notes=notes)[0]


def lessons_material(*, lessons: list[ResearchLesson], notes: bool = False) -> list[LessonMaterial]:
    """The grids of several lessons of one cycle (the side-by-side plans)."""
    if not lessons:
        return []
    pupils = list(CasePupil.objects.filter(cycle_id=lessons[0].cycle_id))
    return _material(lessons, pupils, notes=notes)


@dataclass
class CycleMaterial:
    """Everything a cycle stored, for its report."""

    pupils: list[CasePupil]
    lessons: list[LessonMaterial]


def cycle_material(*, cycle: Cycle) -> CycleMaterial:
    lessons = list(cycle.lessons.select_related("teacher").order_by("number"))
    pupils = list(cycle.case_pupils.all())
    return CycleMaterial(pupils=pupils, lessons=_material(lessons, pupils, notes=True))


def report_get_public(*, report_id: int, user: User | AnonymousUser) -> Report:
    """A report, published (public) or, as a draft, for the group that writes it; 404
    otherwise."""
    report = (
        Report.objects.select_related("cycle__group__circle", "cycle__group__association")
        .filter(pk=report_id)
        .first()
    )
    if report is None:
        raise Http404
    if (
        report.status != ReportStatus.PUBLISHED
        and not Cycle.objects.visible_to(user).filter(pk=report.cycle_id).exists()
    ):
        raise Http404
    return report


@dataclass
class AssociationLessonStudy:
    groups: list[Group]
    reports: list[Report]


def association_lesson_study(
    *, association: Association, user: User | AnonymousUser
) -> AssociationLessonStudy:
    """The association's groups (by name, each saying whether ``user`` works in it, whose page
    the site then links) and their published reports, newest first: public."""
    groups = list(
        Group.objects.filter(association=association, circle__archived_at__isnull=True)
        .select_related("circle")
        .annotate(works_in=Exists(Group.objects.visible_to(user).filter(pk=OuterRef("pk"))))
        .order_by("circle__name", "pk")
    )
    reports = list(
        Report.objects.filter(cycle__group__association=association, status=ReportStatus.PUBLISHED)
        .select_related("cycle__group__circle")
        .order_by("-published_at", "pk")[:50]
    )
    return AssociationLessonStudy(groups=groups, reports=reports)


@dataclass
class Waiting:
    """What waits for her in Lesson Study: research lessons of the groups she facilitates that
    were taught (or observed) and have no discussion yet, and discussions waiting for her
    comments as a group's knowledgeable other."""

    groups: list[Group] = field(default_factory=list)
    to_discuss: list[ResearchLesson] = field(default_factory=list)
    to_comment: list[ResearchLesson] = field(default_factory=list)

    @property
    def anything_waits(self) -> bool:
        return bool(self.to_discuss or self.to_comment)


LISTED = 6


def waiting_for(*, user: User | AnonymousUser) -> Waiting:
    """Her groups (the way to their pages from her own), and what waits for her in them: three
    queries for anyone signed in, none for a visitor."""
    found = Waiting()
    if not is_signed_in(user):
        return found
    found.groups = list(
        Group.objects.visible_to(user)
        .filter(circle__archived_at__isnull=True)
        .select_related("circle")
        .order_by("circle__name", "pk")[:LISTED]
    )
    if not found.groups:
        return found
    facilitated = Membership.objects.filter(
        user_id=user.pk, role=MemberRole.FACILITATOR, status=MembershipStatus.ACTIVE
    ).values("circle_id")
    observed = Note.objects.filter(lesson_id=OuterRef("pk"))
    found.to_discuss = list(
        ResearchLesson.objects.filter(cycle__group_id__in=facilitated)
        .filter(Q(taught_on__isnull=False) | Q(Exists(observed)))
        .filter(Q(discussion__isnull=True) | Q(discussion__findings=""))
        .select_related("cycle")
        .order_by("taught_on", "pk")[:LISTED]
    )
    found.to_comment = list(
        ResearchLesson.objects.filter(cycle__group__knowledgeable_other_id=user.pk)
        .exclude(discussion__findings="")
        .filter(discussion__isnull=False, discussion__expert_comments="")
        .select_related("cycle")
        .order_by("pk")[:LISTED]
    )
    return found
