"""What a course's staff see and hear: the completions and certificates page (with revoking),
the reflections and reported posts waiting for them, and their e-mails; and the teacher told of
her completion on every path."""

from typing import Any

import pytest
from django.core import mail
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from ortaq.accounts.services import role_grant
from ortaq.certificates.models import Certificate
from ortaq.core.roles import Role
from ortaq.courses.choices import ActivityKind, EnrollmentStatus
from ortaq.courses.models import Enrollment
from ortaq.courses.queries import waiting_for
from ortaq.courses.services import (
    activity_open,
    cohort_facilitator_add,
    cohort_save,
    post_create,
    post_report,
    reflection_review,
    reflection_submit,
    reports_dismiss,
)
from ortaq.testing.factories import Built, enrol, make_course, make_trainer, make_user
from ortaq.testing.http import bearer

pytestmark = pytest.mark.django_db
K = ActivityKind


@pytest.fixture(autouse=True)
def committed(db: None, monkeypatch: pytest.MonkeyPatch) -> None:
    """Run what each action queues on commit (PDFs, e-mails) as its transaction commits.

    The test's own transaction never commits, so the callbacks are run when the outermost
    atomic block of the action (a service, a request) ends, as they would be in production.
    """
    from django.db import transaction

    original = transaction.Atomic.__exit__
    test_depth = len(transaction.get_connection().atomic_blocks)

    def exit_and_run(self: Any, exc_type: Any, exc: Any, tb: Any) -> Any:
        result = original(self, exc_type, exc, tb)
        connection = transaction.get_connection(self.using)
        # Back at the depth of the test's own transaction: the action has ended.
        if exc_type is None and len(connection.atomic_blocks) == test_depth:
            callbacks, connection.run_on_commit = connection.run_on_commit, []
            for _savepoints, callback, _robust in callbacks:
                callback()
        return result

    monkeypatch.setattr(transaction.Atomic, "__exit__", exit_and_run)


def completed_by(built: Built, *teachers: Any) -> list[Certificate]:
    """Each teacher enrols and reads the course's only page, which completes it."""
    for teacher in teachers:
        enrol(teacher, built.course)
        activity_open(actor=teacher, activity=built.activities[0])
    return [Certificate.objects.get(holder=t, title=built.course.title) for t in teachers]


def page_of(client: Client, user: Any, url: str, **params: Any) -> tuple[int, str]:
    client.force_login(user)
    response = client.get(url, params)
    return response.status_code, response.content.decode()


# Completions and certificates ------------------------------------------------------------------


def test_the_trainer_lists_completions_with_their_certificates(client: Client) -> None:
    built = make_course(kinds=(K.PAGE,))
    aigul = make_user(first_name="Айгүл", last_name="Сейітова", email="aigul@example.kz")
    bolat = make_user(first_name="Болат", last_name="Нұров", email="bolat@example.kz")
    dana = make_user(first_name="Дана", last_name="Оспан", email="dana@example.kz")
    learning = make_user(first_name="Ерлан", last_name="Оқып", email="erlan@example.kz")
    kept, revoked, preparing = completed_by(built, aigul, bolat, dana)
    enrol(learning, built.course)  # enrolled, not completed: not listed
    revoked.revoked_at, revoked.revoked_by, revoked.revoke_reason = kept.issued_at, None, "Copied."
    revoked.save()
    Certificate.objects.filter(pk=preparing.pk).update(pdf="")
    cohort = cohort_save(actor=built.trainer, course=built.course, name="Алматы облысы")
    Enrollment.objects.filter(user=dana).update(cohort=cohort)
    url = f"/en/courses/{built.course.pk}/completions/"

    status, html = page_of(client, built.trainer, url)
    assert status == 200
    assert "Completions and certificates" in html
    for certificate in (kept, revoked, preparing):
        assert certificate.code in html
    assert "erlan@example.kz" not in html
    assert "Valid" in html and "Revoked" in html and "Copied." in html
    assert "Being prepared" in html
    # A valid certificate can be revoked from the page; a revoked one cannot be revoked again.
    assert f"/completions/{kept.code}/revoke/" in html
    assert f"/completions/{preparing.code}/revoke/" in html
    assert f"/completions/{revoked.code}/revoke/" not in html
    assert "3 teachers completed the course." in html

    _status, found = page_of(client, built.trainer, url, q="BOLAT@example")
    assert revoked.code in found and kept.code not in found and preparing.code not in found
    _status, found = page_of(client, built.trainer, url, q="Айгүл Сейітова")
    assert kept.code in found and revoked.code not in found
    _status, found = page_of(client, built.trainer, url, cohort=cohort.pk)
    assert preparing.code in found and kept.code not in found
    _status, found = page_of(client, built.trainer, url, q="nobody")
    assert "No completion matches." in found


def test_completions_come_fifty_to_a_page_at_a_fixed_cost(
    client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("ortaq.courses.queries.staff.COMPLETIONS_PER_PAGE", 2)
    built = make_course(kinds=(K.PAGE,))
    first, second, third = completed_by(built, make_user(), make_user(), make_user())
    url = f"/en/courses/{built.course.pk}/completions/"
    _status, html = page_of(client, built.trainer, url)
    assert third.code in html and second.code in html and first.code not in html
    assert "Page 1 of 2" in html
    _status, html = page_of(client, built.trainer, url, page=2)
    assert first.code in html and third.code not in html

    monkeypatch.setattr("ortaq.courses.queries.staff.COMPLETIONS_PER_PAGE", 50)
    costs = []
    for extra in (0, 4):
        completed_by(built, *(make_user() for _ in range(extra)))
        client.get(url)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        costs.append(len(queries))
    assert costs[0] == costs[1], costs


def test_the_trainer_revokes_from_the_page_with_a_reason_once(client: Client) -> None:
    built = make_course(kinds=(K.PAGE,))
    (certificate,) = completed_by(built, make_user())
    client.force_login(built.trainer)
    url = f"/en/courses/{built.course.pk}/completions/{certificate.code}/revoke/"

    response = client.post(url, {"reason": "  ", "q": "x"}, follow=True)
    assert "Say why the certificate is revoked." in response.content.decode()
    assert response.redirect_chain[-1][0] == f"/en/courses/{built.course.pk}/completions/?q=x"
    certificate.refresh_from_db()
    assert certificate.revoked_at is None

    response = client.post(url, {"reason": "The reflection was copied."}, follow=True)
    assert f"The certificate {certificate.code} is revoked." in response.content.decode()
    certificate.refresh_from_db()
    assert certificate.revoke_reason == "The reflection was copied."
    assert certificate.revoked_by == built.trainer
    first = certificate.revoked_at

    # Again (a double click): nothing changes.
    client.post(url, {"reason": "Another reason."})
    certificate.refresh_from_db()
    assert (certificate.revoked_at, certificate.revoke_reason) == (
        first,
        "The reflection was copied.",
    )
    verify = Client().get(f"/en/verify/{certificate.code}/").content.decode()
    assert "Revoked." in verify and "The reflection was copied." not in verify
    own_view = client.get(f"/en/verify/{certificate.code}/").content.decode()
    assert "The reflection was copied." in own_view


def test_who_may_see_the_completions_and_revoke(client: Client, people: dict[str, Any]) -> None:
    built = make_course(kinds=(K.PAGE,))
    near = make_user(email="near-teacher@example.kz", profile__school=people["school"])
    far = make_user(email="far-teacher@example.kz", profile__school=people["far_school"])
    near_certificate, far_certificate = completed_by(built, near, far)
    url = f"/en/courses/{built.course.pk}/completions/"
    revoke = f"{url}{near_certificate.code}/revoke/"
    facilitator = make_user()
    cohort = cohort_save(actor=built.trainer, course=built.course, name="C")
    cohort_facilitator_add(actor=built.trainer, cohort=cohort, user=facilitator)

    # The holder herself, another teacher, a facilitator, a school head and another course's
    # trainer: no page, and no revoking.
    for name in ("near", "teacher", "facilitator", "principal", "other_trainer"):
        user = {
            "near": near,
            "facilitator": facilitator,
            "other_trainer": make_trainer(),
        }.get(name) or people[name]
        client.force_login(user)
        assert client.get(url).status_code == 403, name
        assert client.post(revoke, {"reason": "Mine."}).status_code == 403, name
        near_certificate.refresh_from_db()
        assert near_certificate.revoked_at is None, name
        course_page = client.get(f"/en/courses/{built.course.pk}/").content.decode()
        assert "/completions/" not in course_page, name

    anonymous = Client()
    assert anonymous.get(url).status_code == 302
    assert anonymous.post(revoke, {"reason": "x"}).status_code == 302

    # The region's methodologist reads the completions of her region's teachers only, and
    # may not revoke.
    status, html = page_of(client, people["coordinator"], url)
    assert status == 200
    assert near_certificate.code in html and far_certificate.code not in html
    assert "/revoke/" not in html
    assert client.post(revoke, {"reason": "No."}).status_code == 403
    near_certificate.refresh_from_db()
    assert near_certificate.revoked_at is None

    # A code of another course's completion is not found under this course.
    other = make_course(kinds=(K.PAGE,), trainer=built.trainer)
    (elsewhere,) = completed_by(other, make_user())
    client.force_login(built.trainer)
    assert client.post(f"{url}{elsewhere.code}/revoke/", {"reason": "x"}).status_code == 404
    assert client.post(f"{url}ZZZZ-ZZZZ-ZZZZ/revoke/", {"reason": "x"}).status_code == 404
    elsewhere.refresh_from_db()
    assert elsewhere.revoked_at is None


def test_the_page_is_linked_from_the_course_and_its_report(client: Client) -> None:
    built = make_course(kinds=(K.PAGE,))
    link = f'href="/en/courses/{built.course.pk}/completions/"'
    _status, html = page_of(client, built.trainer, f"/en/courses/{built.course.pk}/")
    assert link in html
    _status, html = page_of(client, built.trainer, f"/en/courses/{built.course.pk}/report/")
    assert link in html


# Work waiting for facilitators and moderators --------------------------------------------------


@pytest.fixture
def waiting() -> dict[str, Any]:
    """A course with a reviewed reflection and a discussion; a cohort with its facilitator, a
    moderator, and a teacher of the cohort who handed in her reflection."""
    built = make_course(kinds=(K.REFLECTION, K.DISCUSSION))
    reflection = built.first(K.REFLECTION)
    reflection.review_required = True
    reflection.save()
    cohort = cohort_save(actor=built.trainer, course=built.course, name="Шымкент")
    facilitator = make_user(language="ru", first_name="Фарида")
    cohort_facilitator_add(actor=built.trainer, cohort=cohort, user=facilitator)
    moderator = make_user(language="en")
    role_grant(actor=None, user=moderator, role=Role.MODERATOR, target=built.course)
    teacher = make_user(language="en", first_name="Айжан", last_name="Қасым")
    enrollment = enrol(teacher, built.course)
    Enrollment.objects.filter(pk=enrollment.pk).update(cohort=cohort)
    return {
        "built": built,
        "course": built.course,
        "reflection": reflection,
        "discussion": built.first(K.DISCUSSION),
        "cohort": cohort,
        "facilitator": facilitator,
        "moderator": moderator,
        "teacher": teacher,
    }


def test_facilitators_and_moderators_get_links_with_counts(
    client: Client, waiting: dict[str, Any]
) -> None:
    course, teacher = waiting["course"], waiting["teacher"]
    mail.outbox.clear()
    reflection_submit(actor=teacher, activity=waiting["reflection"], text="I learnt.")
    post = post_create(actor=teacher, activity=waiting["discussion"], body="Hello")
    reported(post, make_enrolled(course))
    url = f"/en/courses/{course.pk}/"

    _status, html = page_of(client, waiting["facilitator"], url)
    assert f'href="/en/courses/{course.pk}/reviews/">Reflections to review' in html
    assert '<span class="badge">1</span>' in html
    assert "/moderation/" not in html and "/completions/" not in html
    _status, html = page_of(client, waiting["moderator"], url)
    assert f'href="/en/courses/{course.pk}/moderation/">Reported posts' in html
    assert "/reviews/" not in html
    _status, html = page_of(client, teacher, url)
    assert "/reviews/" not in html and "/moderation/" not in html
    assert "Course management" not in html
    # The pages behind the links open for them.
    assert page_of(client, waiting["facilitator"], f"{url}reviews/")[0] == 200
    assert page_of(client, waiting["moderator"], f"{url}moderation/")[0] == 200


def reported(post: Any, by: Any, reason: str = "Rude.") -> None:
    """Report a post as the discussion page does (the report queues the moderators' alert)."""
    client = Client()
    client.force_login(by)
    course_id = post.discussion.target.module.course_id
    response = client.post(f"/en/courses/{course_id}/posts/{post.pk}/report/", {"reason": reason})
    assert response.status_code == 302


def make_enrolled(course: Any) -> Any:
    user = make_user()
    enrol(user, course)
    return user


def test_the_dashboard_says_what_waits_for_her(client: Client, waiting: dict[str, Any]) -> None:
    course, teacher = waiting["course"], waiting["teacher"]
    _status, html = page_of(client, waiting["facilitator"], "/en/me/")
    assert "Waiting for you" not in html  # nothing yet
    reflection_submit(actor=teacher, activity=waiting["reflection"], text="I learnt.")
    post = post_create(actor=teacher, activity=waiting["discussion"], body="Hello")
    reported(post, make_enrolled(course))

    _status, html = page_of(client, waiting["facilitator"], "/en/me/")
    assert "Waiting for you" in html and "1 reflection to review" in html
    assert f'href="/en/courses/{course.pk}/reviews/"' in html and "reported post" not in html
    _status, html = page_of(client, waiting["moderator"], "/en/me/")
    assert "1 reported post" in html and "reflection to review" not in html
    _status, html = page_of(client, waiting["built"].trainer, "/en/me/")
    assert "1 reflection to review" in html and "1 reported post" in html
    # A facilitator of another cohort, and a teacher, see nothing waiting.
    elsewhere = make_user()
    other = cohort_save(actor=waiting["built"].trainer, course=course, name="Other")
    cohort_facilitator_add(actor=waiting["built"].trainer, cohort=other, user=elsewhere)
    assert "Waiting for you" not in page_of(client, elsewhere, "/en/me/")[1]
    assert "Waiting for you" not in page_of(client, teacher, "/en/me/")[1]
    # For someone without a staff role it costs no query; for staff, a fixed number.
    teacher = type(teacher).objects.get(pk=teacher.pk)
    with CaptureQueriesContext(connection) as queries:
        assert waiting_for(user=teacher) == []
    assert len(queries) <= 1  # her roles, read once


def test_the_cohort_facilitator_is_emailed_in_her_language_once_per_reflection(
    waiting: dict[str, Any],
) -> None:
    teacher, course = waiting["teacher"], waiting["course"]
    mail.outbox.clear()
    submission = reflection_submit(actor=teacher, activity=waiting["reflection"], text="One.")
    (message,) = mail.outbox
    assert message.to == [waiting["facilitator"].email]
    assert "Здравствуйте, Фарида!" in message.body  # her language, Russian
    assert f"/ru/courses/{course.pk}/reviews/{submission.pk}/" in message.body
    assert "Қасым" in message.body

    # Correcting it while it waits: no second e-mail.
    reflection_submit(actor=teacher, activity=waiting["reflection"], text="One, better.")
    assert len(mail.outbox) == 1
    # Returned, then handed in again: it waits anew, and she hears of it again.
    reflection_review(
        actor=waiting["facilitator"], submission=submission, accept=False, feedback="More."
    )
    mail.outbox.clear()
    reflection_submit(actor=teacher, activity=waiting["reflection"], text="Two.")
    assert [m.to for m in mail.outbox] == [[waiting["facilitator"].email]]


def test_without_a_cohort_the_trainers_hear_of_a_reflection(waiting: dict[str, Any]) -> None:
    teacher = make_enrolled(waiting["course"])
    mail.outbox.clear()
    reflection_submit(actor=teacher, activity=waiting["reflection"], text="One.")
    assert [m.to for m in mail.outbox] == [[waiting["built"].trainer.email]]


def test_a_reflection_without_review_emails_nobody() -> None:
    built = make_course(kinds=(K.REFLECTION, K.PAGE))
    teacher = make_enrolled(built.course)
    mail.outbox.clear()
    reflection_submit(actor=teacher, activity=built.first(K.REFLECTION), text="One.")
    assert mail.outbox == []


def test_moderators_hear_of_a_posts_first_open_report(waiting: dict[str, Any]) -> None:
    course = waiting["course"]
    post = post_create(actor=waiting["teacher"], activity=waiting["discussion"], body="Hello")
    mail.outbox.clear()
    reported(post, make_enrolled(course))
    (message,) = mail.outbox
    assert message.to == [waiting["moderator"].email]
    assert f"/en/courses/{course.pk}/moderation/" in message.body
    # A second report of the same post, and the same report again: no more e-mail.
    second = make_enrolled(course)
    reported(post, second, "Very rude.")
    reported(post, second, "Very rude.")
    assert len(mail.outbox) == 1
    # Once dealt with, a new report opens a new case.
    reports_dismiss(actor=waiting["moderator"], post=post)
    reported(post, make_enrolled(course), "Still rude.")
    assert len(mail.outbox) == 2
    # A report through the service tells them the same way.
    other = post_create(actor=waiting["teacher"], activity=waiting["discussion"], body="Bye")
    post_report(actor=second, post=other, reason="Spam.")
    assert len(mail.outbox) == 3


def test_a_report_through_the_api_tells_the_moderators_too(waiting: dict[str, Any]) -> None:
    course = waiting["course"]
    post = post_create(actor=waiting["teacher"], activity=waiting["discussion"], body="Hello")
    mail.outbox.clear()
    response = Client().post(
        f"/api/v1/courses/{course.pk}/posts/{post.pk}/reports",
        {"reason": "Rude."},
        content_type="application/json",
        headers=bearer(make_enrolled(course)),
    )
    assert response.status_code == 201
    (message,) = mail.outbox
    assert message.to == [waiting["moderator"].email]


def test_a_course_without_moderators_sends_reports_to_its_trainers() -> None:
    built = make_course(kinds=(K.DISCUSSION,))
    teacher = make_enrolled(built.course)
    post = post_create(actor=teacher, activity=built.activities[0], body="Hello")
    mail.outbox.clear()
    reported(post, make_enrolled(built.course))
    assert [m.to for m in mail.outbox] == [[built.trainer.email]]


# The teacher told of her completion ------------------------------------------------------------

COMPLETED = "You have completed the course. Your certificate is being prepared."


def completed_emails(user: Any) -> list[Any]:
    return [
        m
        for m in mail.outbox
        if m.to == [user.email] and m.subject.startswith("You have completed the course")
    ]


def test_reading_the_last_page_tells_her_at_once(client: Client) -> None:
    built = make_course(kinds=(K.VIDEO, K.PAGE))
    teacher = make_user(language="en")
    enrol(teacher, built.course)
    client.force_login(teacher)
    client.post(f"/en/courses/{built.course.pk}/a/{built.first(K.VIDEO).pk}/done/")
    assert completed_emails(teacher) == []
    response = client.get(f"/en/courses/{built.course.pk}/a/{built.first(K.PAGE).pk}/")
    assert COMPLETED in response.content.decode()
    (message,) = completed_emails(teacher)
    assert f"/en/courses/{built.course.pk}/" in message.body
    # Reading it again says nothing more, and sends nothing more.
    response = client.get(f"/en/courses/{built.course.pk}/a/{built.first(K.PAGE).pk}/")
    assert COMPLETED not in response.content.decode()
    assert len(completed_emails(teacher)) == 1


def test_a_post_as_the_last_step_tells_her(client: Client) -> None:
    built = make_course(kinds=(K.PAGE, K.DISCUSSION))
    teacher = make_user(language="en")
    enrol(teacher, built.course)
    activity_open(actor=teacher, activity=built.first(K.PAGE))
    client.force_login(teacher)
    url = f"/en/courses/{built.course.pk}/a/{built.first(K.DISCUSSION).pk}/posts/"
    response = client.post(url, {"body": "My thoughts."}, follow=True)
    html = response.content.decode()
    assert "Your message is posted." in html and COMPLETED in html
    assert len(completed_emails(teacher)) == 1
    # A second post in a completed course: posted, no completion said again.
    html = client.post(url, {"body": "More thoughts."}, follow=True).content.decode()
    assert "Your message is posted." in html and COMPLETED not in html
    assert len(completed_emails(teacher)) == 1


def test_an_accepted_reflection_that_completes_the_course_tells_her(
    client: Client, waiting: dict[str, Any]
) -> None:
    teacher, course = waiting["teacher"], waiting["course"]
    post_create(actor=teacher, activity=waiting["discussion"], body="Hello")
    submission = reflection_submit(actor=teacher, activity=waiting["reflection"], text="One.")
    mail.outbox.clear()
    reflection_review(
        actor=waiting["facilitator"], submission=submission, accept=True, feedback="Good."
    )
    assert Enrollment.objects.get(user=teacher).status == EnrollmentStatus.COMPLETED
    (message,) = completed_emails(teacher)
    assert "You have completed the course" in message.body
    # On her next visit, the course and the reflection say so.
    _status, html = page_of(client, teacher, f"/en/courses/{course.pk}/")
    assert "You completed this course on" in html
    _status, html = page_of(client, teacher, f"/en/courses/{course.pk}/a/{submission.activity_id}/")
    assert "You completed this course on" in html
