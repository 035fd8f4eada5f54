"""The Lesson Study report of an association, a region or the country.

For the place it looks at: groups and the teachers taking part (by school, and as urban, rural
and small-scale schools), cycles by step, research lessons taught, reports published and, from
the associations' journals, articles published. Its rows are the member schools of an
association, the associations of a region, or the regions of the country.

Every figure is an aggregate grouped by the row's key in SQL, so the report makes a fixed
number of queries whatever the data; it never reads the notes, the largest of Lesson Study's
tables. What it counts grows with the place's groups (a few teachers each), not with the
country's enrolments, so it is read directly rather than from running totals (decision 0013
keeps those for the course reports, over hundreds of thousands of enrolments); it is read from
the replica when there is one.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db.models import Count, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from ortaq.accounts.models import User
from ortaq.communities.choices import MembershipStatus
from ortaq.communities.models import Membership
from ortaq.core.replica import on_replica
from ortaq.core.roles import COUNTRY, Role, Scope, ScopeKind, holds, scopes_where
from ortaq.journal.choices import Status as ManuscriptStatus
from ortaq.journal.models import Submission
from ortaq.lessonstudy.choices import ReportStatus, Step
from ortaq.lessonstudy.models import Cycle, Group, Report, ResearchLesson
from ortaq.networks.models import Association, MemberSchool
from ortaq.schools.choices import Locality
from ortaq.schools.models import Region

# Who reads a region's report, or the country's: methodologists and administrators over it.
READERS = (Role.COORDINATOR, Role.ADMIN)
SMALL_SCALE = "small"
COUNTRY_CHOICE = "country"


@dataclass
class Figures:
    """The figures of one row (a school, an association or a region), or of the whole place."""

    label: str
    key: int | None = None
    locality: str = ""
    small_scale: bool = False
    groups: int = 0
    teachers: int = 0
    steps: dict[int, int] = field(default_factory=dict)
    lessons_taught: int = 0
    reports: int = 0
    articles: int = 0

    @property
    def cycles(self) -> int:
        return sum(self.steps.values())

    @property
    def by_step(self) -> list[tuple[int, str, int]]:
        """Each step of the cycle (number, name) with how many cycles have reached it."""
        return [(step.value, str(step.label), self.steps.get(step.value, 0)) for step in Step]


@dataclass
class LessonStudyReport:
    """The report of ``association``, of ``region``, or of the country (both None)."""

    label: str
    rows_heading: str
    rows: list[Figures]
    totals: Figures
    # Teachers taking part by the kind of their school: urban, rural, small-scale.
    by_kind: dict[str, int]
    association: Association | None = None
    region: Region | None = None


def may_read_region(user: User | AnonymousUser, region: Region | None) -> bool:
    """A region's report (the country's with None) is read by methodologists and
    administrators over it."""
    scopes = [COUNTRY] if region is None else [COUNTRY, Scope.region(region.pk)]
    return holds(user, READERS, scopes)


def places_of(user: User | AnonymousUser) -> list[tuple[str, str]]:
    """The places whose report she may read, as choices: the country and every region for a
    methodologist or administrator of the whole country, her regions for a region's, and the
    associations she runs (their coordinators, and the methodologists of their region)."""
    choices: list[tuple[str, str]] = []
    held = scopes_where(user, READERS)
    if COUNTRY in held:
        choices.append((COUNTRY_CHOICE, _("Kazakhstan")))
        regions = Region.objects.order_by("code")
    else:
        mine = [int(s.key) for s in held if s.kind == ScopeKind.REGION]
        regions = Region.objects.filter(pk__in=mine).order_by("code")
    choices += [(f"region:{region.pk}", region.name) for region in regions]
    associations = Association.objects.run_by(user).order_by("name_kk", "name_ru", "pk")
    choices += [(f"association:{a.slug}", a.name) for a in associations]
    return choices


def reads_some_report(user: User | AnonymousUser) -> bool:
    """She reads the report of some place: she is a methodologist or administrator held at a
    region or the whole country, or she runs an association (``places_of`` lists them)."""
    held = scopes_where(user, READERS)
    if any(scope.kind in (ScopeKind.COUNTRY, ScopeKind.REGION) for scope in held):
        return True
    return Association.objects.run_by(user).exists()


def _groups(association: Association | None, region: Region | None) -> QuerySet[Group]:
    groups = Group.objects.all()
    if association is not None:
        return groups.filter(association=association)
    if region is not None:
        return groups.filter(association__region=region)
    return groups


def _counts(rows: Iterable[dict[str, Any]], key: str) -> dict[int | None, int]:
    return {row[key]: row["n"] for row in rows}


@on_replica
def report(
    *, association: Association | None = None, region: Region | None = None
) -> LessonStudyReport:
    """The report of ``association``, or of ``region``, or of the whole country."""
    groups = _groups(association, region)
    group_ids = groups.values("pk")
    members = Membership.objects.filter(circle_id__in=group_ids, status=MembershipStatus.ACTIVE)
    cycles = Cycle.objects.filter(group_id__in=group_ids)
    lessons = ResearchLesson.objects.filter(
        cycle__group_id__in=group_ids, taught_on__lte=timezone.localdate()
    )
    published = Report.objects.filter(cycle__group_id__in=group_ids, status=ReportStatus.PUBLISHED)
    # Articles of the association's journal (any kind: a report, an article, a portfolio).
    articles = Submission.objects.filter(status=ManuscriptStatus.PUBLISHED)
    if association is not None:
        articles = articles.filter(journal__association=association)
    elif region is not None:
        articles = articles.filter(journal__association__region=region)
    rows: list[Figures]
    if association is not None:
        # Rows: its member schools. A group draws teachers of several schools: each school
        # counts the teachers of its own, and the groups (cycles, lessons, reports) it is in.
        label, heading = association.name, _("School")
        members_of = MemberSchool.objects.filter(association=association).select_related("school")
        rows = [
            Figures(
                label=member.school.name,
                key=member.school_id,
                locality=member.school.locality,
                small_scale=member.school.small_scale,
            )
            for member in members_of.order_by("school__name_kk", "school__pk")
        ]
        teacher_key, group_key = "user__profile__school_id", "circle__schools"
        cycle_key = "group__circle__schools"
        # A school counts the articles one of its teachers wrote or co-wrote.
        article_key = "authors__user__profile__school_id"
    elif region is not None:
        label, heading = region.name, _("Association")
        places = Association.objects.filter(region=region).order_by("name_kk", "name_ru", "pk")
        rows = [Figures(label=place.name, key=place.pk) for place in places]
        teacher_key = "circle__lesson_study_group__association_id"
        group_key, cycle_key = "association_id", "group__association_id"
        article_key = "journal__association_id"
    else:
        label, heading = _("Kazakhstan"), _("Region")
        rows = [
            Figures(label=place.name, key=place.pk) for place in Region.objects.order_by("code")
        ]
        teacher_key = "circle__lesson_study_group__association__region_id"
        group_key, cycle_key = "association__region_id", "group__association__region_id"
        article_key = "journal__association__region_id"
    lesson_key = f"cycle__{cycle_key}"

    group_counts = _counts(
        groups.values(group_key).annotate(n=Count("pk", distinct=True)), group_key
    )
    teacher_counts = _counts(
        members.values(teacher_key).annotate(n=Count("user_id", distinct=True)), teacher_key
    )
    steps: dict[int | None, dict[int, int]] = defaultdict(dict)
    for counted in cycles.values(cycle_key, "step").annotate(n=Count("pk", distinct=True)):
        steps[counted[cycle_key]][counted["step"]] = counted["n"]
    lesson_counts = _counts(
        lessons.values(lesson_key).annotate(n=Count("pk", distinct=True)), lesson_key
    )
    report_counts = _counts(
        published.values(lesson_key).annotate(n=Count("pk", distinct=True)), lesson_key
    )
    article_counts = _counts(
        articles.values(article_key).annotate(n=Count("pk", distinct=True)), article_key
    )
    for figures in rows:
        figures.articles = article_counts.get(figures.key, 0)
        figures.groups = group_counts.get(figures.key, 0)
        figures.teachers = teacher_counts.get(figures.key, 0)
        figures.steps = steps.get(figures.key, {})
        figures.lessons_taught = lesson_counts.get(figures.key, 0)
        figures.reports = report_counts.get(figures.key, 0)

    by_kind: dict[str, int] = {Locality.URBAN: 0, Locality.RURAL: 0, SMALL_SCALE: 0}
    teachers = 0
    kinds = members.values("user__profile__school__locality", "user__profile__school__small_scale")
    for kind in kinds.annotate(n=Count("user_id", distinct=True)):
        teachers += kind["n"]  # a teacher has one school: the kinds add up to the whole
        if kind["user__profile__school__locality"]:
            by_kind[kind["user__profile__school__locality"]] += kind["n"]
        if kind["user__profile__school__small_scale"]:
            by_kind[SMALL_SCALE] += kind["n"]
    totals = Figures(
        label=_("Total"),
        groups=groups.count(),
        teachers=teachers,
        steps=dict(cycles.values_list("step").annotate(n=Count("pk")).order_by()),
        lessons_taught=lessons.count(),
        reports=published.count(),
        articles=articles.count(),
    )
    return LessonStudyReport(
        label=label,
        rows_heading=heading,
        rows=rows,
        totals=totals,
        by_kind=by_kind,
        association=association,
        region=region,
    )


def header(found: LessonStudyReport) -> list[str]:
    """The columns of the report's table, as the CSV and XLSX downloads write them."""
    return [
        found.rows_heading,
        _("Groups"),
        _("Teachers taking part"),
        *[str(label) for label in Step.labels],
        _("Research lessons taught"),
        _("Reports published"),
        _("Articles published"),
    ]


def row_cells(figures: Figures) -> list[object]:
    return [
        figures.label,
        figures.groups,
        figures.teachers,
        *[figures.steps.get(step, 0) for step in Step.values],
        figures.lessons_taught,
        figures.reports,
        figures.articles,
    ]


def table(found: LessonStudyReport) -> list[list[Any]]:
    """The whole report as rows for a spreadsheet: its title, the header, the totals, the rows,
    and the teachers by the kind of their school."""
    return [
        [_("Lesson Study"), found.label, timezone.localdate().isoformat()],
        header(found),
        row_cells(found.totals),
        *(row_cells(row) for row in found.rows),
        [],
        [_("Teachers taking part, by school"), _("Urban"), _("Rural"), _("Small-scale")],
        [
            "",
            found.by_kind[Locality.URBAN],
            found.by_kind[Locality.RURAL],
            found.by_kind[SMALL_SCALE],
        ],
    ]
