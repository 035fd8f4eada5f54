"""A teacher asks for the course's offline pack on the course page, sees the link with its size
after reloading and downloads a ZIP that opens at index.html; in Chromium at phone width (360 px)
in each language, with axe-core checking every page. Tasks run at once in the tests, so the pack
is made when the request is answered."""

import io
import re
import zipfile
from typing import Any

import pytest

from ortaq.courses.choices import ActivityKind, PackStatus
from ortaq.courses.models import OfflinePack
from ortaq.testing.browser import sign_in
from ortaq.testing.factories import enrol, make_course, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ASK = {
    "kk": "Офлайн пайдалану үшін жүктеп алу",
    "ru": "Скачать для работы офлайн",
    "en": "Download for offline use",
}
LINK = {"kk": "ZIP жүктеп алу", "ru": "скачать ZIP", "en": "download the ZIP"}


@pytest.mark.parametrize("language", ["kk", "ru", "en"])
def test_a_teacher_downloads_the_course_for_offline_use(page: Any, language: str) -> None:
    page.set_viewport_size({"width": 360, "height": 780})
    built = make_course(kinds=(ActivityKind.PAGE, ActivityKind.VIDEO))
    teacher = make_user()
    enrol(teacher, built.course)
    course = built.course
    sign_in(page, teacher)

    page.goto(f"/{language}/courses/{course.pk}/")
    offline = page.locator("#offline")
    assert offline.locator("a[download]").count() == 0
    offline.get_by_role("button", name=ASK[language]).click()
    page.check()
    pack = OfflinePack.objects.get(course=course)
    assert pack.status == PackStatus.READY

    page.reload()
    page.check()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360, f"the course page is {width} px wide"
    link = page.locator("#offline a[download]")
    text = link.inner_text()
    assert text.startswith(LINK[language]), text
    assert re.search(r"\(\d[\d.,\s]*\D+\)$", text), text  # its size, as "(12.3 KB)"

    with page.expect_download() as downloading:
        link.click()
    download = downloading.value
    assert download.suggested_filename.endswith(".zip")
    with open(download.path(), "rb") as saved:
        data = saved.read()
    assert len(data) == pack.size
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        index = archive.read("index.html").decode()
    assert course.title in index
