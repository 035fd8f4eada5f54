from typing import Any

import pytest
from django.utils import translation

from ortaq.accounts.services import role_grant
from ortaq.core.errors import DomainError, NotAllowed
from ortaq.core.models import AuditAction, AuditEvent
from ortaq.core.roles import Role
from ortaq.courses.choices import SchoolKind
from ortaq.courses.models import Enrollment
from ortaq.courses.services import Criteria, cohort_save, enrol_by_criteria, enrol_from_csv
from ortaq.testing.factories import enrol, iin, make_course, make_school, make_user

pytestmark = pytest.mark.django_db


def test_enrol_a_list_of_emails_and_iins_with_a_report_of_failures(people: dict[str, Any]) -> None:
    built = make_course()
    teacher, far = people["teacher"], people["far_teacher"]
    number = iin()
    teacher.profile.iin = number
    teacher.profile.save()
    closed = make_user(profile__school=people["school"])
    closed.is_active = False
    closed.save()
    data = (
        "email;iin\n"
        f"{people['facilitator'].email.upper()};\n"
        f";{number}\n"
        f"{people['facilitator'].email};\n"
        "nobody@example.kz;\n"
        "not-an-email;\n"
        f"{far.email};\n"
        f"{closed.email};\n"
        ";123\n"
    ).encode()
    cohort = cohort_save(actor=people["coordinator"], course=built.course, name="Алматы")
    with translation.override("en"):
        result = enrol_from_csv(
            actor=people["coordinator"], course=built.course, cohort=cohort, data=data
        )
    assert (result.enrolled, result.already, result.moved) == (2, 0, 0)
    assert [(line, reason) for line, _value, reason in result.failed] == [
        (5, "nobody you look after has this e-mail or IIN"),
        (6, "not an e-mail address"),
        (7, "nobody you look after has this e-mail or IIN"),
        (8, "the account is closed"),
        (9, "not a valid IIN"),
    ]
    again = enrol_from_csv(
        actor=people["coordinator"], course=built.course, cohort=cohort, data=data
    )
    assert (again.enrolled, again.already) == (0, 2)
    assert Enrollment.objects.filter(course=built.course, cohort=cohort).count() == 2


def test_a_csv_cannot_tell_whether_an_iin_outside_her_places_is_registered(
    people: dict[str, Any], settings: Any
) -> None:
    built = make_course()
    far, mine = people["far_teacher"], people["teacher"]
    far.profile.iin, mine.profile.iin = iin(), iin()
    far.profile.save()
    mine.profile.save()
    facilitator = people["facilitator"]
    data = (
        "email;iin\n"
        f";{iin()}\n"  # nobody has it
        f";{far.profile.iin}\n"  # a teacher of another region has it
        f"{facilitator.email};{far.profile.iin}\n"  # hers, paired with a stranger's IIN
        f"nobody@example.kz;{mine.profile.iin}\n"  # a stranger's e-mail with hers: found
    ).encode()
    with translation.override("en"):
        result = enrol_from_csv(
            actor=people["coordinator"], course=built.course, cohort=None, data=data
        )
    assert [(line, reason) for line, _value, reason in result.failed] == [
        (2, "nobody you look after has this e-mail or IIN"),
        (3, "nobody you look after has this e-mail or IIN"),
    ]
    assert result.enrolled == 2
    lookup = AuditEvent.objects.get(action=AuditAction.IIN_LOOKUP)
    assert lookup.actor == people["coordinator"]
    assert lookup.details == {"count": 3, "probing": 2, "purpose": "enrolment"}

    # Lines that find nobody of hers count against a daily quota of IIN look-ups.
    settings.ORTAQ_IIN_LOOKUPS_PER_DAY = 3
    probe = f"iin\n{iin()}\n{iin()}\n".encode()
    with translation.override("en"), pytest.raises(DomainError, match="1 left today"):
        enrol_from_csv(actor=people["coordinator"], course=built.course, cohort=None, data=probe)
    # Her own teachers' IINs are not probes: they cost nothing.
    again = enrol_from_csv(
        actor=people["coordinator"],
        course=built.course,
        cohort=None,
        data=f"iin\n{mine.profile.iin}\n".encode(),
    )
    assert again.already == 1


def test_someone_already_enrolled_joins_the_cohort(people: dict[str, Any]) -> None:
    built = make_course()
    enrol(people["teacher"], built.course)
    cohort = cohort_save(actor=people["coordinator"], course=built.course, name="C")
    data = f"email\n{people['teacher'].email}\n".encode()
    result = enrol_from_csv(
        actor=people["coordinator"], course=built.course, cohort=cohort, data=data
    )
    assert (result.enrolled, result.already, result.moved) == (0, 0, 1)
    assert Enrollment.objects.get(user=people["teacher"]).cohort == cohort


def test_enrol_by_place_kind_and_role(people: dict[str, Any]) -> None:
    built = make_course()
    small = make_school(region=people["region"], small_scale=True)
    small_teacher = make_user(profile__school=small)
    role_grant(actor=None, user=small_teacher, role=Role.TEACHER, target=small)
    coordinator = people["coordinator"]
    everyone = enrol_by_criteria(
        actor=coordinator,
        course=built.course,
        cohort=None,
        criteria=Criteria(region=people["region"]),
    )
    # teacher, facilitator and principal hold no teacher role at their school in this fixture,
    # except the teacher; the small school's teacher does too.
    enrolled = set(Enrollment.objects.values_list("user__email", flat=True))
    assert enrolled == {people["teacher"].email, small_teacher.email}
    assert everyone.enrolled == 2
    heads = enrol_by_criteria(
        actor=coordinator, course=built.course, cohort=None,
        criteria=Criteria(region=people["region"], role=Role.PRINCIPAL),
    )  # fmt: skip
    assert heads.enrolled == 1
    only_small = make_course(trainer=built.trainer)
    enrol_by_criteria(
        actor=coordinator, course=only_small.course, cohort=None,
        criteria=Criteria(school_kinds=(SchoolKind.SMALL_SCALE,)),
    )  # fmt: skip
    assert list(only_small.course.enrollments.values_list("user", flat=True)) == [small_teacher.pk]


def test_a_coordinator_cannot_reach_beyond_her_region(people: dict[str, Any]) -> None:
    built = make_course()
    # Another region is refused with a reason, rather than enrolling nobody in silence.
    with pytest.raises(NotAllowed, match="places you look after"):
        enrol_by_criteria(
            actor=people["coordinator"], course=built.course, cohort=None,
            criteria=Criteria(region=people["far_school"].region),
        )  # fmt: skip
    with pytest.raises(NotAllowed):
        enrol_by_criteria(
            actor=people["teacher"], course=built.course, cohort=None, criteria=Criteria()
        )
    with pytest.raises(NotAllowed):
        cohort_save(
            actor=people["coordinator"], course=built.course, name="Far",
            region=people["far_school"].region,
        )  # fmt: skip
