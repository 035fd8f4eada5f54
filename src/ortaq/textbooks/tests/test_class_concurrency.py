"""300 pupils' answers to one class session at the same moment, with real transactions on
PostgreSQL: every answer counted, none twice, and receipts sent again (also at once) ignored.

The machine's PostgreSQL takes 100 connections for everyone, so the 300 sends (and 300
repeats) go through 24 threads released together, each with its own connection."""

import threading
import uuid
from typing import Any

import pytest

from ortaq.testing.textbooks import pupil_book, pupil_session
from ortaq.testing.utils import at_once
from ortaq.textbooks.classes import answer_count
from ortaq.textbooks.models import Receipt, Tally

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]
PUPILS = 300
THREADS = 24


def test_three_hundred_answers_at_once_are_all_counted_once(reference_data: None) -> None:
    book = pupil_book(lessons=1)
    session = pupil_session(book)
    first, second = book.exercises()[:2]
    # Each pupil's answer to two tasks, every one of them sent twice.
    sends = [
        (exercise.pk, n % 3 != 0, str(uuid.uuid4()))
        for n in range(PUPILS)
        for exercise in (first, second)
    ]
    queue = iter(sends + sends)
    lock = threading.Lock()

    def work() -> list[bool]:
        counted: list[bool] = []
        while True:
            with lock:
                item = next(queue, None)
            if item is None:
                return counted
            exercise, right, receipt = item
            counted.append(
                answer_count(code=session.code, exercise_id=exercise, right=right, receipt=receipt)
            )

    results: list[Any] = at_once(work, times=THREADS)
    assert not [r for r in results if isinstance(r, Exception)], results
    counted = [flag for result in results for flag in result]
    assert len(counted) == 4 * PUPILS and counted.count(True) == 2 * PUPILS
    tallies = {t.exercise_id: (t.answered, t.right) for t in Tally.objects.filter(session=session)}
    assert tallies == {first.pk: (PUPILS, 200), second.pk: (PUPILS, 200)}
    assert Receipt.objects.filter(session=session).count() == 2 * PUPILS
