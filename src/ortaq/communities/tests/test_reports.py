"""The communities report: its figures, who reads it for which place, the CSV, query counts."""

import csv
import datetime
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from ortaq.communities.choices import CircleKind, MemberRole, ProjectStatus, Stage
from ortaq.communities.models import Attendance, Circle, Meeting, Project
from ortaq.communities.queries.reports import Place, report
from ortaq.consultations.models import Question
from ortaq.testing.factories import add_member, answered, ask, make_circle, make_project, make_user

pytestmark = pytest.mark.django_db
NOW = timezone.now()


def held(circle: Circle, days_ago: int, present: int, absent: int) -> Meeting:
    meeting = Meeting.objects.create(
        circle=circle, starts_at=NOW - datetime.timedelta(days=days_ago), place="Кітапхана"
    )
    for i in range(present + absent):
        user = make_user()
        add_member(circle, user)
        Attendance.objects.create(meeting=meeting, user=user, present=i < present)
    return meeting


def build(people: dict[str, Any], scale: int = 1) -> None:
    for _i in range(scale):
        active = make_circle(school=people["school"], last_activity_at=NOW)
        quiet = make_circle(
            school=people["other_school"], last_activity_at=NOW - datetime.timedelta(days=45)
        )
        held(active, 3, present=3, absent=1)
        held(quiet, 40, present=1, absent=1)
        Meeting.objects.create(
            circle=active, starts_at=NOW - datetime.timedelta(days=1), place="x",
            cancelled_at=NOW,
        )  # fmt: skip
        Meeting.objects.create(circle=active, starts_at=NOW + datetime.timedelta(days=5), place="x")
        make_project(circle=active, stage=Stage.PLAN)
        make_project(
            circle=quiet, stage=Stage.PORTFOLIO, status=ProjectStatus.ACCEPTED, accepted_at=NOW
        )
        far = make_circle(school=people["far_school"], last_activity_at=NOW)
        held(far, 2, present=5, absent=0)
    for hours in (2, 10):
        question = answered(people["teacher"], people["coordinator"])
        Question.objects.filter(pk=question.pk).update(
            created_at=NOW - datetime.timedelta(hours=hours), answered_at=NOW
        )
    ask(people["teacher"])


def test_the_figures_of_a_district(people: dict[str, Any]) -> None:
    build(people)
    found = report(
        place=Place(region=people["region"], district=people["district"]),
        since=timezone.localdate(NOW - datetime.timedelta(days=365)),
        until=timezone.localdate(NOW),
    )
    t = found.totals
    assert (t.circles, t.active, t.meetings) == (2, 1, 2)  # the cancelled and future do not count
    assert (t.present, t.recorded, t.attendance) == (4, 6, 66.7)
    assert t.stages[Stage.PLAN] == 1 and t.stages[Stage.PORTFOLIO] == 1 and t.projects == 2
    assert t.statuses[ProjectStatus.ACCEPTED] == 1 and t.accepted == 1
    assert (t.asked, t.answered, t.median_hours) == (3, 2, 6.0)
    assert [r.label for r in found.rows] == sorted(
        [people["school"].name, people["other_school"].name]
    )
    assert sum(r.meetings for r in found.rows) == 2


def test_the_period_narrows_meetings_and_acceptances(people: dict[str, Any]) -> None:
    build(people)
    found = report(
        place=Place(region=people["region"], district=people["district"]),
        since=timezone.localdate(NOW - datetime.timedelta(days=10)),
        until=timezone.localdate(NOW),
    )
    assert found.totals.meetings == 1 and found.totals.accepted == 1


@pytest.mark.parametrize(
    ("role", "query", "status"),
    [
        ("anonymous", "", 302),
        ("teacher", "", 403),
        ("trainer", "", 403),
        ("facilitator", "", 403),
        ("principal", "", 200),  # her school, by default
        ("principal", "far", 403),
        ("coordinator", "", 200),
        ("coordinator", "region", 200),
        ("coordinator", "far", 403),
        ("district_coordinator", "", 200),
        ("district_coordinator", "region", 403),
        ("other_coordinator", "region", 403),
        ("admin", "", 200),
        ("admin", "far", 200),
    ],
)
def test_who_reads_which_report(
    client: Client, people: dict[str, Any], role: str, query: str, status: int
) -> None:
    if people[role] is not None:
        client.force_login(people[role])
    params = {
        "": {},
        "region": {"region": people["region"].pk},
        "far": {"school": people["far_school"].bin},
    }[query]
    assert client.get("/en/circles/report/", params).status_code == status


def downloaded(response: Any) -> str:
    return b"".join(response.streaming_content).decode()


def test_the_csv_opens_in_excel_with_cyrillic(client: Client, people: dict[str, Any]) -> None:
    build(people)
    client.force_login(people["coordinator"])
    params = {"district": people["district"].pk, "format": "csv"}
    response = client.get("/en/circles/report/", params)
    text = downloaded(response)
    assert response["Content-Type"].startswith("text/csv") and text.startswith("\ufeff")
    lines = text.splitlines()
    assert lines[1].split(",")[:3] == ["School", "Circles", "Active in the last 30 days"]
    assert people["school"].name_kk in text or people["school"].name in text
    # Excel set to Kazakh or Russian splits fields on semicolons and reads decimal commas.
    kazakh = downloaded(client.get("/kk/circles/report/", params)).splitlines()
    assert kazakh[1].split(";")[:2] == ["Мектеп", "Үйірмелер"]


def test_the_report_costs_the_same_whatever_the_data(
    client: Client, people: dict[str, Any]
) -> None:
    client.force_login(people["admin"])

    def count() -> int:
        url = f"/en/circles/report/?region={people['region'].pk}"
        client.get(url)
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    build(people, scale=1)
    small = count()
    build(people, scale=4)
    assert count() == small
    assert Project.objects.count() == 10


def network(people: dict[str, Any], *, district: bool, **fields: Any) -> Circle:
    """A network of the district's two schools (``district``), or of the whole region."""
    circle = Circle.objects.create(
        name=fields.pop("name", "Шағын жинақты мектептер желісі"),
        kind=CircleKind.NETWORK,
        region=people["region"],
        district=people["district"] if district else None,
        last_activity_at=NOW,
        **fields,
    )
    circle.schools.set([people["school"], people["other_school"]])
    add_member(circle, make_user(), role=MemberRole.FACILITATOR)
    return circle


def networks_case(people: dict[str, Any]) -> None:
    """One school circle and one district network in the district; a region-wide network."""
    school_circle = make_circle(school=people["school"], last_activity_at=NOW)
    held(school_circle, 3, present=1, absent=1)
    in_district = network(people, district=True)
    held(in_district, 2, present=3, absent=0)
    make_project(circle=in_district, stage=Stage.EVIDENCE)
    make_project(
        circle=in_district, stage=Stage.PORTFOLIO, status=ProjectStatus.ACCEPTED, accepted_at=NOW
    )
    region_wide = network(people, district=False, name="Облыстық желі")
    held(region_wide, 1, present=2, absent=2)
    make_project(circle=region_wide, stage=Stage.PLAN)


def year(place: Place) -> Any:
    return report(
        place=place,
        since=timezone.localdate(NOW - datetime.timedelta(days=365)),
        until=timezone.localdate(NOW),
    )


def test_a_district_counts_its_networks_in_a_row_of_their_own_and_in_the_totals(
    people: dict[str, Any],
) -> None:
    networks_case(people)
    found = year(Place(region=people["region"], district=people["district"]))
    t = found.totals
    assert (t.circles, t.active, t.meetings) == (2, 2, 2)
    assert (t.present, t.recorded) == (4, 5)
    assert t.projects == 2 and t.stages[Stage.EVIDENCE] == 1 and t.accepted == 1
    assert [r.label for r in found.rows] == [people["school"].name, "Networks of several schools"]
    networks = found.rows[-1]
    assert (networks.circles, networks.meetings, networks.present, networks.recorded) == (
        1, 1, 3, 3,
    )  # fmt: skip
    assert networks.projects == 2 and networks.accepted == 1 and not networks.has_questions
    # The rows add up to the totals.
    assert sum(r.circles for r in found.rows) == t.circles
    assert sum(r.meetings for r in found.rows) == t.meetings
    assert sum(r.projects for r in found.rows) == t.projects


def test_a_region_counts_its_region_wide_networks(people: dict[str, Any]) -> None:
    networks_case(people)
    found = year(Place(region=people["region"]))
    t = found.totals
    assert (t.circles, t.meetings, t.present, t.recorded) == (3, 3, 6, 9)
    assert t.projects == 3 and t.stages[Stage.PLAN] == 1 and t.accepted == 1
    district_row, wide = found.rows
    assert district_row.label == people["district"].name and district_row.circles == 2
    assert wide.label == "Region-wide networks and schools outside a district"
    assert (wide.circles, wide.meetings, wide.projects) == (1, 1, 1)
    # The country's report puts all three in the region's row.
    country = year(Place())
    assert country.totals.circles == 3 and country.totals.projects == 3


def test_the_csv_has_the_networks_row_and_totals_that_include_it(
    client: Client, people: dict[str, Any]
) -> None:
    networks_case(people)
    client.force_login(people["coordinator"])
    response = client.get(
        "/en/circles/report/", {"district": people["district"].pk, "format": "csv"}
    )
    lines = downloaded(response).lstrip("\ufeff").splitlines()
    totals, *rows = csv.reader(lines[2:])
    assert totals[1:4] == ["2", "2", "2"]
    assert rows[-1][0] == "Networks of several schools" and rows[-1][1:4] == ["1", "1", "1"]
    assert rows[-1][-3:] == ["", "", ""]  # questions belong to schools, not to networks
    page = client.get("/en/circles/report/", {"district": people["district"].pk})
    assert "Networks of several schools" in page.content.decode()


def test_a_district_report_reads_the_totals_and_says_how_old_they_are(
    client: Client, people: dict[str, Any]
) -> None:
    """The page counts a short backlog itself; a long one it leaves, saying so."""
    from ortaq.communities.models import CircleTallyChange
    from ortaq.communities.services.tallies import circle_tallies_refresh
    from ortaq.testing.factories import make_school

    circle = make_circle(school=people["school"])
    add_member(circle, make_user(profile__school=people["school"]))
    client.force_login(people["coordinator"])
    url = f"/en/circles/report/?district={people['district'].pk}"
    page = client.get(url).content.decode()
    assert "Figures counted at" in page and "still being added" not in page
    assert "<dt>Members</dt><dd>" in page
    # Fifty-one schools changed at once: more than a read counts; the page says so.
    circle_tallies_refresh()
    schools = [make_school(region=people["region"]) for _ in range(51)]
    CircleTallyChange.objects.bulk_create(
        CircleTallyChange(region_id=s.region_id, district_id=s.district_id, school_id=s.pk)
        for s in schools
    )
    page = client.get(url).content.decode()
    assert "51 changes are still being added." in page


def test_with_a_region_chosen_the_districts_offered_are_its_own(
    client: Client, people: dict[str, Any]
) -> None:
    import re

    from ortaq.testing.factories import make_school

    far = make_school(region__code="KZ-23")
    client.force_login(people["admin"])

    def offered(params: dict[str, Any]) -> str:
        page = client.get("/en/circles/report/", params).content.decode()
        found = re.search(r'<select name="district".*?</select>', page, re.S)
        assert found is not None
        return found.group(0)

    districts = offered({"region": people["region"].pk})
    assert f'value="{people["district"].pk}"' in districts
    assert f'value="{far.district_id}"' not in districts
    assert f'value="{far.district_id}"' in offered({})  # no region: every district
    # Any district is still accepted, and the one chosen shown.
    chosen = offered({"region": people["region"].pk, "district": far.district_id})
    assert f'value="{far.district_id}" selected' in chosen
