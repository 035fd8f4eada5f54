import re
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.utils import translation

from ortaq.accounts.services import role_grant
from ortaq.core.roles import Role
from ortaq.courses.choices import ActivityKind, Phase
from ortaq.courses.queries import report_for, report_scope
from ortaq.courses.services import (
    activity_complete,
    activity_open,
    cohort_facilitator_add,
    cohort_save,
    self_assessment_submit,
)
from ortaq.testing.factories import enrol, make_course, make_school, make_user

pytestmark = pytest.mark.django_db


def streamed(response: Any) -> str:
    """The text of a streamed download (a CSV), without its byte-order mark."""
    return b"".join(response.streaming_content).decode("utf-8-sig")


K = ActivityKind


@pytest.fixture
def scene(people: dict[str, Any]) -> dict[str, Any]:
    """Three teachers in Almaty region (one small-scale school) and one in Atyrau, at different
    stages, all having rated themselves before, two after."""
    built = make_course(kinds=(K.PAGE, K.VIDEO), self_assessment=True)
    course = built.course
    small = make_school(region=people["region"], small_scale=True)
    teachers = [
        people["teacher"],
        make_user(profile__school=small),
        make_user(profile__school=people["school"]),
        people["far_teacher"],
    ]
    cohort = cohort_save(actor=people["coordinator"], course=course, name="Алматы")
    cohort_facilitator_add(actor=people["coordinator"], cohort=cohort, user=people["facilitator"])
    items = list(course.assessment_items.all())
    page, video = built.activities
    for index, teacher in enumerate(teachers):
        enrollment = enrol(teacher, course)
        if index < 2:
            enrollment.cohort = cohort
            enrollment.save()
        self_assessment_submit(
            actor=teacher, enrollment=enrollment, phase=Phase.BEFORE,
            levels={i.pk: 1 + index % 2 for i in items},
        )  # fmt: skip
        if index in (0, 1, 3):
            activity_open(actor=teacher, activity=page)
        if index in (0, 3):
            activity_complete(actor=teacher, activity=video)
            self_assessment_submit(
                actor=teacher, enrollment=enrollment, phase=Phase.AFTER,
                levels={i.pk: 4 for i in items},
            )  # fmt: skip
    return {"built": built, "cohort": cohort, "teachers": teachers, **people}


def test_the_whole_picture_for_a_trainer(scene: dict[str, Any]) -> None:
    built = scene["built"]
    scope = report_scope(viewer=built.trainer, course=built.course)
    with translation.override("en"):
        report = report_for(course=built.course, scope=scope)
    t = report.totals
    # Rating herself is not starting: the third teacher has opened no activity.
    assert (t.enrolled, t.started, t.completed, t.rate) == (4, 3, 2, 50.0)
    assert report.median_days is not None and report.median_days < 1
    regions = {c.label: (c.enrolled, c.completed) for c in report.by_region}
    assert regions == {"Almaty": (3, 1), "Atyrau": (1, 1)}
    kinds = {c.label: c.enrolled for c in report.by_kind}
    assert kinds["Small-scale schools"] == 1
    steps = [(s.completed, s.stopped_here) for s in report.steps]
    assert steps == [(3, 1), (2, 0)]
    total, every = report.assessment_total, report.assessment_all_total
    assert total is not None and every is not None
    # Everyone who answered: four answers at each of two levels before, four at the top after;
    # the same two teachers who answered both times rated themselves lower before.
    assert every.before == [4, 4, 0, 0] and every.after == [0, 0, 0, 4]
    assert report.paired == 2
    assert total.before == [2, 2, 0, 0] and total.after == [0, 0, 0, 4]
    assert total.before_shares == [50.0, 50.0, 0.0, 0.0]
    assert total.change == [-50.0, -50.0, 0.0, 100.0]


def test_a_coordinator_sees_her_region_and_a_facilitator_her_cohort(scene: dict[str, Any]) -> None:
    built = scene["built"]
    coordinator_view = report_for(
        course=built.course, scope=report_scope(viewer=scene["coordinator"], course=built.course)
    )
    assert coordinator_view.totals.enrolled == 3
    facilitator_view = report_for(
        course=built.course, scope=report_scope(viewer=scene["facilitator"], course=built.course)
    )
    assert facilitator_view.totals.enrolled == 2
    with pytest.raises(PermissionDenied):
        report_scope(viewer=scene["teacher"], course=built.course)


def test_narrowing_to_a_cohort_or_district(scene: dict[str, Any]) -> None:
    built = scene["built"]
    scope = report_scope(viewer=built.trainer, course=built.course)
    assert report_for(course=built.course, scope=scope, cohort=scene["cohort"]).totals.enrolled == 2
    district = scene["school"].district
    assert report_for(course=built.course, scope=scope, district=district).totals.enrolled == 2


def test_translations_add_up(scene: dict[str, Any]) -> None:
    from ortaq.courses.services import CourseFields, course_create

    built = scene["built"]
    russian = course_create(
        actor=built.trainer, language="ru", translation_of=built.course,
        data=CourseFields("Инклюзия", "", 24),
    )  # fmt: skip
    role_grant(actor=None, user=make_user(), role=Role.TEACHER)
    from ortaq.courses.models import Enrollment

    Enrollment.objects.create(user=make_user(), course=russian)
    scope = report_scope(viewer=built.trainer, course=built.course)
    assert report_for(course=built.course, scope=scope).totals.enrolled == 5
    assert report_for(course=built.course, scope=scope, whole_group=False).totals.enrolled == 4


def test_report_page_and_downloads(scene: dict[str, Any], client: Client) -> None:
    built = scene["built"]
    client.force_login(scene["coordinator"])
    page = client.get(f"/en/courses/{built.course.pk}/report/")
    assert page.status_code == 200
    assert "<td>Almaty</td>" in page.content.decode()
    assert "<td>Atyrau</td>" not in page.content.decode()
    assert "The same teachers compared: the 1 teacher who answered both" in page.content.decode()
    # Charts beside the tables: where teachers stop, and the same teachers before and after.
    html = page.content.decode()
    assert html.count('<svg viewBox="0 0 320') >= 2 and 'role="img"' in html
    assert "<title" in html and "Most teachers stopped at" in html
    kazakh = client.get(f"/kk/courses/{built.course.pk}/report/").content.decode()
    assert re.search(r"<td>\d+,\d%</td>", kazakh) and not re.search(r"<td>\d+\.\d%</td>", kazakh)
    csv = client.get(f"/en/courses/{built.course.pk}/report/", {"format": "csv"})
    assert csv.headers["Content-Type"].startswith("text/csv")
    assert "Completion rate" in streamed(csv)
    xlsx = client.get(f"/en/courses/{built.course.pk}/report/", {"format": "xlsx"})
    assert xlsx.content[:2] == b"PK"
    client.force_login(scene["teacher"])
    assert client.get(f"/en/courses/{built.course.pk}/report/").status_code == 403


def test_the_downloads_hold_the_figures_and_run_no_formula(
    scene: dict[str, Any], client: Client
) -> None:
    import csv
    import io

    from openpyxl import load_workbook

    built = scene["built"]
    built.activities[0].title = '=HYPERLINK("http://x.example","y")'
    built.activities[0].save(update_fields=["title"])
    client.force_login(scene["coordinator"])
    url = f"/en/courses/{built.course.pk}/report/"
    rows = list(csv.reader(io.StringIO(streamed(client.get(url, {"format": "csv"})))))
    totals = rows[rows.index(next(r for r in rows if r and r[0] == "In total")) + 1]
    assert totals[1:4] == ["3", "2", "1"]  # her region: three enrolled, two started, one done
    assert totals[4] == "33.3" and totals[5] == "0.0"  # she finished on the day she enrolled
    # In Kazakh (and Russian) Excel splits on semicolons and reads a decimal comma.
    kazakh = streamed(client.get(f"/kk/courses/{built.course.pk}/report/", {"format": "csv"}))
    lines = kazakh.splitlines()
    totals_kk = lines[next(i for i, line in enumerate(lines) if line.startswith("Барлығы")) + 1]
    assert totals_kk.split(";")[1:6] == ["3", "2", "1", "33,3", "0,0"]
    assert [r[0] for r in rows if r and "HYPERLINK" in r[0]] == [
        '\'=HYPERLINK("http://x.example","y")'
    ]
    sheet = load_workbook(io.BytesIO(client.get(url, {"format": "xlsx"}).content)).active
    assert sheet is not None
    cells = [c for row in sheet.iter_rows() for c in row if c.value is not None]
    formula = next(c for c in cells if "HYPERLINK" in str(c.value))
    assert formula.data_type == "s" and str(formula.value).startswith("'=")
    assert [c.value for c in cells if c.value == "In total"] == ["In total"]


def test_safe_cells() -> None:
    from ortaq.core.spreadsheets import safe_cell

    for text in ("=1+1", "+7 701", "-x", "@SUM(A1)", "\tx", "\rx"):
        assert safe_cell(text) == "'" + text
    for value in ("Алматы", "", 5, -3, 2.5, None):
        assert safe_cell(value) == value
