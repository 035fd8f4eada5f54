"""Services of circles and their members: each action, its refusals, and that repeating it
changes nothing."""

from typing import Any

import pytest
from django.core import mail

from ortaq.communities.choices import (
    CircleKind,
    MemberRole,
    MembershipStatus,
    Notify,
    Visibility,
)
from ortaq.communities.models import Membership
from ortaq.communities.services.circles import (
    CircleFields,
    circle_archive,
    circle_create,
    circle_leave,
    circle_update,
    invitation_answer,
    join_request,
    member_remove,
    member_set_role,
    members_invite_emails,
    members_invite_school,
    notify_set,
    request_decide,
)
from ortaq.core.errors import DomainError, NotAllowed
from ortaq.testing.factories import add_member, facilitator_of, make_circle, make_school, make_user

pytestmark = pytest.mark.django_db
ACTIVE = MembershipStatus.ACTIVE


def school_fields(school: Any, **over: Any) -> CircleFields:
    values: dict[str, Any] = {
        "name": "Оқу сауаттылығы",
        "purpose": "Бірге үйренеміз",
        "kind": CircleKind.SCHOOL,
        "visibility": Visibility.MEMBERS,
        "language": "kk",
        "school": school,
    }
    return CircleFields(**{**values, **over})


def status_of(circle: Any, user: Any) -> tuple[str, str]:
    found = Membership.objects.get(circle=circle, user=user)
    return found.status, found.role


# Who starts a circle in the people fixture's school -------------------------------------------
MAY_START = {
    "facilitator": True,
    "principal": True,
    "coordinator": True,
    "district_coordinator": True,
    "admin": True,
    "teacher": False,
    "other_coordinator": False,
    "trainer": False,
    "far_teacher": False,
}


@pytest.mark.parametrize(("role", "allowed"), MAY_START.items())
def test_who_starts_a_schools_circle(people: dict[str, Any], role: str, allowed: bool) -> None:
    actor = people[role]
    if not allowed:
        with pytest.raises(NotAllowed):
            circle_create(actor=actor, data=school_fields(people["school"]))
        return
    circle = circle_create(actor=actor, data=school_fields(people["school"]))
    assert (circle.region, circle.district) == (people["region"], people["district"])
    assert status_of(circle, actor) == (ACTIVE, MemberRole.FACILITATOR)
    assert circle.last_activity_at is not None


def test_a_principal_may_not_start_a_circle_in_another_school(people: dict[str, Any]) -> None:
    with pytest.raises(NotAllowed):
        circle_create(actor=people["principal"], data=school_fields(people["far_school"]))


def test_the_creator_may_name_another_facilitator(people: dict[str, Any]) -> None:
    circle = circle_create(
        actor=people["principal"],
        data=school_fields(people["school"]),
        facilitator=people["teacher"],
    )
    assert status_of(circle, people["teacher"]) == (ACTIVE, MemberRole.FACILITATOR)
    assert not Membership.objects.filter(circle=circle, user=people["principal"]).exists()


def test_a_network_lies_in_its_region_and_takes_only_its_schools(people: dict[str, Any]) -> None:
    network = school_fields(
        None,
        kind=CircleKind.NETWORK,
        region=people["region"],
        schools=[people["school"], people["other_school"]],
    )
    circle = circle_create(actor=people["coordinator"], data=network)
    assert circle.school is None and circle.district is None
    assert set(circle.schools.all()) == {people["school"], people["other_school"]}
    network.schools = [people["far_school"]]
    with pytest.raises(DomainError) as refused:
        circle_create(actor=people["coordinator"], data=network)
    assert refused.value.code == "schools"
    with pytest.raises(NotAllowed):  # a school's head does not start a region's network
        network.schools = [people["school"]]
        circle_create(actor=people["principal"], data=network)


def test_update_and_archive(people: dict[str, Any]) -> None:
    circle = make_circle(school=people["school"], facilitator=people["facilitator"])
    data = school_fields(people["school"], name="  Жаңа атау ", visibility=Visibility.SIGNED_IN)
    circle_update(actor=people["facilitator"], circle=circle, data=data)
    circle.refresh_from_db()
    assert (circle.name, circle.visibility) == ("Жаңа атау", Visibility.SIGNED_IN)
    with pytest.raises(NotAllowed):
        circle_update(actor=people["teacher"], circle=circle, data=data)
    with pytest.raises(DomainError):
        circle_update(actor=people["facilitator"], circle=circle, data=school_fields(None, name=""))
    circle_archive(actor=people["coordinator"], circle=circle)
    assert circle.archived_at is not None
    with pytest.raises(NotAllowed):  # an archived circle takes nobody new
        join_request(actor=people["teacher"], circle=circle)
    with pytest.raises(NotAllowed):
        members_invite_emails(
            actor=people["facilitator"], circle=circle, emails=[people["teacher"].email]
        )


def test_invite_a_school_then_again_changes_nothing(
    people: dict[str, Any], django_capture_on_commit_callbacks: Any
) -> None:
    circle = make_circle(school=people["school"], facilitator=people["facilitator"])
    people["teacher"].language = "ru"
    people["teacher"].save()
    with django_capture_on_commit_callbacks(execute=True):
        result = members_invite_school(
            actor=people["facilitator"], circle=circle, school=people["school"]
        )
    invited = {p.email for p in result.invited}
    assert invited == {"teacher@example.kz", "principal@example.kz"}
    assert result.already == ["facilitator@example.kz"]
    assert status_of(circle, people["teacher"]) == (MembershipStatus.INVITED, MemberRole.MEMBER)
    by_address = {m.to[0]: m for m in mail.outbox}
    assert set(by_address) == invited
    assert f"/ru/circles/{circle.pk}/" in by_address["teacher@example.kz"].body
    assert f"/kk/circles/{circle.pk}/" in by_address["principal@example.kz"].body
    with django_capture_on_commit_callbacks(execute=True):
        again = members_invite_school(
            actor=people["facilitator"], circle=circle, school=people["school"]
        )
    assert again.invited == [] and len(again.already) == 3 and len(mail.outbox) == 2
    with pytest.raises(DomainError) as refused:
        members_invite_school(actor=people["facilitator"], circle=circle, school=make_school())
    assert refused.value.code == "school"
    with pytest.raises(NotAllowed):
        members_invite_school(actor=people["teacher"], circle=circle, school=people["school"])


def test_invite_by_email_reports_each_address(
    people: dict[str, Any], django_capture_on_commit_callbacks: Any
) -> None:
    circle = make_circle(school=people["school"], facilitator=people["facilitator"])
    add_member(circle, people["principal"])
    with django_capture_on_commit_callbacks(execute=True):
        result = members_invite_emails(
            actor=people["facilitator"],
            circle=circle,
            emails=[
                "FAR@example.kz",
                "principal@example.kz",
                "nobody@example.kz",
                "far@example.kz",
            ],
        )
    assert [p.email for p in result.invited] == ["far@example.kz"]
    assert result.already == ["principal@example.kz"]
    assert result.unknown == ["nobody@example.kz"]
    assert [m.to for m in mail.outbox] == [["far@example.kz"]]


def test_an_invitation_is_accepted_or_declined_once(people: dict[str, Any]) -> None:
    circle = make_circle(school=people["school"], facilitator=people["facilitator"])
    emails = [people["teacher"].email, people["principal"].email]
    members_invite_emails(actor=people["facilitator"], circle=circle, emails=emails)
    for _ in range(2):
        accepted = invitation_answer(actor=people["teacher"], circle=circle, accept=True)
        assert accepted.status == ACTIVE and accepted.joined_at is not None
        declined = invitation_answer(actor=people["principal"], circle=circle, accept=False)
        assert declined.status == MembershipStatus.DECLINED
    with pytest.raises(DomainError) as refused:
        invitation_answer(actor=people["principal"], circle=circle, accept=True)
    assert refused.value.code == "declined"
    with pytest.raises(DomainError) as refused:
        invitation_answer(actor=people["far_teacher"], circle=circle, accept=True)
    assert refused.value.code == "no_invitation"


def test_a_request_to_join_is_decided_by_a_facilitator(people: dict[str, Any]) -> None:
    circle = make_circle(school=people["school"], facilitator=people["facilitator"])
    asked = join_request(actor=people["teacher"], circle=circle, message=" Мені қосыңыз ")
    assert (asked.status, asked.message) == (MembershipStatus.REQUESTED, "Мені қосыңыз")
    join_request(actor=people["teacher"], circle=circle, message="again")
    assert Membership.objects.get(pk=asked.pk).message == "Мені қосыңыз"
    with pytest.raises(NotAllowed):
        request_decide(actor=people["teacher"], membership=asked, accept=True)
    for _ in range(2):
        assert request_decide(actor=people["facilitator"], membership=asked, accept=True).is_active
    assert Membership.objects.filter(circle=circle, user=people["teacher"]).count() == 1
    other = join_request(actor=people["principal"], circle=circle)
    declined = request_decide(actor=people["facilitator"], membership=other, accept=False)
    assert declined.status == MembershipStatus.DECLINED
    # Asked and invited: both sides agree, she is in.
    join_request(actor=people["far_teacher"], circle=circle)
    members_invite_emails(
        actor=people["facilitator"], circle=circle, emails=[people["far_teacher"].email]
    )
    assert status_of(circle, people["far_teacher"])[0] == ACTIVE


def test_an_invited_person_who_asks_to_join_is_in(people: dict[str, Any]) -> None:
    circle = make_circle(school=people["school"], facilitator=people["facilitator"])
    members_invite_emails(
        actor=people["facilitator"], circle=circle, emails=[people["teacher"].email]
    )
    assert join_request(actor=people["teacher"], circle=circle).status == ACTIVE


def test_roles_and_the_last_facilitator(people: dict[str, Any]) -> None:
    circle = make_circle(
        school=people["school"], facilitator=people["facilitator"], members=(people["teacher"],)
    )
    only = Membership.objects.get(circle=circle, user=people["facilitator"])
    for action in (
        lambda: member_set_role(actor=people["facilitator"], membership=only, role="member"),
        lambda: member_remove(actor=people["facilitator"], membership=only),
        lambda: circle_leave(actor=people["facilitator"], circle=circle),
    ):
        with pytest.raises(DomainError) as refused:
            action()
        assert refused.value.code == "last_facilitator"
        assert refused.value.message
    teacher = Membership.objects.get(circle=circle, user=people["teacher"])
    for _ in range(2):
        member_set_role(actor=people["facilitator"], membership=teacher, role="facilitator")
    assert status_of(circle, people["teacher"]) == (ACTIVE, MemberRole.FACILITATOR)
    circle_leave(actor=people["facilitator"], circle=circle)
    assert status_of(circle, people["facilitator"]) == (MembershipStatus.LEFT, MemberRole.MEMBER)
    assert facilitator_of(circle) == people["teacher"]
    assert circle_leave(actor=people["facilitator"], circle=circle).status == MembershipStatus.LEFT
    teacher = Membership.objects.get(pk=teacher.pk)  # read afresh, as a new request would
    with pytest.raises(NotAllowed):
        member_remove(actor=people["facilitator"], membership=teacher)
    with pytest.raises(DomainError):
        circle_leave(actor=people["far_teacher"], circle=circle)
    # She comes back by asking again.
    assert join_request(actor=people["facilitator"], circle=circle).status == "requested"


def test_a_facilitator_removes_a_member_once(people: dict[str, Any]) -> None:
    circle = make_circle(school=people["school"], facilitator=people["facilitator"])
    member = add_member(circle, people["teacher"])
    for _ in range(2):
        assert member_remove(actor=people["facilitator"], membership=member).status == "left"
    with pytest.raises(DomainError):
        member_set_role(actor=people["facilitator"], membership=member, role="facilitator")


def test_notification_preference(people: dict[str, Any]) -> None:
    circle = make_circle(school=people["school"], members=(people["teacher"],))
    chosen = notify_set(actor=people["teacher"], circle=circle, notify=Notify.NOTHING)
    assert chosen.notify == Notify.NOTHING
    chosen = notify_set(actor=people["teacher"], circle=circle, notify=Notify.EACH_POST)
    assert Membership.objects.get(pk=chosen.pk).notify == Notify.EACH_POST
    with pytest.raises(DomainError):
        notify_set(actor=people["teacher"], circle=circle, notify="sometimes")
    with pytest.raises(DomainError):
        notify_set(actor=people["principal"], circle=circle, notify=Notify.NOTHING)


def test_an_invitation_answered_before_the_mail_goes_is_not_sent(people: dict[str, Any]) -> None:
    from ortaq.communities.tasks.circles import send_invitations

    circle = make_circle(school=people["school"])
    add_member(circle, people["teacher"], status=MembershipStatus.DECLINED)
    assert send_invitations.call(circle.pk, [people["teacher"].pk]) == 0
    stranger = make_user()
    assert send_invitations.call(circle.pk, [stranger.pk]) == 0


def test_facilitators_hear_of_a_request_to_join_once(
    people: dict[str, Any], mailoutbox: list[Any], django_capture_on_commit_callbacks: Any
) -> None:
    circle = make_circle(school=people["school"])
    with django_capture_on_commit_callbacks(execute=True):
        join_request(actor=people["teacher"], circle=circle, message="Қосылғым келеді")
    with django_capture_on_commit_callbacks(execute=True):
        join_request(actor=people["teacher"], circle=circle)  # again: no new e-mail
    assert [m.to for m in mailoutbox] == [[facilitator_of(circle).email]]
    assert "Қосылғым келеді" in mailoutbox[0].body
