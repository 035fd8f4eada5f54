"""Progress person by person: who sees whom, the statuses and figures, filters, sorting, the
keyset pages, downloads, reminders once per period, and the person page."""

import io
from datetime import timedelta
from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone
from openpyxl import load_workbook

from ortaq.core.models import AuditAction, AuditEvent
from ortaq.courses.choices import ActivityKind
from ortaq.courses.models import Enrollment
from ortaq.courses.queries import report_scope
from ortaq.courses.queries.progress import (
    COMPLETED,
    IN_PROGRESS,
    NOT_STARTED,
    ProgressFilter,
    progress_page,
)
from ortaq.courses.services import activity_complete
from ortaq.testing.factories import enrol, make_school, make_user
from ortaq.testing.http import bearer

pytestmark = pytest.mark.django_db

K = ActivityKind


def streamed(response: Any) -> str:
    """The text of a streamed download (a CSV), without its byte-order mark."""
    return b"".join(response.streaming_content).decode("utf-8-sig")


def _names(page: Any) -> list[str]:
    return [row.enrollment.user.first_name for row in page.rows]


def _page(scene: dict[str, Any], viewer: str, **filters: Any) -> Any:
    course = scene["course"]
    scope = report_scope(viewer=scene[viewer], course=course)
    return progress_page(course=course, scope=scope, filters=ProgressFilter(**filters))


def test_statuses_and_figures_for_a_trainer(scene: dict[str, Any]) -> None:
    page = progress_page(
        course=scene["course"],
        scope=report_scope(viewer=scene["built"].trainer, course=scene["course"]),
        filters=ProgressFilter(),
    )
    rows = {row.enrollment.user.first_name: row for row in page.rows}
    assert _names(page) == ["Ainur", "Bota", "Dana", "Erlan", "Farida"]
    assert (rows["Ainur"].status, rows["Ainur"].done, rows["Ainur"].days_idle) == (
        NOT_STARTED, 0, 10)  # fmt: skip
    assert (rows["Bota"].status, rows["Bota"].done, rows["Bota"].required) == (IN_PROGRESS, 1, 2)
    assert rows["Bota"].days_idle == 9
    assert rows["Bota"].enrollment.last_activity == scene["built"].activities[0]
    assert (rows["Dana"].status, rows["Dana"].days_idle) == (IN_PROGRESS, 1)
    assert (rows["Erlan"].status, rows["Erlan"].done, rows["Erlan"].days_idle) == (
        COMPLETED, 2, None)  # fmt: skip
    assert rows["Erlan"].enrollment.completed_at is not None
    assert rows["Farida"].school == scene["far_school"]


def test_who_sees_whom(scene: dict[str, Any]) -> None:
    assert _names(_page(scene, "coordinator")) == ["Ainur", "Bota", "Dana", "Erlan"]
    assert _names(_page(scene, "district_coordinator")) == ["Ainur", "Bota", "Erlan"]
    assert _names(_page(scene, "other_coordinator")) == ["Farida"]
    assert _names(_page(scene, "facilitator")) == ["Bota"]
    # A school head, her school's teachers.
    assert _names(_page(scene, "principal")) == ["Ainur", "Erlan"]


@pytest.mark.parametrize(
    ("viewer", "status"),
    [("teacher", 403), ("principal", 200), ("coordinator", 200), ("other_coordinator", 200)],
)
def test_the_page_answers_like_the_report(scene: dict[str, Any], viewer: str, status: int) -> None:
    client = Client()
    client.force_login(scene[viewer])
    course = scene["course"]
    assert client.get(f"/en/courses/{course.pk}/progress/").status_code == status
    assert client.get(f"/en/courses/{course.pk}/report/").status_code == status


def test_another_regions_methodologist_sees_none_of_hers(scene: dict[str, Any]) -> None:
    client = Client()
    client.force_login(scene["other_coordinator"])
    body = client.get(f"/en/courses/{scene['course'].pk}/progress/").content.decode()
    assert "Farida" in body and "Ainur" not in body and "Bota" not in body
    # Her forms offer only her region.
    assert "Almaty" not in body


def test_filters(scene: dict[str, Any]) -> None:
    assert _names(_page(scene, "coordinator", status=NOT_STARTED)) == ["Ainur"]
    assert _names(_page(scene, "coordinator", status=IN_PROGRESS)) == ["Bota", "Dana"]
    assert _names(_page(scene, "coordinator", status=COMPLETED)) == ["Erlan"]
    assert _names(_page(scene, "coordinator", idle_days=7)) == ["Ainur", "Bota"]
    assert _names(_page(scene, "coordinator", district=scene["district"])) == [
        "Ainur", "Bota", "Erlan"]  # fmt: skip
    assert _names(_page(scene, "coordinator", school=scene["other_school"])) == ["Bota"]
    assert _names(_page(scene, "coordinator", cohort=scene["cohort"])) == ["Bota"]
    assert _names(_page(scene, "coordinator", q="dos")) == ["Dana"]
    # A place outside her scope narrows to nobody rather than widening it.
    assert _names(_page(scene, "coordinator", school=scene["far_school"])) == []


def test_sorting(scene: dict[str, Any]) -> None:
    assert _names(_page(scene, "coordinator", sort="last_step")) == [
        "Ainur", "Bota", "Dana", "Erlan"]  # fmt: skip
    by_progress = _names(_page(scene, "coordinator", sort="progress"))
    assert by_progress[0] == "Ainur" and by_progress[-1] == "Erlan"


@pytest.mark.parametrize("sort", ["name", "last_step", "progress"])
def test_keyset_pages_cover_everyone_once(scene: dict[str, Any], sort: str) -> None:
    course = scene["course"]
    scope = report_scope(viewer=scene["built"].trainer, course=course)
    seen: list[str] = []
    after = None
    for _ in range(10):
        page = progress_page(
            course=course, scope=scope, filters=ProgressFilter(sort=sort), after=after, per_page=2
        )
        seen += _names(page)
        after = page.next_after
        if after is None:
            break
    assert sorted(seen) == ["Ainur", "Bota", "Dana", "Erlan", "Farida"]
    # A forged cursor is the first page again, not an error.
    forged = progress_page(
        course=course, scope=scope, filters=ProgressFilter(sort=sort), after="x:y", per_page=2
    )
    assert forged.first


def test_a_search_pages_by_key_in_name_order(scene: dict[str, Any]) -> None:
    # A word of three letters is found by the trigram indexes on PostgreSQL and its matches
    # sorted (``ortaq.core.search``): the same rows, in the same order, page by page.
    course = scene["course"]
    scope = report_scope(viewer=scene["built"].trainer, course=course)
    whole = progress_page(course=course, scope=scope, filters=ProgressFilter(q="OVA"))
    assert len(whole.rows) >= 3
    seen: list[str] = []
    after = None
    for _ in range(10):
        page = progress_page(
            course=course, scope=scope, filters=ProgressFilter(q="ova"), after=after, per_page=2
        )
        seen += _names(page)
        after = page.next_after
        if after is None:
            break
    assert seen == _names(whole)


def test_query_count_does_not_grow_with_teachers(
    scene: dict[str, Any], django_assert_max_num_queries: Any
) -> None:
    client = Client()
    client.force_login(scene["coordinator"])
    url = f"/en/courses/{scene['course'].pk}/progress/?sort=progress"
    client.get(url)
    with django_assert_max_num_queries(12) as small:
        assert client.get(url).status_code == 200
    for _ in range(30):
        teacher = make_user(profile__school=make_school(region=scene["region"]))
        enrol(teacher, scene["course"])
        activity_complete(actor=teacher, activity=scene["built"].activities[0])
    with django_assert_max_num_queries(len(small.captured_queries)):
        body = client.get(url).content.decode()
    assert body.count('name="enrollment"') == 33  # all but Erlan, who completed


def test_csv_and_xlsx(scene: dict[str, Any]) -> None:
    client = Client()
    client.force_login(scene["coordinator"])
    url = f"/en/courses/{scene['course'].pk}/progress/?status=in_progress"
    response = client.get(url + "&format=csv")
    assert response.status_code == 200
    text = streamed(response)
    lines = text.strip().splitlines()
    assert lines[0].startswith("Teacher,E-mail,School,District,Region,Cohort,Status")
    assert len(lines) == 3
    bota = next(line for line in lines if "Bota" in line)
    assert "In progress" in bota and ",1,2," in bota and ",9," in bota and "Алматы" in bota
    response = client.get(url + "&format=xlsx")
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet is not None
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert values[0][0] == "Teacher" and len(values) == 3
    assert {row[0] for row in values[1:]} == {"Bekova Bota", "Dosova Dana"}


def test_kazakh_csv_uses_semicolons_and_kazakh_dates(scene: dict[str, Any]) -> None:
    client = Client()
    client.force_login(scene["coordinator"])
    response = client.get(f"/kk/courses/{scene['course'].pk}/progress/?format=csv&q=Bota")
    text = streamed(response)
    day = timezone.localdate(timezone.now() - timedelta(days=9))
    assert ";" in text.splitlines()[0]
    assert day.strftime("%d.%m.%Y") in text


def test_remind_the_selected_once_per_period(scene: dict[str, Any]) -> None:
    client = Client()
    client.force_login(scene["district_coordinator"])
    course = scene["course"]
    chosen = [scene["enrolments"]["ainur"].pk, scene["enrolments"]["bota"].pk]
    url = f"/en/courses/{course.pk}/progress/remind/"
    response = client.post(
        url, {"enrollment": chosen, "which": "selected", "filter": "idle=7"}, follow=True
    )
    assert response.redirect_chain[-1][0].endswith("/progress/?idle=7")
    assert "2 teachers reminded." in response.content.decode()
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [scene["enrolments"]["ainur"].user.email, scene["enrolments"]["bota"].user.email]
    )
    response = client.post(url, {"enrollment": chosen, "which": "selected"}, follow=True)
    body = response.content.decode()
    assert "0 teachers reminded." in body
    assert "2 skipped: already reminded in the last 7 days." in body
    assert len(mail.outbox) == 2
    events = AuditEvent.objects.filter(action=AuditAction.REMINDERS_SEND).order_by("pk")
    assert [(e.details["sent"], e.details["skipped_recent"]) for e in events] == [(2, 0), (0, 2)]
    assert events[0].actor == scene["district_coordinator"]
    # Eight days later, the period has passed.
    Enrollment.objects.filter(pk__in=chosen).update(reminded_at=timezone.now() - timedelta(days=8))
    client.post(url, {"enrollment": chosen, "which": "selected"})
    assert len(mail.outbox) == 4


def test_remind_all_who_match_skips_the_completed_and_others_places(
    scene: dict[str, Any],
) -> None:
    client = Client()
    client.force_login(scene["coordinator"])
    course = scene["course"]
    # Farida (another region) cannot be reminded by ticking her id.
    client.post(
        f"/en/courses/{course.pk}/progress/remind/",
        {"enrollment": [scene["enrolments"]["farida"].pk], "which": "selected"},
    )
    assert mail.outbox == []
    response = client.post(
        f"/en/courses/{course.pk}/progress/remind/", {"which": "all", "filter": ""}, follow=True
    )
    body = response.content.decode()
    assert "3 teachers reminded." in body
    assert "1 skipped: completed the course or no longer has an account." in body
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        scene["enrolments"][n].user.email for n in ("ainur", "bota", "dana")
    )


def test_many_are_reminded_in_the_background(
    scene: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    from ortaq.courses.views import progress as views

    monkeypatch.setattr(views, "REMIND_AT_ONCE", 2)
    client = Client()
    client.force_login(scene["coordinator"])
    response = client.post(
        f"/en/courses/{scene['course'].pk}/progress/remind/",
        {"which": "all", "filter": ""},
        follow=True,
    )
    assert "being sent in the background" in response.content.decode()
    # Tasks run at once in tests: the three who are learning, each once, and it is recorded.
    assert len(mail.outbox) == 3
    event = AuditEvent.objects.get(action=AuditAction.REMINDERS_SEND)
    assert (event.details["sent"], event.details["skipped_finished"]) == (3, 1)


def test_only_people_she_looks_after_are_linked(scene: dict[str, Any]) -> None:
    client = Client()
    url = f"/en/courses/{scene['course'].pk}/progress/"
    bota = scene["enrolments"]["bota"].user
    client.force_login(scene["coordinator"])
    assert f'href="/en/people/{bota.pk}/"' in client.get(url).content.decode()
    client.force_login(scene["facilitator"])
    body = client.get(url).content.decode()
    assert "Bota" in body and f'href="/en/people/{bota.pk}/"' not in body


def test_a_teacher_cannot_remind(scene: dict[str, Any]) -> None:
    client = Client()
    client.force_login(scene["teacher"])
    response = client.post(f"/en/courses/{scene['course'].pk}/progress/remind/", {"which": "all"})
    assert response.status_code == 403
    assert mail.outbox == []


def test_the_person_page_shows_her_courses_to_those_who_follow_her(
    scene: dict[str, Any],
) -> None:
    bota = scene["enrolments"]["bota"].user
    client = Client()
    client.force_login(scene["coordinator"])
    body = client.get(f"/en/people/{bota.pk}/").content.decode()
    assert scene["course"].title in body and "1 of 2" in body and "9 days without a step" in body
    client.force_login(scene["admin"])
    assert "1 of 2" in client.get(f"/en/people/{bota.pk}/").content.decode()


# The API ------------------------------------------------------------------------------------


def test_api_lists_with_the_same_filters_by_keyset(scene: dict[str, Any]) -> None:

    client = Client()
    url = f"/api/v1/courses/{scene['course'].pk}/progress"
    headers = {**bearer(scene["coordinator"]), "accept-language": "en"}
    first = client.get(f"{url}?page_size=3", headers=headers).json()
    assert [i["name"] for i in first["items"]] == ["Abenova Ainur", "Bekova Bota", "Dosova Dana"]
    rest = client.get(f"{url}?page_size=3&after={first['next']}", headers=headers).json()
    assert [i["name"] for i in rest["items"]] == ["Esov Erlan"] and rest["next"] is None
    bota = client.get(f"{url}?idle_days=7&status=in_progress", headers=headers).json()["items"]
    assert len(bota) == 1
    assert bota[0] | {"last_step_at": None, "reminded_at": None} == {
        "enrollment_id": scene["enrolments"]["bota"].pk,
        "user_id": scene["enrolments"]["bota"].user_id,
        "name": "Bekova Bota",
        "email": scene["enrolments"]["bota"].user.email,
        "school": {
            "id": scene["other_school"].pk,
            "name": scene["other_school"].name,
            "bin": scene["other_school"].bin or None,
        },
        "district": {"id": scene["district"].pk, "name": str(scene["district"])},
        "region": {"id": scene["region"].pk, "name": str(scene["region"])},
        "cohort": {"id": scene["cohort"].pk, "name": "Алматы"},
        "status": "in_progress",
        "done": 1,
        "required": 2,
        "last_activity": {
            "id": scene["built"].activities[0].pk,
            "name": scene["built"].activities[0].title,
        },
        "last_step_at": None,
        "days_idle": 9,
        "completed_at": None,
        "reminded_at": None,
    }
    refused = client.get(f"{url}?region=KZ-99", headers=headers)
    assert refused.status_code == 422
    assert refused.json()["detail"][0]["loc"] == ["query", "region"]
    assert client.get(f"{url}?status=stalled", headers=headers).status_code == 422
    assert client.get(f"{url}?page_size=201", headers=headers).status_code == 422
    teacher = client.get(url, headers=bearer(scene["teacher"]))
    assert teacher.status_code == 403 and "detail" in teacher.json()
    other = client.get(url, headers=bearer(scene["other_coordinator"])).json()
    assert [i["name"] for i in other["items"]] == ["Fazylova Farida"]


def test_api_reminds_once_per_period(scene: dict[str, Any]) -> None:

    client = Client()
    url = f"/api/v1/courses/{scene['course'].pk}/reminders"
    headers = bearer(scene["coordinator"])
    chosen = {"enrollment_ids": [scene["enrolments"][n].pk for n in ("ainur", "farida")]}
    first = client.post(url, chosen, content_type="application/json", headers=headers)
    assert first.status_code == 200
    # Farida is in another region: not reminded, not even counted.
    assert first.json() == {
        "sent": 1,
        "skipped_recent": 0,
        "skipped_finished": 0,
        "period_days": 7,
        "queued": False,
    }
    every = client.post(
        url, {"idle_days": 7}, content_type="application/json", headers=headers
    ).json()
    assert (every["sent"], every["skipped_recent"]) == (1, 1)  # Bota now; Ainur already
    assert len(mail.outbox) == 2
    refused = client.post(
        url, {}, content_type="application/json", headers=bearer(scene["teacher"])
    )
    assert refused.status_code == 403


def test_the_schema_documents_progress(client: Client) -> None:
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    listed = paths["/api/v1/courses/{course_id}/progress"]["get"]
    assert {"200", "401", "403", "404", "422"} <= set(listed["responses"])
    names = {p["name"] for p in listed["parameters"]}
    assert {
        "status",
        "region",
        "district",
        "school_bin",
        "cohort",
        "idle_days",
        "sort",
        "after",
    } <= names
    remind = paths["/api/v1/courses/{course_id}/reminders"]["post"]
    assert {"200", "403", "422"} <= set(remind["responses"])
