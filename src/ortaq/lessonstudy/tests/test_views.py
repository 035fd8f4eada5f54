"""The pages of a group and its cycle: who reads each (the group, its knowledgeable other),
who is refused and how (decision 0011: a visitor signs in, an outsider, the region's
methodologist among them, gets 404, a member at a facilitator's form 403), the forms going
through a whole cycle, the public report, and a fixed number of queries on the cycle, lesson
and discussion pages whatever the number of stages, pupils and notes."""

from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ortaq.accounts.services import role_grant
from ortaq.core.roles import Role
from ortaq.lessonstudy.choices import ReportStatus, Step
from ortaq.lessonstudy.models import Cycle, Discussion, Interview, PlanStage, Report
from ortaq.lessonstudy.services import cycles as services
from ortaq.testing.cycles import Kit, discuss, make_cycle, make_group, observe
from ortaq.testing.factories import facilitator_of, make_circle, make_user
from ortaq.testing.http import signed_in
from ortaq.testing.refusals import assert_refused

pytestmark = pytest.mark.django_db


def _people(kit: Kit) -> dict[str, Any]:
    methodologist = make_user()
    role_grant(actor=None, user=methodologist, role=Role.COORDINATOR, target=kit.association.region)
    return {
        "visitor": None,
        "facilitator": kit.facilitator,
        "member": kit.members[0],
        "expert": kit.expert,
        "outsider": make_user(),
        "methodologist": methodologist,
        "coordinator": kit.coordinator,
    }


def _client(person: Any) -> Client:
    return Client() if person is None else signed_in(person)


def _pages(cycle: Cycle) -> dict[str, str]:
    base = f"/en/lesson-study/cycles/{cycle.pk}"
    return {
        "group": f"/en/lesson-study/groups/{cycle.group_id}/",
        "cycle": f"{base}/",
        "lesson": f"{base}/lessons/1/",
        "interviews": f"{base}/lessons/1/interviews/",
        "discussion": f"{base}/lessons/1/discussion/",
        "focus": f"{base}/focus/",
        "pupils": f"{base}/pupils/",
        "plan": f"{base}/lessons/1/plan/",
        "report_edit": f"{base}/report/",
        "expert": f"/en/lesson-study/groups/{cycle.group_id}/expert/",
        "new cycle": f"/en/lesson-study/groups/{cycle.group_id}/cycles/new/",
    }


READ = {"group", "cycle", "lesson", "interviews", "discussion"}


@pytest.fixture
def world() -> tuple[Kit, Cycle, dict[str, Any]]:
    kit = make_group(members=2)
    cycle = make_cycle(kit)
    return kit, cycle, _people(kit)


@pytest.mark.parametrize(
    "who",
    ["visitor", "facilitator", "member", "expert", "outsider", "methodologist", "coordinator"],
)
def test_who_reads_and_who_runs_the_cycle(world: Any, who: str) -> None:
    kit, cycle, people = world
    client = _client(people[who])
    for name, url in _pages(cycle).items():
        response = client.get(url)
        if who == "visitor":
            assert_refused(response, as_="visitor")
        elif who in ("outsider", "methodologist", "coordinator"):
            assert_refused(response, as_="outsider")
        elif who == "facilitator" or name in READ:
            assert response.status_code == 200, (who, name)
        else:
            assert_refused(response, as_="onlooker")


def test_the_whole_cycle_through_its_forms() -> None:
    kit = make_group(members=2)
    facilitator = signed_in(kit.facilitator)
    response = facilitator.post(
        f"/kk/lesson-study/groups/{kit.group.pk}/cycles/new/", {"title": "Сұрақ қою"}
    )
    cycle = Cycle.objects.get(title="Сұрақ қою")
    assert response.status_code == 302
    base = f"/kk/lesson-study/cycles/{cycle.pk}"
    assert facilitator.get(f"{base}/pupils/").status_code == 200
    response = facilitator.post(
        f"{base}/focus/",
        {
            "grades": ["3", "4"],
            "objectives": "3.1.2.1, 4.1.2.1",
            "approach": "ашық сұрақтар",
            "learning": "дәлелдеп жауап беру",
            "learners": "сирек сөйлейтін оқушылар",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    response = facilitator.post(f"{base}/focus/", {"objectives": "3.1", "approach": "a",
                                                    "learning": "b", "learners": "c"})  # fmt: skip
    assert response.status_code == 200 and "3.1" in response.content.decode()
    response = facilitator.post(
        f"{base}/pupils/",
        {"band_A": "higher", "reason_A": "жылдам", "band_C": "lower", "reason_C": "үнсіз"},
    )
    assert response.status_code == 302
    assert facilitator.get(f"{base}/lessons/1/plan/").status_code == 200
    pupils = {p.code: p.pk for p in cycle.case_pupils.all()}
    response = facilitator.post(
        f"{base}/lessons/1/plan/",
        {
            "new1-position": "1", "new1-title": "Кіріспе", "new1-minutes": "5",
            f"new1-p{pupils['A']}": "бірден жауап береді",
            "new2-position": "2", "new2-title": "Жұптық жұмыс",
            f"new2-p{pupils['C']}": "серігін тыңдайды",
        },
    )  # fmt: skip
    assert response.status_code == 302, response.content.decode()[:3000]
    assert list(PlanStage.objects.filter(lesson__cycle=cycle).values_list("title", flat=True)) == [
        "Кіріспе",
        "Жұптық жұмыс",
    ]
    member = signed_in(kit.members[1])
    response = member.post(
        f"{base}/lessons/1/interviews/", {"pupil": pupils["C"], "text": "Жұппен жеңіл болды"}
    )
    assert response.status_code == 302
    assert Interview.objects.filter(lesson__cycle=cycle).count() == 1
    # A member may not record the discussion.
    assert member.post(f"{base}/lessons/1/discussion/", {"findings": "x"}).status_code == 403
    stage = PlanStage.objects.get(lesson__cycle=cycle, position=1)
    response = facilitator.post(
        f"{base}/lessons/1/discussion/",
        {
            "findings": "Ашық сұрақтар C-ны сөйлетті",
            "changes": "Күту уақыты",
            f"point-{stage.pk}-{pupils['A']}": "Болжам расталды",
        },
    )
    assert response.status_code == 302
    discussion = Discussion.objects.get(lesson__cycle=cycle)
    assert discussion.points.get().text == "Болжам расталды"
    assert kit.expert is not None
    expert = signed_in(kit.expert)
    page = expert.get(f"{base}/lessons/1/discussion/").content.decode()
    assert "Болжам расталды" in page and 'name="text"' in page
    assert 'name="findings"' not in page
    expert.post(f"{base}/lessons/1/comments/", {"text": "Жақсы дәлел"})
    discussion.refresh_from_db()
    assert discussion.expert_comments == "Жақсы дәлел"
    assert member.post(f"{base}/lessons/1/comments/", {"text": "x"}).status_code == 403
    # The next lesson, its plan beside the first.
    response = facilitator.post(f"{base}/lessons/new/")
    assert response.status_code == 302
    page = facilitator.get(f"{base}/lessons/2/compare/").content.decode()
    assert page.count("Кіріспе") == 2 and "Күту уақыты" in page
    # The report: drafted, published, public with its PDF.
    response = facilitator.post(f"{base}/report/", {"action": "draft", "language": "kk"})
    assert response.status_code == 302
    report = Report.objects.get(cycle=cycle)
    assert Client().get(f"/kk/lesson-study/reports/{report.pk}/").status_code == 404
    response = facilitator.post(
        f"{base}/report/",
        {"action": "publish", "title": report.title, "summary": "", "body": report.body},
    )
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == ReportStatus.PUBLISHED
    public = Client().get(f"/kk/lesson-study/reports/{report.pk}/")
    assert public.status_code == 200 and "Ашық сұрақтар C-ны сөйлетті" in public.content.decode()
    site = Client().get(f"/kk/networks/{kit.association.slug}/").content.decode()
    assert f"/kk/lesson-study/reports/{report.pk}/" in site
    cycle.refresh_from_db()
    assert cycle.step == Step.REPORT


def test_forms_about_pupils_say_why_there_is_no_name_field(world: Any) -> None:
    kit, cycle, _people = world
    client = signed_in(kit.facilitator)
    base = f"/en/lesson-study/cycles/{cycle.pk}"
    for url in (f"{base}/pupils/", f"{base}/lessons/1/plan/", f"{base}/lessons/1/interviews/",
                f"{base}/lessons/1/discussion/"):  # fmt: skip
        page = client.get(url).content.decode()
        assert "Case pupils are named by a letter only" in page, url
        for word in ('name="name', 'name="surname', 'name="photo', 'name="iin', 'type="file"'):
            assert word not in page, (url, word)


def test_the_association_site_lists_its_groups_and_offers_a_coordinator_to_start_one() -> None:
    kit = make_group(members=1, expert=False)
    url = f"/en/networks/{kit.association.slug}/"
    page = Client().get(url).content.decode()
    assert kit.group.circle.name in page
    assert "/groups/new/" not in page
    page = signed_in(kit.coordinator).get(url).content.decode()
    assert f"/en/lesson-study/associations/{kit.association.slug}/groups/new/" in page
    # The group's page is linked for those who work in it, and for nobody else.
    group_page = f"/en/lesson-study/groups/{kit.group.pk}/"
    assert group_page not in page
    assert group_page in signed_in(kit.members[0]).get(url).content.decode()
    assert group_page in signed_in(kit.members[0]).get("/en/me/").content.decode()
    assert group_page not in signed_in(kit.coordinator).get("/en/me/").content.decode()


def test_a_coordinator_starts_a_group_through_the_form() -> None:
    kit = make_group(members=1, expert=False)
    schools = [m.school_id for m in kit.association.member_schools.all()]
    facilitator = make_user()
    client = signed_in(kit.coordinator)
    url = f"/en/lesson-study/associations/{kit.association.slug}/groups/new/"
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {"name": "Математика тобы", "language": "kk", "schools": schools,
         "facilitator": facilitator.email},
    )  # fmt: skip
    assert response.status_code == 302
    assert_refused(signed_in(kit.members[0]).get(url), as_="onlooker")


def _count(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


def test_pages_make_a_fixed_number_of_queries_whatever_the_notes() -> None:
    kit = make_group(members=2)
    small = make_cycle(kit, pupils=2, stages=1)
    big = make_cycle(kit, pupils=4, stages=6)
    for cycle, per_cell in ((small, 1), (big, 5)):
        lesson = cycle.lessons.get(number=1)
        for person in kit.members:
            observe(lesson, person, per_cell=per_cell)
        pupil = cycle.case_pupils.first()
        assert pupil is not None
        services.interview_add(actor=kit.members[0], lesson=lesson, pupil=pupil, text="x")
        discuss(kit, lesson)
    for who in (kit.facilitator, kit.members[1], kit.expert):
        assert who is not None
        client = signed_in(who)
        for page in ("", "lessons/1/", "lessons/1/discussion/", "lessons/1/interviews/"):
            counts = [
                _count(client, f"/kk/lesson-study/cycles/{c.pk}/{page}") for c in (small, big)
            ]
            assert counts[0] == counts[1], (page, counts)
    client = signed_in(kit.facilitator)
    counts = [
        _count(client, f"/kk/lesson-study/cycles/{c.pk}/lessons/1/plan/") for c in (small, big)
    ]
    assert counts[0] == counts[1]


def test_my_page_shows_what_waits_in_lesson_study() -> None:
    kit = make_group(members=1)
    cycle = make_cycle(kit, pupils=2, stages=1)  # taught: its teacher and date are set
    lesson = cycle.lessons.get(number=1)
    discussion = f"/kk/lesson-study/cycles/{cycle.pk}/lessons/1/discussion/"
    assert discussion in signed_in(kit.facilitator).get("/kk/me/").content.decode()
    assert kit.expert is not None
    assert discussion not in signed_in(kit.expert).get("/kk/me/").content.decode()
    discuss(kit, lesson)
    assert discussion not in signed_in(kit.facilitator).get("/kk/me/").content.decode()
    assert discussion in signed_in(kit.expert).get("/kk/me/").content.decode()
    services.expert_comments_save(actor=kit.expert, lesson=lesson, text="Жақсы")
    assert discussion not in signed_in(kit.expert).get("/kk/me/").content.decode()
    assert discussion not in signed_in(kit.members[0]).get("/kk/me/").content.decode()


def test_the_api_says_what_waits_as_my_page_does() -> None:
    kit = make_group(members=1)
    cycle = make_cycle(kit, pupils=2, stages=1)
    expected = [{"cycle_id": cycle.pk, "lesson_number": 1, "cycle_title": cycle.title}]
    found = signed_in(kit.facilitator).get("/api/v1/me/waiting").json()
    assert found["lessons_to_discuss"] == expected and found["discussions_to_comment"] == []
    discuss(kit, cycle.lessons.get(number=1))
    assert kit.expert is not None
    found = signed_in(kit.expert).get("/api/v1/me/waiting").json()
    assert found["discussions_to_comment"] == expected and found["lessons_to_discuss"] == []


def test_the_groups_circle_leads_back_to_the_group() -> None:
    """The circle's page says it is a Lesson Study group: the way to its cycles for those who
    work in it, the association's site for the region's methodologist who reads the circle."""
    kit = make_group(members=1)
    people = _people(kit)
    circle_url = reverse("communities:circle", args=(kit.group.circle_id,))
    group_url = reverse("lessonstudy:group", args=(kit.group.pk,))
    site_url = reverse("networks:association", args=(kit.association.slug,))
    page = signed_in(kit.facilitator).get(circle_url).content.decode()
    assert group_url in page and site_url in page
    response = signed_in(people["methodologist"]).get(circle_url)
    assert response.status_code == 200
    page = response.content.decode()
    assert group_url not in page and site_url in page
    # Another circle says nothing of Lesson Study.
    other = make_circle()
    page = (
        signed_in(facilitator_of(other))
        .get(reverse("communities:circle", args=(other.pk,)))
        .content.decode()
    )
    assert group_url not in page and "Lesson Study" not in page
