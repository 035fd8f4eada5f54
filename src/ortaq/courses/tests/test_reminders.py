from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from ortaq.courses.choices import ActivityKind
from ortaq.courses.services import activity_open, enrollment_leave, reminders_send_due
from ortaq.testing.factories import enrol, make_course, make_user

pytestmark = pytest.mark.django_db


def test_one_reminder_per_stretch_without_progress() -> None:
    built = make_course(kinds=(ActivityKind.PAGE, ActivityKind.VIDEO), reminder_days=7)
    teacher = make_user(language="ru")
    enrol(teacher, built.course)
    activity_open(actor=teacher, activity=built.activities[0])
    now = timezone.now()
    assert reminders_send_due(now=now + timedelta(days=6)) == 0
    assert reminders_send_due(now=now + timedelta(days=8)) == 1
    assert reminders_send_due(now=now + timedelta(days=9)) == 0
    (message,) = mail.outbox
    assert message.to == [teacher.email]
    assert "/ru/courses/" in str(message.body)
    activity_open(actor=teacher, activity=built.activities[1])  # progress: a new stretch begins
    assert reminders_send_due(now=timezone.now() + timedelta(days=8)) == 1


def test_no_reminder_after_leaving_or_completing_or_without_a_setting() -> None:
    built = make_course(kinds=(ActivityKind.PAGE,), reminder_days=3)
    finisher, leaver = make_user(), make_user()
    enrol(finisher, built.course)
    activity_open(actor=finisher, activity=built.activities[0])
    enrollment_leave(actor=leaver, enrollment=enrol(leaver, built.course))
    silent = make_course(kinds=(ActivityKind.PAGE,), trainer=built.trainer)
    enrol(make_user(), silent.course)
    assert reminders_send_due(now=timezone.now() + timedelta(days=30)) == 0


def test_only_published_courses_active_accounts_open_courses_and_running_cohorts_remind() -> None:
    from ortaq.courses.choices import CourseStatus
    from ortaq.courses.models import Cohort, Course, Enrollment

    built = make_course(kinds=(ActivityKind.PAGE, ActivityKind.VIDEO), reminder_days=7)
    course = built.course
    kept, deactivated, in_ended_cohort = make_user(language="en"), make_user(), make_user()
    for person in (kept, deactivated, in_ended_cohort):
        enrol(person, course)
    type(deactivated).objects.filter(pk=deactivated.pk).update(is_active=False)
    today = timezone.localdate()
    ended = Cohort.objects.create(course=course, name="Атырау", ends_on=today + timedelta(days=5))
    Enrollment.objects.filter(user=in_ended_cohort).update(cohort=ended)
    later = timezone.now() + timedelta(days=8)  # the cohort ended three days before this
    Course.objects.filter(pk=course.pk).update(status=CourseStatus.ARCHIVED)
    assert reminders_send_due(now=later) == 0
    Course.objects.filter(pk=course.pk).update(
        status=CourseStatus.PUBLISHED, opens_on=today + timedelta(days=3)
    )
    # Counted from the opening day: 8 days after enrolling is 5 after opening.
    assert reminders_send_due(now=later) == 0
    assert reminders_send_due(now=later + timedelta(days=3)) == 1
    (message,) = mail.outbox
    assert message.to == [kept.email]
    assert "have not begun it yet" in str(message.body)  # she never started


def test_the_wording_says_where_she_stopped_once_she_has_started() -> None:
    built = make_course(kinds=(ActivityKind.PAGE, ActivityKind.VIDEO), reminder_days=7)
    teacher = make_user(language="en")
    enrol(teacher, built.course)
    activity_open(actor=teacher, activity=built.activities[0])
    assert reminders_send_due(now=timezone.now() + timedelta(days=8)) == 1
    assert "where you stopped" in str(mail.outbox[0].body)
