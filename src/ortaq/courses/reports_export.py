"""A course report as rows, for CSV and XLSX downloads."""

import io
from typing import Any

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from ortaq.core.spreadsheets import safe_rows
from ortaq.courses.models import Course
from ortaq.courses.queries import Report


def _blank_if_none(value: Any) -> Any:
    return "" if value is None else value


def report_rows(course: Course, report: Report) -> list[list[Any]]:
    """Every table of the report, one after another, each with its heading row; text that a
    spreadsheet would run as a formula is kept as text."""
    rows: list[list[Any]] = [[course.title], []]
    header = [_("Enrolled"), _("Started"), _("Completed"), _("Completion rate, %")]
    rows.append([_("In total"), *header, _("Median days to complete")])
    t = report.totals
    rows.append(
        [t.label, t.enrolled, t.started, t.completed, t.rate, _blank_if_none(report.median_days)]
    )
    for title, counts in (
        (_("By region"), report.by_region),
        (_("By district"), report.by_district),
        (_("By school"), report.by_school),
        (_("By kind of school"), report.by_kind),
    ):
        rows += [[], [title, *header]]
        rows += [[c.label, c.enrolled, c.started, c.completed, c.rate] for c in counts]
    rows += [[], [_("Activity"), _("Module"), _("Completed it"), _("Stopped here")]]
    rows += [[s.label, s.module, s.completed, s.stopped_here] for s in report.steps]
    if report.assessment_total is not None:
        levels = list(report.levels)
        for title, table, total in (
            (
                _("Self-assessment of the same %(count)s teachers, before and after")
                % {"count": report.paired},
                report.assessment,
                report.assessment_total,
            ),
            (
                _("Self-assessment of everyone who answered"),
                report.assessment_all,
                report.assessment_all_total,
            ),
        ):
            rows += [[], [title, _("When"), *levels]]
            for item in [*table, total]:
                if item is None:
                    continue
                rows.append([item.label, _("before, %"), *item.before_shares])
                rows.append([item.label, _("after, %"), *item.after_shares])
                rows.append([item.label, _("change, points"), *item.change])
    return safe_rows(rows)


def to_xlsx(rows: list[list[Any]]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None  # noqa: S101 - a new workbook always has one sheet
    sheet.title = _("Report")[:31]
    for row in rows:
        sheet.append(row)
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.column_dimensions["A"].width = 48
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
