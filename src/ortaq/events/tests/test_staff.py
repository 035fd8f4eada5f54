"""Who runs an event: its staff added and removed by e-mail on the staff page (each change
audited; an unknown e-mail, someone already on it, a closed account, the last organiser of an
event held by a school, each refused with its reason), the creator of a school's or an
association's event its first staff organiser, and cancelling an event audited and told once to
everyone registered and to the staff."""

from datetime import timedelta
from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from ortaq.core.errors import DomainError, NotAllowed
from ortaq.core.models import AuditAction, AuditEvent
from ortaq.events import services, staff, tasks
from ortaq.events.choices import OrganiserKind, RegistrationStatus, StaffRole
from ortaq.events.models import Registration, Staff
from ortaq.testing.factories import make_event, make_user
from ortaq.testing.refusals import assert_refused

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def tasks_at_once(monkeypatch: pytest.MonkeyPatch) -> None:
    from django.db import transaction

    monkeypatch.setattr(transaction, "on_commit", lambda run, *a, **k: run())


def as_(user: Any) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def school_event(people: dict[str, Any]) -> Any:
    """A seminar the school's head creates for her school: she is its first staff organiser."""
    start = timezone.now() + timedelta(days=10)
    return services.event_create(
        actor=people["principal"],
        organiser=services.Organiser(OrganiserKind.SCHOOL, school=people["school"]),
        data={
            "kind": "seminar",
            "title_kk": "Мектеп семинары",
            "starts_at": start,
            "ends_at": start + timedelta(hours=2),
            "mode": "online",
            "languages": ["kk"],
        },
    )


def acts(action: str) -> list[tuple[int | None, int | None, str]]:
    return list(
        AuditEvent.objects.filter(action=action)
        .order_by("pk")
        .values_list("actor_id", "person_id", "object_label")
    )


def test_the_creator_of_a_schools_event_is_its_first_staff_organiser(
    people: dict[str, Any],
) -> None:
    event = school_event(people)
    (row,) = Staff.objects.filter(event=event)
    assert (row.user, row.role) == (people["principal"], StaffRole.ORGANISER)
    principal = people["principal"].pk
    assert acts(AuditAction.EVENT_STAFF_ADD) == [(principal, principal, event.slug)]
    # Held in her own name, an event needs no staff: she is its organiser.
    mine = make_event(organiser=people["trainer"])
    assert not Staff.objects.filter(event=mine).exists()


def test_staff_are_added_and_removed_audited_and_a_staff_organiser_runs_the_event(
    people: dict[str, Any],
) -> None:
    event = school_event(people)
    helper = make_user()
    assert not helper.has_perm("events.change_event", event)
    staff.staff_add(actor=people["principal"], event=event, person=helper, role=StaffRole.ORGANISER)
    assert helper.has_perm("events.change_event", event)
    # She may now add a moderator herself.
    moderator = make_user()
    staff.staff_add(actor=helper, event=event, person=moderator, role=StaffRole.MODERATOR)
    # A moderator is named on the event; she does not run it.
    assert not moderator.has_perm("events.change_event", event)
    listed = [(r.user, r.role) for r in staff.staff_of(event)]
    assert listed[-1] == (moderator, StaffRole.MODERATOR)
    assert set(listed[:2]) == {
        (people["principal"], StaffRole.ORGANISER),
        (helper, StaffRole.ORGANISER),
    }
    row = Staff.objects.get(event=event, user=moderator)
    staff.staff_remove(actor=people["principal"], staff=row)
    assert not Staff.objects.filter(user=moderator).exists()
    staff.staff_remove(actor=people["principal"], staff=row)  # again: nothing more
    assert acts(AuditAction.EVENT_STAFF_REMOVE) == [
        (people["principal"].pk, moderator.pk, event.slug)
    ]
    assert len(acts(AuditAction.EVENT_STAFF_ADD)) == 3


def test_staff_changes_are_refused_with_their_reasons(people: dict[str, Any]) -> None:
    event = school_event(people)
    principal = people["principal"]
    with pytest.raises(NotAllowed):
        staff.staff_add(
            actor=people["teacher"], event=event, person=people["teacher"], role="organiser"
        )
    with translation.override("en"), pytest.raises(DomainError, match="already an organiser"):
        staff.staff_add(actor=principal, event=event, person=principal, role="organiser")
    closed = make_user(is_active=False)
    with pytest.raises(DomainError, match="no longer active"):
        staff.staff_add(actor=principal, event=event, person=closed, role="chair")
    # The last staff organiser of a school's event stays until another is added.
    (only,) = Staff.objects.filter(event=event)
    with translation.override("en"), pytest.raises(DomainError) as refused:
        staff.staff_remove(actor=principal, staff=only)
    assert refused.value.code == "last_organiser"
    colleague = make_user()
    staff.staff_add(actor=principal, event=event, person=colleague, role="organiser")
    staff.staff_remove(actor=principal, staff=only)
    assert list(Staff.objects.filter(event=event).values_list("user", flat=True)) == [colleague.pk]
    # Held in her own name: she runs it already, and her staff organisers may all leave.
    mine = make_event(organiser=people["trainer"])
    with pytest.raises(DomainError, match="in her own name"):
        staff.staff_add(
            actor=people["trainer"], event=mine, person=people["trainer"], role="organiser"
        )
    row = staff.staff_add(actor=people["trainer"], event=mine, person=colleague, role="organiser")
    staff.staff_remove(actor=people["trainer"], staff=row)
    services.event_cancel(actor=people["trainer"], event=mine, reason="Болмайды")
    with pytest.raises(DomainError, match="cancelled"):
        staff.staff_add(actor=people["trainer"], event=mine, person=colleague, role="chair")


def test_the_staff_page_for_those_who_run_the_event(people: dict[str, Any]) -> None:
    event = school_event(people)
    url = reverse("events:staff", args=[event.slug])
    assert_refused(as_(None).get(url), as_="visitor")
    assert_refused(as_(people["teacher"]).get(url), as_="outsider")  # a draft: 404
    services.event_publish(actor=people["principal"], event=event)
    assert_refused(as_(people["teacher"]).get(url), as_="onlooker")
    client = as_(people["principal"])
    with translation.override("en"):
        page = client.get(url)
        event_page = client.get(reverse("events:event", args=[event.slug]))
    assert page.status_code == 200 and people["principal"].email in page.text
    assert url in event_page.text
    # An unknown e-mail: the form says so, nothing is added.
    with translation.override("en"):
        unknown = client.post(url, {"email": "nobody@example.kz", "role": "moderator"})
    assert unknown.status_code == 400 and "No active account has this e-mail" in unknown.text
    chair = make_user(email="chair@example.kz")
    done = client.post(url, {"email": "CHAIR@example.kz", "role": "chair"})
    assert done.status_code == 302
    assert Staff.objects.filter(event=event, user=chair, role="chair").exists()
    with translation.override("en"):
        again = client.post(url, {"email": "chair@example.kz", "role": "chair"})
    assert again.status_code == 400 and "already a chair" in again.text
    assert Staff.objects.filter(event=event, user=chair).count() == 1
    row = Staff.objects.get(event=event, user=chair)
    assert client.post(url, {"remove": row.pk}).status_code == 302
    assert client.post(url, {"remove": row.pk}).status_code == 302  # twice: said, no error
    assert not Staff.objects.filter(event=event, user=chair).exists()
    # The last organiser: refused with its reason, shown on the page she is sent back to.
    (last,) = Staff.objects.filter(event=event)
    with translation.override("en"):
        kept = client.post(url, {"remove": last.pk}, follow=True)
    assert "keeps at least one organiser" in kept.text and Staff.objects.filter(pk=last.pk)
    # A staff organiser who takes herself off is sent to the event's page.
    helper = make_user()
    staff.staff_add(actor=people["principal"], event=event, person=helper, role="organiser")
    own = Staff.objects.get(event=event, user=helper)
    gone = as_(helper).post(url, {"remove": own.pk})
    assert gone["Location"].endswith(reverse("events:event", args=[event.slug]))


def test_cancelling_is_audited_and_tells_the_registered_and_the_staff_once(
    people: dict[str, Any],
) -> None:
    event = make_event(organiser=people["trainer"], capacity=1)
    services.registration_register(actor=people["teacher"], event=event)
    services.registration_register(actor=people["far_teacher"], event=event)  # waiting
    gone = make_user()
    Registration.objects.create(event=event, user=gone, status=RegistrationStatus.CANCELLED)
    moderator = make_user()
    staff.staff_add(actor=people["trainer"], event=event, person=moderator, role="moderator")
    mail.outbox.clear()
    services.event_cancel(actor=people["trainer"], event=event, reason="Карантин")
    told = sorted(m.to[0] for m in mail.outbox)
    assert told == sorted([people["teacher"].email, people["far_teacher"].email, moderator.email])
    (audit,) = AuditEvent.objects.filter(action=AuditAction.EVENT_CANCEL)
    assert (audit.actor, audit.reason, audit.object_label) == (
        people["trainer"],
        "Карантин",
        event.slug,
    )
    assert audit.details == {"registrations": 2, "was_published": True}
    # The task run again (a retry) tells nobody twice; cancelling again records nothing.
    assert tasks.send_cancelled.call(event.pk) == 0
    services.event_cancel(actor=people["trainer"], event=event, reason="Қайта")
    assert len(mail.outbox) == 3
    assert AuditEvent.objects.filter(action=AuditAction.EVENT_CANCEL).count() == 1
