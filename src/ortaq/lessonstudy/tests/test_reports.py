"""The Lesson Study report: its figures for an association, a region and the country, who reads
which, the places its form offers, the CSV and XLSX, and a fixed number of queries."""

import csv
import datetime
import io
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from openpyxl import load_workbook

from ortaq.accounts.services import role_grant
from ortaq.communities.choices import CircleKind, MemberRole, MembershipStatus
from ortaq.communities.models import Circle
from ortaq.core.roles import Role
from ortaq.journal.choices import Status as ManuscriptStatus
from ortaq.journal.models import Author, Call, Journal, Submission
from ortaq.lessonstudy.choices import ReportStatus, Step
from ortaq.lessonstudy.models import Cycle, Group, Report, ResearchLesson
from ortaq.lessonstudy.reports import report
from ortaq.networks.models import Association
from ortaq.schools.choices import Locality
from ortaq.testing.factories import add_member, make_association, make_school, make_user
from ortaq.testing.http import signed_in

pytestmark = pytest.mark.django_db
URL = "/en/lesson-study/report/"
TODAY = timezone.localdate()


def group_of(association: Association, schools: list[Any], teachers: list[Any]) -> Group:
    circle = Circle.objects.create(
        name="Lesson Study", kind=CircleKind.NETWORK, region=association.region
    )
    circle.schools.set(schools)
    for n, teacher in enumerate(teachers):
        add_member(circle, teacher, role=MemberRole.FACILITATOR if n == 0 else MemberRole.MEMBER)
    return Group.objects.create(circle=circle, association=association)


def cycle_of(group: Group, step: int, taught: int = 0, published: bool = False) -> Cycle:
    cycle = Cycle.objects.create(group=group, title="Cycle", step=step)
    for number in range(1, taught + 2):
        # One lesson more than taught: planned for next week.
        when = TODAY - datetime.timedelta(days=7) if number <= taught else TODAY
        when = when if number <= taught else TODAY + datetime.timedelta(days=7)
        ResearchLesson.objects.create(cycle=cycle, number=number, taught_on=when)
    if published:
        Report.objects.create(
            cycle=cycle, title="R", language="kk", body="x", status=ReportStatus.PUBLISHED
        )
    return cycle


def article_of(association: Association, authors: list[Any], status: str) -> Submission:
    journal, _new = Journal.objects.get_or_create(
        association=association, defaults={"title_kk": "Журнал"}
    )
    call, _new = Call.objects.get_or_create(
        journal=journal, year=2026, defaults={"deadline": TODAY}
    )
    texts = {
        f"{field}_{lang}": "x" for field in ("title", "abstract") for lang in ("kk", "ru", "en")
    }
    article = Submission.objects.create(
        journal=journal, call=call, language="kk", status=status, **texts
    )
    for position, person in enumerate(authors, 1):
        Author.objects.create(submission=article, user=person, position=position)
    return article


@pytest.fixture
def world(people: dict[str, Any]) -> dict[str, Any]:
    rural = make_school(region=people["region"], locality=Locality.RURAL, small_scale=True)
    urban = make_school(region=people["region"], locality=Locality.URBAN, small_scale=False)
    association = make_association(region=people["region"], schools=[urban, rural])
    city = [make_user(profile__school=urban) for _ in range(3)]
    village = [make_user(profile__school=rural) for _ in range(2)]
    first = group_of(association, [urban, rural], [*city[:2], *village])
    second = group_of(association, [urban], [city[0], city[2]])  # city[0] is in both
    add_member(first.circle, make_user(profile__school=urban), status=MembershipStatus.LEFT)
    cycle_of(first, Step.REPORT, taught=2, published=True)
    cycle_of(second, Step.PLAN)
    # Articles: one by a teacher of each school, one unpublished (not counted).
    article_of(association, [city[1], village[0]], ManuscriptStatus.PUBLISHED)
    article_of(association, [city[2]], ManuscriptStatus.PUBLISHED)
    article_of(association, [village[1]], ManuscriptStatus.IN_REVIEW)
    # Another region's association, counted in the country's report only.
    far = make_association(region=people["far_school"].region, schools=[people["far_school"]])
    cycle_of(
        group_of(far, [people["far_school"]], [make_user(profile__school=people["far_school"])]),
        Step.FOCUS,
    )
    return {**people, "association": association, "far": far, "urban": urban, "rural": rural}


def test_an_associations_report_counts_its_schools_teachers_and_cycles(
    world: dict[str, Any],
) -> None:
    found = report(association=world["association"])
    totals = found.totals
    assert (totals.groups, totals.teachers, totals.cycles) == (2, 5, 2)
    assert totals.steps == {Step.REPORT: 1, Step.PLAN: 1}
    assert (totals.lessons_taught, totals.reports, totals.articles) == (2, 1, 2)
    assert found.by_kind == {"urban": 3, "rural": 2, "small": 2}
    rows = {row.key: row for row in found.rows}
    urban, rural = rows[world["urban"].pk], rows[world["rural"].pk]
    # A school counts its own teachers, and each group it is in (with its cycles).
    assert (urban.groups, urban.teachers, urban.cycles, urban.reports) == (2, 3, 2, 1)
    assert (rural.groups, rural.teachers, rural.cycles, rural.lessons_taught) == (1, 2, 1, 2)
    # An article counts for the school of each of its authors.
    assert (urban.articles, rural.articles) == (2, 1)
    assert rural.small_scale


def test_a_regions_report_has_a_row_per_association_and_the_country_per_region(
    world: dict[str, Any],
) -> None:
    regional = report(region=world["region"])
    assert [(r.label, r.groups, r.teachers, r.articles) for r in regional.rows] == [
        (world["association"].name, 2, 5, 2)
    ]
    country = report()
    by_region = {row.key: row for row in country.rows}
    assert by_region[world["region"].pk].teachers == 5
    assert by_region[world["far"].region_id].cycles == 1
    assert country.totals.teachers == 6


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("anonymous", 302),
        ("teacher", 403),
        ("trainer", 403),
        ("coordinator", 200),
        ("other_coordinator", 200),
        ("admin", 200),
    ],
)
def test_who_reads_the_report(world: dict[str, Any], who: str, status: int, client: Any) -> None:
    if world[who] is not None:
        signed_in(world[who], client)
    assert client.get(URL).status_code == status


def test_the_form_offers_only_the_places_she_may_read(world: dict[str, Any]) -> None:
    steward = world["association"].appointments.get().user
    client = signed_in(steward)
    page = client.get(URL)
    assert page.status_code == 200
    assert page.context["form"].fields["place"].choices == [
        (f"association:{world['association'].slug}", world["association"].name)
    ]
    # Another association, or a region, is refused as a place not on her list.
    assert client.get(URL, {"place": f"association:{world['far'].slug}"}).status_code == 403
    assert client.get(URL, {"place": f"region:{world['region'].pk}"}).status_code == 403
    regional = signed_in(world["coordinator"])
    offered = [value for value, _label in regional.get(URL).context["form"].fields["place"].choices]
    assert offered == [f"region:{world['region'].pk}", f"association:{world['association'].slug}"]
    assert regional.get(URL, {"place": f"region:{world['far'].region_id}"}).status_code == 403


def test_the_csv_and_xlsx_hold_the_figures(world: dict[str, Any]) -> None:
    client = signed_in(world["coordinator"])
    place = {"place": f"association:{world['association'].slug}"}
    answer = client.get(URL, {**place, "format": "csv"})
    text = b"".join(answer.streaming_content).decode("utf-8-sig")  # type: ignore[attr-defined]
    rows = list(csv.reader(io.StringIO(text), delimiter=","))
    assert rows[1][:3] == ["School", "Groups", "Teachers taking part"]
    assert rows[2][:3] == ["Total", "2", "5"]
    assert [world["rural"].name, "1", "2"] in [r[:3] for r in rows]
    answer = client.get(URL, {**place, "format": "xlsx"})
    sheet = load_workbook(io.BytesIO(answer.content)).active
    values = [[cell.value for cell in row if cell.value is not None] for row in sheet.iter_rows()]
    assert values[2][:3] == ["Total", 2, 5]
    assert ["Teachers taking part, by school", "Urban", "Rural", "Small-scale"] in values


def test_the_report_makes_as_many_queries_whatever_the_data(world: dict[str, Any]) -> None:
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            report(association=world["association"])
            report(region=world["region"])
        return len(captured)

    before = queries()
    for _ in range(3):
        group = group_of(
            world["association"], [world["rural"]], [make_user(profile__school=world["rural"])]
        )
        cycle_of(group, Step.DISCUSSION, taught=1, published=True)
    assert queries() == before


def test_a_region_role_on_an_association_only_reads_it(world: dict[str, Any]) -> None:
    person = make_user()
    role_grant(actor=None, user=person, role=Role.ADMIN)
    assert signed_in(person).get(URL, {"place": "country"}).status_code == 200


@pytest.mark.parametrize(
    ("who", "shown"),
    [("teacher", False), ("district_coordinator", False), ("coordinator", True), ("admin", True)],
)
def test_her_page_shows_the_way_to_the_report_when_she_reads_one(
    world: dict[str, Any], who: str, shown: bool
) -> None:
    page = signed_in(world[who]).get("/en/me/")
    assert (URL in page.content.decode()) is shown


def test_a_coordinator_of_an_association_finds_the_report_on_her_page(
    world: dict[str, Any],
) -> None:
    steward = world["association"].appointments.get().user
    assert URL in signed_in(steward).get("/en/me/").content.decode()
