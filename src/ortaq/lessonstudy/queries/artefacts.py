"""Reads of groups, cycles and what each step of a cycle stored, as the API serves them: each
restricted to what the reader may see and a fixed number of queries whatever the data size.

A group and its published reports are public (the association's site shows them); a cycle's
working material is its group's (``Cycle.objects.visible_to``), and a cycle whose report is
published is listed to everyone, its working material still to its group only.
"""

from django.contrib.auth.models import AnonymousUser
from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404

from ortaq.accounts.models import User
from ortaq.lessonstudy.choices import ReportStatus
from ortaq.lessonstudy.models import (
    Cycle,
    Discussion,
    Group,
    Interview,
    PlanStage,
    Prediction,
    Report,
    ResearchLesson,
)

PUBLISHED = Q(report__status=ReportStatus.PUBLISHED)


def groups_of(*, association_id: int) -> QuerySet[Group]:
    """The association's groups, by name, with their schools."""
    return (
        Group.objects.filter(association_id=association_id)
        .select_related("circle", "association")
        .prefetch_related("circle__schools")
        .order_by("circle__name", "pk")
    )


def group_get(*, group_id: int) -> Group:
    group = groups_of_any().filter(pk=group_id).first()
    if group is None:
        raise Http404
    return group


def groups_of_any() -> QuerySet[Group]:
    return Group.objects.select_related("circle", "association").prefetch_related("circle__schools")


def cycles_listed(
    *, user: User | AnonymousUser, group_id: int | None = None, mine: bool = False
) -> QuerySet[Cycle]:
    """The cycles she works on, and (unless ``mine``) those whose report is published, newest
    first, with their report's status."""
    visible = Cycle.objects.visible_to(user).values("pk")
    rule = Q(pk__in=visible) if mine else Q(pk__in=visible) | PUBLISHED
    found = Cycle.objects.filter(rule).select_related("report", "subject")
    if group_id is not None:
        found = found.filter(group_id=group_id)
    return found.order_by("-created_at", "pk")


def cycle_get_for_user(*, cycle_id: int, user: User | AnonymousUser) -> Cycle:
    """The cycle with its case pupils and lessons, if she works on it; 404 otherwise."""
    cycle = (
        Cycle.objects.visible_to(user)
        .filter(pk=cycle_id)
        .select_related("report", "subject")
        .prefetch_related("case_pupils", "lessons")
        .first()
    )
    if cycle is None:
        raise Http404
    return cycle


def report_get_for_user(*, cycle_id: int, user: User | AnonymousUser) -> Report:
    """The cycle's report: published, to anyone; a draft, to the group only. 404 otherwise."""
    visible = Cycle.objects.visible_to(user).values("pk")
    report = (
        Report.objects.filter(cycle_id=cycle_id)
        .filter(Q(status=ReportStatus.PUBLISHED) | Q(cycle__in=visible))
        .first()
    )
    if report is None:
        raise Http404
    return report


def lesson_with_plan(*, lesson: ResearchLesson) -> ResearchLesson:
    """The lesson (already read for the user) with its plan's stages and predictions, its
    interviews, and its discussion with its points: five queries."""
    stages = PlanStage.objects.order_by("position", "pk").prefetch_related(
        Prefetch("predictions", queryset=Prediction.objects.order_by("pupil__code"))
    )
    found = (
        ResearchLesson.objects.filter(pk=lesson.pk)
        .select_related("teacher")
        .prefetch_related(
            Prefetch("stages", queryset=stages),
            Prefetch("interviews", queryset=Interview.objects.order_by("pupil__code", "pk")),
        )
        .get()
    )
    found.cycle = lesson.cycle
    found.__dict__["_discussion"] = (
        Discussion.objects.filter(lesson=lesson).prefetch_related("points").first()
    )
    return found
