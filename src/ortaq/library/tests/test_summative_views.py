"""The pages of a summative task and of mark sheets: an author edits the specification and
tasks through plain forms (rows added and removed without JavaScript, nothing lost on an
error), the checklist names what does not add up, the two sheets print as PDFs in the
resource's language, a teacher's grid refuses a wrong cell keeping what she typed, adds up and
exports; refusals by status code; a fixed number of queries."""

import io
from typing import Any

import pytest
from django.db import connection
from django.template.loader import render_to_string
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from ortaq.accounts.services import role_grant
from ortaq.core.roles import Role
from ortaq.library import marks
from ortaq.library.choices import Status
from ortaq.library.models import Descriptor, MarkEntry, MarkScale, MarkSheet, Task, Version
from ortaq.testing.factories import make_school, make_user
from ortaq.testing.http import signed_in
from ortaq.testing.refusals import assert_refused
from ortaq.testing.summative import (
    summative_complete,
    summative_pdf_text,
    summative_resource,
    summative_sheet,
    summative_task,
)

pytestmark = pytest.mark.django_db


def url(name: str, *args: Any, query: str = "") -> str:
    with translation.override("en"):
        return reverse(f"library:{name}", args=args) + query


def at(version: Version, name: str, *more: Any) -> str:
    return url(name, version.resource_id, version.number, *more)


@pytest.fixture
def author() -> Any:
    return make_user(profile__school=make_school())


@pytest.fixture
def draft(author: Any) -> Version:
    return summative_resource(author, total=6, duration=40)


def task_post(**changes: Any) -> dict[str, Any]:
    data = {
        "revision": "1",
        "number": "1",
        "text": "Есептеңіз: 12 + 30.",
        "task_type": "short",
        "skill_level": "application",
        "minutes": "10",
        "points": "3",
        "objectives": "5.1.2.1, 5.1.2.2",
        "mark_scheme": "42",
        "form-TOTAL_FORMS": "4",
        "form-INITIAL_FORMS": "0",
        "form-0-objective": "5.1.2.1",
        "form-0-criterion": "Қосады",
        "form-0-descriptor": "Дұрыс қосады",
        "form-0-points": "1",
        "form-1-descriptor": "Жауабын тексереді",
        "form-1-points": "1",
        "form-2-objective": "5.1.2.2",
        "form-2-criterion": "Түсіндіреді",
        "form-2-descriptor": "Әдісін түсіндіреді",
        "form-2-points": "1",
    }
    data.update(changes)
    return data


def test_an_author_writes_a_task_through_the_form(author: Any, draft: Version) -> None:
    client = signed_in(author)
    assert client.get(at(draft, "summative_task_add")).status_code == 200
    response = client.post(at(draft, "summative_task_add"), task_post())
    assert response.status_code == 302
    task = Task.objects.get(version=draft)
    criteria = list(task.criteria.all())
    assert [(c.objective_code, c.text) for c in criteria] == [
        ("5.1.2.1", "Қосады"),
        ("5.1.2.2", "Түсіндіреді"),
    ]
    assert [d.text for d in criteria[0].descriptors.all()] == ["Дұрыс қосады", "Жауабын тексереді"]
    # The edit page shows the rows again, and removing one takes it out.
    page = client.get(at(draft, "summative_task_edit", 1)).content.decode()
    assert "Жауабын тексереді" in page
    response = client.post(
        at(draft, "summative_task_edit", 1),
        task_post(revision="2", points="2", **{"form-1-DELETE": "on"}),
    )
    assert response.status_code == 302
    assert list(
        Descriptor.objects.filter(criterion__task__version=draft).values_list("text", flat=True)
    ) == [
        "Дұрыс қосады",
        "Әдісін түсіндіреді",
    ]


def test_adding_rows_keeps_what_was_typed_and_saves_nothing(author: Any, draft: Version) -> None:
    response = signed_in(author).post(at(draft, "summative_task_add"), task_post(more="1"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Әдісін түсіндіреді" in page and "Есептеңіз: 12 + 30." in page
    assert 'name="form-TOTAL_FORMS" value="6"' in page  # three rows typed, three empty
    assert not Task.objects.filter(version=draft).exists()


def test_a_wrong_row_is_marked_and_nothing_is_lost(author: Any, draft: Version) -> None:
    response = signed_in(author).post(
        url("summative_task_add", draft.resource_id, draft.number),
        task_post(**{"form-1-points": "", "objectives": "5.1.2.1, абв"}),
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "“абв” is not an objective code" in page
    assert "Give the descriptor&#x27;s points." in page or "Give the descriptor's points." in page
    assert "Жауабын тексереді" in page
    assert not Task.objects.filter(version=draft).exists()


def test_the_tasks_page_lists_what_does_not_add_up(author: Any, draft: Version) -> None:
    summative_task(draft, 1, points=4)
    page = signed_in(author).get(at(draft, "summative_tasks")).content.decode()
    assert "The tasks&#x27; points add up to 4, but the total points of the work are 6." in page
    summative_task(draft, 2, points=2)
    page = signed_in(author).get(at(draft, "summative_tasks")).content.decode()
    assert "Everything adds up" in page


def test_the_specification_is_saved_and_an_older_revision_refused(
    author: Any, draft: Version
) -> None:
    client = signed_in(author)
    data = {"revision": "1", "purpose": "Бөлім", "duration_minutes": "45", "total_points": "6"}
    assert client.post(at(draft, "summative_tasks"), data).status_code == 302
    response = client.post(at(draft, "summative_tasks"), {**data, "purpose": "Басқа мақсат"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Someone else saved this version" in page
    assert "Басқа мақсат" in page  # her text is kept
    draft.refresh_from_db()
    assert (draft.purpose, draft.duration_minutes, draft.revision) == ("Бөлім", 45, 2)


def test_who_may_edit_the_tasks(author: Any, draft: Version) -> None:
    page = at(draft, "summative_tasks")
    assert_refused(Client().get(page), as_="visitor")
    assert_refused(signed_in(make_user()).get(page), as_="outsider")
    assert_refused(
        signed_in(make_user()).post(at(draft, "summative_task_delete", 1)), as_="outsider"
    )
    published = summative_complete(author, status=Status.PUBLISHED)
    for who in (make_user(), author):  # a reader; its author, once it is published
        assert_refused(signed_in(who).get(at(published, "summative_tasks")), as_="onlooker")
        assert_refused(signed_in(who).get(at(published, "summative_task_add")), as_="onlooker")


def test_the_sheets_print_in_the_resources_language(author: Any) -> None:
    version = summative_complete(author, status=Status.PUBLISHED, language="en", title="Numbers")
    Task.objects.filter(version=version, number=2).update(mark_scheme="The answer is 42.")
    client = Client()
    response = client.get(at(version, "summative_pupils_pdf"))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    pupils = summative_pdf_text(response.content)
    assert "Numbers" in pupils and "Task 2" in pupils and "2-тапсырма. Есептеңіз" in pupils
    assert "Name" in pupils
    assert "The answer is 42." not in pupils  # the key is the teacher's
    assert "дескриптор" not in pupils
    teacher = summative_pdf_text(client.get(at(version, "summative_teacher_pdf")).content)
    for text in (
        "Specification",
        "5.1.2.2",
        "Higher-order thinking skills",
        "Multiple choice",
        "Есеп шығарады",  # a criterion
        "Жауабын тексереді: дескриптор 1",  # a descriptor
        "The answer is 42.",
        "Mark scheme",
    ):
        assert text in teacher, text


def test_a_drafts_sheets_are_its_authors(author: Any, draft: Version) -> None:
    assert_refused(Client().get(at(draft, "summative_teacher_pdf")), as_="visitor")
    assert_refused(signed_in(make_user()).get(at(draft, "summative_pupils_pdf")), as_="outsider")
    assert signed_in(author).get(at(draft, "summative_teacher_pdf")).status_code == 200


def test_the_resource_pages_block(author: Any) -> None:
    version = summative_complete(author, status=Status.PUBLISHED)
    teacher = make_user()
    version = Version.objects.select_related("resource").get(pk=version.pk)
    with translation.override("en"), CaptureQueriesContext(connection) as queries:
        html = render_to_string("library/_summative.html", {"version": version, "user": teacher})
    assert len(queries) <= 6
    for text in ("Specification", "Есеп шығарады", "1-тапсырманың жауабы: 42", "Open a mark sheet"):
        assert text in html
    assert "Edit the specification" not in html
    anonymous = render_to_string("library/_summative.html", {"version": version})
    assert "Open a mark sheet" not in anonymous and "pupils.pdf" in anonymous


def test_the_pages_cost_the_same_queries_with_more_tasks(author: Any, draft: Version) -> None:
    client = signed_in(author)

    def cost(page: str) -> int:
        client.get(page)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(page).status_code == 200
        return len(queries)

    summative_task(draft, 1, points=2)
    few = cost(at(draft, "summative_tasks")), cost(at(draft, "summative_task_edit", 1))
    for number in (2, 3, 4):
        summative_task(
            draft,
            number,
            points=2,
            objectives={f"5.1.{number}.1": [("К", [1, 1])], "5.1.9.9": [("Л", [1])]},
        )
    assert (cost(at(draft, "summative_tasks")), cost(at(draft, "summative_task_edit", 1))) == few


# --- Mark sheets ---------------------------------------------------------------------------


@pytest.fixture
def published(author: Any) -> Version:
    return summative_complete(author, status=Status.PUBLISHED)  # tasks of 4 and 6 points


def test_a_teacher_opens_a_sheet_and_enters_points(published: Version) -> None:
    teacher = make_user()
    client = signed_in(teacher)
    page = client.get(at(published, "mark_sheet_create")).content.decode()
    assert "no pupils&#x27; names" in page or "no pupils' names" in page
    response = client.post(
        at(published, "mark_sheet_create"), {"label": "5 А", "grade": "5", "pupils": "3"}
    )
    sheet = MarkSheet.objects.get(owner=teacher)
    assert response["Location"] == url("mark_sheet", sheet.pk)
    # The same form sent again opens the same sheet.
    client.post(at(published, "mark_sheet_create"), {"label": "5 А", "grade": "5", "pupils": "3"})
    assert MarkSheet.objects.filter(owner=teacher).count() == 1

    grid = url("mark_sheet", sheet.pk)
    bad = {"p-1-1": "4", "p-1-2": "9", "p-2-1": "x", "p-2-2": "3"}
    response = client.post(grid, bad)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Write from 0 to 6 points." in page and "Write a whole number of points." in page
    assert 'value="9"' in page and 'value="x"' in page and 'value="3"' in page  # nothing lost
    assert 'aria-invalid="true"' in page
    assert not MarkEntry.objects.filter(sheet=sheet).exists()

    good = {"p-1-1": "4", "p-1-2": "6", "p-2-1": "2", "p-2-2": "2", "p-3-1": "", "p-3-2": ""}
    assert client.post(grid, good).status_code == 302
    assert client.post(grid, good).status_code == 302  # again: the same points
    assert MarkEntry.objects.filter(sheet=sheet).count() == 4
    page = client.get(grid).content.decode()
    assert "100.0" in page and "40.0" in page and "70.0" in page  # rows and the class average
    assert "Pupils are numbered rows" in page


def test_a_sheet_prints_and_exports(published: Version) -> None:
    teacher = make_user()
    sheet = summative_sheet(teacher, published, pupils=2)
    marks.points_enter(
        actor=teacher, sheet=sheet, cells={(1, 1): 3, (1, 2): 5, (2, 1): 1, (2, 2): 2}
    )
    client = signed_in(teacher)
    filled = summative_pdf_text(client.get(url("mark_sheet_pdf", sheet.pk)).content)
    assert "5 А" in filled and "80.0" in filled and "30.0" in filled
    blank = summative_pdf_text(
        client.get(url("mark_sheet_pdf", sheet.pk, query="?blank=1")).content
    )
    assert "Name (by hand)" in blank and "80.0" not in blank
    csv = client.get(url("mark_sheet_csv", sheet.pk)).getvalue().decode("utf-8-sig")
    lines = csv.splitlines()
    assert lines[0].startswith("Pupil no.,Task 1 (4),Task 2 (6),Total (10)")
    assert lines[1] == "1,3,5,8,80.00,4"
    assert lines[2] == "2,1,2,3,30.00,2"

    import openpyxl

    response = client.get(url("mark_sheet_xlsx", sheet.pk))
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    rows = list(book.active.iter_rows(values_only=True))
    assert rows[1][:4] == (1, 3, 5, 8)


def test_a_sheet_is_its_owners_alone(published: Version) -> None:
    teacher = make_user()
    sheet = summative_sheet(teacher, published)
    for name in (
        "mark_sheet",
        "mark_sheet_pdf",
        "mark_sheet_csv",
        "mark_sheet_xlsx",
        "mark_sheet_edit",
    ):
        assert_refused(Client().get(url(name, sheet.pk)), as_="visitor")
        assert_refused(signed_in(make_user()).get(url(name, sheet.pk)), as_="outsider")
    assert_refused(
        signed_in(make_user()).post(url("mark_sheet", sheet.pk), {"p-1-1": "1"}), as_="outsider"
    )
    assert_refused(signed_in(make_user()).post(url("mark_sheet_delete", sheet.pk)), as_="outsider")
    assert not MarkEntry.objects.exists()
    page = signed_in(teacher).get(url("mark_sheets")).content.decode()
    assert url("mark_sheet", sheet.pk) in page
    assert (
        url("mark_sheet", sheet.pk)
        not in signed_in(make_user()).get(url("mark_sheets")).content.decode()
    )
    assert signed_in(teacher).post(url("mark_sheet_delete", sheet.pk)).status_code == 302
    assert not MarkSheet.objects.exists()


def test_a_sheet_is_not_opened_on_a_draft(author: Any, draft: Version) -> None:
    assert_refused(signed_in(author).get(at(draft, "mark_sheet_create")), as_="onlooker")


def test_the_grid_costs_the_same_queries_for_a_bigger_class(published: Version) -> None:
    teacher = make_user()
    client = signed_in(teacher)
    small = summative_sheet(teacher, published, pupils=2)
    big = summative_sheet(teacher, published, pupils=40, label="5 Ә")
    marks.points_enter(
        actor=teacher, sheet=big, cells={(r, t): 1 for r in range(1, 41) for t in (1, 2)}
    )

    def cost(page: str) -> int:
        client.get(page)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(page).status_code == 200
        return len(queries)

    assert cost(url("mark_sheet", small.pk)) == cost(url("mark_sheet", big.pk))
    summative_sheet(teacher, summative_complete(make_user(), status=Status.PUBLISHED))
    few = cost(url("mark_sheets"))
    summative_sheet(teacher, summative_complete(make_user(), status=Status.PUBLISHED))
    assert cost(url("mark_sheets")) == few


# --- The rules for marks -------------------------------------------------------------------


def test_an_administrator_adds_a_rule_on_the_page() -> None:
    admin = make_user()
    role_grant(actor=None, user=admin, role=Role.ADMIN)
    client = signed_in(admin)
    page = client.get(url("mark_rules")).content.decode()
    assert "In force" in page
    form = {
        "name": "Жаңа ереже",
        "grade_from": "5",
        "grade_to": "9",
        "effective_from": "2027-09-01",
        "source": "№ 1",
        "form-TOTAL_FORMS": "4",
        "form-INITIAL_FORMS": "0",
        "form-0-min_percent": "0",
        "form-0-mark": "2",
        "form-1-min_percent": "50",
        "form-1-mark": "3",
        "form-2-min_percent": "45",
        "form-2-mark": "4",
    }
    response = client.post(url("mark_rules"), form)
    assert response.status_code == 200
    assert "must start higher than the band before it" in response.content.decode()
    assert not MarkScale.objects.filter(name="Жаңа ереже").exists()
    response = client.post(url("mark_rules"), {**form, "form-2-min_percent": "70"})
    assert response.status_code == 302
    page = client.get(url("mark_rules")).content.decode()
    assert "Жаңа ереже" in page and "To come" in page
    assert_refused(signed_in(make_user()).get(url("mark_rules")), as_="onlooker")
    assert_refused(Client().get(url("mark_rules")), as_="visitor")
