"""Reads of development projects: one project with everything its pages show, the lists, and
the showcase of accepted projects. Each is a fixed number of queries whatever the data."""

from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from ortaq.accounts.models import User
from ortaq.communities.choices import MemberRole, MembershipStatus, ProjectStatus, Stage
from ortaq.communities.models import (
    Assessment,
    AssessmentLevel,
    Circle,
    Comment,
    Project,
)
from ortaq.communities.services.projects import Counts, incomplete_stages, missing


@dataclass
class ProjectPage:
    """A project with its stage items, comments and assessments, read once."""

    project: Project
    counts: Counts
    comments: dict[int, list[Comment]] = field(default_factory=dict)
    assessments: list[Assessment] = field(default_factory=list)

    def missing(self, stage: int) -> list[str]:
        return missing(self.project, stage, self.counts)

    @property
    def incomplete(self) -> list[int]:
        return incomplete_stages(self.project, self.counts)


def project_page(*, project_id: int, user: User | AnonymousUser) -> ProjectPage:
    """The project, if she may see it (404 otherwise), with its consultations, log, evidence,
    comments and assessments."""
    project = (
        Project.objects.select_related(
            "owner", "circle__school", "circle__region", "subject", "accepted_by"
        )
        .prefetch_related(
            "consultations",
            "log",
            "evidence",
            Prefetch("comments", Comment.objects.select_related("author")),
            Prefetch(
                "assessments",
                Assessment.objects.select_related("assessor").prefetch_related(
                    Prefetch("levels", AssessmentLevel.objects.order_by("pk"))
                ),
            ),
        )
        .filter(pk=project_id)
        .first()
    )
    if project is None or not user.has_perm("communities.view_project", project):
        raise Http404
    items = project.consultations.all(), project.log.all(), project.evidence.all()
    page = ProjectPage(
        project=project,
        counts=Counts(consultations=len(items[0]), log=len(items[1]), evidence=len(items[2])),
        assessments=list(project.assessments.all()),
    )
    for comment in project.comments.all():
        page.comments.setdefault(comment.stage, []).append(comment)
    return page


def next_step(page: ProjectPage, user: User | AnonymousUser) -> str:
    """Her next step, said plainly; for a facilitator, what the project waits for."""
    project = page.project
    own = project.owner_id == user.pk
    if project.status == ProjectStatus.ACCEPTED:
        return _("The portfolio is accepted. Well done: it is in the network's showcase.")
    if project.status == ProjectStatus.SUBMITTED:
        if own:
            return _("Your portfolio waits for your facilitator's assessment.")
        return _("The portfolio waits for assessment.")
    if not own:
        return _("The project is at the stage “%(stage)s”.") % {"stage": Stage(project.stage).label}
    if project.status == ProjectStatus.RETURNED:
        return _(
            "Your facilitator returned the portfolio: read the comments, amend it, submit again."
        )
    if project.stage == Stage.PORTFOLIO:
        if page.incomplete:
            return _("Next: complete the stages still missing something, then submit.")
        return _("Next: read your portfolio through and submit it for assessment.")
    prompts = {
        Stage.CONCERN: _("Next: write what matters to you and the concern you will work on."),
        Stage.CONSULTATION: _(
            "Next: consult colleagues, pupils or parents, and note what they said."
        ),
        Stage.PLAN: _("Next: write your development plan."),
        Stage.LEADING: _("Next: lead the change with colleagues, and log what you do."),
        Stage.EVIDENCE: _("Next: gather evidence of what changed."),
        Stage.SHARING: _("Next: present your project at a network event and write its summary."),
    }
    if page.missing(project.stage):
        return str(prompts[Stage(project.stage)])
    return _("This stage is complete: move on to the next one.")


def _with_owner(projects: QuerySet[Project]) -> QuerySet[Project]:
    return projects.select_related("owner", "circle", "subject").order_by("-updated_at", "-pk")


def projects_of(*, user: User) -> QuerySet[Project]:
    """Her own projects."""
    return _with_owner(Project.objects.visible_to(user).filter(owner_id=user.pk))


def projects_followed(*, user: User) -> QuerySet[Project]:
    """The projects of the circles she facilitates (not her own)."""
    circles = Circle.objects.filter(
        memberships__user=user,
        memberships__role=MemberRole.FACILITATOR,
        memberships__status=MembershipStatus.ACTIVE,
    )
    return _with_owner(
        Project.objects.visible_to(user).filter(circle__in=circles).exclude(owner_id=user.pk)
    )


def circle_projects(*, circle: Circle, user: User | AnonymousUser) -> QuerySet[Project]:
    """A circle's projects, for whoever reads the circle (``circle_get_for_user``): colleagues
    see each other's titles and stages, and each carries ``openable``, whether she may open
    it whole (``Project.objects.visible_to``)."""
    return _with_owner(Project.objects.filter(circle=circle).with_openable(user))


def by_stage(projects: QuerySet[Project]) -> dict[int, int]:
    """How many of these projects are at each stage (one query)."""
    rows = projects.order_by().values("stage").annotate(n=Count("pk"))
    found = {row["stage"]: row["n"] for row in rows}
    return {stage: found.get(stage, 0) for stage in Stage.values}


def _school_matches(words: str) -> Q:
    """The project's school (its circle's, or for a network its teacher's) by BIN or name."""
    if words.isdigit() and len(words) == 12:
        return Q(circle__school__bin=words) | Q(owner__profile__school__bin=words)
    return (
        Q(circle__school__name_kk__icontains=words)
        | Q(circle__school__name_ru__icontains=words)
        | Q(owner__profile__school__name_kk__icontains=words)
        | Q(owner__profile__school__name_ru__icontains=words)
    )


def showcase(
    *,
    user: User | AnonymousUser,
    q: str = "",
    region_id: int | None = None,
    school: str = "",
    school_id: int | None = None,
    subject_id: int | None = None,
    theme: str = "",
) -> QuerySet[Project]:
    """Accepted projects across the network (``Project.objects.in_showcase_for``), newest
    first, matching the words and filters; a school is matched by its BIN or name, the circle's
    school or (for a network) the teacher's."""
    found = Project.objects.in_showcase_for(user).select_related(
        "owner__profile__school", "subject", "circle__school", "circle__region"
    )
    if region_id:
        found = found.filter(circle__region_id=region_id)
    if school_id:
        found = found.filter(
            Q(circle__school_id=school_id) | Q(owner__profile__school_id=school_id)
        )
    if school.strip():
        found = found.filter(_school_matches(school.strip()))
    if subject_id:
        found = found.filter(subject_id=subject_id)
    if theme:
        found = found.filter(theme__icontains=theme)
    for word in q.split()[:8]:
        found = found.filter(
            Q(title__icontains=word)
            | Q(concern__icontains=word)
            | Q(summary__icontains=word)
            | Q(theme__icontains=word)
            | _school_matches(word)
        )
    return found.order_by("-accepted_at", "-pk")


def showcase_entry(*, project_id: int, user: User | AnonymousUser) -> Project:
    """One accepted project as the network reads it; 404 unless accepted."""
    found = showcase(user=user).filter(pk=project_id).first()
    if found is None:
        raise Http404
    return found


def school_of(project: Project) -> Any:
    """The school a project belongs to: its circle's, or for a network its teacher's."""
    if project.circle.school is not None:
        return project.circle.school
    profile = getattr(project.owner, "profile", None)
    return profile.school if profile is not None else None


def may_see_pupils(page: ProjectPage, user: User | AnonymousUser) -> bool:
    """Evidence in which pupils appear is for her and those who run her circle only."""
    project = page.project
    return project.owner_id == user.pk or bool(
        user.has_perm("communities.change_circle", project.circle)
    )
