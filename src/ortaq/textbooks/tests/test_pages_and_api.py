"""The textbook's pages and API as each person gets them: permissions by status code, no
answer sent to a visitor (in the API's JSON or in a page's HTML), and a bounded number of
queries."""

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from ortaq.library import services as library
from ortaq.testing.library_review import approve
from ortaq.testing.textbookwriting import SECRET, write_lesson
from ortaq.textbooks.models import Exercise, Textbook
from ortaq.textbooks.services import books

pytestmark = pytest.mark.django_db


def _client(user: Any = None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def _published(tb: dict[str, Any]) -> Any:
    version = write_lesson(tb)
    submitted = library.version_submit(actor=tb["teacher"], version=version)
    library.experts_assign(actor=tb["tb_moderator"], version=submitted, experts=[tb["expert"]])
    approve(tb["expert"], submitted)
    Textbook.objects.filter(pk=tb["textbook"].pk).update(is_published=True)
    return version


def test_a_draft_textbook_is_its_staffs_and_its_writers(tb: dict[str, Any]) -> None:
    url = reverse("textbooks:textbook", args=["dialog-5"])
    assert _client().get(url).status_code == 404
    assert _client(tb["outsider"]).get(url).status_code == 404
    assert _client(tb["teacher"]).get(url).status_code == 200  # commissioned a lesson
    assert _client(tb["tb_moderator"]).get(url).status_code == 200
    listed = _client().get(reverse("textbooks:list"))
    assert listed.status_code == 200
    assert "Мәдениетаралық диалог" not in listed.content.decode()


def test_who_changes_a_textbook_and_who_writes_a_lesson(tb: dict[str, Any]) -> None:
    edit = reverse("textbooks:textbook_edit", args=["dialog-5"])
    plan = reverse("textbooks:lesson_plan", args=["dialog-5", tb["lesson"].pk])
    write = reverse("textbooks:write", args=["dialog-5", tb["lesson"].pk])
    assert _client().get(edit).status_code == 302
    assert _client(tb["teacher"]).get(edit).status_code == 403
    assert _client(tb["tb_moderator"]).get(edit).status_code == 403
    assert _client(tb["coordinator"]).get(edit).status_code == 200
    assert _client(tb["teacher"]).get(plan).status_code == 403
    assert _client(tb["coordinator"]).get(plan).status_code == 200
    assert _client(tb["coordinator"]).get(write).status_code == 403
    assert _client(tb["teacher"]).get(write).status_code == 200
    assert _client(tb["teacher"]).get(reverse("textbooks:textbook_new")).status_code == 403
    assert _client(tb["coordinator"]).get(reverse("textbooks:textbook_new")).status_code == 200


def test_forms_change_the_structure_without_script(tb: dict[str, Any]) -> None:
    client = _client(tb["coordinator"])
    page = reverse("textbooks:textbook", args=["dialog-5"])
    answer = client.post(reverse("textbooks:unit_add", args=["dialog-5"]), {"unit-title": "Дәстүр"})
    assert answer.status_code == 302
    unit = tb["textbook"].units.get(title="Дәстүр")
    client.post(reverse("textbooks:unit_move", args=["dialog-5", unit.pk]), {"to": "up"})
    client.post(
        reverse("textbooks:lesson_add", args=["dialog-5", unit.pk]), {"lesson-title": "Наурыз"}
    )
    client.post(
        reverse("textbooks:staff_add", args=["dialog-5"]),
        {"staff-email": tb["expert"].email, "staff-role": "moderator"},
    )
    html = client.get(page).content.decode()
    assert html.index("Дәстүр") < html.index("Бірлік")
    assert "Наурыз" in html
    assert tb["textbook"].staff.filter(user=tb["expert"]).exists()


def test_a_task_written_through_the_form(tb: dict[str, Any]) -> None:
    version = write_lesson(tb)
    client = _client(tb["teacher"])
    url = reverse("textbooks:task_new", args=["dialog-5", tb["lesson"].pk])
    data = {
        "revision": version.revision,
        "kind": "gaps",
        "prompt": "Қонақ келсе — [1].",
        "gap_1": "құт; Құт",
    }
    assert client.post(url, data).status_code == 302
    made = Exercise.objects.filter(version=version).order_by("position").last()
    assert made is not None
    assert sorted(made.accepted.values_list("text", flat=True)) == ["Құт", "құт"]
    # The same revision again: someone (she) saved meanwhile; told, not written twice.
    again = client.post(url, data)
    assert again.status_code == 200
    assert Exercise.objects.filter(version=version).count() == 7


def test_a_visitor_never_gets_the_answers(tb: dict[str, Any]) -> None:
    version = _published(tb)
    lesson = tb["lesson"]
    api = f"/api/v1/textbooks/dialog-5/lessons/{lesson.pk}"
    visitor = _client().get(api)
    assert visitor.status_code == 200
    body = visitor.content.decode()
    assert SECRET not in body
    assert '"is_right": true' not in body
    tasks = visitor.json()["tasks"]
    assert len(tasks) == 6
    assert all(task["hashes"] and task["accepted"] is None for task in tasks)
    outsider = _client(tb["outsider"]).get(api).content.decode()
    assert SECRET not in outsider
    author = _client(tb["teacher"]).get(api).json()
    assert author["answers"] is True
    assert SECRET in str(author["tasks"])
    staff = _client(tb["tb_moderator"]).get(api).json()
    assert staff["answers"] is True
    resource_page = reverse("library:resource", args=[version.resource_id])
    html = _client().get(resource_page).content.decode()
    assert "Құпия сөз?" in html  # the task is shown…
    assert SECRET not in html  # …without its answer
    assert SECRET in _client(tb["expert"]).get(resource_page).content.decode()
    textbook_page = _client().get(reverse("textbooks:textbook", args=["dialog-5"]))
    assert SECRET not in textbook_page.content.decode()


def test_the_api_lists_textbooks_by_grade_and_language(tb: dict[str, Any]) -> None:
    _published(tb)
    assert [t["slug"] for t in _client().get("/api/v1/textbooks?grade=5").json()["items"]] == [
        "dialog-5"
    ]
    assert _client().get("/api/v1/textbooks?grade=9").json()["items"] == []
    assert _client().get("/api/v1/textbooks?language=ru").json()["items"] == []
    detail = _client().get("/api/v1/textbooks/dialog-5").json()
    assert detail["units"][0]["lessons"][0]["status"] is None
    staff = _client(tb["coordinator"]).get("/api/v1/textbooks/dialog-5").json()
    assert staff["units"][0]["lessons"][0]["status"] == "published"


def test_the_pages_read_a_fixed_number_of_queries(
    tb: dict[str, Any], django_assert_max_num_queries: Any
) -> None:
    _published(tb)
    coordinator = tb["coordinator"]
    for n in range(3):
        unit = books.unit_add(actor=coordinator, textbook=tb["textbook"], title=f"Бөлім {n}")
        for m in range(3):
            books.lesson_add(actor=coordinator, unit=unit, title=f"Сабақ {n}.{m}")
    client = _client(coordinator)
    page = reverse("textbooks:textbook", args=["dialog-5"])
    with django_assert_max_num_queries(20):
        assert client.get(page).status_code == 200
    with django_assert_max_num_queries(12):
        assert _client().get(reverse("textbooks:list")).status_code == 200
    with django_assert_max_num_queries(20):
        assert (
            _client().get(f"/api/v1/textbooks/dialog-5/lessons/{tb['lesson'].pk}").status_code
            == 200
        )
    write = reverse("textbooks:write", args=["dialog-5", tb["lesson"].pk])
    with django_assert_max_num_queries(25):
        assert _client(tb["teacher"]).get(write).status_code == 200


def test_the_commissioned_lesson_waits_on_her_page_and_in_the_api(tb: dict[str, Any]) -> None:
    lesson = tb["lesson"]
    waiting = _client(tb["teacher"]).get("/api/v1/me/waiting").json()["lessons_to_write"]
    assert [(w["textbook"], w["lesson_id"], w["started"]) for w in waiting] == [
        ("dialog-5", lesson.pk, False)
    ]
    assert _client(tb["outsider"]).get("/api/v1/me/waiting").json()["lessons_to_write"] == []
    page = _client(tb["teacher"]).get(reverse("accounts:dashboard")).content.decode()
    assert reverse("textbooks:write", args=["dialog-5", lesson.pk]) in page
