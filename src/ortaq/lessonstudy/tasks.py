"""Background work of Lesson Study: the published report's PDF."""

from django.tasks import task

from ortaq.lessonstudy.choices import ReportStatus
from ortaq.lessonstudy.models import Report
from ortaq.lessonstudy.services.cycles import report_render


@task()
def render_report(report_id: int) -> int:
    """Draw the PDF of a published report, once (a retry finds it drawn)."""
    report = Report.objects.select_related("cycle__group__circle", "cycle__group__association").get(
        pk=report_id
    )
    if report.status == ReportStatus.PUBLISHED and not report.pdf:
        report_render(report=report)
    return report.pk
