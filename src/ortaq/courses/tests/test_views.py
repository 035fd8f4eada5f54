"""Pages: what teachers, trainers and methodologists see, and how many queries each costs."""

import gzip
import re
from typing import Any

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from ortaq.courses.choices import ActivityKind, EnrollmentStatus, Phase
from ortaq.courses.models import Enrollment, QuizAttempt
from ortaq.courses.services import activity_complete, activity_open
from ortaq.discussions.models import Post
from ortaq.discussions.services import discussion_open
from ortaq.testing.factories import enrol, make_course, make_user, right_answers
from ortaq.testing.http import signed_in
from ortaq.testing.refusals import assert_refused

pytestmark = pytest.mark.django_db
K = ActivityKind
EVERY_KIND = (K.PAGE, K.VIDEO, K.QUIZ, K.REFLECTION, K.DISCUSSION, K.INTERACTIVE, K.FILE)


def test_the_catalogue_shows_published_courses_in_the_page_language(client: Client) -> None:
    built = make_course(title="Инклюзивті білім беру")
    from ortaq.courses.services import (
        CourseFields,
        activity_save,
        course_create,
        course_publish,
        module_save,
    )
    from ortaq.testing.factories import activity_fields

    russian = course_create(
        actor=built.trainer, language="ru", translation_of=built.course,
        data=CourseFields("Инклюзивное образование", "", 24),
    )  # fmt: skip
    module = module_save(actor=built.trainer, course=russian, title="М")
    activity_save(actor=built.trainer, module=module, data=activity_fields(K.PAGE, "Страница"))
    course_publish(actor=built.trainer, course=russian)
    make_course(trainer=built.trainer, publish=False, title="Draft course")
    kk = client.get("/kk/courses/").content.decode()
    ru = client.get("/ru/courses/").content.decode()
    assert "Инклюзивті білім беру" in kk and "Инклюзивное образование" not in kk
    assert "Инклюзивное образование" in ru and "Draft course" not in ru
    only_kk = client.get("/ru/courses/", {"language": "kk"}).content.decode()
    assert "Инклюзивті білім беру" in only_kk


def test_the_course_page_costs_the_same_whatever_the_size(
    client: Client, django_assert_num_queries: Any
) -> None:
    small = make_course(kinds=EVERY_KIND, modules=1)
    large = make_course(kinds=EVERY_KIND, modules=6, trainer=small.trainer)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    warm, cold = [], []
    for built in (small, large):
        teachers = [make_user() for _ in range(3)]
        for teacher in teachers:
            enrol(teacher, built.course)
            activity_open(actor=teacher, activity=built.activities[0])
            activity_complete(actor=teacher, activity=built.first(K.VIDEO))
        client.force_login(teachers[0])
        url = f"/kk/courses/{built.course.pk}/"
        client.get(url)  # the session and the user are read once
        # Cold: nothing cached (a new process, or after the cache was emptied).
        cache.clear()
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        cold.append(len(queries))
        # Warm: the outline and her progress box are cached from the request before.
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        warm.append(len(queries))
    assert warm[0] == warm[1] and cold[0] == cold[1]
    # Cold, the list of the course's other languages ("Also in") and its offline packs are read.
    assert warm[0] <= 6 and cold[0] <= 11


def test_the_report_page_costs_the_same_whatever_the_size(
    client: Client, people: dict[str, Any]
) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    counts = []
    for size in (2, 12):
        cache.clear()  # the roles and the signed-in user are cached: count the same work
        built = make_course(kinds=(K.PAGE, K.VIDEO), self_assessment=False)
        for _ in range(size):
            teacher = make_user(profile__school=people["school"])
            enrol(teacher, built.course)
            activity_open(actor=teacher, activity=built.activities[0])
        client.force_login(people["coordinator"])
        for _warm_up in range(2):  # she is remembered in English, then read from the cache
            client.get(f"/en/courses/{built.course.pk}/report/")
        cache.clear()  # count the report itself, not the copy kept for a minute
        with CaptureQueriesContext(connection) as queries:
            assert client.get(f"/en/courses/{built.course.pk}/report/").status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_every_kind_of_activity_page_opens(client: Client) -> None:
    built = make_course(kinds=EVERY_KIND)
    teacher = make_user()
    enrol(teacher, built.course)
    signed_in(teacher, client)
    for activity in built.activities:
        response = client.get(f"/en/courses/{built.course.pk}/a/{activity.pk}/")
        assert response.status_code == 200, activity.kind
        assert activity.title in response.content.decode()
    page = client.get(f"/en/courses/{built.course.pk}/a/{built.first(K.INTERACTIVE).pk}/")
    assert 'sandbox="allow-scripts' in page.content.decode()


def test_a_visitor_sees_the_outline_but_not_the_activities(client: Client) -> None:
    built = make_course()
    outline = client.get(f"/en/courses/{built.course.pk}/")
    assert outline.status_code == 200 and built.activities[0].title in outline.content.decode()
    response = client.get(f"/en/courses/{built.course.pk}/a/{built.activities[0].pk}/")
    assert response.status_code == 302
    draft = make_course(publish=False, trainer=built.trainer)
    assert client.get(f"/en/courses/{draft.course.pk}/").status_code == 404


def test_taking_a_quiz_through_the_pages(client: Client) -> None:
    built = make_course(kinds=(K.QUIZ,))
    teacher = make_user()
    enrol(teacher, built.course)
    signed_in(teacher, client)
    quiz = built.first(K.QUIZ)
    started = client.post(f"/en/courses/{built.course.pk}/a/{quiz.pk}/quiz/")
    attempt = QuizAttempt.objects.get()
    assert started.headers["Location"].endswith(f"/attempts/{attempt.pk}/")
    form = client.get(started.headers["Location"]).content.decode()
    assert "Submit my answers" in form
    answers: dict[str, Any] = {}
    for question in quiz.questions.prefetch_related("choices"):
        if question.kind == "true_false":
            answers[f"q{question.pk}"] = "0"
        else:
            answers[f"q{question.pk}"] = [str(c.pk) for c in question.choices.all() if c.correct]
    first = quiz.questions.first()
    assert first is not None
    tampered = client.post(started.headers["Location"], {f"q{first.pk}": "x"}, follow=True)
    assert "not in the question" in tampered.content.decode()
    result = client.post(started.headers["Location"], answers, follow=True)
    assert "You have completed the course" in result.content.decode()
    assert Enrollment.objects.get(user=teacher).status == EnrollmentStatus.COMPLETED
    assert QuizAttempt.objects.get().answers.count() == 2


def test_a_wrong_answer_says_what_next_and_the_right_one_once_no_attempt_is_left(
    client: Client,
) -> None:
    built = make_course(kinds=(K.QUIZ, K.PAGE))
    teacher = make_user()
    enrol(teacher, built.course)
    signed_in(teacher, client)
    quiz, page = built.first(K.QUIZ), built.first(K.PAGE)
    quiz.max_attempts = 2
    quiz.save(update_fields=["max_attempts"])
    wrong: dict[str, Any] = {}
    for question in quiz.questions.prefetch_related("choices"):
        if question.kind == "true_false":
            wrong[f"q{question.pk}"] = "1"
        else:
            wrong[f"q{question.pk}"] = [str(c.pk) for c in question.choices.all() if not c.correct]
    for attempt_left in (True, False):
        started = client.post(f"/en/courses/{built.course.pk}/a/{quiz.pk}/quiz/")
        html = client.post(started.headers["Location"], wrong, follow=True).content.decode()
        assert "Wrong." in html
        assert ("material again, then try once more" in html) is attempt_left
        assert ("The right answer" in html) is not attempt_left
        assert f'href="/en/courses/{built.course.pk}/a/{page.pk}/" rel="next"' in html


def test_discussion_posting_and_hidden_posts(client: Client) -> None:
    built = make_course(kinds=(K.DISCUSSION, K.PAGE))
    discussion = built.first(K.DISCUSSION)
    author, reader = make_user(), make_user()
    enrol(author, built.course)
    enrol(reader, built.course)
    url = f"/en/courses/{built.course.pk}/a/{discussion.pk}/"
    signed_in(author, client).post(url + "posts/", {"body": "**Bold** <script>alert(1)</script>"})
    post = Post.objects.get()
    html = signed_in(reader).get(url).content.decode()
    assert "<strong>Bold</strong>" in html and "<script>alert" not in html
    from ortaq.courses.services import post_hide

    post_hide(actor=built.trainer, post=post, reason="Off topic")
    assert "Bold" not in signed_in(reader).get(url).content.decode()
    own = signed_in(author).get(url).content.decode()
    assert "Off topic" in own


def test_a_hidden_thread_keeps_its_replies_in_place(client: Client) -> None:
    from ortaq.courses.services import post_create, post_hide

    built = make_course(kinds=(K.DISCUSSION, K.PAGE))
    discussion = built.first(K.DISCUSSION)
    author, other, reader = make_user(), make_user(), make_user()
    for person in (author, other, reader):
        enrol(person, built.course)
    opening = post_create(actor=author, activity=discussion, body="Off-topic opening")
    post_create(actor=other, activity=discussion, body="A useful answer", parent=opening)
    post_hide(actor=built.trainer, post=opening, reason="Off topic")
    html = (
        signed_in(reader, client)
        .get(f"/en/courses/{built.course.pk}/a/{discussion.pk}/")
        .content.decode()
    )
    assert "A moderator hid this message." in html and "Off-topic opening" not in html
    assert "A useful answer" in html


def test_a_long_discussion_pages_in_a_fixed_number_of_queries(
    client: Client, django_assert_max_num_queries: Any
) -> None:
    from ortaq.discussions.queries import THREADS_PER_PAGE

    built = make_course(kinds=(K.DISCUSSION, K.PAGE))
    discussion = built.first(K.DISCUSSION)
    teacher = make_user()
    enrol(teacher, built.course)
    opened = discussion_open(target=discussion)
    openings = Post.objects.bulk_create(
        Post(discussion=opened, author=teacher, body=f"Thread {n}", created_at=timezone.now())
        for n in range(THREADS_PER_PAGE * 2 + 1)
    )
    Post.objects.bulk_create(
        Post(discussion=opened, author=teacher, parent=o, body="Re", created_at=timezone.now())
        for o in openings
        for _ in range(3)
    )
    url = f"/en/courses/{built.course.pk}/a/{discussion.pk}/"
    signed_in(teacher, client).get(url)  # notes where she is
    # The files of posts cost one query for the openings and one for their replies.
    with django_assert_max_num_queries(17):
        last = client.get(url + "?page=3").content.decode()
    assert f"Thread {THREADS_PER_PAGE * 2}" in last and "Page 3 of 3" in last
    assert "Thread 0<" not in last


def test_a_reflection_with_a_file_and_its_private_link(client: Client) -> None:
    built = make_course(kinds=(K.REFLECTION, K.PAGE))
    teacher = make_user()
    enrol(teacher, built.course)
    reflection = built.first(K.REFLECTION)
    signed_in(teacher, client).post(
        f"/en/courses/{built.course.pk}/a/{reflection.pk}/reflection/",
        {
            "text": "My answer",
            "file": SimpleUploadedFile("a.pdf", b"%PDF-1.4 x", "application/pdf"),
        },
    )
    from ortaq.courses.models import ReflectionSubmission

    submission = ReflectionSubmission.objects.get()
    link = f"/en/courses/{built.course.pk}/reflections/{submission.pk}/file/"
    assert client.get(link).status_code == 200
    assert signed_in(make_user()).get(link).status_code == 404
    assert signed_in(built.trainer).get(link).status_code == 200


def test_a_handout_download_completes_it_and_supports_ranges(client: Client) -> None:
    built = make_course(kinds=(K.FILE, K.PAGE))
    teacher = make_user()
    enrol(teacher, built.course)
    url = f"/en/courses/{built.course.pk}/a/{built.first(K.FILE).pk}/handout/"
    response = signed_in(teacher, client).get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")  # type: ignore[attr-defined]
    ranged = client.get(url, headers={"range": "bytes=0-3"})
    assert ranged.status_code == 206
    assert b"".join(ranged.streaming_content) == b"%PDF"  # type: ignore[attr-defined]
    assert ranged.headers["Content-Range"].startswith("bytes 0-3/")
    assert built.first(K.FILE).completions.count() == 1


def test_authoring_pages_belong_to_trainers(client: Client, people: dict[str, Any]) -> None:
    built = make_course()
    for path in ("edit/", "edit/assessment/", "edit/trainers/", "edit/modules/new/"):
        assert (
            signed_in(built.trainer, client)
            .get(f"/en/courses/{built.course.pk}/{path}")
            .status_code
            == 200
        )
        assert (
            signed_in(people["teacher"]).get(f"/en/courses/{built.course.pk}/{path}").status_code
            == 403
        )


def test_a_trainer_writes_a_course_through_the_pages(client: Client) -> None:
    from ortaq.testing.factories import make_trainer

    trainer = make_trainer()
    signed_in(trainer, client)
    created = client.post(
        "/en/courses/new/", {"title": "Multi-grade classes", "language": "en", "hours": "12"}
    )
    found = re.search(r"/courses/(\d+)/edit/", created.headers["Location"])
    assert found is not None
    course_id = int(found.group(1))
    client.post(f"/en/courses/{course_id}/edit/modules/new/", {"title": "Planning"})
    from ortaq.courses.models import Module

    module = Module.objects.get(course_id=course_id)
    page = client.post(
        f"/en/courses/{course_id}/edit/modules/{module.pk}/activities/new/?kind=page",
        {"title": "Welcome", "required": "on", "body": "Hello"},
    )
    assert page.status_code == 302
    published = client.post(f"/en/courses/{course_id}/edit/publish/", follow=True)
    assert "is published" in published.content.decode()
    wrong = client.post(
        f"/en/courses/{course_id}/edit/modules/{module.pk}/activities/new/?kind=interactive",
        {"title": "Game", "required": "on", "embed_url": "https://games.example.com/1"},
    )
    assert wrong.status_code == 200
    assert "cannot be embedded" in wrong.content.decode()


def test_the_course_page_shows_each_change_at_once(client: Client) -> None:
    """The outline is cached; every kind of change must show on the next visit."""
    from ortaq.courses.services import reflection_review, reflection_submit

    built = make_course(kinds=(K.VIDEO, K.REFLECTION))
    reflection = built.first(K.REFLECTION)
    reflection.review_required = True
    reflection.save()
    teacher = make_user()
    enrol(teacher, built.course)
    url = f"/en/courses/{built.course.pk}/"
    signed_in(teacher, client)
    assert "0 of 2 required activities done" in client.get(url).content.decode()
    activity_complete(actor=teacher, activity=built.first(K.VIDEO))
    assert "1 of 2 required activities done" in client.get(url).content.decode()
    submission = reflection_submit(actor=teacher, activity=reflection, text="Mine")
    assert "waiting for review" in client.get(url).content.decode()
    reflection_review(actor=built.trainer, submission=submission, accept=False, feedback="More")
    assert "returned for changes" in client.get(url).content.decode()
    reflection_review(actor=built.trainer, submission=submission, accept=True, feedback="Good")
    page = client.get(url).content.decode()
    assert "You completed this course" in page


def test_the_enrolment_page_gives_each_field_an_id_of_its_own(
    client: Client, people: dict[str, Any]
) -> None:
    built = make_course()
    client.force_login(people["coordinator"])
    page = client.get(f"/en/courses/{built.course.pk}/enrolment/").content.decode()
    ids = re.findall(r'\bid="([^"]+)"', page)
    assert ids and len(ids) == len(set(ids)), sorted(i for i in ids if ids.count(i) > 1)


def test_the_self_assessment_page_is_only_for_a_course_that_asks_for_one(client: Client) -> None:
    asking = make_course(kinds=(K.PAGE,), self_assessment=True)
    silent = make_course(kinds=(K.PAGE,), self_assessment=False, trainer=asking.trainer)
    teacher = make_user()
    enrol(teacher, asking.course)
    enrol(teacher, silent.course)
    client.force_login(teacher)
    for phase in ("before", "after"):
        url = f"/en/courses/{{}}/self-assessment/{phase}/"
        assert client.get(url.format(asking.course.pk)).status_code == 200
        assert client.get(url.format(silent.course.pk)).status_code == 404
        assert client.post(url.format(silent.course.pk), {}).status_code == 404
    # Someone not enrolled may see the course, not rate herself in it: 403, as in the API.
    client.force_login(make_user())
    assert_refused(
        client.get(f"/en/courses/{asking.course.pk}/self-assessment/before/"), as_="onlooker"
    )


def test_the_cached_course_page_has_a_fresh_working_csrf_token_and_shows_a_new_title() -> None:
    """The page's content is kept in the cache for her enrolment: each answer still carries its
    own CSRF token (which the form accepts), and the trainer's edit shows at once."""
    from ortaq.courses.services import CourseFields, course_update

    built = make_course(kinds=(K.PAGE,))
    teacher = make_user()
    enrol(teacher, built.course)
    client = Client(enforce_csrf_checks=True)
    client.force_login(teacher)
    url = f"/en/courses/{built.course.pk}/"
    pages = [client.get(url).content.decode() for _ in range(2)]
    tokens = [re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', page) for page in pages]
    # The sign-out form and the course's own forms (offline pack, leave), on both answers.
    assert all(len(found) == 3 and len(set(found)) == 1 for found in tokens)
    assert tokens[0][0] != tokens[1][0]
    assert "placeholder" not in pages[1]
    # Kept compressed: a browser that accepts gzip gets the same page, with its own token.
    packed = client.get(url, HTTP_ACCEPT_ENCODING="gzip, deflate, br")
    assert packed["Content-Encoding"] == "gzip" and "Accept-Encoding" in packed["Vary"]
    unpacked = gzip.decompress(packed.content).decode()
    found = re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', unpacked)
    assert len(found) == 3 and found[0] not in (tokens[0][0], tokens[1][0])
    assert re.sub(r'value="[^"]+"', "", unpacked) == re.sub(r'value="[^"]+"', "", pages[1])
    answer = client.post(url + "leave/", {"csrfmiddlewaretoken": tokens[1][0]})
    assert answer.status_code == 302
    assert Enrollment.objects.get(user=teacher).status == EnrollmentStatus.LEFT

    enrol(teacher, built.course)
    assert "Leave this course" in client.get(url).content.decode()
    course = built.course
    course_update(
        actor=built.trainer,
        course=course,
        data=CourseFields(title="A new title", summary=course.summary, hours=course.hours),
    )
    assert "<h1>A new title</h1>" in client.get(url).content.decode()


def test_the_enrolment_and_its_course_read_in_one_statement_are_the_orm_s_rows() -> None:
    """The course page reads both rows with SQL built once from the models' metadata: every
    field comes back as the ORM gives it (dates, JSON, choices), on both databases."""
    from ortaq.courses.models import Course
    from ortaq.courses.queries.outline import course_and_enrollment

    built = make_course(school_kinds=["small_scale"], audience_roles=["teacher"])
    teacher = make_user()
    enrol(teacher, built.course)
    course, enrollment = course_and_enrollment(course_id=built.course.pk, user=teacher)
    assert enrollment is not None and enrollment.course is course
    expected_enrollment = Enrollment.objects.get(user=teacher)
    expected_course = Course.objects.get(pk=built.course.pk)
    for read, expected in ((enrollment, expected_enrollment), (course, expected_course)):
        for field in type(expected)._meta.concrete_fields:
            assert getattr(read, field.attname) == getattr(expected, field.attname), field.name
    assert course.school_kinds == ["small_scale"] and course.audience_roles == ["teacher"]
    # Someone not enrolled gets the course alone.
    other = make_user()
    assert course_and_enrollment(course_id=built.course.pk, user=other) == (expected_course, None)


def test_the_page_kept_whole_still_shows_a_message_and_the_header_the_reader_may_use(
    client: Client,
) -> None:
    """The whole course page is kept in the cache; a message waiting for her is shown on it
    all the same, and the header's links follow her rights as they are now."""
    from ortaq.accounts.services import role_grant
    from ortaq.core.roles import Role

    built = make_course(kinds=(K.PAGE,))
    teacher = make_user()
    enrol(teacher, built.course)
    signed_in(teacher, client)
    url = f"/en/courses/{built.course.pk}/"
    first = client.get(url).content.decode()
    assert "Your progress" in first and ">People<" not in first
    # Enrolling again gives her enrolment back with a message; the enrolment (the page's key)
    # is unchanged, so the page is in the cache, but the message is shown on it, once.
    stamp = Enrollment.objects.get(user=teacher).updated_at
    answer = client.post(url + "enrol/", follow=True)
    assert Enrollment.objects.get(user=teacher).updated_at == stamp
    assert "You are enrolled" in answer.content.decode()
    assert "You are enrolled" not in client.get(url).content.decode()
    role_grant(actor=None, user=teacher, role=Role.COORDINATOR)
    assert ">People<" in client.get(url).content.decode()


def test_teachers_in_the_same_state_share_the_page_s_shell_but_each_sees_her_own_progress() -> None:
    """The page around her progress and outline is drawn once for every teacher of the course
    in the same state; her progress box, outline and CSRF token are hers."""
    built = make_course(kinds=(K.PAGE, K.VIDEO))
    ahead, fresh, done = make_user(), make_user(), make_user()
    for teacher in (ahead, fresh, done):
        enrol(teacher, built.course)
    activity_complete(actor=ahead, activity=built.first(K.PAGE))
    for activity in (built.first(K.PAGE), built.first(K.VIDEO)):
        activity_complete(actor=done, activity=activity)
    url = f"/en/courses/{built.course.pk}/"
    pages = {}
    for name, teacher in (("ahead", ahead), ("fresh", fresh), ("done", done)):
        client = Client()
        client.force_login(teacher)
        pages[name] = client.get(url).content.decode()
    assert "1 of 2 required activities done" in pages["ahead"]
    assert "Continue where I stopped" in pages["ahead"]
    assert "0 of 2 required activities done" in pages["fresh"]
    assert "Begin the course" in pages["fresh"]
    # A completed enrolment's page has no "leave" form; an active one's has.
    assert "You completed this course" in pages["done"] and "Leave this course" not in pages["done"]
    assert "Leave this course" in pages["fresh"]
    assert all("ortaq:" not in page and "placeholder" not in page for page in pages.values())


def test_a_page_drawn_for_one_teacher_serves_every_teacher_with_the_same_progress() -> None:
    """Her first view draws her progress box and outline only when no teacher with the same
    progress has had the page drawn: at a course's start, once for all of them. What the page
    shows of her work (each activity's state, a quiz's best score, the self-assessment, where
    she continues) is hers, never another teacher's."""
    from unittest import mock

    from ortaq.courses.services import quiz_start, quiz_submit, self_assessment_submit
    from ortaq.courses.templatetags.courses import outline_list

    built = make_course(kinds=(K.PAGE, K.VIDEO, K.QUIZ), self_assessment=True)
    items = {item.pk: 2 for item in built.course.assessment_items.all()}
    url = f"/en/courses/{built.course.pk}/"

    def page_of(teacher: Any) -> str:
        client = Client()
        client.force_login(teacher)
        return client.get(url).content.decode()

    teachers = [make_user() for _ in range(6)]
    enrolments = [enrol(teacher, built.course) for teacher in teachers]
    with mock.patch("ortaq.courses.views.learn.outline_list", wraps=outline_list) as drawn:
        fresh = [page_of(teacher) for teacher in teachers[:3]]
        assert drawn.call_count == 1
        assert all("Start: rate yourself first" in page for page in fresh)
        # Two who rated themselves and read the page: drawn once for both.
        for teacher, enrollment in zip(teachers[3:5], enrolments[3:5], strict=True):
            self_assessment_submit(
                actor=teacher, enrollment=enrollment, phase=Phase.BEFORE, levels=items
            )
            activity_complete(actor=teacher, activity=built.first(K.PAGE))
        same = [page_of(teacher) for teacher in teachers[3:5]]
        assert drawn.call_count == 2
        assert all("1 of 3 required activities done" in page for page in same)
        # A third who also rated herself but then opened the quiz: she continues elsewhere.
        sixth, enrollment = teachers[5], enrolments[5]
        self_assessment_submit(actor=sixth, enrollment=enrollment, phase=Phase.BEFORE, levels=items)
        activity_complete(actor=sixth, activity=built.first(K.PAGE))
        activity_open(actor=sixth, activity=built.first(K.QUIZ))
        assert page_of(sixth).count(f"a/{built.first(K.QUIZ).pk}/") >= 2  # the button and link
        assert drawn.call_count == 3
    # A quiz's best score is shown as hers: two teachers who did the same, one with every
    # answer wrong and one with every answer right, each see their own.
    for teacher, answers in ((teachers[3], "wrong"), (teachers[4], "right")):
        attempt = quiz_start(actor=teacher, activity=built.first(K.QUIZ))
        quiz_submit(
            actor=teacher,
            attempt=attempt,
            answers=right_answers(attempt) if answers == "right" else {},
        )
    wrong, right = page_of(teachers[3]), page_of(teachers[4])
    assert "best 0%" in wrong and "1 of 3 required activities done" in wrong
    assert "best 0%" not in right and "2 of 3 required activities done" in right
    # As much done, and the same place to continue, but not the same activity done.
    for teacher, kind in ((make_user(), K.PAGE), (make_user(), K.VIDEO)):
        enrollment = enrol(teacher, built.course)
        self_assessment_submit(
            actor=teacher, enrollment=enrollment, phase=Phase.BEFORE, levels=items
        )
        activity_complete(actor=teacher, activity=built.first(kind))
        activity_open(actor=teacher, activity=built.first(K.QUIZ))
        done = re.findall(
            r'/a/(\d+)/">[^<]*</a> <span class="muted">[^<]*</span> <span class="badge done">',
            page_of(teacher),
        )
        assert done == [str(built.first(kind).pk)]
