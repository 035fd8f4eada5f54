"""Who may be enrolled, and where: one enrolment per course whatever its language, bulk enrolment
only into a course open for it, teachers who left coming back, a CSV line found by its IIN when
its e-mail is unknown, the course's dates on its page and in the catalogue, the report counting
a person once, and a discussion post waiting for the self-assessment like every other step."""

from datetime import timedelta
from typing import Any

import pytest
from django.core.cache import cache
from django.utils import timezone, translation

from ortaq.core.errors import DomainError
from ortaq.courses.choices import ActivityKind, EnrollmentStatus, Phase
from ortaq.courses.models import ActivityCompletion, Course, Enrollment
from ortaq.courses.queries import report_for, report_scope
from ortaq.courses.services import (
    CourseFields,
    Criteria,
    activity_open,
    activity_save,
    cohort_save,
    course_archive,
    course_create,
    course_publish,
    enrol_by_criteria,
    enrol_from_csv,
    enrollment_create,
    enrollment_leave,
    module_save,
    post_create,
    self_assessment_submit,
)
from ortaq.discussions.models import Post
from ortaq.testing.factories import Built, activity_fields, enrol, iin, make_course, make_user
from ortaq.testing.http import signed_in
from ortaq.testing.utils import at_once

pytestmark = pytest.mark.django_db
K = ActivityKind


def translate(built: Built, language: str, *, publish: bool = True) -> Course:
    """A translation of the course with one module of the same kinds of activity."""
    course = course_create(
        actor=built.trainer, language=language, translation_of=built.course,
        data=CourseFields(f"Course ({language})", "", 24),
    )  # fmt: skip
    module = module_save(actor=built.trainer, course=course, title="M")
    for activity in built.activities:
        activity_save(
            actor=built.trainer, module=module, data=activity_fields(activity.kind, activity.title)
        )
    if publish:
        course_publish(actor=built.trainer, course=course)
    course.refresh_from_db()
    return course


# One enrolment per course, whatever its language -------------------------------------------


def test_a_teacher_enrolled_in_one_language_is_refused_another(people: dict[str, Any]) -> None:
    built = make_course(kinds=(K.PAGE,))
    russian = translate(built, "ru")
    teacher = people["teacher"]
    mine = enrol(teacher, built.course)
    for _repeat in range(2):
        with translation.override("en"), pytest.raises(DomainError) as refused:
            enrollment_create(actor=teacher, course=russian)
        assert refused.value.code == "enrolled_in_translation"
        assert "Kazakh version" in refused.value.message
    assert list(Enrollment.objects.filter(user=teacher)) == [mine]
    assert enrol(teacher, built.course) == mine  # her own version: still hers, unchanged
    # Once she has completed it, too: a completed course is not taken again in Russian.
    Enrollment.objects.filter(pk=mine.pk).update(
        status=EnrollmentStatus.COMPLETED, completed_at=timezone.now()
    )
    with pytest.raises(DomainError):
        enrollment_create(actor=teacher, course=russian)
    assert Enrollment.objects.filter(user=teacher).count() == 1


def test_after_leaving_she_may_take_another_language_but_not_both(people: dict[str, Any]) -> None:
    built = make_course(kinds=(K.PAGE,))
    russian = translate(built, "ru")
    teacher = people["teacher"]
    kazakh = enrol(teacher, built.course)
    enrollment_leave(actor=teacher, enrollment=kazakh)
    in_russian = enrollment_create(actor=teacher, course=russian)
    assert in_russian.status == EnrollmentStatus.ACTIVE
    # Coming back to the Kazakh version would make two: refused, the old one stays left.
    with pytest.raises(DomainError) as refused:
        enrollment_create(actor=teacher, course=built.course)
    assert refused.value.code == "enrolled_in_translation"
    kazakh.refresh_from_db()
    assert kazakh.status == EnrollmentStatus.LEFT


def test_the_api_refuses_a_second_language_with_json(people: dict[str, Any]) -> None:
    built = make_course(kinds=(K.PAGE,))
    russian = translate(built, "ru")
    teacher = people["teacher"]
    enrol(teacher, built.course)
    client = signed_in(teacher)
    response = client.post(f"/api/v1/courses/{russian.pk}/enrollment", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert "already enrolled" in response.json()["detail"]
    assert not Enrollment.objects.filter(course=russian).exists()


def test_the_course_page_links_the_other_languages_and_her_own_version(
    people: dict[str, Any],
) -> None:
    built = make_course(kinds=(K.PAGE,))
    russian = translate(built, "ru")
    english = translate(built, "en", publish=False)
    teacher = people["teacher"]
    enrol(teacher, built.course)
    client = signed_in(teacher)
    kazakh_page = client.get(f"/en/courses/{built.course.pk}/").content.decode()
    assert "Also in:" in kazakh_page
    assert f'href="/en/courses/{russian.pk}/" lang="ru" hreflang="ru">Русский</a>' in kazakh_page
    assert f"/en/courses/{english.pk}/" not in kazakh_page  # a draft is not offered
    # On the Russian version: no enrol button, but the way to her own enrolment.
    russian_page = client.get(f"/en/courses/{russian.pk}/").content.decode()
    assert "Enrol in this course" not in russian_page
    assert "You are enrolled in this course in its Kazakh version" in russian_page
    assert f'<a href="/en/courses/{built.course.pk}/">Go to your course</a>' in russian_page
    # Posting the enrol form anyway is refused with the message, and writes nothing.
    response = client.post(f"/en/courses/{russian.pk}/enrol/", follow=True)
    said = [str(m) for m in response.context["messages"]]
    assert any("already enrolled in this course in its Kazakh version" in m for m in said)
    assert not Enrollment.objects.filter(course=russian).exists()
    # Published later, the English version is linked at once (the cached list is dropped).
    course_publish(actor=built.trainer, course=english)
    assert f"/en/courses/{english.pk}/" in client.get(f"/en/courses/{russian.pk}/").content.decode()
    course_archive(actor=built.trainer, course=english)
    assert (
        f"/en/courses/{english.pk}/"
        not in client.get(f"/en/courses/{russian.pk}/").content.decode()
    )


def test_a_page_of_a_course_without_translations_says_nothing_of_them(
    people: dict[str, Any],
) -> None:
    built = make_course(kinds=(K.PAGE,))
    page = signed_in(people["teacher"]).get(f"/en/courses/{built.course.pk}/").content.decode()
    assert "Also in:" not in page and "Enrol in this course" in page


def test_the_catalogue_card_leads_to_her_own_version(people: dict[str, Any]) -> None:
    built = make_course(kinds=(K.PAGE,), title="Қазақша курс")
    translate(built, "ru")
    teacher = people["teacher"]
    enrol(teacher, built.course)
    page = signed_in(teacher).get("/ru/courses/").content.decode()
    assert f'href="/ru/courses/{built.course.pk}/"' in page
    assert "Қазақша курс" in page and "Course (ru)" not in page


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_enrolling_in_two_languages_at_the_same_moment_makes_one_enrolment(
    reference_data: None,
) -> None:
    built = make_course(kinds=(K.PAGE,))
    russian = translate(built, "ru")
    teacher = make_user()
    courses = iter([built.course, russian] * 2)
    results = at_once(lambda: enrollment_create(actor=teacher, course=next(courses)), times=4)
    refused = [r for r in results if isinstance(r, DomainError)]
    assert refused and all(r.code == "enrolled_in_translation" for r in refused)
    assert Enrollment.objects.filter(user=teacher).count() == 1


# Bulk enrolment ------------------------------------------------------------------------------


def test_bulk_enrolment_names_teachers_enrolled_in_another_language(
    people: dict[str, Any],
) -> None:
    built = make_course(kinds=(K.PAGE,))
    russian = translate(built, "ru")
    teacher, coordinator = people["teacher"], people["coordinator"]
    enrol(teacher, russian)
    data = f"email\n{teacher.email}\n".encode()
    for _repeat in range(2):
        with translation.override("en"):
            result = enrol_from_csv(actor=coordinator, course=built.course, cohort=None, data=data)
        assert (result.enrolled, result.already, result.came_back) == (0, 0, 0)
        assert result.failed == [
            (2, teacher.email, "already enrolled in the Russian version of this course")
        ]
    with translation.override("en"):
        by_place = enrol_by_criteria(
            actor=coordinator, course=built.course, cohort=None,
            criteria=Criteria(region=people["region"]),
        )  # fmt: skip
    assert by_place.enrolled == 0
    assert by_place.failed == [
        (0, teacher.email, "already enrolled in the Russian version of this course")
    ]
    assert list(Enrollment.objects.filter(user=teacher).values_list("course", flat=True)) == [
        russian.pk
    ]


def test_a_teacher_who_left_comes_back_with_a_bulk_enrolment(people: dict[str, Any]) -> None:
    built = make_course(kinds=(K.PAGE,))
    teacher, coordinator = people["teacher"], people["coordinator"]
    enrollment_leave(actor=teacher, enrollment=enrol(teacher, built.course))
    cohort = cohort_save(actor=coordinator, course=built.course, name="Алматы")
    data = f"email\n{teacher.email}\n".encode()
    result = enrol_from_csv(actor=coordinator, course=built.course, cohort=cohort, data=data)
    assert (result.enrolled, result.already, result.moved, result.came_back) == (0, 0, 0, 1)
    assert result.failed == [] and result.total == 1
    back = Enrollment.objects.get(user=teacher)
    assert (back.status, back.left_at, back.cohort) == (EnrollmentStatus.ACTIVE, None, cohort)
    again = enrol_from_csv(actor=coordinator, course=built.course, cohort=cohort, data=data)
    assert (again.enrolled, again.already, again.moved, again.came_back) == (0, 1, 0, 0)
    assert Enrollment.objects.filter(user=teacher).count() == 1


def test_the_enrolment_page_says_who_came_back(
    people: dict[str, Any], django_capture_on_commit_callbacks: Any
) -> None:
    built = make_course(kinds=(K.PAGE,))
    teacher = people["teacher"]
    enrollment_leave(actor=teacher, enrollment=enrol(teacher, built.course))
    client = signed_in(people["coordinator"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/en/courses/{built.course.pk}/enrolment/",
            {"by": "criteria", "region": people["region"].pk, "role": "teacher"},
        )
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "1 teacher who had left the course came back to it." in page
    assert "0 enrolled now, 0 were already enrolled" in page


def test_one_who_left_here_but_learns_in_another_language_stays_there(
    people: dict[str, Any],
) -> None:
    built = make_course(kinds=(K.PAGE,))
    russian = translate(built, "ru")
    teacher, coordinator = people["teacher"], people["coordinator"]
    enrollment_leave(actor=teacher, enrollment=enrol(teacher, built.course))
    enrollment_create(actor=teacher, course=russian)
    data = f"email\n{teacher.email}\n".encode()
    with translation.override("en"):
        result = enrol_from_csv(actor=coordinator, course=built.course, cohort=None, data=data)
    assert result.came_back == 0
    assert [reason for _l, _v, reason in result.failed] == [
        "already enrolled in the Russian version of this course"
    ]
    assert Enrollment.objects.get(user=teacher, course=built.course).status == "left"


@pytest.mark.parametrize("state", ["draft", "archived", "closed"])
def test_no_bulk_enrolment_into_a_course_not_open_for_it(
    people: dict[str, Any], state: str
) -> None:
    built = make_course(kinds=(K.PAGE,), publish=state != "draft")
    course, coordinator = built.course, people["coordinator"]
    if state == "archived":
        course_archive(actor=built.trainer, course=course)
    if state == "closed":
        Course.objects.filter(pk=course.pk).update(
            opens_on=timezone.localdate() - timedelta(days=30),
            closes_on=timezone.localdate() - timedelta(days=1),
        )
    course.refresh_from_db()
    expected = {
        "draft": "This course is a draft: publish it before enrolling teachers.",
        "archived": "This course is archived: no one can be enrolled in it any more.",
        "closed": "This course closed for enrolment on",
    }[state]
    data = f"email\n{people['teacher'].email}\n".encode()
    with translation.override("en"):
        for enrolling in (
            lambda: enrol_from_csv(actor=coordinator, course=course, cohort=None, data=data),
            lambda: enrol_by_criteria(
                actor=coordinator,
                course=course,
                cohort=None,
                criteria=Criteria(region=people["region"]),
            ),  # fmt: skip
        ):
            with pytest.raises(DomainError) as refused:
                enrolling()
            assert refused.value.code == "closed" and expected in refused.value.message
    assert not Enrollment.objects.exists()
    if state == "draft":
        return  # a draft's pages are its authors' alone
    client = signed_in(coordinator)
    page = client.get(f"/en/courses/{course.pk}/enrolment/").content.decode()
    assert expected in page and "Enrol everyone who matches" not in page
    response = client.post(
        f"/en/courses/{course.pk}/enrolment/",
        {"by": "criteria", "region": people["region"].pk, "role": "teacher"},
    )
    assert response.status_code == 400
    assert not Enrollment.objects.exists()


def test_bulk_enrolment_before_the_course_opens_is_allowed_and_said(
    people: dict[str, Any],
) -> None:
    built = make_course(kinds=(K.PAGE,))
    Course.objects.filter(pk=built.course.pk).update(
        opens_on=timezone.localdate() + timedelta(days=10)
    )
    built.course.refresh_from_db()
    client = signed_in(people["coordinator"])
    page = client.get(f"/en/courses/{built.course.pk}/enrolment/").content.decode()
    assert "those you enrol now can begin at once" in page
    result = enrol_by_criteria(
        actor=people["coordinator"], course=built.course, cohort=None,
        criteria=Criteria(region=people["region"]),
    )  # fmt: skip
    assert result.enrolled == 1


def test_a_csv_line_with_an_unknown_email_is_found_by_its_iin(people: dict[str, Any]) -> None:
    built = make_course(kinds=(K.PAGE,))
    teacher, facilitator = people["teacher"], people["facilitator"]
    number, other_number = iin(), iin()
    teacher.profile.iin = number
    teacher.profile.save()
    facilitator.profile.iin = other_number
    facilitator.profile.save()
    principal = people["principal"]
    data = (
        "email;iin\n"
        f"unknown@example.kz;{number}\n"  # found by the IIN
        f"not-an-email;{other_number}\n"  # a malformed e-mail, a good IIN
        f"{principal.email};{number}\n"  # two different people: not guessed
        f"nobody@example.kz;{iin()}\n"  # neither known
    ).encode()
    with translation.override("en"):
        result = enrol_from_csv(
            actor=people["coordinator"], course=built.course, cohort=None, data=data
        )
    assert result.enrolled == 2
    assert set(Enrollment.objects.values_list("user", flat=True)) == {teacher.pk, facilitator.pk}
    assert [(line, reason) for line, _value, reason in result.failed] == [
        (4, "the e-mail and the IIN belong to different people"),
        (5, "nobody you look after has this e-mail or IIN"),
    ]
    again = enrol_from_csv(actor=people["coordinator"], course=built.course, cohort=None, data=data)
    assert (again.enrolled, again.already) == (0, 2)


# Dates -----------------------------------------------------------------------------------------


def test_a_closed_course_offers_no_enrolment_and_leaves_the_catalogue(
    people: dict[str, Any],
) -> None:
    built = make_course(kinds=(K.PAGE,), title="Closed course")
    closes = timezone.localdate() - timedelta(days=2)
    Course.objects.filter(pk=built.course.pk).update(
        opens_on=closes - timedelta(days=30), closes_on=closes
    )
    teacher, taking = people["teacher"], make_user()
    Enrollment.objects.create(user=taking, course=built.course)  # enrolled while it was open
    client = signed_in(teacher)
    page = client.get(f"/en/courses/{built.course.pk}/").content.decode()
    assert "Enrol in this course" not in page and "Closed for enrolment on" in page
    assert "Closed course" not in client.get("/en/courses/").content.decode()
    # The one who took it still finds it among her courses.
    hers = signed_in(taking).get("/en/courses/").content.decode()
    assert "My courses" in hers and "Closed course" in hers


def test_a_course_not_yet_open_says_from_when(people: dict[str, Any]) -> None:
    built = make_course(kinds=(K.PAGE,), title="Future course")
    opens = timezone.localdate() + timedelta(days=5)
    Course.objects.filter(pk=built.course.pk).update(opens_on=opens)
    client = signed_in(people["teacher"])
    page = client.get(f"/en/courses/{built.course.pk}/").content.decode()
    assert "Enrol in this course" not in page and "Opens for enrolment on" in page
    catalogue = client.get("/en/courses/").content.decode()
    assert "Future course" in catalogue and "Opens for enrolment on" in catalogue


# The report ------------------------------------------------------------------------------------


def test_the_report_for_the_whole_group_counts_a_person_once(people: dict[str, Any]) -> None:
    built = make_course(kinds=(K.PAGE, K.VIDEO))
    russian = translate(built, "ru")
    teacher, other = people["teacher"], make_user(profile__school=people["school"])
    # Two enrolments of one person, as the rule of one per course did not prevent before: she
    # completed the Kazakh version after trying the Russian one.
    kazakh = Enrollment.objects.create(
        user=teacher, course=built.course, status=EnrollmentStatus.COMPLETED,
        started_at=timezone.now(), completed_at=timezone.now(),
    )  # fmt: skip
    for activity in built.activities:
        ActivityCompletion.objects.create(
            enrollment=kazakh, activity=activity, completed_at=timezone.now()
        )
    tried = Enrollment.objects.create(user=teacher, course=russian, started_at=timezone.now())
    first_russian = russian.modules.get().activities.first()
    assert first_russian is not None
    ActivityCompletion.objects.create(
        enrollment=tried, activity=first_russian, completed_at=timezone.now()
    )
    enrol(other, built.course)
    scope = report_scope(viewer=people["admin"], course=built.course)
    report = report_for(course=built.course, scope=scope)
    assert (report.totals.enrolled, report.totals.started, report.totals.completed) == (2, 1, 1)
    assert report.totals.rate == 50.0
    assert sum(c.enrolled for c in report.by_region) == 2
    # Her Russian attempt adds nothing to the steps: each activity was completed once.
    assert [step.completed for step in report.steps] == [1, 1]
    # Each version alone counts her there.
    alone = report_for(course=russian, scope=scope, whole_group=False)
    assert (alone.totals.enrolled, alone.totals.completed) == (1, 0)


# Discussions and the self-assessment -----------------------------------------------------------


def test_a_discussion_post_waits_for_the_self_assessment(people: dict[str, Any]) -> None:
    built = make_course(kinds=(K.DISCUSSION, K.PAGE), self_assessment=True)
    teacher = people["teacher"]
    enrollment = enrol(teacher, built.course)
    discussion = built.first(K.DISCUSSION)
    for _repeat in range(2):
        with pytest.raises(DomainError) as refused:
            post_create(actor=teacher, activity=discussion, body="Hello")
        assert refused.value.code == "self_assessment_first"
    assert not Post.objects.exists() and not ActivityCompletion.objects.exists()
    # The page refuses too, and sends her to rate herself.
    client = signed_in(teacher)
    client.post(f"/en/courses/{built.course.pk}/a/{discussion.pk}/posts/", {"body": "Hello"})
    assert not Post.objects.exists()
    items = list(built.course.assessment_items.all())
    self_assessment_submit(
        actor=teacher, enrollment=enrollment, phase=Phase.BEFORE,
        levels={item.pk: 2 for item in items},
    )  # fmt: skip
    post_create(actor=teacher, activity=discussion, body="Hello")
    assert ActivityCompletion.objects.filter(activity=discussion).count() == 1
    # The course's trainer, who is not enrolled, writes without rating herself.
    post_create(actor=built.trainer, activity=discussion, body="Welcome")
    assert Post.objects.count() == 2
    activity_open(actor=teacher, activity=built.first(K.PAGE))


@pytest.fixture(autouse=True)
def _empty_cache() -> None:
    cache.clear()
