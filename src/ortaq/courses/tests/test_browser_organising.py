"""Those who run a course around its teachers, in Chromium, with axe-core checking every page:
a methodologist starts a cohort, enrols her region's teachers and reads the report; a teacher
takes a course whose reflection a facilitator reviews; a moderator hides a reported post."""

import re
from typing import Any

import pytest

from ortaq.accounts.services import role_grant
from ortaq.certificates.models import Certificate
from ortaq.core.roles import Role
from ortaq.courses.choices import ActivityKind, EnrollmentStatus, ReflectionStatus
from ortaq.courses.models import Cohort, Enrollment, ReflectionSubmission
from ortaq.courses.services import (
    activity_save,
    cohort_facilitator_add,
    cohort_save,
    course_publish,
    enrol_from_csv,
)
from ortaq.discussions.models import Post
from ortaq.testing.browser import field, message, sign_in
from ortaq.testing.factories import activity_fields, enrol, make_course, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
K = ActivityKind


def numbers(text: str) -> list[int]:
    return [int(n) for n in re.findall(r"\d+", text)]


def test_a_methodologist_starts_a_cohort_enrols_teachers_and_reads_the_report(
    page: Any, people: dict[str, Any]
) -> None:
    """In Kazakh, the language most methodologists work in."""
    course = make_course(kinds=(K.PAGE, K.QUIZ)).course
    region = people["region"]
    sign_in(page, people["coordinator"])

    page.goto(f"/kk/courses/{course.pk}/")
    page.locator(f"main nav a[href='/kk/courses/{course.pk}/cohorts/']").click()
    page.check()
    page.fill("#id_name", "Түркістан, 2026 көктем")
    page.select_option("#id_region", str(region.pk))
    page.fill("#id_starts_on", "2026-03-02")
    page.fill("#id_ends_on", "2026-05-29")
    page.locator("main form button[type=submit]").click()
    page.check()
    cohort = Cohort.objects.get()
    assert page.url.endswith(f"/kk/courses/{course.pk}/cohorts/{cohort.pk}/")
    assert page.get_by_role("heading", level=1).inner_text() == "Түркістан, 2026 көктем"
    assert cohort.region == region

    page.fill("#id_email", people["facilitator"].email)
    page.locator("main form:has(#id_email) button").click()
    page.check()
    assert page.locator("main li", has_text=people["facilitator"].email).is_visible()

    page.locator(f"main a[href='/kk/courses/{course.pk}/enrolment/']").click()
    page.check()
    criteria = page.locator("main form:has(input[name=by][value=criteria])")
    criteria.locator("select[name=cohort]").select_option(str(cohort.pk))
    criteria.locator("select[name=region]").select_option(str(region.pk))
    criteria.locator("select[name=role]").select_option(Role.TEACHER)
    criteria.locator("button[type=submit]").click()
    # The enrolment runs as a background job (at once in tests): its page shows the result.
    assert re.search(r"/kk/jobs/\d+/$", page.url)
    page.check()
    # Of the region's people only the teacher holds the role; the far teacher is elsewhere.
    assert numbers(page.locator("main .msg-success").inner_text()) == [1, 0, 0]
    enrolled = Enrollment.objects.get(course=course)
    assert (enrolled.user, enrolled.cohort) == (people["teacher"], cohort)
    page.locator(f"main .crumbs a[href='/kk/courses/{course.pk}/enrolment/']").click()

    listing = page.locator("main form:has(input[name=by][value=csv])")
    listing.locator("select[name=cohort]").select_option(str(cohort.pk))
    listing.locator("input[type=file]").set_input_files(
        files=[{
            "name": "teachers.csv",
            "mimeType": "text/csv",
            "buffer": b"email\nteacher@example.kz\nprincipal@example.kz\n"
            b"far@example.kz\nnobody@example.kz\n",
        }]
    )  # fmt: skip
    listing.locator("button[type=submit]").click()
    page.check()
    # The teacher is already there; the head is enrolled; the others are not, each with why.
    assert numbers(page.locator("main .msg-success").inner_text()) == [1, 1, 0]
    failed = page.locator("main table tbody tr")
    assert failed.count() == 2
    assert "far@example.kz" in failed.nth(0).inner_text()
    assert "nobody@example.kz" in failed.nth(1).inner_text()
    assert Enrollment.objects.filter(course=course, cohort=cohort).count() == 2

    page.goto(f"/kk/courses/{course.pk}/cohorts/{cohort.pk}/")
    page.locator(f"main a[href$='/report/?cohort={cohort.pk}']").click()
    page.check()
    facts = page.locator("main dl.facts dd")
    assert facts.nth(0).inner_text() == "2"  # enrolled
    assert facts.nth(1).inner_text() == "0"  # started
    page.select_option("#id_region", str(region.pk))
    page.locator("main form.filters button[type=submit]").click()
    page.check()
    assert page.locator("main dl.facts dd").nth(0).inner_text() == "2"

    page.goto(f"/kk/courses/{course.pk}/cohorts/")
    assert page.get_by_role("link", name="Түркістан, 2026 көктем").is_visible()


def test_a_teacher_reflects_and_a_facilitator_reviews_her(
    page: Any, people: dict[str, Any]
) -> None:
    """In Russian: the teacher rates herself, does a handout and an exercise and writes a
    reflection, which her cohort's facilitator returns, then accepts; she completes the course."""
    built = make_course(
        kinds=(K.FILE, K.INTERACTIVE), language="ru", self_assessment=True, publish=False,
        title="Функциональная грамотность",
    )  # fmt: skip
    course, trainer = built.course, built.trainer
    reflection = activity_save(
        actor=trainer,
        module=built.activities[0].module,
        data=activity_fields(
            K.REFLECTION, "Что вы возьмёте в свой класс?", review_required=True, allow_file=False
        ),
    )
    course_publish(actor=trainer, course=course)
    cohort = cohort_save(actor=None, course=course, name="Шымкент", region=people["region"])
    cohort_facilitator_add(actor=None, cohort=cohort, user=people["facilitator"])
    teacher = people["teacher"]
    enrol_from_csv(actor=None, course=course, cohort=cohort, data=b"email\nteacher@example.kz\n")

    sign_in(page, teacher)
    page.goto("/ru/courses/")
    page.get_by_role("link", name="Функциональная грамотность").first.click()
    page.check()
    page.locator("main .progress-box a.button").click()  # begin: she rates herself first
    page.check()
    assert page.url.endswith(f"/ru/courses/{course.pk}/self-assessment/before/")
    for radio in page.locator("main input[type=radio][value='2']").all():
        radio.check()
    page.locator("main form button[type=submit]").click()
    page.check()
    page.locator("main .progress-box a.button").click()  # the handout
    page.check()
    assert page.locator(f"main a[href$='/a/{built.first(K.FILE).pk}/handout/']").is_visible()
    page.locator("#complete-form button").click()  # the exercise comes next
    page.check()
    assert page.locator("main iframe.embed").get_attribute("sandbox") is not None
    page.locator("#complete-form button").click()  # the reflection comes next
    page.check()
    assert page.get_by_role("heading", level=1).inner_text() == reflection.title
    page.fill("#id_text", "Буду давать задания на чтение графиков.")
    page.locator("main form[action$='/reflection/'] button").click()
    page.check()
    assert page.locator("#submission-heading").is_visible()
    assert ReflectionSubmission.objects.get().status == ReflectionStatus.SUBMITTED

    sign_in(page, people["facilitator"])
    page.goto(f"/ru/courses/{course.pk}/reviews/")
    page.locator(f"main a[href$='/reviews/{ReflectionSubmission.objects.get().pk}/']").click()
    page.check()
    assert "чтение графиков" in page.locator("main .quote").inner_text()
    page.locator("main input[name=decision][value=return]").check()
    page.locator("main form button[type=submit]").click()  # returned, but without a word why
    page.check()
    assert page.locator("main .errorlist, main [role=alert]").first.is_visible()
    page.fill("#id_feedback", "Добавьте пример задания.")
    page.locator("main form button[type=submit]").click()
    page.check()
    assert page.url.endswith(f"/ru/courses/{course.pk}/reviews/")
    assert page.locator("main a[href*='/reviews/']").count() == 0  # nothing waits now
    assert ReflectionSubmission.objects.get().status == ReflectionStatus.RETURNED

    sign_in(page, teacher)
    page.goto(f"/ru/courses/{course.pk}/a/{reflection.pk}/")
    assert "Добавьте пример задания." in page.locator("main section.msg").inner_text()
    page.fill("#id_text", "Буду давать задания на чтение графиков, например о погоде.")
    page.locator("main form[action$='/reflection/'] button").click()
    page.check()
    assert ReflectionSubmission.objects.get().status == ReflectionStatus.SUBMITTED

    sign_in(page, people["facilitator"])
    page.goto(f"/ru/courses/{course.pk}/reviews/")
    page.locator("main a[href*='/reviews/']").click()
    page.check()
    page.locator("main input[name=decision][value=accept]").check()
    page.locator("main form button[type=submit]").click()
    page.check()
    assert ReflectionSubmission.objects.get().status == ReflectionStatus.ACCEPTED

    # Every activity is done: the course asks her to rate herself again, and then completes.
    sign_in(page, teacher)
    page.goto(f"/ru/courses/{course.pk}/self-assessment/after/")
    for radio in page.locator("main input[type=radio][value='4']").all():
        radio.check()
    page.locator("main form button[type=submit]").click()
    page.check()
    assert Enrollment.objects.get(user=teacher).status == EnrollmentStatus.COMPLETED
    assert Certificate.objects.filter(holder=teacher).exists()

    # The facilitator's report: her cohort, and how the teacher rated herself before and after.
    sign_in(page, people["facilitator"])
    page.goto(f"/ru/courses/{course.pk}/")
    page.locator(f"main nav a[href='/ru/courses/{course.pk}/report/']").click()
    page.check()
    facts = page.locator("main dl.facts dd")
    assert [facts.nth(i).inner_text() for i in range(2)] == ["1", "1"]
    assert facts.nth(2).inner_text().startswith("1 (100")  # completed, "100,0%" in Russian
    # The same teachers before and after (its table first), then everyone who answered.
    same = page.locator("main table").filter(has=page.locator("caption")).first
    statements = same.locator("tbody th[scope=row]")
    assert statements.count() == 3  # two statements, and all of them together
    assert statements.first.inner_text() == "I know A"


def test_a_moderator_hides_a_reported_post(page: Any) -> None:
    """In English: a teacher writes, another replies and reports her; the trainer sees the
    thread with the moderator's controls; the moderator hides the post; its author sees why."""
    built = make_course(kinds=(K.DISCUSSION,), language="en", title="Assessment for learning")
    course, trainer = built.course, built.trainer
    discussion = built.first(K.DISCUSSION)
    moderator = make_user(first_name="Айжан", last_name="Модератор")
    role_grant(actor=None, user=moderator, role=Role.MODERATOR, target=course)
    author = make_user(first_name="Ерлан", last_name="Сапаров")
    reader = make_user(first_name="Динара", last_name="Омарова")
    enrol(author, course)
    enrol(reader, course)
    activity_path = f"/en/courses/{course.pk}/a/{discussion.pk}/"

    sign_in(page, author)
    page.goto(activity_path)
    assert page.get_by_text("No one has written yet.").is_visible()
    field(page, "Message").fill("Marks alone teach nothing; **comments** do.")
    page.get_by_role("button", name="Post", exact=True).click()
    page.check()
    assert "Your message is posted." in message(page)
    post = Post.objects.get()

    sign_in(page, reader)
    page.goto(activity_path)
    page.get_by_role("link", name="Quote").click()
    page.check()
    assert page.get_by_role("heading", name="Your reply").is_visible()
    assert "Marks alone teach nothing" in page.locator("#write + blockquote").inner_text()
    field(page, "Message").fill("Comments take time I do not have.")
    page.get_by_role("button", name="Post", exact=True).click()
    page.check()
    reply = page.locator("main .replies .post", has_text="time I do not have")
    assert "Marks alone teach nothing" in reply.locator("blockquote").inner_text()
    first = page.locator("main article").first
    first.locator("summary", has_text="Report").click()
    page.check()  # with the report's form open
    first.get_by_label("What is wrong with it?").fill("Off topic and rude to colleagues.")
    first.get_by_role("button", name="Report").click()
    page.check()
    assert "the moderators will look at it." in message(page)

    # The trainer moderates her course too: she sees the thread with the moderator's controls.
    sign_in(page, trainer)
    page.goto(activity_path)
    assert page.locator("main article summary", has_text="Hide").count() == 2  # post, reply
    page.locator("main article summary", has_text="Hide").first.click()
    page.check()  # with the form to hide it open

    sign_in(page, moderator)
    page.goto(f"/en/courses/{course.pk}/moderation/")
    reported = page.locator("main section.post", has_text="Off topic and rude to colleagues.")
    assert "Сапаров Ерлан" in reported.get_by_role("heading").inner_text()
    assert "Marks alone teach nothing" in reported.inner_text()
    reported.get_by_label("Reason (its author sees it)").fill("Keep to the subject, please.")
    reported.get_by_role("button", name="Hide").click()
    page.check()
    assert "The post is hidden." in message(page)
    assert page.locator("main section.post", has_text="Marks alone teach nothing").count() == 0
    post.refresh_from_db()
    assert post.is_hidden

    sign_in(page, author)
    page.goto(activity_path)
    assert "Keep to the subject, please." in page.locator("main .post-body .msg-error").inner_text()
    sign_in(page, reader)
    page.goto(activity_path)
    assert page.get_by_text("Marks alone teach nothing").count() == 0
