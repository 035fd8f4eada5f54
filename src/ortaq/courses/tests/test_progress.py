from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from ortaq.accounts.models import User
from ortaq.certificates.models import Certificate
from ortaq.core.errors import DomainError, NotAllowed
from ortaq.courses.choices import ActivityKind, EnrollmentStatus, Phase, ReflectionStatus
from ortaq.courses.models import ActivityCompletion, Enrollment, QuizAttempt
from ortaq.courses.services import (
    activity_complete,
    activity_open,
    enrollment_create,
    enrollment_leave,
    quiz_start,
    quiz_submit,
    reflection_review,
    reflection_submit,
    self_assessment_submit,
)
from ortaq.courses.services.authoring import CourseFields, course_update
from ortaq.testing.factories import Built, enrol, make_course, make_user, right_answers
from ortaq.testing.files import PDF

pytestmark = pytest.mark.django_db
K = ActivityKind


def finish_quiz(user, quiz) -> QuizAttempt:
    attempt = quiz_start(actor=user, activity=quiz)
    return quiz_submit(actor=user, attempt=attempt, answers=right_answers(attempt))


def test_enrolment_is_once_and_only_in_an_open_course() -> None:
    built = make_course()
    teacher = make_user()
    first = enrol(teacher, built.course)
    assert enrol(teacher, built.course).pk == first.pk
    enrollment_leave(actor=teacher, enrollment=first)
    again = enrol(teacher, built.course)
    assert (again.pk, again.status) == (first.pk, EnrollmentStatus.ACTIVE)
    closed = make_course(trainer=built.trainer, closes_on=timezone.localdate() - timedelta(days=1))
    with pytest.raises(DomainError):
        enrollment_create(actor=make_user(), course=closed.course)
    draft = make_course(trainer=built.trainer, publish=False)
    with pytest.raises(NotAllowed):
        enrollment_create(actor=make_user(), course=draft.course)


def test_completing_every_required_activity_completes_the_course_once(
    django_capture_on_commit_callbacks,
) -> None:
    built = make_course()
    teacher = make_user()
    enrol(teacher, built.course)
    activity_open(actor=teacher, activity=built.first(K.PAGE))  # reading a page completes it
    assert activity_complete(actor=teacher, activity=built.first(K.VIDEO)) is False
    with django_capture_on_commit_callbacks(execute=True):
        attempt = finish_quiz(teacher, built.first(K.QUIZ))
    assert (attempt.score, attempt.passed) == (100, True)
    enrollment = Enrollment.objects.get(user=teacher)
    assert enrollment.status == EnrollmentStatus.COMPLETED
    certificate = Certificate.objects.get(holder=teacher)
    assert str(certificate.pdf.name).endswith(".pdf")
    assert certificate.hours == 24 and certificate.title == built.course.title
    # Doing it all again changes nothing.
    activity_complete(actor=teacher, activity=built.first(K.VIDEO))
    assert ActivityCompletion.objects.filter(enrollment=enrollment).count() == 3
    assert Certificate.objects.count() == 1


def test_optional_activities_do_not_hold_completion_back() -> None:
    built = make_course(kinds=(K.PAGE, K.INTERACTIVE))
    interactive = built.first(K.INTERACTIVE)
    interactive.required = False
    interactive.save()
    teacher = make_user()
    enrol(teacher, built.course)
    activity_open(actor=teacher, activity=built.first(K.PAGE))
    assert Enrollment.objects.get(user=teacher).status == EnrollmentStatus.COMPLETED


def test_a_teacher_not_enrolled_cannot_complete_anything() -> None:
    built = make_course()
    with pytest.raises(NotAllowed):
        activity_complete(actor=make_user(), activity=built.first(K.VIDEO))
    with pytest.raises(NotAllowed):
        quiz_start(actor=make_user(), activity=built.first(K.QUIZ))


def test_quizzes_and_reflections_are_not_marked_done_by_hand() -> None:
    built = make_course(kinds=(K.QUIZ, K.REFLECTION))
    teacher = make_user()
    enrol(teacher, built.course)
    for kind in (K.QUIZ, K.REFLECTION):
        with pytest.raises(DomainError):
            activity_complete(actor=teacher, activity=built.first(kind))


def test_a_quiz_is_graded_on_the_server_with_attempt_limits() -> None:
    built = make_course(kinds=(K.QUIZ,))
    quiz = built.first(K.QUIZ)
    quiz.max_attempts = 2
    quiz.pass_mark = 100
    quiz.save()
    teacher = make_user()
    enrol(teacher, built.course)
    attempt = quiz_start(actor=teacher, activity=quiz)
    assert quiz_start(actor=teacher, activity=quiz).pk == attempt.pk  # the open one comes back
    kinds = dict(quiz.questions.values_list("kind", "pk"))
    single, true_false = kinds["single"], kinds["true_false"]
    wrong = quiz.questions.get(pk=single).choices.get(correct=False).pk
    graded = quiz_submit(actor=teacher, attempt=attempt, answers={single: [wrong], true_false: [0]})
    assert (graded.score, graded.passed) == (50, False)
    with pytest.raises(DomainError) as again:
        quiz_submit(actor=teacher, attempt=attempt, answers={})
    assert again.value.code == "already_submitted"
    assert graded.answers.count() == 2
    second = quiz_start(actor=teacher, activity=quiz)
    quiz_submit(actor=teacher, attempt=second, answers={})  # unanswered counts as wrong
    with pytest.raises(DomainError) as limit:
        quiz_start(actor=teacher, activity=quiz)
    assert limit.value.code == "no_attempts_left"
    assert not ActivityCompletion.objects.exists()


def test_answers_outside_the_attempt_are_refused_and_nothing_is_recorded() -> None:
    built = make_course(kinds=(K.QUIZ,))
    other = make_course(kinds=(K.QUIZ,), trainer=built.trainer)
    teacher = make_user()
    enrol(teacher, built.course)
    attempt = quiz_start(actor=teacher, activity=built.first(K.QUIZ))
    foreign_question = other.first(K.QUIZ).questions.first()
    assert foreign_question is not None
    with pytest.raises(DomainError):
        quiz_submit(actor=teacher, attempt=attempt, answers={foreign_question.pk: [1]})
    single = next(q for q in attempt.question_ids() if attempt.choice_ids(q))
    foreign_choice = foreign_question.choices.first()
    assert foreign_choice is not None
    with pytest.raises(DomainError):
        quiz_submit(actor=teacher, attempt=attempt, answers={single: [foreign_choice.pk]})
    attempt.refresh_from_db()
    assert attempt.submitted_at is None and not attempt.answers.exists()
    with pytest.raises(NotAllowed):
        quiz_submit(actor=make_user(), attempt=attempt, answers={})


def test_a_reflection_without_review_completes_when_sent() -> None:
    built = make_course(kinds=(K.REFLECTION,))
    teacher = make_user()
    enrol(teacher, built.course)
    with pytest.raises(DomainError):
        reflection_submit(actor=teacher, activity=built.first(K.REFLECTION), text="   ")
    submission = reflection_submit(
        actor=teacher,
        activity=built.first(K.REFLECTION),
        text="",
        file=SimpleUploadedFile("r.pdf", PDF, "application/pdf"),
    )
    assert submission.status == ReflectionStatus.ACCEPTED
    assert Enrollment.objects.get(user=teacher).status == EnrollmentStatus.COMPLETED


def test_a_reviewed_reflection_completes_when_accepted(people: dict) -> None:
    built = make_course(kinds=(K.REFLECTION,))
    reflection = built.first(K.REFLECTION)
    reflection.review_required = True
    reflection.save()
    teacher = people["teacher"]
    enrol(teacher, built.course)
    submission = reflection_submit(actor=teacher, activity=reflection, text="First try")
    assert submission.status == ReflectionStatus.SUBMITTED
    assert not ActivityCompletion.objects.exists()
    with pytest.raises(NotAllowed):
        reflection_review(
            actor=people["facilitator"], submission=submission, accept=True, feedback=""
        )
    with pytest.raises(DomainError):
        reflection_review(actor=built.trainer, submission=submission, accept=False, feedback=" ")
    reflection_review(
        actor=built.trainer, submission=submission, accept=False, feedback="More detail"
    )
    again = reflection_submit(actor=teacher, activity=reflection, text="Second try")
    assert (again.pk, again.status) == (submission.pk, ReflectionStatus.SUBMITTED)
    reflection_review(actor=built.trainer, submission=again, accept=True, feedback="Good")
    assert Enrollment.objects.get(user=teacher).status == EnrollmentStatus.COMPLETED
    with pytest.raises(DomainError):
        reflection_submit(actor=teacher, activity=reflection, text="Third")
    with pytest.raises(DomainError) as caught:
        reflection_review(actor=built.trainer, submission=again, accept=False, feedback="No")
    assert caught.value.code == "accepted"


def test_a_reflection_file_is_checked_by_content() -> None:
    built = make_course(kinds=(K.REFLECTION,))
    teacher = make_user()
    enrol(teacher, built.course)
    fake = SimpleUploadedFile("photo.jpg", b"MZ\x90\x00 this is an executable", "image/jpeg")
    with pytest.raises(DomainError) as caught:
        reflection_submit(actor=teacher, activity=built.first(K.REFLECTION), text="", file=fake)
    assert caught.value.code == "wrong_type"


def self_assessed(built: Built) -> tuple[User, Enrollment]:
    teacher = make_user()
    return teacher, enrol(teacher, built.course)


def test_the_self_assessment_comes_first_and_last() -> None:
    built = make_course(kinds=(K.PAGE,), self_assessment=True)
    teacher, enrollment = self_assessed(built)
    page = built.first(K.PAGE)
    with pytest.raises(DomainError) as first:
        activity_open(actor=teacher, activity=page)
    assert first.value.code == "self_assessment_first"
    items = {item.pk: 2 for item in built.course.assessment_items.all()}
    with pytest.raises(DomainError):
        self_assessment_submit(
            actor=teacher, enrollment=enrollment, phase=Phase.AFTER, levels=items
        )
    with pytest.raises(DomainError):
        self_assessment_submit(
            actor=teacher, enrollment=enrollment, phase=Phase.BEFORE,
            levels=dict(list(items.items())[:1]),
        )  # fmt: skip
    self_assessment_submit(actor=teacher, enrollment=enrollment, phase=Phase.BEFORE, levels=items)
    activity_open(actor=teacher, activity=page)
    enrollment.refresh_from_db()
    assert enrollment.status == EnrollmentStatus.ACTIVE  # still owes the rating after
    excellent = dict.fromkeys(items, 4)
    self_assessment_submit(
        actor=teacher, enrollment=enrollment, phase=Phase.AFTER, levels=excellent
    )
    enrollment.refresh_from_db()
    assert enrollment.status == EnrollmentStatus.COMPLETED
    # Answering a phase again changes nothing.
    self_assessment_submit(actor=teacher, enrollment=enrollment, phase=Phase.AFTER, levels=items)
    assert enrollment.assessment_answers.filter(phase=Phase.AFTER, level=4).count() == 2


def test_a_teacher_who_left_makes_no_progress() -> None:
    built = make_course()
    teacher = make_user()
    enrollment = enrol(teacher, built.course)
    enrollment_leave(actor=teacher, enrollment=enrollment)
    with pytest.raises(DomainError):
        activity_complete(actor=teacher, activity=built.first(K.VIDEO))


def test_continue_where_i_stopped_and_progress() -> None:
    from ortaq.courses.queries import outline_for

    built = make_course(modules=2)
    teacher = make_user()
    enrol(teacher, built.course)
    activity_open(actor=teacher, activity=built.activities[0])
    activity_complete(actor=teacher, activity=built.activities[1])
    outline = outline_for(course=built.course, user=teacher)
    assert (outline.required_done, outline.required_total, outline.percent) == (2, 6, 33)
    assert outline.next_activity == built.activities[2]


def test_reading_again_the_page_she_is_on_writes_nothing() -> None:
    built = make_course(kinds=(K.PAGE, K.PAGE))
    teacher = make_user()
    enrollment = enrol(teacher, built.course)
    activity_open(actor=teacher, activity=built.activities[0])
    enrollment.refresh_from_db()
    stamp = enrollment.updated_at
    activity_open(actor=teacher, activity=built.activities[0])
    enrollment.refresh_from_db()
    assert enrollment.updated_at == stamp
    activity_open(actor=teacher, activity=built.activities[1])
    enrollment.refresh_from_db()
    assert enrollment.updated_at > stamp
    assert enrollment.status == EnrollmentStatus.COMPLETED


def test_a_trainer_edits_a_published_course() -> None:
    built = make_course(kinds=(K.PAGE,))
    course_update(
        actor=built.trainer,
        course=built.course,
        data=CourseFields(title="New title", summary="", hours=30),
    )
    built.course.refresh_from_db()
    assert (built.course.title, built.course.hours) == ("New title", 30)


def test_the_completion_and_returned_reflection_e_mails_go_once_per_event() -> None:
    """A task run again (a retry, or queued twice) does not send its e-mail twice; a reflection
    returned again after another try is told again."""
    from django.core import mail

    from ortaq.courses.choices import ActivityKind
    from ortaq.courses.services import activity_open, reflection_review, reflection_submit
    from ortaq.courses.tasks import tell_completed, tell_returned
    from ortaq.testing.factories import enrol, make_course, make_user

    built = make_course(kinds=(ActivityKind.PAGE, ActivityKind.REFLECTION))
    reflection = built.first(ActivityKind.REFLECTION)
    reflection.review_required = True
    reflection.save()
    teacher = make_user()
    enrollment = enrol(teacher, built.course)
    mail.outbox.clear()
    submission = reflection_submit(actor=teacher, activity=reflection, text="Менің ойым")
    reflection_review(
        actor=built.trainer, submission=submission, accept=False, feedback="Толығырақ"
    )
    assert [tell_returned.call(submission.pk) for _ in range(2)] == [True, False]
    submission = reflection_submit(actor=teacher, activity=reflection, text="Толығырақ ойым")
    reflection_review(actor=built.trainer, submission=submission, accept=False, feedback="Тағы")
    assert tell_returned.call(submission.pk) is True
    assert len(mail.outbox) == 2
    reflection_review(actor=built.trainer, submission=submission, accept=True, feedback="Жақсы")
    activity_open(actor=teacher, activity=built.first(ActivityKind.PAGE))
    enrollment.refresh_from_db()
    assert enrollment.completed_at is not None
    assert [tell_completed.call(enrollment.pk) for _ in range(2)] == [True, False]
    assert len(mail.outbox) == 3
