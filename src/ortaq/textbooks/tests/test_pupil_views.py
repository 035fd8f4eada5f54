"""The lesson page a pupil reads (public, no account): its source holds no accepted answer and
does not say which option is right, it stays under 100 KB, its tasks are checked by the server
through their forms when the page has no script, and the teacher's guide is shown only to a
signed-in teacher. Class sessions: the teacher opens one, pupils enter its code (a wrong or
closed code is said so, the input kept), answers are counted once per receipt, and she reads
the totals and closes it. The unit's offline pack and printed edition."""

import io
import json
import re
import uuid
import zipfile
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from ortaq.testing.factories import make_user
from ortaq.testing.http import signed_in
from ortaq.testing.textbooks import (
    PUPIL_GAPS,
    PUPIL_GUIDE,
    PUPIL_SHORT,
    PupilBook,
    pupil_book,
    pupil_session,
)
from ortaq.textbooks.choices import ExerciseKind
from ortaq.textbooks.models import ClassSession, Receipt, Tally

pytestmark = pytest.mark.django_db


def lesson_url(book: PupilBook, language: str = "kk") -> str:
    with translation.override(language):
        return reverse(
            "textbooks:lesson", kwargs={"slug": book.textbook.slug, "lesson_id": book.lesson.pk}
        )


def by_kind(book: PupilBook) -> dict[str, Any]:
    return {e.kind: e for e in book.exercises()}


def test_the_lesson_page_is_public_and_gives_no_answer_away(
    django_assert_max_num_queries: Any,
) -> None:
    book = pupil_book()
    with django_assert_max_num_queries(8):
        response = Client().get(lesson_url(book))
    assert response.status_code == 200
    html = response.content.decode()
    assert len(response.content) < 100 * 1024
    assert "tasks.js" in html and "<script>" not in html  # no inline script (CSP)
    assert PUPIL_GUIDE not in html
    for answer in (PUPIL_SHORT, "Құнанбайұлы", *PUPIL_GAPS):
        assert not re.search(rf"(?<!\w){re.escape(answer.lower())}(?!\w)", html.lower()), answer
    tasks = by_kind(book)
    # The right and a wrong option of a choice are written alike, but for their id and text.
    options = {o.text: o for o in tasks[ExerciseKind.SINGLE].options.all()}

    def markup(text: str) -> str:
        found = re.search(rf'<div class="choice">.*?>{text}</label></div>', html)
        assert found is not None
        return re.sub(str(options[text].pk), "ID", found.group(0)).replace(text, "TEXT")

    assert markup("Астана") == markup("Шымкент")
    assert "is_right" not in html and "correct" not in html.lower()
    # Every select of a matching task offers the same matches, sorted.
    matching = re.search(r'data-kind="matching".*?</form>', html, re.S)
    assert matching is not None
    menus = re.findall(r"<select[^>]*>(.*?)</select>", matching.group(0))
    assert len(menus) == 3 and len(set(menus)) == 1
    # An ordering task never shows its items in the right order.
    ordering = re.search(r'data-kind="ordering".*?</form>', html, re.S)
    assert ordering is not None
    shown = re.findall(r'data-item="([^"]+)"', ordering.group(0))
    assert shown != ["таң", "түс", "кеш", "түн"]


def test_an_unpublished_textbook_or_lesson_is_not_found() -> None:
    book = pupil_book()
    book.textbook.is_published = False
    book.textbook.save(update_fields=["is_published"])
    assert Client().get(lesson_url(book)).status_code == 404
    other = pupil_book(slug="other")
    resource = other.lesson.resource
    assert resource is not None
    resource.current = None
    resource.save(update_fields=["current"])
    assert Client().get(lesson_url(other)).status_code == 404


def test_the_teachers_guide_is_for_a_signed_in_teacher_only() -> None:
    book = pupil_book()
    html = signed_in(make_user()).get(lesson_url(book)).content.decode()
    assert PUPIL_GUIDE in html
    assert (
        reverse(
            "textbooks:session_create",
            kwargs={"slug": book.textbook.slug, "lesson_id": book.lesson.pk},
        )
        in html
    )


@pytest.mark.parametrize("language", ["kk", "ru", "en"])
def test_without_script_the_form_is_checked_by_the_server(language: str) -> None:
    book = pupil_book()
    url = lesson_url(book, language)
    gaps = by_kind(book)[ExerciseKind.GAPS]
    single = by_kind(book)[ExerciseKind.SINGLE]
    client = Client()
    client.get(url)
    wrong = {o.text: o.pk for o in single.options.all()}["Алматы"]
    response = client.post(url, {"exercise": single.pk, "choice": wrong})
    assert response.status_code == 302 and response["Location"].endswith(f"#task-{single.pk}")
    response = client.post(url, {"exercise": gaps.pk, "gap-1": "КӨЛ", "gap-2": "шың"})
    html = client.get(url).content.decode()
    with translation.override(language):
        from django.utils.translation import gettext

        right_text, wrong_text = (
            gettext("Right!"),
            gettext("Not quite. Change your answer and check again."),
        )
    task = re.search(rf'id="task-{gaps.pk}".*?</section>', html, re.S)
    assert task is not None and right_text in task.group(0)
    assert 'value="КӨЛ"' in task.group(0)  # her answer is kept
    chosen = re.search(rf'id="task-{single.pk}".*?</section>', html, re.S)
    assert chosen is not None
    assert wrong_text in chosen.group(0) and "Бұл — бұрынғы астана." in chosen.group(0)
    assert f'value="{wrong}" data-feedback' in chosen.group(0) and " checked" in chosen.group(0)


def test_a_task_of_another_lesson_is_refused() -> None:
    book = pupil_book()
    other = book.exercises(book.lessons[1])[0]
    response = Client().post(lesson_url(book), {"exercise": other.pk})
    assert response.status_code == 400


# --- Class sessions ----------------------------------------------------------------------------


def test_a_teacher_opens_a_session_and_pupils_join_with_its_code() -> None:
    book = pupil_book()
    teacher = make_user()
    create = reverse(
        "textbooks:session_create", kwargs={"slug": book.textbook.slug, "lesson_id": book.lesson.pk}
    )
    assert Client().get(create).status_code == 302
    response = signed_in(teacher).post(create, {"label": "6 «Ә»", "hours": 2})
    session = ClassSession.objects.get()
    assert response["Location"] == reverse("textbooks:session", kwargs={"code": session.code})
    assert session.version == book.version and session.teacher == teacher
    assert 110 < (session.closes_at - session.opened_at).total_seconds() / 60 <= 120
    page = signed_in(teacher).get(response["Location"])
    assert page.status_code == 200 and session.code in page.content.decode()
    assert "data:image/png;base64" in page.content.decode()
    assert signed_in(make_user()).get(response["Location"]).status_code == 404

    pupil = Client()
    join = reverse("textbooks:class_join")
    answer = pupil.post(join, {"code": session.code.lower()})
    assert answer["Location"] == reverse(
        "textbooks:lesson", kwargs={"slug": book.textbook.slug, "lesson_id": book.lesson.pk}
    )
    html = pupil.get(answer["Location"]).content.decode()
    assert f'data-class-code="{session.code}"' in html


@pytest.mark.parametrize("language", ["kk", "ru", "en"])
def test_a_wrong_or_closed_code_is_said_so_and_kept(language: str) -> None:
    book = pupil_book()
    closed = pupil_session(book, closed_at=timezone.now())
    with translation.override(language):
        join = reverse("textbooks:class_join")
        from django.utils.translation import gettext

        unknown = gettext("There is no class session with this code. Check it with your teacher.")
        shut = gettext("This class session is closed. Ask your teacher for a new code.")
    html = Client().post(join, {"code": "ZZZZZ9"}).content.decode()
    assert "ZZZZZ9" in html and "six letters" not in html
    html = Client().post(join, {"code": "ZZZZZZ"}).content.decode()
    assert unknown in html.replace("&#x27;", "'") and 'value="ZZZZZZ"' in html
    html = Client().post(join, {"code": closed.code}).content.decode()
    assert shut in html.replace("&#x27;", "'")


def send(client: Client, session: ClassSession, exercise: int, right: bool, receipt: str) -> Any:
    return client.post(
        reverse("textbooks:class_answer"),
        json.dumps(
            {"code": session.code, "exercise": exercise, "right": right, "receipt": receipt}
        ),
        content_type="application/json",
    )


def test_answers_are_counted_once_per_receipt() -> None:
    book = pupil_book()
    session = pupil_session(book)
    first, second = book.exercises()[:2]
    client = Client()
    receipt = str(uuid.uuid4())
    assert send(client, session, first.pk, True, receipt).json() == {"counted": True}
    assert send(client, session, first.pk, True, receipt).json() == {"counted": False}
    assert send(client, session, first.pk, False, str(uuid.uuid4())).json() == {"counted": True}
    assert send(client, session, second.pk, False, str(uuid.uuid4())).json() == {"counted": True}
    tallies = {t.exercise_id: (t.answered, t.right) for t in Tally.objects.all()}
    assert tallies == {first.pk: (2, 1), second.pk: (1, 0)}
    assert Receipt.objects.count() == 3


def test_only_a_valid_answer_of_an_open_session_is_counted() -> None:
    book = pupil_book()
    session = pupil_session(book)
    other = book.exercises(book.lessons[1])[0]
    client = Client()
    assert send(client, session, other.pk, True, str(uuid.uuid4())).status_code == 400
    assert send(client, session, book.exercises()[0].pk, True, "not-a-uuid").status_code == 400
    bad = client.post(reverse("textbooks:class_answer"), "[1]", content_type="application/json")
    assert bad.status_code == 400 and "detail" in bad.json()
    session.closed_at = timezone.now()
    session.save(update_fields=["closed_at"])
    assert send(client, session, book.exercises()[0].pk, True, str(uuid.uuid4())).status_code == 400
    assert not Tally.objects.exists()


def test_the_answer_endpoint_needs_the_pages_csrf_token() -> None:
    book = pupil_book()
    session = pupil_session(book)
    client = Client(enforce_csrf_checks=True)
    response = send(client, session, book.exercises()[0].pk, True, str(uuid.uuid4()))
    assert response.status_code == 403 and not Tally.objects.exists()


def test_answers_over_the_rate_are_refused(settings: Any) -> None:
    settings.ORTAQ_TEXTBOOK_ANSWER_RATE = 2
    book = pupil_book()
    session = pupil_session(book)
    client = Client()
    codes = [
        send(client, session, book.exercises()[0].pk, True, str(uuid.uuid4())).status_code
        for _ in range(3)
    ]
    assert codes == [200, 200, 429]


def test_a_pupil_without_script_is_counted_once_per_task() -> None:
    book = pupil_book()
    session = pupil_session(book)
    pupil = Client()
    pupil.post(reverse("textbooks:class_join"), {"code": session.code})
    short = by_kind(book)[ExerciseKind.SHORT]
    url = lesson_url(book)
    pupil.post(url, {"exercise": short.pk, "answer": "Шоқан"})
    pupil.post(url, {"exercise": short.pk, "answer": "Абай"})
    tally = Tally.objects.get()
    assert (tally.exercise_id, tally.answered, tally.right) == (short.pk, 1, 0)


def test_the_teacher_reads_the_totals_and_closes_the_session() -> None:
    book = pupil_book()
    teacher = make_user()
    session = pupil_session(book, teacher=teacher)
    first = book.exercises()[0]
    for right in (True, True, False):
        send(Client(), session, first.pk, right, str(uuid.uuid4()))
    client = signed_in(teacher)
    url = reverse("textbooks:session", kwargs={"code": session.code})
    html = client.get(url).content.decode()
    assert re.search(r"<th scope=\"row\">1</th><td>3</td><td>2</td><td>67%</td>", html), html
    assert 'id="refresh"' in html
    close = reverse("textbooks:session_close", kwargs={"code": session.code})
    assert signed_in(make_user()).post(close).status_code == 404
    assert client.post(close).status_code == 302
    assert client.post(close).status_code == 302  # closing again changes nothing
    session.refresh_from_db()
    assert session.closed_at is not None and not session.is_open
    assert 'id="refresh"' not in client.get(url).content.decode()


# --- Offline and print -------------------------------------------------------------------------


def test_the_unit_pack_holds_pages_that_open_from_disk() -> None:
    book = pupil_book()
    url = reverse(
        "textbooks:unit_pack", kwargs={"slug": book.textbook.slug, "unit_id": book.unit.pk}
    )
    response = Client().get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        names = set(archive.namelist())
        assert {"index.html", "lesson-01.html", "lesson-02.html", "tasks.js", "tasks.css"} <= names
        index = archive.read("index.html").decode()
        page = archive.read("lesson-01.html").decode()
    assert 'href="lesson-01.html"' in index
    assert 'src="tasks.js"' in page and "csrfmiddlewaretoken" not in page
    assert not re.search(r'(href|src)="/', page)  # every link relative
    assert PUPIL_SHORT not in page


def test_the_printed_unit_has_every_task_in_printed_form() -> None:
    from pypdf import PdfReader

    book = pupil_book()
    url = reverse(
        "textbooks:unit_print", kwargs={"slug": book.textbook.slug, "unit_id": book.unit.pk}
    )
    response = Client().get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    for expected in (
        "Туған өлкенің табиғаты 1",
        "Туған өлкенің табиғаты 2",
        "Қазақстанның астанасы",
        "☐",
        "Шымкент",
        "күйші",
        "A.",
        "Ретімен",
        "Балқаш",
    ):
        assert expected in text, expected
    assert PUPIL_SHORT not in text


def test_the_service_worker_is_served_under_the_textbooks() -> None:
    response = Client().get("/kk/textbooks/sw.js")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/javascript")
    assert b"caches.match" in response.content


def test_a_lessons_media_is_shown_served_and_packed() -> None:
    from django.core.files.base import ContentFile

    from ortaq.testing.files import PNG
    from ortaq.textbooks.models import Media

    book = pupil_book(lessons=1)
    image = Media(version=book.version, kind="image", alt_text="Балқаш көлінің жағасы")
    image.file.save("balkhash.png", ContentFile(PNG), save=True)
    html = Client().get(lesson_url(book)).content.decode()
    served = reverse("textbooks:media", kwargs={"media_id": image.pk})
    assert f'<img src="{served}" alt="Балқаш көлінің жағасы"' in html
    response = Client().get(served)
    assert response.status_code == 200 and b"".join(response.streaming_content) == PNG  # type: ignore[attr-defined]
    pack = Client().get(
        reverse("textbooks:unit_pack", kwargs={"slug": book.textbook.slug, "unit_id": book.unit.pk})
    )
    with zipfile.ZipFile(io.BytesIO(pack.content)) as archive:
        name = f"media/{image.pk}-file.png"
        assert archive.read(name) == PNG
        assert f'src="{name}"' in archive.read("lesson-01.html").decode()
