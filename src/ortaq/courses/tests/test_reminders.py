from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from ortaq.accounts.tests.factories import make_user
from ortaq.courses.choices import ActivityKind
from ortaq.courses.services import activity_open, enrollment_leave, reminders_send_due
from ortaq.courses.tests.factories import enrol, make_course

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
