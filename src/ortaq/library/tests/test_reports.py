"""The library's report: its figures on generated data, who may read which place, CSV and XLSX
by their content, and a fixed number of queries."""

import io
from datetime import timedelta
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from openpyxl import load_workbook

from ortaq.accounts.services import role_grant
from ortaq.core.roles import Role, ScopeKind
from ortaq.library import reports
from ortaq.library.choices import Kind, Level, Status
from ortaq.library.services.tallies import library_tallies_refresh
from ortaq.schools.choices import Locality
from ortaq.schools.models import Region
from ortaq.testing.factories import make_school, make_user
from ortaq.testing.http import signed_in
from ortaq.testing.librarysearch import search_publish_next, search_resource, search_subject
from ortaq.testing.refusals import assert_refused

pytestmark = pytest.mark.django_db


def _url(**query: str) -> str:
    with translation.override("kk"):
        path = reverse("library:report")
    return path + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


@pytest.fixture
def region() -> Region:
    return Region.objects.get(code="KZ-19")


@pytest.fixture
def data(region: Region) -> dict[str, Any]:
    """In the region: an urban school and a small rural one; resources of three kinds, of
    which four published (taking 2, 4 and 10 days, and a second version 6 days), one in review
    and one draft; a resource of another region."""
    urban = make_school(region=region, locality=Locality.URBAN)
    small = make_school(region=region, locality=Locality.RURAL, small_scale=True)
    history = search_subject("world-history")
    now = timezone.now()

    def published(days: int, **fields: Any) -> Any:
        return search_resource(
            submitted_at=now - timedelta(days=days, hours=1),
            published_at=now - timedelta(hours=1),
            **fields,
        )

    plan = published(2, title="Сабақ жоспары", school=urban, downloads=40, level=Level.SCHOOL)
    multi = published(
        4,
        title="Біріктірілген сабақ",
        kind=Kind.MULTIGRADE_PLAN,
        school=small,
        downloads=90,
        level=Level.REGION,
    )
    task = published(
        10, title="БЖБ", kind=Kind.UNIT_TASK, school=small, subject=history, level=Level.REGION
    )
    search_publish_next(
        task,
        title="БЖБ, 2-нұсқа",
        submitted_at=now - timedelta(days=6, hours=2),
        published_at=now - timedelta(hours=2),
    )
    search_resource(title="Қарауда", school=urban, status=Status.IN_REVIEW)
    search_resource(title="Жоба", school=small, status=Status.DRAFT, kind=Kind.UNIT_TASK)
    elsewhere = search_resource(
        title="Басқа облыс", school=make_school(region=Region.objects.get(code="KZ-75"))
    )
    # What the worker does a moment after the services' changes commit.
    library_tallies_refresh()
    return {"plan": plan, "multi": multi, "task": task, "elsewhere": elsewhere}


def test_the_figures_of_a_region(region: Region, data: dict[str, Any]) -> None:
    found = reports.report(reports.Place(ScopeKind.REGION, region.name, region=region))
    assert (found.total.resources, found.total.published) == (5, 3)
    kinds = {line.key: (line.resources, line.published) for line in found.by_kind}
    assert kinds == {Kind.LESSON_PLAN: (2, 1), Kind.MULTIGRADE_PLAN: (1, 1), Kind.UNIT_TASK: (2, 1)}
    subjects = {line.label: (line.resources, line.published) for line in found.by_subject}
    assert subjects == {"Mathematics": (4, 2), "World history": (1, 1)}
    statuses = dict(found.by_status)
    assert statuses["Published"] == 3
    assert statuses["Replaced by a later version"] == 1
    assert statuses["In review"] == 1
    assert statuses["Draft"] == 1
    assert dict(found.by_level) == {"School": 1, "District": 0, "Region": 2, "Republic": 0}
    # Published versions took 2, 4, 6 and 10 days: the median is 5.
    assert (found.median_days, found.versions_published) == (5.0, 4)
    assert found.schools == {"urban": 1, "rural": 1, "small": 1, "total": 2}
    assert [(u.title, u.downloads) for u in found.most_used] == [
        ("Біріктірілген сабақ", 90),
        ("Сабақ жоспары", 40),
    ]
    assert found.rows_heading == "District"


def test_the_country_counts_every_region(data: dict[str, Any]) -> None:
    found = reports.report(reports.Place(ScopeKind.COUNTRY, "Kazakhstan"))
    assert (found.total.resources, found.total.published) == (6, 4)
    by_region = {line.label: line.resources for line in found.rows}
    assert sum(by_region.values()) == 6
    assert len(by_region) == 2


def test_median_of_tenths() -> None:
    from collections import Counter

    assert reports.median_of_tenths(Counter()) is None
    assert reports.median_of_tenths(Counter({20: 1})) == 2.0
    assert reports.median_of_tenths(Counter({20: 1, 40: 1, 60: 1, 100: 1})) == 5.0
    assert reports.median_of_tenths(Counter({15: 3, 90: 1})) == 1.5


def _person(role: str, target: Any) -> Any:
    person = make_user()
    role_grant(actor=None, user=person, role=role, target=target)
    return person


def test_who_may_read_which_place(region: Region, data: dict[str, Any]) -> None:
    other = Region.objects.get(code="KZ-75")
    assert_refused(Client().get(_url()), as_="visitor")
    assert Client().get(_url()).status_code == 302
    teacher = make_user()
    assert_refused(signed_in(teacher).get(_url()), as_="onlooker")
    school_moderator = _person(Role.MODERATOR, make_school(region=region))
    assert signed_in(school_moderator).get(_url()).status_code == 403

    methodologist = signed_in(_person(Role.COORDINATOR, region))
    assert methodologist.get(_url()).status_code == 200
    assert methodologist.get(_url(place=f"region:{region.pk}")).status_code == 200
    assert methodologist.get(_url(place=f"region:{other.pk}")).status_code == 403
    assert methodologist.get(_url(place="country")).status_code == 403

    moderator = signed_in(_person(Role.MODERATOR, region))
    assert moderator.get(_url(place=f"region:{region.pk}")).status_code == 200

    admin = signed_in(_person(Role.ADMIN, None))
    page = admin.get(_url())
    assert page.status_code == 200
    assert "Қазақстан" in page.content.decode()
    assert admin.get(_url(place=f"region:{other.pk}")).status_code == 200


def test_the_page_shows_the_figures_in_kazakh(region: Region, data: dict[str, Any]) -> None:
    page = signed_in(_person(Role.COORDINATOR, region)).get(_url()).content.decode()
    assert "Біріктірілген сабақ" in page  # the most used
    assert "5,0" in page  # the median, with a decimal comma
    assert timezone.localdate().strftime("%d.%m.%Y") in page


def test_csv_and_xlsx_hold_the_figures(region: Region, data: dict[str, Any]) -> None:
    client = signed_in(_person(Role.COORDINATOR, region))
    response = client.get(_url(format="csv"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    text = b"".join(response.streaming_content).decode("utf-8-sig")  # type: ignore[attr-defined]
    lines = [line.split(";") for line in text.splitlines()]
    assert lines[0][2] == timezone.localdate().strftime("%d.%m.%Y")
    assert ["Барлығы", "5", "3"] in lines
    assert any(line[:2] == ["5,0", "4"] for line in lines)
    assert any(line[0] == "Біріктірілген сабақ" and line[-1] == "90" for line in lines)

    workbook = load_workbook(io.BytesIO(client.get(_url(format="xlsx")).content))
    rows = [list(row) for row in workbook.active.iter_rows(values_only=True)]
    assert any(row[:3] == ["Барлығы", 5, 3] for row in rows)
    assert any(row[:2] == [5.0, 4] for row in rows)


def test_the_report_makes_a_fixed_number_of_queries(region: Region, data: dict[str, Any]) -> None:
    place = reports.Place(ScopeKind.REGION, region.name, region=region)
    with CaptureQueriesContext(connection) as few:
        reports.report(place)
    school = make_school(region=region)
    for n in range(8):
        search_resource(title=f"Сабақ {n}", school=school, downloads=n + 1)
    with CaptureQueriesContext(connection) as more:
        reports.report(place)
    assert len(more.captured_queries) == len(few.captured_queries) <= 12


def test_my_page_links_the_report_for_its_readers(region: Region) -> None:
    with translation.override("kk"):
        dashboard = reverse("accounts:dashboard")
    link = _url()
    assert link in signed_in(_person(Role.COORDINATOR, region)).get(dashboard).content.decode()
    assert link not in signed_in(make_user()).get(dashboard).content.decode()
