"""An event's statistics (issue 13): registered and attended, by role, by region and by kind of
school (urban, rural, small-scale), counted from its own records in two queries, whatever its
size (``tests/test_attendance.py`` asserts it). For its organisers (``events.view_statistics``),
as a page, CSV and XLSX.
"""

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.db.models import OuterRef, Subquery
from django.utils.translation import gettext as _

from ortaq.core.i18n import current_language
from ortaq.events.choices import RegistrationRole, RegistrationStatus
from ortaq.events.models import Attendance, Event, Registration

NO_SCHOOL = "none"
SCHOOL_KINDS = ("urban", "rural", "small", NO_SCHOOL)


def school_kind_label(kind: str) -> str:
    return {
        "urban": _("Urban school"),
        "rural": _("Rural school"),
        "small": _("Small-scale school"),
    }.get(kind, _("No school given"))


@dataclass
class Line:
    label: str
    registered: int = 0
    attended: int = 0


@dataclass
class Statistics:
    registered: int = 0
    attended: int = 0
    by_role: list[Line] = field(default_factory=list)
    by_region: list[Line] = field(default_factory=list)
    by_school: list[Line] = field(default_factory=list)

    def tables(self) -> list[tuple[str, list[Line]]]:
        return [
            (_("By role"), self.by_role),
            (_("By region"), self.by_region),
            (_("By school"), self.by_school),
        ]

    def rows(self) -> list[list[Any]]:
        """The statistics as the rows of one sheet: section, line, registered, attended."""
        rows: list[list[Any]] = [[_("Group"), _("Line"), _("Registered"), _("Attended")]]
        rows.append([_("Total"), "", self.registered, self.attended])
        for title, lines in self.tables():
            rows += [[title, line.label, line.registered, line.attended] for line in lines]
        return rows


def _school_kind(locality: str | None, small: bool | None) -> str:
    if locality is None:
        return NO_SCHOOL
    return "small" if small else locality


def event_statistics(event: Event) -> Statistics:
    """Registered (holding a seat) and attended (any record), by role, region and kind of
    school. Two queries: the registrations and the attendances, each with the person's school
    and its region's names."""
    language = current_language()
    region_name = f"user__profile__school__region__name_{language}"
    base = ("user__profile__school__locality", "user__profile__school__small_scale", region_name)
    registrations = list(
        Registration.objects.filter(event=event, status=RegistrationStatus.REGISTERED).values_list(
            "user_id", "role", *base
        )
    )
    role_of = Registration.objects.filter(event=event, user_id=OuterRef("user_id")).exclude(
        status=RegistrationStatus.CANCELLED
    )
    attendances = list(
        Attendance.objects.filter(event=event)
        .annotate(role=Subquery(role_of.values("role")[:1]))
        .values_list("user_id", "role", *base)
    )
    roles = dict(RegistrationRole.choices)
    counts: dict[str, tuple[Counter[str], Counter[str]]] = {
        "role": (Counter(), Counter()),
        "region": (Counter(), Counter()),
        "school": (Counter(), Counter()),
    }
    for index, rows in enumerate((registrations, attendances)):
        for _user, role, locality, small, region in rows:
            counts["role"][index][role or RegistrationRole.PARTICIPANT] += 1
            counts["region"][index][region or ""] += 1
            counts["school"][index][_school_kind(locality, small)] += 1

    def lines(key: str, order: list[str], label: Any) -> list[Line]:
        registered, attended = counts[key]
        return [
            Line(label(k), registered[k], attended[k])
            for k in order
            if registered[k] or attended[k]
        ]

    regions = sorted(set(counts["region"][0]) | set(counts["region"][1]), key=lambda r: (not r, r))
    return Statistics(
        registered=len(registrations),
        attended=len(attendances),
        by_role=lines("role", list(roles), lambda k: str(roles[k])),
        by_region=lines("region", regions, lambda k: k or _("No region given")),
        by_school=lines("school", list(SCHOOL_KINDS), school_kind_label),
    )
