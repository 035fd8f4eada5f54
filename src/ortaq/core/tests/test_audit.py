"""The audit log: each privileged act leaves one record; administrators read it, nobody edits it."""

from typing import Any

import pytest
from django.db import connection
from django.test import Client

from ortaq.accounts.models import RoleAssignment
from ortaq.accounts.services import account_delete, role_revoke
from ortaq.certificates.models import Certificate
from ortaq.certificates.services import certificate_revoke
from ortaq.communities.services import discussions
from ortaq.core.models import AuditAction, AuditEvent
from ortaq.core.roles import Role
from ortaq.courses.choices import ActivityKind
from ortaq.courses.services import Criteria, activity_open, enrol_by_criteria, enrol_from_csv
from ortaq.discussions import services as core_services
from ortaq.schools.services import schools_import
from ortaq.testing.factories import (
    add_member,
    enrol,
    facilitator_of,
    iin,
    make_circle,
    make_course,
    make_user,
)
from ortaq.testing.http import signed_in

pytestmark = pytest.mark.django_db


def events(action: AuditAction) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(action=action).order_by("pk"))


def test_granting_and_taking_away_a_role_are_recorded(people: dict[str, Any]) -> None:
    admin, teacher = people["admin"], people["teacher"]
    page = signed_in(admin).post(
        f"/en/people/{teacher.pk}/",
        {"role": Role.FACILITATOR, "scope_kind": "school", "school_bin": people["school"].bin},
    )
    assert page.status_code == 302
    granted = RoleAssignment.objects.get(user=teacher, role=Role.FACILITATOR)
    role_revoke(actor=admin, assignment=granted)
    (grant,) = events(AuditAction.ROLE_GRANT)
    (revoke,) = events(AuditAction.ROLE_REVOKE)
    for event in (grant, revoke):
        assert (event.actor, event.person) == (admin, teacher)
        assert event.details == {"role": "facilitator", "scope": str(people["school"])}


def test_revoking_a_certificate_and_deleting_an_account_are_recorded(
    people: dict[str, Any],
) -> None:
    built = make_course(kinds=(ActivityKind.PAGE,))
    teacher = make_user(first_name="Дана", last_name="Сапарова")
    enrol(teacher, built.course)
    activity_open(actor=teacher, activity=built.activities[0])
    issued = Certificate.objects.get()
    certificate_revoke(actor=built.trainer, certificate=issued, reason="Plagiarised reflection")
    certificate_revoke(actor=built.trainer, certificate=issued, reason="Again")
    (revoked,) = events(AuditAction.CERTIFICATE_REVOKE)
    assert (revoked.actor, revoked.person, revoked.reason) == (
        built.trainer,
        teacher,
        "Plagiarised reflection",
    )
    assert revoked.object_label == str(issued) and revoked.object_id == str(issued.pk)

    account_delete(actor=teacher, user=teacher)
    account_delete(actor=teacher, user=teacher)
    (erased,) = events(AuditAction.ACCOUNT_ERASE)
    assert erased.person == teacher
    # Her records stay; her name leaves them with her account.
    page = signed_in(people["admin"]).get("/en/audit/").content.decode()
    assert "Certificate revoked" in page and "Account deleted" in page
    assert "Сапарова" not in page and "A former member" in page


def test_imports_and_bulk_enrolments_are_recorded_with_their_counts(
    people: dict[str, Any],
) -> None:
    coordinator = people["coordinator"]
    data = (
        "region;district;name_kk;name_ru;locality;small_scale;pupils;languages;multigrade\n"
        "KZ-19;Талғар ауданы;№1 мектеп;Школа №1;rural;yes;40;kk;yes\n"
    )
    schools_import(actor=coordinator, data=data.encode())
    (imported,) = events(AuditAction.SCHOOLS_IMPORT)
    assert imported.actor == coordinator
    assert imported.details == {"created": 1, "updated": 0, "unchanged": 0}

    built = make_course()
    enrol_by_criteria(
        actor=coordinator,
        course=built.course,
        cohort=None,
        criteria=Criteria(region=people["region"]),
    )
    number = iin()
    people["teacher"].profile.iin = number
    people["teacher"].profile.save()
    enrol_from_csv(
        actor=coordinator, course=built.course, cohort=None, data=f"iin\n{number}\n".encode()
    )
    by_criteria, by_csv = events(AuditAction.BULK_ENROL)
    assert by_criteria.object_label == built.course.title
    assert by_criteria.details["how"] == "criteria" and by_criteria.details["enrolled"] >= 1
    assert by_csv.details == {
        "enrolled": 0, "already": 1, "moved": 0, "failed": 0, "how": "csv"
    }  # fmt: skip
    (lookup,) = events(AuditAction.IIN_LOOKUP)
    assert lookup.details == {"count": 1, "probing": 0, "purpose": "enrolment"}


def test_hiding_a_post_and_dismissing_reports_are_recorded() -> None:
    circle = make_circle(name="Үйірме")
    author, reader = make_user(), make_user()
    add_member(circle, author)
    add_member(circle, reader)
    thread = discussions.thread_create(actor=author, circle=circle, title="Сабақ", body="Сәлем")
    post = thread.posts.get()
    moderator = facilitator_of(circle)
    core_services.post_report(actor=reader, post=post, reason="Жарнама")
    core_services.reports_dismiss(actor=moderator, post=post)
    core_services.post_hide(actor=moderator, post=post, reason="Ереже бұзылды")
    core_services.post_unhide(actor=moderator, post=post)
    recorded = [
        (e.action, e.actor, e.person, e.object_label, e.reason)
        for e in AuditEvent.objects.order_by("pk")
    ]
    assert recorded == [
        (AuditAction.REPORTS_DISMISS, moderator, author, "Сабақ", ""),
        (AuditAction.POST_HIDE, moderator, author, "Сабақ", "Ереже бұзылды"),
        (AuditAction.POST_UNHIDE, moderator, author, "Сабақ", ""),
    ]


def test_the_log_is_append_only(people: dict[str, Any]) -> None:
    role_revoke(
        actor=people["admin"],
        assignment=RoleAssignment.objects.get(user=people["teacher"], role=Role.TEACHER),
    )
    event = AuditEvent.objects.get()
    event.reason = "rewritten"
    with pytest.raises(TypeError, match="append-only"):
        event.save()
    with pytest.raises(TypeError, match="append-only"):
        event.delete()
    with pytest.raises(TypeError, match="append-only"):
        AuditEvent.objects.filter(pk=event.pk).update(reason="rewritten")
    with pytest.raises(TypeError, match="append-only"):
        AuditEvent.objects.all().delete()


@pytest.mark.postgres
def test_postgresql_itself_refuses_to_change_a_recorded_event(people: dict[str, Any]) -> None:
    from django.db import DatabaseError, transaction

    role_revoke(
        actor=people["admin"],
        assignment=RoleAssignment.objects.get(user=people["teacher"], role=Role.TEACHER),
    )
    for statement in ("UPDATE core_auditevent SET reason = 'x'", "DELETE FROM core_auditevent"):
        with (
            pytest.raises(DatabaseError, match="append-only"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(statement)
    assert AuditEvent.objects.count() == 1


def test_administrators_read_the_log_and_nobody_else(people: dict[str, Any]) -> None:
    admin = people["admin"]
    for role in (Role.FACILITATOR, Role.PRINCIPAL):
        assignment = RoleAssignment.objects.create(
            user=people["teacher"], role=role, scope_kind="school", school=people["school"]
        )
        role_revoke(actor=admin, assignment=assignment)
    assert Client().get("/en/audit/").status_code == 302
    for name in ("teacher", "coordinator", "principal"):
        assert signed_in(people[name]).get("/en/audit/").status_code == 403
        assert signed_in(people[name]).get("/api/v1/audit").status_code == 403
    assert Client().get("/api/v1/audit").status_code == 401
    page = signed_in(admin).get("/kk/audit/?action=role.revoke").content.decode()
    assert page.count("<td>Рөл алынды</td>") == 2
    assert 'href="/kk/audit/"' in page  # in the navigation of an administrator

    first = signed_in(admin).get("/api/v1/audit?limit=1").json()
    assert [item["action"] for item in first["items"]] == ["role.revoke"]
    assert first["items"][0]["details"] == {"role": "principal", "scope": str(people["school"])}
    second = signed_in(admin).get(f"/api/v1/audit?limit=1&before={first['next_before']}").json()
    assert second["items"][0]["details"]["role"] == "facilitator"
    assert second["next_before"] is None
    only = signed_in(admin).get(f"/api/v1/audit?who={people['teacher'].email}").json()
    assert len(only["items"]) == 2
    assert signed_in(admin).get("/api/v1/audit?action=nonsense").status_code == 422


def test_the_log_page_costs_the_same_queries_for_fifty_events(
    people: dict[str, Any], django_assert_max_num_queries: Any
) -> None:
    admin = people["admin"]
    for _ in range(60):
        assignment = RoleAssignment.objects.create(
            user=make_user(), role=Role.FACILITATOR, scope_kind="school", school=people["school"]
        )
        role_revoke(actor=admin, assignment=assignment)
    client = signed_in(admin)
    client.get("/en/audit/")
    with django_assert_max_num_queries(6):
        page = client.get("/en/audit/").content.decode()
    assert page.count("<td>Role taken away</td>") == 50 and 'rel="next"' in page
