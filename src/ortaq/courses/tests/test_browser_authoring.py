"""A trainer writes a course in Chromium: creates it, adds a module, a quiz with a question and
a self-assessment, brings in another trainer and publishes it; axe-core checks every page."""

from typing import Any

import pytest

from ortaq.courses.choices import CourseStatus
from ortaq.courses.models import Course
from ortaq.testing.browser import field, message, sign_in
from ortaq.testing.factories import make_trainer

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_trainer_writes_and_publishes_a_course(page: Any) -> None:
    trainer = make_trainer(first_name="Гүлнар")
    colleague = make_trainer(email="colleague@example.kz")
    sign_in(page, trainer)

    page.goto("/en/courses/")
    page.get_by_role("link", name="Courses I write").click()
    page.check()
    assert page.get_by_text("You write no course yet.").is_visible()
    page.get_by_role("link", name="New course").click()
    page.check()
    field(page, "Title").fill("Көпсыныпты мектептегі сабақ")
    field(page, "Language of the course").select_option("kk")
    field(page, "Summary").fill("How to teach *three grades* in one room.")
    field(page, "Professional-development hours").fill("12")
    field(page, "Small-scale schools").check()
    field(page, "Ask for a self-assessment before and after").check()
    page.get_by_role("button", name="Create the course").click()
    page.check()
    course = Course.objects.get()
    assert page.url.endswith(f"/en/courses/{course.pk}/edit/")
    assert "created as a draft" in message(page)
    assert page.get_by_role("button", name="Publish").is_disabled()

    page.get_by_role("link", name="Add a module").click()
    page.check()
    field(page, "Title").fill("Сыныпты ұйымдастыру")
    page.get_by_role("button", name="Save").click()
    page.check()
    module = course.modules.get()
    assert page.get_by_role("heading", name="1. Сыныпты ұйымдастыру").is_visible()

    field(page, "Add an activity").select_option("quiz")
    page.get_by_role("button", name="Add", exact=True).click()
    page.check()
    assert page.get_by_role("heading", level=1).inner_text() == "New activity: Quiz"
    field(page, "Title").fill("Өзіңізді тексеріңіз")
    field(page, "Pass mark (%)").fill("100")
    page.get_by_role("button", name="Save").click()
    page.check()
    quiz = module.activities.get()
    assert page.url.endswith(f"/edit/activities/{quiz.pk}/")  # a new quiz asks for questions
    assert page.get_by_text("No questions yet.").is_visible()

    page.get_by_role("link", name="Add a question").click()
    page.check()
    field(page, "Kind").select_option("single")
    field(page, "Question").fill("Қанша сынып бір бөлмеде оқиды?")
    field(page, "Option 1").fill("Бірнеше")
    field(page, "Option 2").fill("Тек біреу")
    page.get_by_role("button", name="Save").click()  # no option is marked correct: refused
    page.check()
    assert quiz.questions.count() == 0
    assert page.get_by_role("alert").is_visible()
    field(page, "Option 1 is correct").check()
    page.get_by_role("button", name="Save").click()
    page.check()
    assert "The question is saved." in message(page)
    page.get_by_role("link", name="Қанша сынып бір бөлмеде оқиды?").click()
    page.check()
    assert page.get_by_role("heading", level=1).inner_text() == "Edit the question"
    field(page, "Question").fill("Бір бөлмеде неше сынып оқиды?")
    field(page, "Feedback when wrong").fill("Шағын мектепте сыныптар біріктіріледі.")
    page.get_by_role("button", name="Save").click()
    page.check()
    assert page.get_by_role("link", name="Бір бөлмеде неше сынып оқиды?").is_visible()
    assert quiz.questions.get().choices.filter(correct=True).get().text == "Бірнеше"

    page.get_by_role("navigation", name="Breadcrumbs").get_by_role(
        "link", name=course.title
    ).click()
    page.check()
    page.get_by_role("link", name="Rename").click()
    page.check()
    field(page, "Title").fill("Біріктірілген сынып")
    page.get_by_role("button", name="Save").click()
    page.check()
    assert page.get_by_role("heading", name="1. Біріктірілген сынып").is_visible()
    # The self-assessment has no statements yet: the course cannot be published.
    assert page.get_by_role("note").get_by_text("self-assessment").is_visible()

    page.get_by_role("link", name="Self-assessment statements").click()
    page.check()
    field(page, "Statements").fill(
        "Мен бірнеше сыныпқа бір сабақ жоспарлай аламын\nМен өзіндік жұмысты ұйымдастыра аламын"
    )
    page.get_by_role("button", name="Save").click()
    page.check()
    assert "The self-assessment is saved." in message(page)
    assert course.assessment_items.count() == 2

    page.get_by_role("link", name="Add a trainer").click()
    page.check()
    field(page, "E-mail of the person").fill("nobody@example.kz")
    page.get_by_role("button", name="Save").click()
    page.check()
    assert page.get_by_text("No account has this e-mail.").is_visible()
    field(page, "E-mail of the person").fill(colleague.email)
    page.get_by_role("button", name="Save").click()
    page.check()
    assert "is now a trainer of this course" in message(page)
    assert colleague.has_perm("courses.change_course", course)

    # Nothing stands in the way now: publish.
    assert page.get_by_role("note").count() == 0
    page.get_by_role("button", name="Publish").click()
    page.check()
    assert "The course is published" in message(page)
    course.refresh_from_db()
    assert course.status == CourseStatus.PUBLISHED

    page.goto("/en/courses/mine/")
    row = page.get_by_role("row", name=course.title)
    assert "Published" in row.inner_text()
    page.goto("/en/courses/?school_kind=small_scale")
    assert page.get_by_role("link", name=course.title).is_visible()
