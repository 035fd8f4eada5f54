"""In Chromium at a phone's width, with axe-core checking each page: an observer records a note
online, loses the connection in the middle of the lesson and records three more, reloads the
page (the notes are still there, waiting), and comes back online; the first batch reaches the
server but its answer is lost, so the page sends it again. Every note is stored exactly once
and shown as sent."""

import re
from typing import Any

import pytest
from playwright.sync_api import expect

from ortaq.lessonstudy.models import Note
from ortaq.testing.browser import sign_in
from ortaq.testing.lessonstudy import make_observed

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
API = re.compile(r"/api/v1/lesson-study/lessons/\d+/notes$")
# The page waits 2 s, then 4 s… before sending again after a failure.
WAIT_MS = 60_000


def test_notes_written_offline_are_sent_once_when_the_connection_returns(
    page: Any, reference_data: None
) -> None:
    observed = make_observed()
    sign_in(page, observed.member)
    page.goto(f"/kk/lesson-study/cycles/{observed.cycle.pk}/lessons/1/observe/")
    waiting = page.locator("#notes li[data-state=waiting]")
    sent = page.locator("#notes li[data-state=sent]")
    form = page.locator("#note-form")

    def write(text: str, n: int) -> None:
        page.select_option("#id_stage", str(observed.stages[n % 3].pk))
        page.locator(f"input[name=pupil][value='{observed.pupils[n % 3].pk}']").check()
        page.fill("#id_text", text)
        page.locator("#note-form button[type=submit]").click()

    write("Онлайн: A оқушы сұраққа жауап берді.", 0)
    expect(sent).to_have_count(1, timeout=WAIT_MS)
    expect(page.locator("#note-status")).to_have_text(form.get_attribute("data-all-sent"))

    page.context.set_offline(True)
    for n in range(1, 4):
        write(f"Офлайн {n}: жұбымен талқылады.", n)
    expect(waiting).to_have_count(3)
    expect(page.locator("#note-status")).to_have_text(form.get_attribute("data-saved"))
    assert page.locator("#id_text").input_value() == ""
    page.check()
    assert Note.objects.count() == 1

    # Back online, but the API does not answer yet: the page is reloaded and keeps the notes.
    page.route(API, lambda route: route.abort())
    page.context.set_offline(False)
    page.reload()
    page.check()
    expect(waiting).to_have_count(3, timeout=WAIT_MS)
    expect(sent).to_have_count(1)

    # The API answers again, but the answer to the first batch is lost on the way back.
    lost: list[int] = []

    def lose_the_first_answer(route: Any) -> None:
        if lost:
            route.continue_()
            return
        route.fetch()  # the server stores the batch…
        lost.append(1)
        route.abort()  # …and the page never hears of it

    page.unroute(API)
    page.route(API, lose_the_first_answer)
    page.evaluate("window.dispatchEvent(new Event('online'))")
    expect(sent).to_have_count(4, timeout=WAIT_MS)
    expect(waiting).to_have_count(0)
    assert lost == [1]

    texts = list(Note.objects.filter(observer=observed.member).values_list("text", flat=True))
    assert sorted(texts) == sorted(
        ["Онлайн: A оқушы сұраққа жауап берді."]
        + [f"Офлайн {n}: жұбымен талқылады." for n in range(1, 4)]
    )
    key = form.get_attribute("data-storage-key")
    assert page.evaluate(f"localStorage.getItem('{key}')") == "[]"

    # Read again from the server: each note once, sent.
    page.unroute(API)
    page.reload()
    page.check()
    expect(sent).to_have_count(4)
    expect(waiting).to_have_count(0)
