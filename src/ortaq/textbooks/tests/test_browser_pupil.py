"""In Chromium at a phone's width (360 px), with axe-core checking every page: a pupil does a
lesson's tasks online in kk, ru and en (checked in the page, with feedback and her progress kept
on reload), reads and checks through the forms with JavaScript off, opens the unit's offline
pack from disk and answers there, and reloads an opened lesson with the connection gone; a
teacher opens a class session and sees her pupils' anonymous totals."""

import io
import zipfile
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from ortaq.testing.browser import sign_in
from ortaq.testing.factories import make_user
from ortaq.testing.textbooks import PupilBook, pupil_book
from ortaq.textbooks.choices import ExerciseKind
from ortaq.textbooks.models import ClassSession, Tally

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
ORDER = ["таң", "түс", "кеш", "түн"]


def words(language: str) -> dict[str, str]:
    with translation.override(language):
        return {
            "right": gettext("Right!"),
            "wrong": gettext("Not quite. Change your answer and check again."),
            "check": gettext("Check"),
            "again": gettext("Try again"),
            "progress": gettext("Tasks done right: %(right)s of %(total)s.")
            % {"right": 6, "total": 6},
        }


def lesson_path(book: PupilBook, language: str) -> str:
    with translation.override(language):
        return reverse(
            "textbooks:lesson", kwargs={"slug": book.textbook.slug, "lesson_id": book.lesson.pk}
        )


def answer_everything(page: Any, book: PupilBook, said: dict[str, str]) -> None:
    """Answer each task of the book's first lesson right (the first choice wrong at first)."""
    tasks = {e.kind: e for e in book.exercises()}

    def task(kind: str) -> Any:
        return page.locator(f"#task-{tasks[kind].pk}")

    def check(kind: str) -> None:
        task(kind).get_by_role("button", name=said["check"]).click()

    single = task(ExerciseKind.SINGLE)
    single.get_by_label("Алматы").check()
    check(ExerciseKind.SINGLE)
    result = single.locator(".result")
    result.get_by_text(said["wrong"]).wait_for()
    assert "Бұл — бұрынғы астана." in result.inner_text()
    single.get_by_role("button", name=said["again"]).click()
    single.get_by_label("Астана").check()
    check(ExerciseKind.SINGLE)
    result.get_by_text(said["right"]).wait_for()
    assert "Жарайсың!" in result.inner_text()

    multiple = task(ExerciseKind.MULTIPLE)
    multiple.get_by_label("Ертіс").check()
    multiple.get_by_label("Іле").check()
    check(ExerciseKind.MULTIPLE)
    multiple.locator(".result").get_by_text(said["right"]).wait_for()

    matching = task(ExerciseKind.MATCHING)
    for left, right in (("Абай", "ақын"), ("Құрманғазы", "күйші"), ("Шоқан", "ғалым")):
        matching.get_by_label(left).select_option(right)
    check(ExerciseKind.MATCHING)
    matching.locator(".result").get_by_text(said["right"]).wait_for()

    ordering = task(ExerciseKind.ORDERING)
    for item in ORDER:
        ordering.get_by_label(item, exact=True).select_option(str(ORDER.index(item) + 1))
    check(ExerciseKind.ORDERING)
    ordering.locator(".result").get_by_text(said["right"]).wait_for()

    gaps = task(ExerciseKind.GAPS)
    gaps.locator("input[name=gap-1]").fill("КӨЛ ")
    gaps.locator("input[name=gap-2]").fill("шың")
    check(ExerciseKind.GAPS)
    gaps.locator(".result").get_by_text(said["right"]).wait_for()

    short = task(ExerciseKind.SHORT)
    short.locator("input[name=answer]").fill("абай   құнанбайұлы")
    short.locator("input[name=answer]").press("Enter")
    short.locator(".result").get_by_text(said["right"]).wait_for()


@pytest.mark.parametrize("language", ["kk", "ru", "en"])
def test_a_pupil_does_the_tasks_online(page: Any, language: str) -> None:
    page.set_viewport_size({"width": 360, "height": 780})
    book = pupil_book()
    said = words(language)
    page.goto(lesson_path(book, language))
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360, f"the lesson page is {width} px wide"
    answer_everything(page, book, said)
    page.get_by_text(said["progress"]).wait_for()
    page.check()
    page.reload()
    # Her progress is kept on the device, by the lesson's version.
    page.get_by_text(said["progress"]).wait_for()
    page.check()


def test_without_javascript_the_forms_check_on_the_server(page: Any) -> None:
    # The page's only script is refused, as a browser without JavaScript would run none (with
    # JavaScript switched off, axe-core could not run in the page to check it).
    page.context.route("**/tasks.js", lambda route: route.abort())
    page.set_viewport_size({"width": 360, "height": 780})
    book = pupil_book()
    said = words("ru")
    page.goto(lesson_path(book, "ru"))
    gaps = next(e for e in book.exercises() if e.kind == ExerciseKind.GAPS)
    task = page.locator(f"#task-{gaps.pk}")
    task.locator("input[name=gap-1]").fill("кол")  # a Russian о for the Kazakh ө
    task.locator("input[name=gap-2]").fill("шың")
    task.get_by_role("button", name=said["check"]).click()
    page.check()
    task = page.locator(f"#task-{gaps.pk}")
    assert said["wrong"] in task.locator(".result").inner_text()
    assert task.locator("input[name=gap-2]").input_value() == "шың"  # nothing lost
    task.locator("input[name=gap-1]").fill("көл")
    task.get_by_role("button", name=said["check"]).click()
    page.check()
    assert said["right"] in page.locator(f"#task-{gaps.pk} .result").inner_text()
    with translation.override("ru"):
        one = gettext("Tasks done right: %(right)s of %(total)s.") % {"right": 1, "total": 6}
    assert one in page.locator("#progress").inner_text()


def test_the_unit_pack_works_from_disk(page: Any, tmp_path: Path) -> None:
    # A pack speaks its textbook's language (this one's is Kazakh), whatever page it came from.
    language = "kk"
    book = pupil_book()
    said = words(language)
    with translation.override(language):
        url = reverse(
            "textbooks:unit_pack", kwargs={"slug": book.textbook.slug, "unit_id": book.unit.pk}
        )
    response = Client().get(url)
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        archive.extractall(tmp_path)
    page.page.goto((tmp_path / "index.html").as_uri())
    page.check()
    page.locator("a[href='lesson-01.html']").click()
    page.check()
    answer_everything(page, book, said)
    page.check()


@pytest.mark.parametrize("language", ["kk", "ru", "en"])
def test_an_opened_lesson_reloads_offline(page: Any, language: str) -> None:
    book = pupil_book()
    said = words(language)
    page.goto(lesson_path(book, language))
    page.wait_for_function("navigator.serviceWorker.ready.then(r => !!r.active)", timeout=60_000)
    # The page asked the worker to keep it; wait until it is in the cache.
    page.wait_for_function(
        "caches.open('ortaq-textbooks-v1').then(c => c.match(location.href)).then(r => !!r)"
    )
    page.context.set_offline(True)
    try:
        page.reload()
        page.get_by_role("heading", name=book.version.title).wait_for()
        page.check()
        short = next(e for e in book.exercises() if e.kind == ExerciseKind.SHORT)
        task = page.locator(f"#task-{short.pk}")
        task.locator("input[name=answer]").fill("Абай")
        task.get_by_role("button", name=said["check"]).click()
        task.locator(".result").get_by_text(said["right"]).wait_for()
    finally:
        page.context.set_offline(False)


def test_a_teachers_session_sees_anonymous_totals(page: Any) -> None:
    page.set_viewport_size({"width": 360, "height": 780})
    book = pupil_book()
    teacher = make_user()
    said = words("kk")
    sign_in(page, teacher)
    page.goto(lesson_path(book, "kk"))
    page.locator(".guide").wait_for()
    page.goto(
        reverse(
            "textbooks:session_create",
            kwargs={"slug": book.textbook.slug, "lesson_id": book.lesson.pk},
        ).replace("/en/", "/kk/")
    )
    page.locator("#id_label").fill("6 «Ә»")
    page.locator("main form button[type=submit]").click()
    page.check()
    session = ClassSession.objects.get()
    assert session.code in page.locator(".code-large").inner_text()

    # A pupil in another browser: no account, only the code.
    pupil = page.context.browser.new_context(viewport={"width": 360, "height": 780})
    try:
        other = pupil.new_page()
        other.goto(page.base_url + "/kk/textbooks/class/")
        other.locator("#id_code").fill(session.code.lower())
        other.locator("main form button[type=submit]").click()
        short = next(e for e in book.exercises() if e.kind == ExerciseKind.SHORT)
        task = other.locator(f"#task-{short.pk}")
        task.locator("input[name=answer]").fill("Шоқан")
        task.get_by_role("button", name=said["check"]).click()
        task.locator(".result").get_by_text(said["wrong"]).wait_for()
        task.get_by_role("button", name=said["again"]).click()
        task.locator("input[name=answer]").fill("Абай")
        task.get_by_role("button", name=said["check"]).click()
        task.locator(".result").get_by_text(said["right"]).wait_for()
        other.wait_for_function(
            f"Object.values(JSON.parse(localStorage.getItem("
            f"'ortaq-textbook-{book.version.pk}-class-{session.code}') || '{{}}'))"
            f".every(item => item.sent)"
        )
    finally:
        pupil.close()
    tally = Tally.objects.get()
    assert (tally.exercise_id, tally.answered, tally.right) == (short.pk, 1, 0)
    page.locator("#refresh").click()
    page.check()
    row = page.locator("tbody tr").nth(book.exercises().index(short))
    assert row.inner_text().split() == ["6", "1", "0", "0%"]
