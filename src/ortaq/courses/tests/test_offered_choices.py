"""Forms offer only what the person may act on: her regions and districts, the roles she may
grant; a choice outside them is refused with a reason, never silently matched to nobody."""

import re
from typing import Any

import pytest
from django.test import Client

from ortaq.core.errors import NotAllowed
from ortaq.courses.services import enrol_by_criteria
from ortaq.courses.services.enrolment import Criteria
from ortaq.testing.factories import make_course

pytestmark = pytest.mark.django_db


def options(html: str, name: str) -> set[str]:
    select = re.search(rf'<select name="{name}"[^>]*>(.*?)</select>', html, re.S)
    assert select is not None, name
    return set(re.findall(r'<option value="([^"]*)"', select.group(1))) - {""}


def test_a_regional_methodologist_is_offered_her_region_only(
    client: Client, people: dict[str, Any]
) -> None:
    built = make_course()
    region, far = people["region"], people["far_school"].region
    client.force_login(people["coordinator"])
    enrolment = client.get(f"/en/courses/{built.course.pk}/enrolment/").content.decode()
    assert options(enrolment, "region") == {str(region.pk)}
    assert str(people["district"].pk) in options(enrolment, "district")
    report = client.get(f"/en/courses/{built.course.pk}/report/").content.decode()
    assert options(report, "region") == {str(region.pk)}
    # Sent anyway, another region is refused by the form, with a reason.
    sent = client.post(
        f"/en/courses/{built.course.pk}/enrolment/",
        {"by": "criteria", "region": far.pk, "role": "teacher"},
    )
    assert sent.status_code == 400 and "Select a valid choice" in sent.content.decode()
    # And by the service (the API's way in), rather than "0 enrolled".
    with pytest.raises(NotAllowed, match="places you look after"):
        enrol_by_criteria(
            actor=people["coordinator"], course=built.course, cohort=None,
            criteria=Criteria(region=far),
        )  # fmt: skip


def test_the_role_form_offers_only_the_roles_and_places_she_may_grant(
    client: Client, people: dict[str, Any]
) -> None:
    teacher = people["teacher"]
    client.force_login(people["coordinator"])
    page = client.get(f"/en/people/{teacher.pk}/").content.decode()
    assert "admin" not in options(page, "role") and "teacher" in options(page, "role")
    assert "country" not in options(page, "scope_kind")
    assert options(page, "region") == {str(people["region"].pk)}
    client.force_login(people["principal"])
    page = client.get(f"/en/people/{teacher.pk}/").content.decode()
    assert options(page, "role") == {"teacher", "facilitator"}
    assert options(page, "scope_kind") == {"school"}
    client.force_login(people["admin"])
    page = client.get(f"/en/people/{teacher.pk}/").content.decode()
    assert "admin" in options(page, "role") and "country" in options(page, "scope_kind")


def test_a_regional_methodologist_starts_cohorts_of_her_region_only(
    client: Client, people: dict[str, Any]
) -> None:
    built = make_course()
    client.force_login(people["coordinator"])
    page = client.get(f"/en/courses/{built.course.pk}/cohorts/").content.decode()
    assert options(page, "region") == {str(people["region"].pk)}


def test_the_report_and_progress_filters_offer_her_cohorts_not_another_regions(
    client: Client, people: dict[str, Any]
) -> None:
    from ortaq.courses.services import cohort_save

    built = make_course()
    mine = cohort_save(
        actor=built.trainer, course=built.course, name="Ours", region=people["region"]
    )
    theirs = cohort_save(
        actor=built.trainer, course=built.course, name="Far",
        region=people["far_school"].region,
    )  # fmt: skip
    client.force_login(people["coordinator"])
    for page in ("report", "progress"):
        html = client.get(f"/en/courses/{built.course.pk}/{page}/").content.decode()
        assert str(mine.pk) in options(html, "cohort")
        assert str(theirs.pk) not in options(html, "cohort")
    client.force_login(built.trainer)  # the course's trainer reads every cohort
    html = client.get(f"/en/courses/{built.course.pk}/report/").content.decode()
    assert {str(mine.pk), str(theirs.pk)} <= options(html, "cohort")
