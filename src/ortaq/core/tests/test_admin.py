"""The administration site: every registered record opens, in Kazakh and Russian that read right,
with places by name, and records that only services write stay read-only."""

import json
import re
from html.parser import HTMLParser
from typing import Any

import pytest
from django.contrib import admin
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ortaq.accounts.models import RoleAssignment, User
from ortaq.accounts.services import role_grant
from ortaq.core.models import AuditAction, AuditEvent
from ortaq.core.roles import Role
from ortaq.testing.factories import enrol, make_circle, make_course, make_user

pytestmark = pytest.mark.django_db

# What Django's own Kazakh catalogue printed: misspellings and a transliterated "Django".
WRONG_KAZAKH = ("Даңғо", "Өзгетру", "үщін", "СҮЗГІЗ", "Сүзгіз", "аудармалар тобы", "Өзгерес")
# What stayed English on Kazakh and Russian pages.
ENGLISH = (
    "Recent actions",
    "My actions",
    "View site",
    "Show counts",
    "Hide counts",
    "Filter",
    "Clear all filters",
    "Save and add another",
    "Save and continue editing",
    "Save",
    "Log out",
    "Change password",
    "Django administration",
    "Site administration",
    "Toggle theme",
    "Skip to main content",
    "Start typing to filter",
    "History",
    "Search",
    "Add",
    "Delete",
    "Task Results",
    "Tasks Database Backend",
    "Core",
    "Created by",
)


class VisibleText(HTMLParser):
    """The text a person reads or hears: text nodes, titles and labels, not scripts."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style"):
            self._hidden += 1
        for name, value in attrs:
            if name in ("title", "aria-label", "placeholder") and value:
                self.parts.append(value)
            if name == "value" and tag == "input" and ("type", "submit") in attrs and value:
                self.parts.append(value)

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style"):
            self._hidden -= 1

    def handle_data(self, data: str) -> None:
        if not self._hidden and data.strip():
            self.parts.append(" ".join(data.split()))


def visible_text(html: str) -> str:
    parser = VisibleText()
    parser.feed(html)
    return "\n".join(parser.parts)


def english_left(text: str) -> list[str]:
    return [phrase for phrase in ENGLISH if re.search(rf"\b{re.escape(phrase)}\b", text)]


@pytest.fixture
def operator(people: dict[str, Any]) -> User:
    """A superuser who is also the country's administrator (so she may take roles away)."""
    user = make_user(email="operator@example.kz", is_staff=True, is_superuser=True)
    role_grant(actor=None, user=user, role=Role.ADMIN)
    return user


@pytest.fixture
def records(people: dict[str, Any]) -> dict[str, Any]:
    """A published course with a teacher enrolled, a circle, and a role granted (audited)."""
    built = make_course(title="Формативті бағалау")
    enrol(people["teacher"], built.course)
    circle = make_circle(school=people["school"], facilitator=people["facilitator"])
    role_grant(
        actor=people["admin"],
        user=people["teacher"],
        role=Role.FACILITATOR,
        target=people["school"],
    )
    return {"course": built.course, "trainer": built.trainer, "circle": circle}


def client_in(language: str, user: User) -> Client:
    client = Client(headers={"accept-language": language})
    client.force_login(user)
    return client


def page(client: Client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return visible_text(response.content.decode())


def test_every_registered_record_opens_for_a_superuser(
    operator: User, records: dict[str, Any]
) -> None:
    client = client_in("kk", operator)
    for model, model_admin in admin.site._registry.items():
        info = f"admin:{model._meta.app_label}_{model._meta.model_name}"
        assert client.get(reverse(f"{info}_changelist")).status_code == 200, model
        row = model._default_manager.order_by("pk").first()
        if row is not None:
            change = client.get(reverse(f"{info}_change", args=[row.pk]))
            assert change.status_code == 200, model
        add = client.get(reverse(f"{info}_add"))
        assert add.status_code == (200 if model_admin.has_add_permission(add.wsgi_request) else 403)
    # The records the site writes through services (and the audit log) are there to be read.
    for label in (
        "courses.course",
        "courses.enrollment",
        "courses.cohort",
        "courses.offlinepack",
        "core.auditevent",
        "accounts.roleassignment",
        "consultations.question",
        "communities.membership",
    ):
        assert any(model._meta.label_lower == label for model in admin.site._registry), label


def test_the_admin_reads_in_kazakh(operator: User, records: dict[str, Any]) -> None:
    client = client_in("kk", operator)
    index = page(client, "/admin/")
    for words in ("Ortaq: басқару бөлімі", "Бөлімдер бойынша жазбалар", "Соңғы әрекеттер"):
        assert words in index
    for words in ("Сайтқа өту", "Курстар", "Фондық тапсырмалар", "Негізгі модуль"):
        assert words in index
    courses = page(client, "/admin/courses/course/?status__exact=published")
    for words in ("Сүзгі", "Сандарын көрсету", "Барлық сүзгілерді тазарту", "Формативті бағалау"):
        assert words in courses
    assert "Қарау үшін курс таңдаңыз" in courses
    person = page(client, f"/admin/accounts/user/{records['trainer'].pk}/change/")
    for words in ("Сақтау", "Сақтап, тағы біреуін қосу", "Сақтап, өңдеуді жалғастыру", "Тарих"):
        assert words in person
    # A course's change page: read-only, with a way to the course on the site.
    course = page(client, f"/admin/courses/course/{records['course'].pk}/change/")
    assert "Қарау: курс" in course and "Курс беті" in course
    groups = page(client, "/admin/auth/group/")
    # Django's groups are "топ", not the course translations' "аудармалар тобы".
    assert "Өзгерту үшін топ таңдаңыз" in groups
    for text in (index, courses, person, course, groups):
        assert not [wrong for wrong in WRONG_KAZAKH if wrong.lower() in text.lower()]
        assert english_left(text) == []


def test_the_admin_scripts_read_in_kazakh(operator: User) -> None:
    catalogue = client_in("kk", operator).get("/admin/jsi18n/")
    assert catalogue.status_code == 200
    # The catalogue is JSON in a script, with every letter beyond ASCII escaped.
    script = catalogue.content.decode()
    for words in ("Қаңтар", "Желтоқсан", "Сүзгі", "Түн ортасы", "Барлығын таңдау: %s"):
        assert json.dumps(words)[1:-1] in script
    assert json.dumps("Сүзгіш")[1:-1] not in script


def test_the_admin_reads_in_russian(operator: User, records: dict[str, Any]) -> None:
    client = client_in("ru", operator)
    index = page(client, "/admin/")
    for words in ("Ortaq: администрирование", "Записи по разделам", "Последние действия"):
        assert words in index
    assert "Фоновые задачи" in index and "Основной модуль" in index
    roles = page(client, "/admin/accounts/roleassignment/?role__exact=facilitator")
    assert "Фильтр" in roles
    groups = page(client, "/admin/auth/group/")
    assert "Группы" in groups and "группа переводов" not in groups.lower()
    tasks = page(client, "/admin/django_tasks_database/dbtaskresult/")
    assert "Результаты фоновых задач" in tasks
    for text in (index, roles, groups, tasks):
        assert english_left(text) == []


def test_role_assignments_name_their_place(
    operator: User, people: dict[str, Any], records: dict[str, Any]
) -> None:
    text = page(client_in("kk", operator), "/admin/accounts/roleassignment/")
    school, district, region = people["school"], people["district"], people["region"]
    assert school.name_kk in text
    assert f"{district.name_kk}, {region.name_kk}" in text
    assert region.name_kk in text
    # A trainer's role is held on one course: named by its kind and title, not a type and id.
    assert "курс «Формативті бағалау»" in text
    assert "Бүкіл ел" in text


def test_the_role_list_does_not_grow_in_queries_with_the_roles(
    operator: User, records: dict[str, Any]
) -> None:
    client = client_in("kk", operator)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/admin/accounts/roleassignment/").status_code == 200
        return len(captured)

    before = queries()
    for number in range(3):
        make_course(title=f"Курс {number}")
        make_circle()
    assert queries() == before


def test_taking_roles_away_in_the_admin_is_audited_and_keeps_an_administrator(
    operator: User, people: dict[str, Any], records: dict[str, Any]
) -> None:
    client = client_in("en", operator)
    granted = RoleAssignment.objects.get(user=people["teacher"], role=Role.FACILITATOR)
    operators = RoleAssignment.objects.filter(role=Role.ADMIN).order_by("pk")
    response = client.post(
        "/admin/accounts/roleassignment/",
        {
            "action": "revoke_roles",
            "_selected_action": [granted.pk, *operators.values_list("pk", flat=True)],
        },
        follow=True,
    )
    text = visible_text(response.content.decode())
    assert response.status_code == 200
    assert not RoleAssignment.objects.filter(pk=granted.pk).exists()
    revoked = AuditEvent.objects.filter(action=AuditAction.ROLE_REVOKE, person=people["teacher"])
    assert revoked.count() == 1 and revoked.get().actor == operator
    # Two country administrators: one goes, the last one stays, and she is told why.
    assert RoleAssignment.objects.filter(role=Role.ADMIN).count() == 1
    assert "at least one administrator" in text
    assert "2 roles were taken away." in text


def test_records_written_by_services_cannot_be_changed_here(
    operator: User, records: dict[str, Any]
) -> None:
    client = client_in("en", operator)
    course = records["course"]
    enrolment = course.enrollments.get()
    event = AuditEvent.objects.order_by("pk").first()
    assert event is not None
    for url, row in (
        ("/admin/courses/course/", course),
        ("/admin/courses/enrollment/", enrolment),
        ("/admin/core/auditevent/", event),
    ):
        assert client.get(f"{url}add/").status_code == 403
        assert client.post(f"{url}{row.pk}/change/", {}).status_code == 403
        assert client.post(f"{url}{row.pk}/delete/", {"post": "yes"}).status_code == 403
        assert "delete_selected" not in client.get(url).content.decode()
    course.refresh_from_db()
    assert course.title == "Формативті бағалау"
    assert AuditEvent.objects.filter(pk=event.pk).exists()
