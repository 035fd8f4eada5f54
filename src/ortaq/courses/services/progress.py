"""What teachers do in a course: open and complete activities, take quizzes, write reflections,
rate themselves; and what completes the course and issues its certificate.

Every change to an enrolment's progress first locks the enrolment's row, so that two requests
at once (a double click, two tabs) are applied one after the other: an activity is completed
once, the course is completed once, and one certificate is issued.
"""

import random
from collections.abc import Mapping, Sequence
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from ortaq.accounts.models import User
from ortaq.certificates.services import certificate_issue
from ortaq.core.background import enqueue_on_commit
from ortaq.core.errors import DomainError, NotAllowed
from ortaq.core.uploads import SUBMISSION, check_upload
from ortaq.courses.choices import (
    ActivityKind,
    EnrollmentStatus,
    Phase,
    QuestionKind,
    ReflectionStatus,
)
from ortaq.courses.models import (
    Activity,
    ActivityCompletion,
    Enrollment,
    QuizAnswer,
    QuizAttempt,
    ReflectionSubmission,
    SelfAssessmentAnswer,
)

# Kinds a teacher completes by opening them or by saying she has done them.
SELF_COMPLETED = frozenset(
    {ActivityKind.PAGE, ActivityKind.VIDEO, ActivityKind.INTERACTIVE, ActivityKind.FILE}
)


def locked_enrollment(*, actor: User, activity: Activity) -> Enrollment:
    """Her active enrolment in the activity's course, locked for this transaction."""
    enrollment = (
        Enrollment.objects.select_for_update(of=("self",))
        .select_related("course", "user__profile")
        .filter(user_id=actor.pk, course_id=activity.module.course_id)
        .first()
    )
    if enrollment is None:
        raise NotAllowed(_("You are not enrolled in this course."), code="not_enrolled")
    if enrollment.status == EnrollmentStatus.LEFT:
        raise DomainError(_("You have left this course. Enrol again to continue."))
    return enrollment


def needs_self_assessment(enrollment: Enrollment, phase: str) -> bool:
    if not enrollment.course.self_assessment:
        return False
    return not enrollment.assessment_answers.filter(phase=phase).exists()


def _check_may_progress(enrollment: Enrollment) -> None:
    if enrollment.status == EnrollmentStatus.ACTIVE and needs_self_assessment(
        enrollment, Phase.BEFORE
    ):
        raise DomainError(
            _("Rate yourself before the first activity: the course asks for it."),
            code="self_assessment_first",
        )


def _touch(enrollment: Enrollment) -> None:
    """Mark the enrolment as changed: the course page's cached outline keys on this moment
    (and the course's running totals recount her school: see ``courses.signals``)."""
    enrollment.save(update_fields=["updated_at"])


def _note_progress(enrollment: Enrollment, activity: Activity) -> None:
    now = timezone.now()
    enrollment.last_activity = activity
    enrollment.last_progress_at = now
    enrollment.reminded_at = None
    enrollment.started_at = enrollment.started_at or now
    enrollment.save(
        update_fields=[
            "last_activity",
            "last_progress_at",
            "reminded_at",
            "started_at",
            "updated_at",
        ]
    )


def _complete(enrollment: Enrollment, activity: Activity) -> bool:
    """Record the activity as done (once) and complete the course if that was the last step.

    Returns whether the course was completed just now. Doing again the activity she is on
    changes nothing, and writes nothing: re-reading a page keeps the course page's cache.
    """
    _completion, created = ActivityCompletion.objects.get_or_create(
        enrollment=enrollment, activity=activity, defaults={"completed_at": timezone.now()}
    )
    if not created and enrollment.last_activity_id == activity.pk:
        return False
    _note_progress(enrollment, activity)
    return evaluate_completion(enrollment)


def progress_record(enrollment: Enrollment, activity: Activity, *, done: bool) -> bool:
    """Record that she worked on the activity: done, it is completed (while she is learning);
    otherwise it is where she continues. Returns whether the course was completed just now."""
    if done and enrollment.status == EnrollmentStatus.ACTIVE:
        return _complete(enrollment, activity)
    _note_progress(enrollment, activity)
    return False


def completion_state(enrollment: Enrollment) -> tuple[int, int, bool]:
    """Required activities done, required activities in all, and whether the after-course
    self-assessment is still owed."""
    required = Activity.objects.filter(module__course_id=enrollment.course_id, required=True)
    total = required.count()
    done = ActivityCompletion.objects.filter(enrollment=enrollment, activity__in=required).count()
    return done, total, needs_self_assessment(enrollment, Phase.AFTER)


def evaluate_completion(enrollment: Enrollment) -> bool:
    """Complete the course the moment its rule is met, and issue the certificate, exactly once.

    The rule: every required activity done (a quiz counts once passed, a reviewed reflection once
    accepted) and, when the course has a self-assessment, the ratings after the course given.
    The caller holds the enrolment's lock.
    """
    if enrollment.status != EnrollmentStatus.ACTIVE:
        return False
    done, total, owes_assessment = completion_state(enrollment)
    if done < total or owes_assessment:
        return False
    enrollment.status = EnrollmentStatus.COMPLETED
    enrollment.completed_at = timezone.now()
    enrollment.save(update_fields=["status", "completed_at", "updated_at"])
    # Told at once, in every path that completes a course (a page read, a post written, a
    # reflection accepted by her facilitator…), not only once the certificate's PDF is drawn.
    enqueue_on_commit("ortaq.courses.tasks.tell_completed", enrollment.pk)
    course = enrollment.course
    # The certificate speaks the teacher's language, whatever the language of the page.
    language = enrollment.user.language
    with translation.override(language):
        description = _("has completed the course")
    certificate_issue(
        holder=enrollment.user,
        achievement=enrollment,
        title=course.title,
        description=description,
        hours=course.hours,
        language=language,
    )
    return True


@transaction.atomic
def activity_open(*, actor: User, activity: Activity) -> Enrollment:
    """Note that she opened an activity (where to continue); a page is done once read."""
    enrollment = locked_enrollment(actor=actor, activity=activity)
    if enrollment.status != EnrollmentStatus.ACTIVE:
        return enrollment
    _check_may_progress(enrollment)
    if activity.kind == ActivityKind.PAGE:
        _complete(enrollment, activity)
    elif enrollment.last_activity_id != activity.pk:
        _note_progress(enrollment, activity)
    return enrollment


@transaction.atomic
def activity_complete(*, actor: User, activity: Activity) -> bool:
    """Mark a page, video, interactive exercise or handout as done; repeating it changes nothing.

    Quizzes, reflections and discussions complete through their own steps. Returns whether this
    completed the course.
    """
    enrollment = locked_enrollment(actor=actor, activity=activity)
    if activity.kind not in SELF_COMPLETED:
        raise DomainError(_("This activity is completed by doing it, not by marking it."))
    if enrollment.status != EnrollmentStatus.ACTIVE:
        return False
    _check_may_progress(enrollment)
    return _complete(enrollment, activity)


def _layout(activity: Activity, shuffle: bool) -> list[list[Any]]:
    questions = list(activity.questions.prefetch_related("choices"))
    rng = random.SystemRandom()
    if shuffle:
        rng.shuffle(questions)
    layout = []
    for question in questions:
        choice_ids = [c.pk for c in question.choices.all()]
        if shuffle:
            rng.shuffle(choice_ids)
        layout.append([question.pk, choice_ids])
    return layout


@transaction.atomic
def quiz_start(*, actor: User, activity: Activity) -> QuizAttempt:
    """Open an attempt at a quiz, or return the one she has open; refused past the limit."""
    enrollment = locked_enrollment(actor=actor, activity=activity)
    if activity.kind != ActivityKind.QUIZ:
        raise DomainError(_("This activity is not a quiz."))
    _check_may_progress(enrollment)
    attempts = QuizAttempt.objects.filter(enrollment=enrollment, activity=activity)
    open_attempt = attempts.filter(submitted_at__isnull=True).first()
    if open_attempt is not None:
        return open_attempt
    used = attempts.count()
    if activity.max_attempts is not None and used >= activity.max_attempts:
        raise DomainError(
            _("You have used all %(count)s attempts at this quiz.") % {"count": used},
            code="no_attempts_left",
        )
    return QuizAttempt.objects.create(
        enrollment=enrollment,
        activity=activity,
        number=used + 1,
        layout=_layout(activity, activity.shuffle),
        started_at=timezone.now(),
    )


def _normalised(text: str) -> str:
    return " ".join(text.casefold().split())


@transaction.atomic
def quiz_submit(
    *, actor: User, attempt: QuizAttempt, answers: Mapping[int, Sequence[int] | str]
) -> QuizAttempt:
    """Mark an attempt on the server and record it, once.

    ``answers`` maps a question's id to the ids of the chosen options, or to the text of a short
    answer (true/false: option 1 is "true", 0 is "false"). An answer to a question that is not in
    the attempt, or an option that is not in the question, refuses the whole submission; a
    question left out counts as wrong. Passing completes the quiz.
    """
    enrollment = locked_enrollment(actor=actor, activity=attempt.activity)
    attempt = QuizAttempt.objects.select_for_update(of=("self",)).get(pk=attempt.pk)
    if attempt.enrollment_id != enrollment.pk:
        raise NotAllowed(_("This attempt is not yours."))
    if attempt.submitted_at is not None:
        raise DomainError(_("This attempt has already been submitted."), code="already_submitted")
    in_attempt = set(attempt.question_ids())
    unknown = set(answers) - in_attempt
    if unknown:
        raise DomainError(_("An answer is for a question that is not in this attempt."))
    questions = {
        q.pk: q
        for q in attempt.activity.questions.filter(pk__in=in_attempt).prefetch_related("choices")
    }
    records = []
    for question_id in attempt.question_ids():
        question = questions[question_id]
        given = answers.get(question_id, [] if question.kind != QuestionKind.SHORT else "")
        records.append(_mark(attempt, question, given))
    QuizAnswer.objects.bulk_create(records)
    correct = sum(1 for r in records if r.correct)
    attempt.score = round(100 * correct / len(records)) if records else 0
    attempt.passed = attempt.score >= attempt.activity.pass_mark
    attempt.submitted_at = timezone.now()
    attempt.save(update_fields=["score", "passed", "submitted_at"])
    progress_record(enrollment, attempt.activity, done=bool(attempt.passed))
    return attempt


def _mark(attempt: QuizAttempt, question: Any, given: Sequence[int] | str) -> QuizAnswer:
    if question.kind == QuestionKind.SHORT:
        text = given if isinstance(given, str) else ""
        accepted = {_normalised(a) for a in question.accepted_answers}
        return QuizAnswer(
            attempt=attempt,
            question=question,
            text=text[:500],
            correct=_normalised(text) in accepted,
        )
    chosen = sorted({int(c) for c in given}) if not isinstance(given, str) else []
    if question.kind == QuestionKind.TRUE_FALSE:
        if not set(chosen) <= {0, 1}:
            raise DomainError(_("An answer names an option that is not in the question."))
        correct = chosen == [int(bool(question.true_false_answer))]
        return QuizAnswer(attempt=attempt, question=question, choices=chosen, correct=correct)
    offered = set(attempt.choice_ids(question.pk))
    if not set(chosen) <= offered:
        raise DomainError(_("An answer names an option that is not in the question."))
    right = sorted(c.pk for c in question.choices.all() if c.correct)
    if question.kind == QuestionKind.SINGLE and len(chosen) > 1:
        raise DomainError(_("Choose one option only."))
    return QuizAnswer(attempt=attempt, question=question, choices=chosen, correct=chosen == right)


@transaction.atomic
def reflection_submit(
    *, actor: User, activity: Activity, text: str, file: UploadedFile[bytes] | None = None
) -> ReflectionSubmission:
    """Hand in a reflection (or hand it in again after it was returned).

    Without review it completes the activity at once; with review, when a facilitator accepts it.
    """
    enrollment = locked_enrollment(actor=actor, activity=activity)
    if activity.kind != ActivityKind.REFLECTION:
        raise DomainError(_("This activity is not a reflection."))
    _check_may_progress(enrollment)
    if not text.strip() and file is None:
        raise DomainError(_("Write your answer or attach a file."))
    checked = None
    if file is not None:
        if not activity.allow_file:
            raise DomainError(_("This reflection takes a written answer only."))
        checked = check_upload(file, SUBMISSION)
    submission = ReflectionSubmission.objects.filter(
        enrollment=enrollment, activity=activity
    ).first()
    if submission is not None and submission.status == ReflectionStatus.ACCEPTED:
        raise DomainError(_("Your reflection has been accepted; it can no longer change."))
    # Reviewers hear of a reflection when it starts waiting for them: handed in, or handed in
    # again after being returned; not when she corrects one that is still waiting.
    newly_waiting = activity.review_required and (
        submission is None or submission.status == ReflectionStatus.RETURNED
    )
    if submission is None:
        submission = ReflectionSubmission(enrollment=enrollment, activity=activity)
    submission.text = text.strip()
    if checked is not None:
        # A file handed in before is deleted from storage once this commits.
        submission.file = checked.file
        submission.file_name = checked.original_name
    submission.status = (
        ReflectionStatus.SUBMITTED if activity.review_required else ReflectionStatus.ACCEPTED
    )
    submission.submitted_at = timezone.now()
    submission.save()
    progress_record(enrollment, activity, done=not activity.review_required)
    if newly_waiting:
        enqueue_on_commit("ortaq.courses.tasks.tell_reviewers", submission.pk)
    return submission


@transaction.atomic
def reflection_review(
    *, actor: User, submission: ReflectionSubmission, accept: bool, feedback: str
) -> ReflectionSubmission:
    """Accept a reflection (which completes the activity) or return it with feedback."""
    enrollment = (
        Enrollment.objects.select_for_update(of=("self",))
        .select_related("course", "user__profile")
        .get(pk=submission.enrollment_id)
    )
    if not actor.has_perm("courses.review_reflection", enrollment):
        raise NotAllowed(_("You may not review this reflection."))
    submission = ReflectionSubmission.objects.select_for_update(of=("self",)).get(pk=submission.pk)
    if submission.status == ReflectionStatus.ACCEPTED:
        # Its acceptance completed the activity, which stays completed.
        raise DomainError(_("This reflection has already been accepted."), code="accepted")
    if not accept and not feedback.strip():
        raise DomainError(_("Say what to change when you return a reflection."))
    submission.status = ReflectionStatus.ACCEPTED if accept else ReflectionStatus.RETURNED
    submission.feedback = feedback.strip()
    submission.reviewed_by = actor
    submission.reviewed_at = timezone.now()
    submission.save(
        update_fields=["status", "feedback", "reviewed_by", "reviewed_at", "updated_at"]
    )
    _touch(enrollment)
    if not accept:
        enqueue_on_commit("ortaq.courses.tasks.tell_returned", submission.pk)
    if accept and enrollment.status == EnrollmentStatus.ACTIVE:
        ActivityCompletion.objects.get_or_create(
            enrollment=enrollment,
            activity_id=submission.activity_id,
            defaults={"completed_at": timezone.now()},
        )
        evaluate_completion(enrollment)
    return submission


@transaction.atomic
def self_assessment_submit(
    *, actor: User, enrollment: Enrollment, phase: str, levels: Mapping[int, int]
) -> None:
    """Record her ratings before or after the course; each phase is answered once.

    After the course means after every required activity; the ratings then may complete it.
    """
    enrollment = (
        Enrollment.objects.select_for_update(of=("self",))
        .select_related("course", "user__profile")
        .get(pk=enrollment.pk)
    )
    if enrollment.user_id != actor.pk:
        raise NotAllowed(_("You can only rate yourself."))
    items = list(enrollment.course.assessment_items.all())
    if not enrollment.course.self_assessment or not items:
        raise DomainError(_("This course has no self-assessment."))
    if enrollment.assessment_answers.filter(phase=phase).exists():
        return
    if phase == Phase.AFTER:
        done, total, _owed = completion_state(enrollment)
        if done < total:
            raise DomainError(_("Rate yourself after the course once its activities are done."))
    if {item.pk for item in items} != set(levels) or not all(1 <= v <= 4 for v in levels.values()):
        raise DomainError(_("Rate yourself on every statement."))
    now = timezone.now()
    SelfAssessmentAnswer.objects.bulk_create(
        SelfAssessmentAnswer(
            enrollment=enrollment, item=item, phase=phase, level=levels[item.pk], answered_at=now
        )
        for item in items
    )
    _touch(enrollment)
    if phase == Phase.AFTER:
        evaluate_completion(enrollment)
