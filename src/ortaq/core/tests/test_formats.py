"""Dates, times and numbers in each language's own way: Kazakh and Russian day first with a
24-hour clock and a decimal comma (Django ships no Kazakh formats: ortaq.formats has them)."""

import datetime
from typing import Any

import pytest
from django.template import Context, Template
from django.utils import timezone, translation

MOMENT = datetime.datetime(2026, 12, 7, 14, 5, tzinfo=datetime.UTC)


@pytest.mark.parametrize(
    ("language", "long_date", "short", "number"),
    [
        ("kk", "7 желтоқсан 2026 ж.", "07.12.2026 19:05", "18,2"),
        ("ru", "7 декабря 2026 г.", "07.12.2026 19:05", "18,2"),
        ("en", "Dec. 7, 2026", "12/07/2026 19:05", "18.2"),
    ],
)
def test_each_language_writes_dates_and_numbers_its_own_way(
    language: str, long_date: str, short: str, number: str
) -> None:
    template = Template(
        '{{ moment|date:"DATE_FORMAT" }}|{{ moment|date:"SHORT_DATETIME_FORMAT" }}|{{ share }}'
    )
    with translation.override(language), timezone.override("Asia/Almaty"):
        shown = template.render(Context({"moment": MOMENT, "share": 18.2}))
    assert shown == f"{long_date}|{short}|{number}"


@pytest.mark.parametrize(
    "text", ["Жарияланды: 12/07/2026 18:29", "Берілді: Жел. 7, 2026", "Выдан: Дек. 7, 2026"]
)
def test_a_month_first_date_on_a_kazakh_or_russian_page_fails_the_suite(
    settings: Any, text: str
) -> None:
    from django.http import HttpResponse
    from django.test import RequestFactory
    from django.utils.module_loading import import_string

    check = import_string(settings.MIDDLEWARE[-1])  # the suite's own check, added to every test
    request = RequestFactory().get("/kk/")
    request.LANGUAGE_CODE = "kk"
    with pytest.raises(AssertionError, match="month-first"):
        check(lambda _request: HttpResponse(f"<p>{text}</p>"))(request)
    fine = HttpResponse("<p>Жарияланды: 07.12.2026, 7 желтоқсан 2026 ж.</p>")
    assert check(lambda _request: fine)(request) is fine


@pytest.mark.parametrize("language", ["kk", "ru", "en"])
def test_a_saved_date_opens_in_its_date_picker_in_every_language(language: str) -> None:
    from django import forms

    from ortaq.core.forms import DayInput

    class Planned(forms.Form):
        due = forms.DateField(widget=DayInput())

    with translation.override(language):
        shown = str(Planned(initial={"due": datetime.date(2031, 5, 12)})["due"])
    assert 'type="date"' in shown and 'value="2031-05-12"' in shown
