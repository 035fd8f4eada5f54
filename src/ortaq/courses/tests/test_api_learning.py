"""Taking a course through the API: the self-assessment, quizzes, reflections and discussions,
with their refusals and repeats, and a whole course from enrolment to a downloaded certificate."""

import uuid
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from ortaq.certificates.models import Certificate
from ortaq.courses.choices import ActivityKind, QuestionKind
from ortaq.courses.models import (
    Activity,
    ActivityCompletion,
    Enrollment,
    Question,
    QuizAnswer,
    QuizAttempt,
    ReflectionSubmission,
    SelfAssessmentAnswer,
)
from ortaq.courses.services import post_hide, reflection_review
from ortaq.discussions.models import Post, PostReport
from ortaq.discussions.services import discussion_open
from ortaq.testing.factories import enrol, make_course, make_user
from ortaq.testing.files import PDF
from ortaq.testing.http import bearer

pytestmark = pytest.mark.django_db
K = ActivityKind


def _right_answers(attempt: dict[str, Any]) -> list[dict[str, Any]]:
    """The right answers to the factory's quiz (2 + 2 = 4; the sky is not green), found by the
    options' texts, since the API never says which option is right."""
    answers = []
    for question in attempt["questions"]:
        if question["kind"] == QuestionKind.TRUE_FALSE:
            answers.append({"question_id": question["id"], "option_ids": [0]})
        else:
            four = next(o["id"] for o in question["options"] if o["text"] == "4")
            answers.append({"question_id": question["id"], "option_ids": [four]})
    return answers


def _wrong_answers(attempt: dict[str, Any]) -> list[dict[str, Any]]:
    answers = []
    for question in attempt["questions"]:
        if question["kind"] == QuestionKind.TRUE_FALSE:
            answers.append({"question_id": question["id"], "option_ids": [1]})
        else:
            five = next(o["id"] for o in question["options"] if o["text"] == "5")
            answers.append({"question_id": question["id"], "option_ids": [five]})
    return answers


# The self-assessment


def test_self_assessment_before_and_after(client: Client) -> None:
    built = make_course(kinds=(K.PAGE,), self_assessment=True)
    teacher = make_user(language="en")
    headers = bearer(teacher, language="en")
    url = f"/api/v1/courses/{built.course.pk}/self-assessment"
    refused = client.get(url, headers=headers)
    assert refused.status_code == 403
    assert refused.json() == {"detail": "You are not enrolled in this course."}
    enrollment = enrol(teacher, built.course)
    shown = client.get(url, headers=headers).json()
    items = [i["id"] for i in shown["items"]]
    assert [i["text"] for i in shown["items"]] == ["I know A", "I can do B"]
    assert [level["value"] for level in shown["levels"]] == [1, 2, 3, 4]
    assert shown["before_due"] and not shown["after_due"] and shown["before"] is None
    # The page is refused until she has rated herself, over the API as on the page.
    page = built.first(K.PAGE)
    completion = f"/api/v1/courses/{built.course.pk}/activities/{page.pk}/completion"
    first = client.post(completion, headers=headers)
    assert first.status_code == 400
    assert first.json()["detail"].startswith("Rate yourself before the first activity")
    # Every statement, once, on the four-point scale; anything else is refused, nothing saved.
    for ratings, status in (
        ([{"item_id": items[0], "level": 3}], 400),
        ([{"item_id": items[0], "level": 5}, {"item_id": items[1], "level": 2}], 422),
        ([{"item_id": items[0], "level": 3}, {"item_id": items[0], "level": 2}], 422),
        ([{"item_id": items[0], "level": 3}, {"item_id": 999_999, "level": 2}], 400),
    ):
        answer = client.post(
            f"{url}/before", {"ratings": ratings}, content_type="application/json", headers=headers
        )
        assert answer.status_code == status and "detail" in answer.json()
    assert not SelfAssessmentAnswer.objects.exists()
    after_too_soon = client.post(
        f"{url}/after",
        {"ratings": [{"item_id": i, "level": 4} for i in items]},
        content_type="application/json",
        headers=headers,
    )
    assert after_too_soon.status_code == 400
    assert after_too_soon.json()["detail"] == (
        "Rate yourself after the course once its activities are done."
    )
    assert client.post(f"{url}/during", {"ratings": []}, content_type="application/json",
                       headers=headers).status_code == 422  # fmt: skip
    before = [{"item_id": items[0], "level": 1}, {"item_id": items[1], "level": 2}]
    saved = client.post(
        f"{url}/before", {"ratings": before}, content_type="application/json", headers=headers
    ).json()
    assert saved["before"]["ratings"] == before and not saved["before_due"]
    # Again, with other ratings: the first ones stay.
    again = client.post(
        f"{url}/before",
        {"ratings": [{"item_id": i, "level": 4} for i in items]},
        content_type="application/json",
        headers=headers,
    ).json()
    assert again["before"]["ratings"] == before
    assert SelfAssessmentAnswer.objects.filter(enrollment=enrollment).count() == 2
    assert client.post(completion, headers=headers).json()["course_completed"] is False
    due = client.get(url, headers=headers).json()
    assert due["after_due"] is True and due["status"] == "active"
    after = [{"item_id": i, "level": 4} for i in items]
    done = client.post(
        f"{url}/after", {"ratings": after}, content_type="application/json", headers=headers
    ).json()
    assert done["after"]["ratings"] == after and done["status"] == "completed"
    assert Certificate.objects.filter(holder=teacher).count() == 1


def test_self_assessment_of_a_course_without_one(client: Client) -> None:
    built = make_course(kinds=(K.PAGE,))
    teacher = make_user(language="en")
    enrol(teacher, built.course)
    answer = client.get(
        f"/api/v1/courses/{built.course.pk}/self-assessment", headers=bearer(teacher, language="en")
    )
    assert answer.status_code == 404
    assert answer.json() == {"detail": "This course has no self-assessment."}


# Quizzes


def test_a_quiz_attempt_from_start_to_result(client: Client) -> None:
    built = make_course(kinds=(K.QUIZ,))
    quiz = built.first(K.QUIZ)
    Question.objects.filter(activity=quiz, kind=QuestionKind.SINGLE).update(
        feedback_correct="Yes, four.", feedback_incorrect="Count again."
    )
    five = quiz.questions.get(kind=QuestionKind.SINGLE).choices.get(text="5")
    five.feedback = "Five is one too many."
    five.save()
    teacher = make_user(language="en")
    headers = bearer(teacher, language="en")
    base = f"/api/v1/courses/{built.course.pk}"
    start_url = f"{base}/activities/{quiz.pk}/attempts"
    assert client.post(start_url, headers=headers).status_code == 403
    enrol(teacher, built.course)
    started = client.post(start_url, headers=headers)
    assert started.status_code == 201
    attempt = started.json()
    assert attempt["number"] == 1 and attempt["submitted_at"] is None
    # The questions and options in the attempt's own order, and nothing that gives away which
    # option is right.
    stored = QuizAttempt.objects.get(pk=attempt["id"])
    assert [q["id"] for q in attempt["questions"]] == stored.question_ids()
    for question in attempt["questions"]:
        if question["kind"] == QuestionKind.SINGLE:
            assert [o["id"] for o in question["options"]] == stored.choice_ids(question["id"])
        else:
            assert [o["id"] for o in question["options"]] == [1, 0]
        assert question["result"] is None
        assert all(o["chosen"] is None and o["feedback"] is None for o in question["options"])
    assert "correct" not in started.content.decode()
    # Starting again resumes the open attempt.
    resumed = client.post(start_url, headers=headers)
    assert resumed.status_code == 200 and resumed.json()["id"] == attempt["id"]
    assert QuizAttempt.objects.count() == 1
    url = f"{base}/attempts/{attempt['id']}"
    assert client.get(url, headers=headers).json() == attempt
    result = client.post(
        f"{url}/submission",
        {"answers": _wrong_answers(attempt)},
        content_type="application/json",
        headers=headers,
    )
    assert result.status_code == 200
    marked = result.json()
    assert marked["score"] == 0 and marked["passed"] is False
    assert marked["course_completed"] is False
    single = next(q for q in marked["questions"] if q["kind"] == QuestionKind.SINGLE)
    assert single["result"] == {"correct": False, "text": None, "feedback": "Count again."}
    chosen = [o for o in single["options"] if o["chosen"]]
    assert [(o["text"], o["feedback"]) for o in chosen] == [("5", "Five is one too many.")]
    assert all(o["feedback"] is None for o in single["options"] if not o["chosen"])
    # The same attempt twice: refused, nothing recorded again.
    twice = client.post(
        f"{url}/submission",
        {"answers": _right_answers(attempt)},
        content_type="application/json",
        headers=headers,
    )
    assert twice.status_code == 400
    assert twice.json() == {"detail": "This attempt has already been submitted."}
    assert QuizAnswer.objects.count() == 2
    assert QuizAttempt.objects.get(pk=attempt["id"]).score == 0
    # A second attempt, passed: the quiz is done.
    second = client.post(start_url, headers=headers).json()
    passed = client.post(
        f"{base}/attempts/{second['id']}/submission",
        {"answers": _right_answers(second)},
        content_type="application/json",
        headers=headers,
    ).json()
    assert passed["score"] == 100 and passed["passed"] is True
    assert passed["course_completed"] is True
    summary = client.get(start_url, headers=headers).json()
    assert summary["passed"] is True and summary["attempts_left"] is None
    assert [a["score"] for a in summary["attempts"]] == [0, 100]


def test_quiz_refusals(client: Client) -> None:
    built = make_course(kinds=(K.QUIZ, K.PAGE))
    quiz, page = built.activities
    Activity.objects.filter(pk=quiz.pk).update(max_attempts=1)
    teacher, other = make_user(language="en"), make_user(language="en")
    headers = bearer(teacher, language="en")
    enrol(teacher, built.course)
    enrol(other, built.course)
    base = f"/api/v1/courses/{built.course.pk}"
    not_a_quiz = client.post(f"{base}/activities/{page.pk}/attempts", headers=headers)
    assert not_a_quiz.status_code == 404
    assert not_a_quiz.json() == {"detail": "This activity is not a quiz."}
    attempt = client.post(f"{base}/activities/{quiz.pk}/attempts", headers=headers).json()
    url = f"{base}/attempts/{attempt['id']}"
    # Someone else's attempt is not there for her.
    assert client.get(url, headers=bearer(other, language="en")).status_code == 404
    submitted_by_other = client.post(
        f"{url}/submission", {"answers": []}, content_type="application/json",
        headers=bearer(other, language="en"),
    )  # fmt: skip
    assert submitted_by_other.status_code == 404
    single = next(q for q in attempt["questions"] if q["kind"] == QuestionKind.SINGLE)
    other_question = Question.objects.create(activity=page, kind=QuestionKind.SHORT, text="?")
    for answers, status, detail in (
        (
            [{"question_id": other_question.pk, "text": "x"}],
            400,
            "An answer is for a question that is not in this attempt.",
        ),
        (
            [{"question_id": single["id"], "option_ids": [999_999]}],
            400,
            "An answer names an option that is not in the question.",
        ),
        (
            [
                {"question_id": single["id"], "option_ids": [single["options"][0]["id"]]},
                {"question_id": single["id"], "option_ids": [single["options"][1]["id"]]},
            ],
            422,
            None,
        ),
        (
            [{"question_id": single["id"], "option_ids": [o["id"] for o in single["options"]]}],
            400,
            "Choose one option only.",
        ),
    ):
        refused = client.post(
            f"{url}/submission", {"answers": answers}, content_type="application/json",
            headers=headers,
        )  # fmt: skip
        assert refused.status_code == status
        if detail is not None:
            assert refused.json() == {"detail": detail}
        else:
            assert refused.json()["detail"][0]["loc"][-1] == "answers"
    assert not QuizAnswer.objects.exists()
    assert QuizAttempt.objects.get(pk=attempt["id"]).submitted_at is None
    client.post(
        f"{url}/submission", {"answers": _wrong_answers(attempt)},
        content_type="application/json", headers=headers,
    )  # fmt: skip
    past_the_limit = client.post(f"{base}/activities/{quiz.pk}/attempts", headers=headers)
    assert past_the_limit.status_code == 400
    assert past_the_limit.json() == {"detail": "You have used all 1 attempts at this quiz."}
    assert QuizAttempt.objects.filter(enrollment__user=teacher).count() == 1
    assert (
        client.get(f"{base}/activities/{quiz.pk}/attempts", headers=headers).json()["attempts_left"]
        == 0
    )


def test_a_short_answer(client: Client) -> None:
    built = make_course(kinds=(K.QUIZ,))
    quiz = built.first(K.QUIZ)
    quiz.questions.all().delete()
    Question.objects.create(
        activity=quiz, kind=QuestionKind.SHORT, text="Capital?", accepted_answers=["Astana"]
    )
    teacher = make_user(language="en")
    headers = bearer(teacher, language="en")
    enrol(teacher, built.course)
    base = f"/api/v1/courses/{built.course.pk}"
    attempt = client.post(f"{base}/activities/{quiz.pk}/attempts", headers=headers).json()
    question = attempt["questions"][0]
    assert question["options"] == []
    marked = client.post(
        f"{base}/attempts/{attempt['id']}/submission",
        {"answers": [{"question_id": question["id"], "text": "  astana "}]},
        content_type="application/json",
        headers=headers,
    ).json()
    assert marked["passed"] is True
    assert marked["questions"][0]["result"]["correct"] is True
    assert marked["questions"][0]["result"]["text"] == "  astana "


# Reflections


def test_a_reflection_with_a_file_and_its_review(client: Client, people: dict[str, Any]) -> None:
    built = make_course(kinds=(K.REFLECTION,))
    reflection = built.first(K.REFLECTION)
    Activity.objects.filter(pk=reflection.pk).update(review_required=True)
    teacher = make_user(language="en")
    headers = bearer(teacher, language="en")
    url = f"/api/v1/courses/{built.course.pk}/activities/{reflection.pk}/reflection"
    assert client.get(url, headers=headers).status_code == 403
    assert client.post(url, {"text": "Mine."}, headers=headers).status_code == 403
    enrollment = enrol(teacher, built.course)
    empty = client.get(url, headers=headers).json()
    assert empty["submission"] is None and empty["review_required"] is True
    assert empty["question"] == "What did you learn?"
    # Checked by content as on the page: a program named .pdf is refused, nothing is kept.
    fake = SimpleUploadedFile("notes.pdf", b"MZ\x90\x00" + b"\x00" * 100, "application/pdf")
    refused = client.post(url, {"text": "Mine.", "file": fake}, headers=headers)
    assert refused.status_code == 400 and "is not a document" in refused.json()["detail"]
    blank = client.post(url, {"text": "  "}, headers=headers)
    assert blank.status_code == 400
    assert blank.json() == {"detail": "Write your answer or attach a file."}
    assert not ReflectionSubmission.objects.exists()
    pdf = SimpleUploadedFile("notes.pdf", PDF, "application/pdf")
    sent = client.post(url, {"text": "I learnt to wait.", "file": pdf}, headers=headers)
    assert sent.status_code == 200
    submission = sent.json()["submission"]
    assert submission["status"] == "submitted" and submission["file_name"] == "notes.pdf"
    assert submission["file_url"].startswith("http")
    assert sent.json()["course_completed"] is False
    assert not ActivityCompletion.objects.filter(enrollment=enrollment).exists()
    file_path = submission["file_url"].split("8000", 1)[-1]
    download = client.get(file_path, headers=headers)
    assert download.status_code == 200 and b"".join(download.streaming_content) == PDF  # type: ignore[attr-defined]
    # Not for another teacher, nor for anyone without a key.
    assert client.get(file_path, headers=bearer(make_user(language="en"))).status_code == 404
    assert client.get(file_path).status_code == 401
    stored = ReflectionSubmission.objects.get()
    reflection_review(
        actor=built.trainer, submission=stored, accept=False, feedback="Say more, please."
    )
    returned = client.get(url, headers=headers).json()["submission"]
    assert returned["status"] == "returned" and returned["feedback"] == "Say more, please."
    again = client.post(url, {"text": "I learnt to wait, and to listen."}, headers=headers)
    assert again.json()["submission"]["status"] == "submitted"
    reflection_review(actor=built.trainer, submission=stored, accept=True, feedback="Thank you.")
    accepted = client.get(url, headers=headers).json()
    assert accepted["submission"]["status"] == "accepted"
    assert accepted["course_completed"] is True
    late = client.post(url, {"text": "Changed."}, headers=headers)
    assert late.status_code == 400
    assert late.json() == {"detail": "Your reflection has been accepted; it can no longer change."}
    assert ReflectionSubmission.objects.get().text == "I learnt to wait, and to listen."


def test_a_reflection_that_takes_text_only(client: Client) -> None:
    built = make_course(kinds=(K.REFLECTION, K.PAGE))
    reflection, page = built.activities
    Activity.objects.filter(pk=reflection.pk).update(allow_file=False)
    teacher = make_user(language="en")
    headers = bearer(teacher, language="en")
    enrol(teacher, built.course)
    base = f"/api/v1/courses/{built.course.pk}/activities"
    pdf = SimpleUploadedFile("notes.pdf", PDF, "application/pdf")
    refused = client.post(
        f"{base}/{reflection.pk}/reflection", {"text": "x", "file": pdf}, headers=headers
    )
    assert refused.status_code == 400
    assert refused.json() == {"detail": "This reflection takes a written answer only."}
    not_one = client.get(f"{base}/{page.pk}/reflection", headers=headers)
    assert not_one.status_code == 404
    assert not_one.json() == {"detail": "This activity is not a reflection."}


# Discussions


def test_discussion_posts_replies_quotes_and_repeats(client: Client) -> None:
    built = make_course(kinds=(K.DISCUSSION,))
    discussion = built.first(K.DISCUSSION)
    teacher, colleague, outsider = (
        make_user(language="en"),
        make_user(language="en"),
        make_user(language="en"),
    )
    enrollment = enrol(teacher, built.course)
    enrol(colleague, built.course)
    headers = bearer(teacher, language="en")
    url = f"/api/v1/courses/{built.course.pk}/activities/{discussion.pk}/posts"
    for who in (outsider,):
        refused = client.get(url, headers=bearer(who, language="en"))
        assert refused.status_code == 403
        assert refused.json() == {"detail": "Enrol in the course to take part in its discussions."}
        written = client.post(url, {"body": "Hi"}, content_type="application/json",
                              headers=bearer(who, language="en"))  # fmt: skip
        assert written.status_code == 403
    assert client.get(url).status_code == 401
    key = str(uuid.uuid4())
    first = client.post(
        url, {"body": "Hello, all.", "client_key": key}, content_type="application/json",
        headers=headers,
    )  # fmt: skip
    assert first.status_code == 201
    assert first.json()["course_completed"] is True and first.json()["mine"] is True
    assert ActivityCompletion.objects.filter(enrollment=enrollment).count() == 1
    # The same key again, even with other words or much later: the same post, not a second one.
    repeat = client.post(
        url, {"body": "Hello, all!", "client_key": key}, content_type="application/json",
        headers=headers,
    )  # fmt: skip
    assert repeat.status_code == 201 and repeat.json()["id"] == first.json()["id"]
    assert Post.objects.count() == 1
    opening = first.json()["id"]
    reply = client.post(
        url,
        {"body": "Welcome.", "parent_id": opening, "quote_id": opening,
         "client_key": str(uuid.uuid4())},
        content_type="application/json",
        headers=bearer(colleague, language="en"),
    ).json()  # fmt: skip
    assert reply["parent_id"] == opening
    assert reply["quote"] == {"id": opening, "author": teacher.get_full_name(),
                              "body": "Hello, all."}  # fmt: skip
    for field, value in (("parent_id", 999_999), ("quote_id", 999_999)):
        unknown = client.post(
            url, {"body": "x", field: value}, content_type="application/json", headers=headers
        )
        assert unknown.status_code == 422
        assert unknown.json()["detail"][0]["loc"] == ["body", field]
    blank = client.post(url, {"body": "  "}, content_type="application/json", headers=headers)
    assert blank.status_code == 400 and blank.json() == {"detail": "Write something first."}
    assert Post.objects.count() == 2
    threads = client.get(url, headers=headers).json()
    assert threads["count"] == 1
    assert [r["body"] for r in threads["items"][0]["replies"]] == ["Welcome."]
    # A hidden post: its text and the reason for its author only.
    post_hide(actor=built.trainer, post=Post.objects.get(pk=reply["id"]), reason="Off topic.")
    for_her = client.get(url, headers=bearer(colleague, language="en")).json()["items"][0][
        "replies"
    ][0]
    assert for_her["hidden"] and for_her["body"] == "Welcome."
    assert for_her["hidden_reason"] == "Off topic."
    assert client.get(url, headers=headers).json()["items"][0]["replies"] == []
    # The course's trainer reads the discussion too.
    assert client.get(url, headers=bearer(built.trainer, language="en")).json()["count"] == 1


def test_reporting_a_post(client: Client) -> None:
    built = make_course(kinds=(K.DISCUSSION, K.PAGE))
    discussion, page = built.activities
    teacher, colleague, outsider = (
        make_user(language="en"),
        make_user(language="en"),
        make_user(language="en"),
    )
    enrol(teacher, built.course)
    enrol(colleague, built.course)
    base = f"/api/v1/courses/{built.course.pk}"
    post = client.post(
        f"{base}/activities/{discussion.pk}/posts", {"body": "Buy my book."},
        content_type="application/json", headers=bearer(teacher, language="en"),
    ).json()  # fmt: skip
    url = f"{base}/posts/{post['id']}/reports"
    assert client.post(url, {"reason": "Advert."}, content_type="application/json",
                       headers=bearer(outsider, language="en")).status_code == 403  # fmt: skip
    blank = client.post(url, {"reason": " "}, content_type="application/json",
                        headers=bearer(colleague, language="en"))  # fmt: skip
    assert blank.status_code == 400
    assert blank.json() == {"detail": "Say what is wrong with the post."}
    for _twice in range(2):
        reported = client.post(url, {"reason": "Advert."}, content_type="application/json",
                               headers=bearer(colleague, language="en"))  # fmt: skip
        assert reported.status_code == 201 and reported.json() == {"reported": True}
    assert PostReport.objects.count() == 1
    elsewhere = client.post(
        f"/api/v1/courses/{make_course(kinds=(K.PAGE,)).course.pk}/posts/{post['id']}/reports",
        {"reason": "Advert."}, content_type="application/json",
        headers=bearer(colleague, language="en"),
    )  # fmt: skip
    assert elsewhere.status_code == 404
    not_a_discussion = client.get(
        f"{base}/activities/{page.pk}/posts", headers=bearer(teacher, language="en")
    )
    assert not_a_discussion.status_code == 404
    assert not_a_discussion.json() == {"detail": "This activity has no discussion."}


# A whole course


def test_a_teacher_takes_a_whole_course_through_the_api(
    client: Client, django_capture_on_commit_callbacks: Any
) -> None:
    """Enrol, rate herself, pass a quiz, hand in a reflection, write in the discussion, rate
    herself after: completed, with a certificate whose PDF she downloads and anyone verifies."""
    built = make_course(
        kinds=(K.QUIZ, K.REFLECTION, K.DISCUSSION), self_assessment=True, language="en"
    )
    quiz, reflection, discussion = built.activities
    teacher = make_user(language="en")
    headers = bearer(teacher, language="en")
    base = f"/api/v1/courses/{built.course.pk}"
    json: dict[str, Any] = {"content_type": "application/json", "headers": headers}
    assert client.get("/api/v1/courses?language=en").json()["items"][0]["id"] == built.course.pk
    assert client.post(f"{base}/enrollment", headers=headers).json()["status"] == "active"
    sa = client.get(f"{base}/self-assessment", headers=headers).json()
    items = [i["id"] for i in sa["items"]]
    client.post(
        f"{base}/self-assessment/before",
        {"ratings": [{"item_id": i, "level": 2} for i in items]}, **json,
    )  # fmt: skip
    attempt = client.post(f"{base}/activities/{quiz.pk}/attempts", headers=headers).json()
    result = client.post(
        f"{base}/attempts/{attempt['id']}/submission",
        {"answers": _right_answers(attempt)}, **json,
    ).json()  # fmt: skip
    assert result["passed"] is True
    handed_in = client.post(
        f"{base}/activities/{reflection.pk}/reflection",
        {"text": "I will plan in pairs."},
        headers=headers,
    ).json()
    assert handed_in["submission"]["status"] == "accepted"
    client.post(
        f"{base}/activities/{discussion.pk}/posts",
        {"body": "We tried it on Monday.", "client_key": str(uuid.uuid4())}, **json,
    )  # fmt: skip
    outline = client.get(base, headers=headers).json()
    assert outline["required_done"] == outline["required_total"] == 3
    assert outline["status"] == "active" and outline["certificate_code"] is None
    assert client.get(f"{base}/self-assessment", headers=headers).json()["after_due"] is True
    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(
            f"{base}/self-assessment/after",
            {"ratings": [{"item_id": i, "level": 4} for i in items]}, **json,
        ).json()  # fmt: skip
    assert done["status"] == "completed"
    outline = client.get(base, headers=headers).json()
    assert outline["percent"] == 100 and outline["completed_at"]
    mine = client.get("/api/v1/certificates", headers=headers).json()["items"]
    assert len(mine) == 1 and mine[0]["code"] == outline["certificate_code"]
    certificate = mine[0]
    assert certificate["hours"] == 24 and certificate["valid"] is True
    assert certificate["verify_url"] == f"http://127.0.0.1:8000/verify/{certificate['code']}"
    assert certificate["pdf_url"].endswith(f"/api/v1/certificates/{certificate['code']}/pdf")
    pdf = client.get(certificate["pdf_url"].removeprefix("http://127.0.0.1:8000"), headers=headers)
    assert pdf.status_code == 200 and b"".join(pdf.streaming_content).startswith(b"%PDF")  # type: ignore[attr-defined]
    verify_page = client.get(certificate["verify_url"].removeprefix("http://127.0.0.1:8000"),
                             follow=True)  # fmt: skip
    assert verify_page.status_code == 200 and built.course.title in verify_page.content.decode()
    public = client.get(f"/api/v1/certificates/verify/{certificate['code']}").json()
    assert public["valid"] is True and public["pdf_url"] is None
    assert Enrollment.objects.get(user=teacher).status == "completed"
    assert Certificate.objects.filter(holder=teacher).count() == 1


def test_the_posts_list_costs_the_same_whatever_the_size(client: Client) -> None:
    built = make_course(kinds=(K.DISCUSSION,))
    discussion = built.first(K.DISCUSSION)
    teacher = make_user(language="en")
    enrol(teacher, built.course)
    headers = bearer(teacher, language="en")
    url = f"/api/v1/courses/{built.course.pk}/activities/{discussion.pk}/posts"

    def write(threads: int) -> None:
        for number in range(threads):
            author = make_user()
            opening = Post.objects.create(
                discussion=discussion_open(target=discussion), author=author,
                body=f"Thread {number}", created_at=timezone.now(),
            )  # fmt: skip
            Post.objects.create(
                discussion=opening.discussion, author=teacher, parent=opening, quote=opening,
                body="Reply", created_at=timezone.now(),
            )  # fmt: skip

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url, headers=headers).status_code == 200
        return len(captured.captured_queries)

    write(2)
    queries()  # the first call notes when her token was last used
    small = queries()
    write(10)
    assert queries() == small
    assert client.get(url, headers=headers).json()["count"] == 12
