"""The e-textbook programme's report (issue 15): lessons by the status of their review, the
schools contributing lessons, class sessions and task success rates, and the movements'
entries by region and status.

Read by the textbooks' and the movements' staff, methodologists and administrators
(``may_read``). Pupils appear only as sums: a task's success rate is the right first answers
over the first answers that its class sessions' ``Tally`` rows counted, with no one named. Each
part is a few grouped queries whatever the data (``report`` makes seven).
"""

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db.models import Count, OuterRef, Q, Subquery, Sum
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ortaq.accounts.models import User
from ortaq.core.replica import on_replica
from ortaq.core.roles import Role, holds_anywhere
from ortaq.core.visibility import is_signed_in
from ortaq.library.choices import Status
from ortaq.library.models import Version
from ortaq.schools.models import Region, School
from ortaq.textbooks.choices import EntryStatus
from ortaq.textbooks.models import (
    ClassSession,
    Entry,
    Lesson,
    Movement,
    Tally,
)
from ortaq.textbooks.permissions import staff_places

READERS = (Role.COORDINATOR, Role.ADMIN)
# A lesson's place in its writing, from its content's latest version: not started (no content
# yet), a draft, in review (submitted or with an expert), changes requested, published (readers
# have a version, even while a new one is written).
LESSON_STATES: tuple[tuple[str, Any], ...] = (
    ("none", gettext_lazy("Not started")),
    ("draft", gettext_lazy("Draft")),
    ("review", gettext_lazy("In review")),
    ("changes", gettext_lazy("Changes requested")),
    ("published", gettext_lazy("Published")),
)
_STATE_OF = {
    Status.DRAFT: "draft",
    Status.SUBMITTED: "review",
    Status.IN_REVIEW: "review",
    Status.CHANGES: "changes",
    Status.WITHDRAWN: "draft",
}


def may_read(user: User | AnonymousUser) -> bool:
    """Methodologists and administrators (held anywhere), and the staff of a textbook or of a
    movement."""
    if not is_signed_in(user):
        return False
    return holds_anywhere(user, READERS) or bool(staff_places(user))


@dataclass
class TextbookRow:
    title: str
    states: dict[str, int] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(self.states.values())

    @property
    def counts(self) -> list[int]:
        """Its lessons in each state, in the order of ``LESSON_STATES``."""
        return [self.states.get(key, 0) for key, _label in LESSON_STATES]


@dataclass
class SchoolRow:
    name: str
    region: str
    lessons: int
    published: int


@dataclass
class LessonPractice:
    """One lesson's class sessions and how its tasks went (anonymous sums)."""

    title: str
    textbook: str
    sessions: int = 0
    answered: int = 0
    right: int = 0

    @property
    def rate(self) -> float | None:
        """Right first answers over first answers, in per cent, to one decimal."""
        return round(100 * self.right / self.answered, 1) if self.answered else None


@dataclass
class RegionEntries:
    region: str
    by_status: dict[str, int] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(self.by_status.values())

    @property
    def counts(self) -> list[int]:
        """Its entries in each status, in the order of ``EntryStatus``."""
        return [self.by_status.get(status, 0) for status in EntryStatus.values]


@dataclass
class TextbookReport:
    textbooks: list[TextbookRow]
    lesson_totals: TextbookRow
    schools: list[SchoolRow]
    practice: list[LessonPractice]
    practice_totals: LessonPractice
    entries: list[RegionEntries]
    entry_totals: RegionEntries
    made_on: str


def _lesson_states() -> tuple[list[TextbookRow], TextbookRow]:
    latest = Version.objects.filter(resource_id=OuterRef("resource_id")).order_by("-number")
    rows: dict[int, TextbookRow] = {}
    totals = TextbookRow(title=_("Total"))
    lessons = (
        Lesson.objects.annotate(latest=Subquery(latest.values("status")[:1]))
        .values_list(
            "unit__textbook_id",
            "unit__textbook__title",
            "resource_id",
            "resource__current_id",
            "latest",
        )
        .order_by("unit__textbook__grade_from", "unit__textbook__title", "unit__textbook_id")
    )
    for textbook_id, title, resource_id, current_id, latest_status in lessons:
        row = rows.setdefault(textbook_id, TextbookRow(title=title))
        # A lesson's content is optional (commissioned, not started): the stubs type it as set.
        resource: int | None = resource_id
        current: int | None = current_id
        if resource is None:
            state = "none"
        elif current is not None:
            state = "published"
        else:
            state = _STATE_OF.get(latest_status, "draft")
        row.states[state] = row.states.get(state, 0) + 1
        totals.states[state] = totals.states.get(state, 0) + 1
    return list(rows.values()), totals


def _schools() -> list[SchoolRow]:
    counted = (
        Lesson.objects.filter(resource__school__isnull=False)
        .values("resource__school_id")
        .annotate(
            n=Count("pk"),
            published=Count("pk", filter=Q(resource__current__isnull=False)),
        )
        .order_by()
    )
    by_school = {row["resource__school_id"]: row for row in counted}
    schools = School.objects.filter(pk__in=by_school).select_related("region")
    rows = [
        SchoolRow(
            name=school.name,
            region=school.region.name,
            lessons=by_school[school.pk]["n"],
            published=by_school[school.pk]["published"],
        )
        for school in schools
    ]
    return sorted(rows, key=lambda r: (-r.lessons, r.name))


def _practice() -> tuple[list[LessonPractice], LessonPractice]:
    lessons = {
        lesson.pk: LessonPractice(title=lesson.title, textbook=lesson.unit.textbook.title)
        for lesson in Lesson.objects.filter(sessions__isnull=False)
        .distinct()
        .select_related("unit__textbook")
        .order_by("unit__textbook__title", "unit__position", "position")
    }
    for lesson_id, n in (
        ClassSession.objects.values_list("lesson_id").annotate(n=Count("pk")).order_by()
    ):
        lessons[lesson_id].sessions = n
    sums = (
        Tally.objects.values("session__lesson_id")
        .annotate(answered=Sum("answered"), right=Sum("right"))
        .order_by()
    )
    for row in sums:
        practice = lessons[row["session__lesson_id"]]
        practice.answered, practice.right = row["answered"] or 0, row["right"] or 0
    rows = list(lessons.values())
    totals = LessonPractice(
        title=_("Total"),
        textbook="",
        sessions=sum(r.sessions for r in rows),
        answered=sum(r.answered for r in rows),
        right=sum(r.right for r in rows),
    )
    return rows, totals


def _entries(user: User | AnonymousUser) -> tuple[list[RegionEntries], RegionEntries]:
    counted = (
        Entry.objects.filter(movement__in=Movement.objects.visible_to(user).values("pk"))
        .values_list("region_id", "status")
        .annotate(n=Count("pk"))
        .order_by()
    )
    by_region: dict[int, dict[str, int]] = defaultdict(dict)
    for region_id, status, n in counted:
        by_region[region_id][status] = n
    totals = RegionEntries(region=_("Total"))
    rows = []
    for region in Region.objects.filter(pk__in=by_region).order_by("code"):
        row = RegionEntries(region=region.name, by_status=by_region[region.pk])
        for status, n in row.by_status.items():
            totals.by_status[status] = totals.by_status.get(status, 0) + n
        rows.append(row)
    return rows, totals


@on_replica
def report(*, user: User | AnonymousUser) -> TextbookReport:
    """The whole programme's report as she may read it (the movements' entries of the
    movements she may see)."""
    textbooks, lesson_totals = _lesson_states()
    practice, practice_totals = _practice()
    entries, entry_totals = _entries(user)
    return TextbookReport(
        textbooks=textbooks,
        lesson_totals=lesson_totals,
        schools=_schools(),
        practice=practice,
        practice_totals=practice_totals,
        entries=entries,
        entry_totals=entry_totals,
        made_on=formats.date_format(timezone.localdate(), "SHORT_DATE_FORMAT"),
    )


def _rate(value: float | None) -> object:
    return value if value is not None else ""


def table(found: TextbookReport) -> list[list[Any]]:
    """The report as rows for a spreadsheet (CSV, XLSX): each part under its heading."""
    states = [str(label) for _key, label in LESSON_STATES]
    statuses = [str(label) for label in EntryStatus.labels]
    rows: list[list[Any]] = [
        [_("E-textbook: the report"), found.made_on],
        [],
        [_("Lessons by status"), *states, _("Total")],
    ]
    for row in [*found.textbooks, found.lesson_totals]:
        rows.append([row.title, *[row.states.get(k, 0) for k, _l in LESSON_STATES], row.total])
    rows += [[], [_("Schools contributing lessons"), _("Region"), _("Lessons"), _("Published")]]
    rows += [[s.name, s.region, s.lessons, s.published] for s in found.schools]
    rows += [
        [],
        [
            _("Class sessions"),
            _("Textbook"),
            _("Sessions"),
            _("First answers"),
            _("Right"),
            _("Success rate, %"),
        ],
    ]
    for p in [*found.practice, found.practice_totals]:
        rows.append([p.title, p.textbook, p.sessions, p.answered, p.right, _rate(p.rate)])
    rows += [[], [_("Movement entries by region"), *statuses, _("Total")]]
    for e in [*found.entries, found.entry_totals]:
        rows.append([e.region, *[e.by_status.get(s, 0) for s in EntryStatus.values], e.total])
    return rows
