"""A group sends its published report to its association's journal, in one step.

The journal does not know Lesson Study (decision 0021: ``lessonstudy`` lies above it): the
report becomes an ordinary submission of kind "Lesson Study report" whose ``source`` is the
report, so that sending it again returns the submission it already made. Its text is the
report's; its authors are the cycle's participants who were members of the group (decision
0022, "the report goes to the journal"): the facilitator who sends it, the other
facilitators, the teachers of the research lessons, then the other members; not the
knowledgeable other, an outside adviser whose comments the report keeps apart from the group's
findings (she is thanked by her certificate, not named as an author of the group's work).
"""

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils.translation import gettext as _

from ortaq.accounts.models import User
from ortaq.core.errors import DomainError
from ortaq.journal import services as journal
from ortaq.journal.choices import Kind
from ortaq.journal.models import Journal, Submission
from ortaq.lessonstudy.choices import CycleRole, ReportStatus
from ortaq.lessonstudy.models import Participation, Report
from ortaq.lessonstudy.services.cycles import RUN, _require

Texts = journal.Texts

# The order of a report's authors, by what each did in the cycle.
AUTHOR_ORDER = {CycleRole.FACILITATOR: 0, CycleRole.TEACHER: 1, CycleRole.OBSERVER: 2}


def report_submission(report: Report) -> Submission | None:
    """The journal submission made from ``report``, if it was sent (one query)."""
    return (
        Submission.objects.filter(
            source_type=ContentType.objects.get_for_model(Report), source_id=report.pk
        )
        .select_related("journal__association", "placement__issue")
        .first()
    )


def journal_of(report: Report) -> Journal | None:
    """The journal of the report's association, if it has one."""
    return Journal.objects.filter(association_id=report.cycle.group.association_id).first()


def report_authors(report: Report) -> list[User]:
    """The report's authors but the one who sends it: the cycle's participants who were
    members of the group (``Participation``, from when the report was published), facilitators
    first, then the teachers of its research lessons (in the lessons' order), then the others
    by name; active accounts only."""
    parts = list(
        Participation.objects.filter(
            cycle_id=report.cycle_id, role__in=list(AUTHOR_ORDER), user__is_active=True
        ).select_related("user")
    )
    first_lesson = {
        teacher_id: number
        for number, teacher_id in report.cycle.lessons.order_by("-number").values_list(
            "number", "teacher_id"
        )
    }
    parts.sort(
        key=lambda p: (
            AUTHOR_ORDER[CycleRole(p.role)],
            first_lesson.get(p.user_id, 0),
            p.user.last_name,
            p.user.first_name,
            p.user_id,
        )
    )
    return [p.user for p in parts]


@transaction.atomic
def report_submit(
    *, actor: User, report: Report, texts: journal.Texts, language: str = ""
) -> Submission:
    """Send the published ``report`` to the open call of its association's journal (one of
    the group's facilitators, who is its first author). Its text is the report's, in the
    report's language unless ``language`` says otherwise. Sending it again returns the
    submission already made, whatever the call."""
    _require(
        actor, RUN, report.cycle, _("Only the group's facilitators send its report to a journal.")
    )
    if report.status != ReportStatus.PUBLISHED:
        raise DomainError(
            _("Only a published report goes to the journal: publish it first."),
            code="unpublished",
        )
    made = report_submission(report)
    if made is not None:
        return made
    found = journal_of(report)
    if found is None:
        raise DomainError(
            _("The association has no journal: there is nowhere to send the report."),
            code="no_journal",
        )
    return journal.submission_create(
        actor=actor,
        journal=found,
        kind=Kind.LESSON_STUDY,
        texts=texts,
        language=language or report.language,
        body=report.body,
        authors=report_authors(report),
        source=report,
    )
