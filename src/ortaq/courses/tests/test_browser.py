"""A teacher takes a short course from enrolment to a verified certificate in Chromium, in each
of the three languages, with axe-core checking every page she lands on."""

from typing import Any

import pytest

from ortaq.certificates.models import Certificate
from ortaq.courses.choices import ActivityKind
from ortaq.testing.factories import PASSWORD, make_course, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
K = ActivityKind


@pytest.mark.parametrize("language", ["kk", "ru", "en"])
def test_from_enrolment_to_a_verified_certificate(page: Any, language: str) -> None:
    built = make_course(kinds=(K.PAGE, K.VIDEO, K.QUIZ), language=language, title="Inclusion 101")
    course = built.course
    teacher = make_user(language=language)
    quiz = built.first(K.QUIZ)

    page.goto(f"/{language}/accounts/login/")
    page.fill("#id_login", teacher.email)
    page.fill("#id_password", PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.check()

    page.goto(f"/{language}/courses/{course.pk}/")
    assert page.locator("html").get_attribute("lang") == language
    page.locator(f"main form[action='/{language}/courses/{course.pk}/enrol/'] button").click()
    page.check()
    page.locator("main .progress-box a.button").click()  # begin the course: the first page
    page.check()
    assert page.get_by_role("heading", level=1).inner_text() == built.first(K.PAGE).title
    page.locator("main a[rel=next]").click()  # the video
    page.check()
    page.locator("#complete-form button").click()  # "I have watched it" takes her to the quiz
    page.check()
    page.locator(f"main form[action$='/a/{quiz.pk}/quiz/'] button").click()
    page.check()
    for question in quiz.questions.prefetch_related("choices"):
        if question.kind == "true_false":
            page.locator(f"input[name='q{question.pk}'][value='0']").check()
        else:
            right = next(c for c in question.choices.all() if c.correct)
            page.locator(f"input[name='q{question.pk}'][value='{right.pk}']").check()
    page.locator("main form button[type=submit]").click()
    page.check()
    assert page.locator("main .msg-success").count() >= 1  # passed

    page.goto(f"/{language}/courses/{course.pk}/")
    page.check()
    certificate = Certificate.objects.get(holder=teacher)
    with page.expect_download() as download:
        page.locator(f"main a[href$='/me/certificates/{certificate.code}.pdf']").click()
    with open(download.value.path(), "rb") as pdf:
        assert pdf.read(4) == b"%PDF"
    page.locator(f"main a[href$='/verify/{certificate.code}/']").click()
    page.check()
    assert certificate.code in page.get_by_role("heading", level=1).inner_text()
    assert page.locator("main .msg-success").is_visible()  # valid

    # The address in the QR code works without signing in.
    page.context.clear_cookies()
    page.goto(certificate.verify_path())
    assert page.url.endswith(f"/verify/{certificate.code}/")
    page.check()
