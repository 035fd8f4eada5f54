"""Dates, times and numbers in each language's own way: Kazakh and Russian day first with a
24-hour clock and a decimal comma (Django ships no Kazakh formats: ortaq.formats has them)."""

import datetime

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
