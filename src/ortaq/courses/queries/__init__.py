"""Reads of courses that pages and the API share, each a fixed number of SQL queries."""

from ortaq.courses.models.learning import ReportScope
from ortaq.courses.queries.catalogue import (
    CatalogueEntry,
    catalogue,
    course_get_for_user,
    courses_authored_by,
)
from ortaq.courses.queries.outline import (
    ActivityState,
    Learning,
    ModuleOutline,
    Outline,
    ProgressRows,
    activity_get_for_user,
    course_and_enrollment,
    course_structure,
    learning_of,
    outline_for,
    packs_of,
    progress_rows,
)
from ortaq.courses.queries.reports import (
    Report,
    report_cached,
    report_for,
    report_scope,
)
from ortaq.courses.queries.reviews import reflection_with_file, reflections_to_review
from ortaq.courses.queries.staff import (
    COMPLETIONS_PER_PAGE,
    CompletionRow,
    Waiting,
    completions_page,
    reported_posts,
    returned_to,
    waiting_for,
    waiting_in_course,
)

__all__ = [
    "COMPLETIONS_PER_PAGE",
    "ActivityState",
    "CatalogueEntry",
    "CompletionRow",
    "ModuleOutline",
    "Outline",
    "ProgressRows",
    "Report",
    "ReportScope",
    "Waiting",
    "activity_get_for_user",
    "catalogue",
    "completions_page",
    "course_and_enrollment",
    "course_get_for_user",
    "course_structure",
    "courses_authored_by",
    "outline_for",
    "learning_of",
    "Learning",
    "packs_of",
    "progress_rows",
    "reflection_with_file",
    "reflections_to_review",
    "report_cached",
    "report_for",
    "report_scope",
    "reported_posts",
    "waiting_for",
    "returned_to",
    "waiting_in_course",
]
