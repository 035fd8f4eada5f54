"""Report reads on a real PostgreSQL streaming replica (DATABASE_REPLICA_URL; scripts/start-replica
starts one on port 5433): the report reads there and gives the primary's figures; writes, and
reads inside a transaction, stay on the primary."""

from typing import Any

import pytest
from django.conf import settings
from django.db import connections, transaction
from django.test.utils import CaptureQueriesContext

from ortaq.core.replica import reading_replica
from ortaq.courses.choices import ActivityKind
from ortaq.courses.models import Enrollment
from ortaq.courses.models.learning import ReportScope
from ortaq.courses.queries.reports import report_for, report_from_rows
from ortaq.courses.services import activity_open, enrollment_create
from ortaq.testing.factories import make_course, make_school, make_user

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.replica,
    pytest.mark.django_db(
        transaction=True,
        databases=["default", "replica"] if "replica" in settings.DATABASES else ["default"],
    ),
]


def shown(report: Any) -> dict[str, Any]:
    import dataclasses

    figures = dataclasses.asdict(report)
    figures.pop("computed_at")
    figures.pop("waiting")
    return figures


def test_a_course_report_reads_the_replica_and_shows_the_primarys_figures(
    replica: Any, reference_data: None
) -> None:
    built = make_course(kinds=(ActivityKind.PAGE,))
    course = built.course
    schools = [make_school(region__code="KZ-19"), make_school(region__code="KZ-23")]
    for n in range(12):
        teacher = make_user(profile__school=schools[n % 2])
        enrollment_create(actor=teacher, course=course)
        if n % 3 == 0:
            activity_open(actor=teacher, activity=built.activities[0])
    replica()
    with connections["replica"].cursor() as cursor:
        cursor.execute("SELECT pg_is_in_recovery()")
        assert cursor.fetchone() == (True,)

    everything = ReportScope(everything=True)
    with (
        CaptureQueriesContext(connections["replica"]) as on_replica,
        CaptureQueriesContext(connections["default"]) as on_primary,
    ):
        report = report_for(course=course, scope=everything)
    assert report.totals.enrolled == 12 and report.totals.completed == 4
    assert shown(report) == shown(report_from_rows(course=course, scope=everything))
    assert any("courses_districttally" in q["sql"] for q in on_replica.captured_queries)
    assert not any("courses_districttally" in q["sql"] for q in on_primary.captured_queries)


def test_writes_and_reads_inside_a_transaction_stay_on_the_primary(
    replica: Any, reference_data: None
) -> None:
    built = make_course(kinds=(ActivityKind.PAGE,))
    teacher = make_user()
    with reading_replica():
        enrollment = enrollment_create(actor=teacher, course=built.course)
        assert enrollment._state.db == "default"
        with transaction.atomic():
            # Just written, not yet on the replica: read inside the transaction, it is found.
            assert Enrollment.objects.filter(user=teacher).get()._state.db == "default"
        replica()
        assert Enrollment.objects.filter(user=teacher).get()._state.db == "replica"
    assert Enrollment.objects.filter(user=teacher).get()._state.db == "default"
