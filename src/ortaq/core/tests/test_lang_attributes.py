"""A name shown in another language than the page's carries its own ``lang`` (WCAG 3.1.2)."""

import re
from typing import Any

import pytest
from django.template import Context, Template
from django.test import Client
from django.utils import translation

from ortaq.schools.choices import InstructionLanguage
from ortaq.schools.models import School
from ortaq.testing.factories import make_school

pytestmark = pytest.mark.django_db


def render(source: str, **context: Any) -> str:
    return Template("{% load ortaq %}" + source).render(Context(context))


def test_the_filter_marks_a_fallback_and_only_a_fallback() -> None:
    school = make_school(name_kk="Ақсу мектебі", name_ru="Школа Аксу")
    russian = make_school(name_kk="", name_ru="Школа №5", languages=InstructionLanguage.RUSSIAN)
    with translation.override("en"):
        # On an English page a school is named in its own language of instruction.
        assert render("{{ s|localized_html }}", s=school) == '<span lang="kk">Ақсу мектебі</span>'
        assert render("{{ s|localized_html }}", s=russian) == '<span lang="ru">Школа №5</span>'
        assert render("<h1{{ s|localized_lang_attr }}>", s=school) == '<h1 lang="kk">'
        # Regions have English names: nothing to mark on an English page.
        assert render("{{ r|localized_html }}", r=school.region) == "Almaty"
    with translation.override("kk"):
        assert render("{{ s|localized_html }}", s=school) == "Ақсу мектебі"
        assert render("<h1{{ s|localized_lang_attr }}>", s=school) == "<h1>"
    only_kk = make_school(name_kk="Жаңа мектеп", name_ru="")
    with translation.override("ru"):
        assert render("{{ s|localized_html }}", s=only_kk) == '<span lang="kk">Жаңа мектеп</span>'


def test_names_are_escaped() -> None:
    school = make_school(name_kk="<b>Мектеп</b>", name_ru="<b>Школа</b>")
    with translation.override("ru"):
        assert render("{{ s|localized_html }}", s=school) == "&lt;b&gt;Школа&lt;/b&gt;"
    with translation.override("en"):
        assert render("{{ s|localized_html }}", s=school) == (
            '<span lang="kk">&lt;b&gt;Мектеп&lt;/b&gt;</span>'
        )


@pytest.fixture
def school() -> School:
    return make_school(
        name_kk="Абай мектебі", name_ru="Школа Абая", languages=InstructionLanguage.RUSSIAN
    )


def test_the_directory_marks_school_and_district_names_on_english_pages(
    client: Client, school: School
) -> None:
    html = client.get("/en/schools/").content.decode()
    assert '<span lang="ru">Школа Абая</span>' in html
    assert f'<span lang="ru">{school.district.name_ru}</span>' in html  # type: ignore[union-attr]
    assert "Almaty" in html and '<span lang="ru">Алматинская' not in html
    # On the Kazakh page the same names are in the page's language: no marks.
    kk = client.get("/kk/schools/").content.decode()
    assert "Абай мектебі" in kk and 'lang="kk">Абай' not in kk
    assert '<span lang="ru">Школа Абая</span>' not in kk


def test_the_school_page_marks_its_title_and_heading(client: Client, school: School) -> None:
    html = client.get(f"/en/schools/{school.pk}/").content.decode()
    assert re.search(r'<title lang="ru">Школа Абая · ', html)
    assert '<h1 lang="ru">Школа Абая</h1>' in html
    kk = client.get(f"/kk/schools/{school.pk}/").content.decode()
    assert re.search(r"<title>Абай мектебі · ", kk)
    assert "<h1>Абай мектебі</h1>" in kk


def test_people_and_profile_pages_mark_the_school_name(
    client: Client, people: dict[str, Any]
) -> None:
    # The people fixture's school teaches in Kazakh: its English-page name is the Kazakh one.
    marked = f'<span lang="kk">{people["school"].name_kk}</span>'
    client.force_login(people["teacher"])
    assert marked in client.get("/en/me/profile/").content.decode()
    client.force_login(people["coordinator"])
    assert marked in client.get("/en/people/").content.decode()
    assert marked in client.get(f"/en/people/{people['teacher'].pk}/").content.decode()


def test_my_page_marks_the_school_name(client: Client, people: dict[str, Any]) -> None:
    client.force_login(people["teacher"])
    html = client.get("/en/me/").content.decode()
    assert f'<span lang="kk">{people["school"].name_kk}</span>' in html
