from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import translation

from ortaq.core.errors import DomainError, NotAllowed
from ortaq.core.roles import Role, Scope
from ortaq.courses.choices import ActivityKind, CourseStatus, QuestionKind
from ortaq.courses.models import Course, QuizAttempt
from ortaq.courses.services import (
    ActivityFields,
    CourseFields,
    QuestionFields,
    activity_delete,
    activity_move,
    activity_open,
    activity_save,
    course_archive,
    course_create,
    course_publish,
    course_update,
    module_save,
    question_save,
    quiz_start,
    quiz_submit,
)
from ortaq.testing.factories import activity_fields, enrol, make_course, make_trainer, make_user

pytestmark = pytest.mark.django_db
K = ActivityKind


def test_the_author_of_a_course_becomes_its_trainer() -> None:
    built = make_course(publish=False)
    grants = built.trainer.role_grants()
    assert (Role.TRAINER, Scope.of_object("courses.course", built.course.pk)) in grants
    with pytest.raises(NotAllowed):
        course_create(actor=make_user(), language="kk", data=CourseFields("T", "", 1))


def test_translations_share_a_group_one_per_language() -> None:
    built = make_course()
    russian = course_create(
        actor=built.trainer, language="ru", translation_of=built.course,
        data=CourseFields("Инклюзивное образование", "", 24),
    )  # fmt: skip
    assert russian.group_id == built.course.group_id
    with pytest.raises(DomainError):
        course_create(
            actor=built.trainer, language="ru", translation_of=built.course,
            data=CourseFields("Again", "", 24),
        )  # fmt: skip
    with pytest.raises(NotAllowed):
        course_create(
            actor=make_trainer(), language="en", translation_of=built.course,
            data=CourseFields("Not mine", "", 24),
        )  # fmt: skip


def test_publishing_lists_every_problem_first() -> None:
    trainer = make_trainer()
    course = course_create(
        actor=trainer, language="kk", data=CourseFields("T", "", 4, self_assessment=True)
    )
    module = module_save(actor=trainer, course=course, title="M")
    activity_save(actor=trainer, module=module, data=activity_fields(K.QUIZ, "Quiz"))
    with translation.override("en"), pytest.raises(DomainError) as caught:
        course_publish(actor=trainer, course=course)
    assert "no questions" in caught.value.message
    assert "self-assessment" in caught.value.message
    assert course.status == CourseStatus.DRAFT


@pytest.mark.parametrize(
    ("data", "problem"),
    [
        (QuestionFields(kind=QuestionKind.SINGLE, text="Q"), "one-answer"),
        (QuestionFields(kind=QuestionKind.TRUE_FALSE, text="Q"), "true or false"),
        (QuestionFields(kind=QuestionKind.SHORT, text="Q"), "accepted answer"),
    ],
)
def test_an_incomplete_question_is_refused(data: QuestionFields, problem: str) -> None:
    built = make_course(kinds=(K.QUIZ,), publish=False)
    with translation.override("en"), pytest.raises(DomainError) as caught:
        question_save(actor=built.trainer, activity=built.first(K.QUIZ), data=data)
    assert problem in caught.value.message


def test_an_embed_from_a_host_off_the_allowlist_is_refused() -> None:
    built = make_course(kinds=(K.PAGE,), publish=False)
    module = built.course.modules.get()
    for url in ("https://evil.example.com/game", "http://learningapps.org/x"):
        with pytest.raises(DomainError):
            activity_save(
                actor=built.trainer,
                module=module,
                data=ActivityFields(kind=K.INTERACTIVE, title="X", embed_url=url),
            )
    saved = activity_save(
        actor=built.trainer,
        module=module,
        data=ActivityFields(
            kind=K.INTERACTIVE, title="H5P", embed_url="https://school.h5p.com/c/1"
        ),
    )
    assert saved.embed_url.startswith("https://school.h5p.com")


@pytest.mark.parametrize(
    ("field", "upload"),
    [
        ("video_file", SimpleUploadedFile("v.mp4", b"not a video at all", "video/mp4")),
        ("captions", SimpleUploadedFile("c.vtt", b"1\n00:00 --> 00:01\nno header", "text/vtt")),
        ("poster", SimpleUploadedFile("p.png", b"%PDF-1.4 pretending", "image/png")),
    ],
)
def test_uploads_are_checked_by_content(field: str, upload: Any) -> None:
    built = make_course(kinds=(K.PAGE,), publish=False)
    data = ActivityFields(
        kind=K.VIDEO, title="V", video_url="https://v.example.kz/a.mp4", uploads={field: upload}
    )
    with translation.override("en"), pytest.raises(DomainError) as caught:
        activity_save(actor=built.trainer, module=built.course.modules.get(), data=data)
    assert caught.value.code == "wrong_type"
    assert "is not" in caught.value.message


def test_a_video_needs_a_file_or_a_link() -> None:
    built = make_course(kinds=(K.PAGE,), publish=False)
    with pytest.raises(DomainError):
        activity_save(
            actor=built.trainer,
            module=built.course.modules.get(),
            data=ActivityFields(kind=K.VIDEO, title="V"),
        )


def test_reordering_and_deleting_activities() -> None:
    built = make_course(kinds=(K.PAGE, K.VIDEO, K.QUIZ))
    page, video, quiz = built.activities
    version = built.course.content_version
    activity_move(actor=built.trainer, activity=quiz, offset=-1)
    order = list(built.course.modules.get().activities.values_list("pk", flat=True))
    assert order == [page.pk, quiz.pk, video.pk]
    built.course.refresh_from_db()
    assert built.course.content_version > version
    teacher = make_user()
    enrol(teacher, built.course)
    activity_open(actor=teacher, activity=page)
    with pytest.raises(DomainError):
        activity_delete(actor=built.trainer, activity=page)
    activity_delete(actor=built.trainer, activity=video)
    with pytest.raises(NotAllowed):
        activity_delete(actor=make_trainer(), activity=quiz)


def test_archiving_closes_the_course_to_new_teachers() -> None:
    from ortaq.courses.services import enrollment_create

    built = make_course()
    course_archive(actor=built.trainer, course=built.course)
    with pytest.raises(NotAllowed):
        enrollment_create(actor=make_user(), course=built.course)


def test_an_edit_from_a_stale_copy_keeps_the_publication() -> None:
    built = make_course(kinds=(K.PAGE,), publish=False)
    stale = Course.objects.get(pk=built.course.pk)
    course_publish(actor=built.trainer, course=built.course)
    course_update(actor=built.trainer, course=stale, data=CourseFields("New title", "", 8))
    stale.refresh_from_db()
    assert (stale.title, stale.status) == ("New title", CourseStatus.PUBLISHED)


def test_changing_a_question_restarts_the_attempts_left_open() -> None:
    built = make_course(kinds=(K.QUIZ,))
    teacher = make_user()
    enrol(teacher, built.course)
    quiz = built.first(K.QUIZ)
    open_attempt = quiz_start(actor=teacher, activity=quiz)
    question = quiz.questions.first()
    assert question is not None
    question_save(
        actor=built.trainer, activity=quiz, question=question,
        data=QuestionFields(kind=QuestionKind.TRUE_FALSE, text="Q", true_false_answer=True),
    )  # fmt: skip
    assert not QuizAttempt.objects.filter(pk=open_attempt.pk).exists()
    fresh = quiz_start(actor=teacher, activity=quiz)
    answers: dict[int, list[int] | str] = {qid: [1] for qid in fresh.question_ids()}
    # "True" is right for the changed question and wrong for "The sky is green".
    assert quiz_submit(actor=teacher, attempt=fresh, answers=answers).score == 50


@pytest.mark.parametrize("value", ["abc", "²", "-1"])
def test_a_crafted_translation_of_is_not_found_not_a_server_error(value: str) -> None:
    client = Client()
    client.force_login(make_course().trainer)
    assert client.get(f"/en/courses/new/?translation_of={value}").status_code == 404
