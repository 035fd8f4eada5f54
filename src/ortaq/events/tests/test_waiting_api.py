"""A seat offered to her from the waiting list waits for her in the API, as on her page."""

from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from ortaq.events.choices import RegistrationStatus
from ortaq.events.models import Registration
from ortaq.testing.factories import make_event, make_user
from ortaq.testing.http import bearer

pytestmark = pytest.mark.django_db


def test_a_seat_offered_to_her_is_in_what_waits_for_her(people: dict[str, Any]) -> None:
    teacher, other = make_user(), make_user()
    event = make_event(organiser=people["trainer"], capacity=1)
    expires = timezone.now() + timedelta(hours=48)
    Registration.objects.create(
        event=event, user=teacher, status=RegistrationStatus.OFFERED,
        offered_at=timezone.now(), offer_expires_at=expires,
    )  # fmt: skip
    Registration.objects.create(event=event, user=other, status=RegistrationStatus.WAITING)
    mine = Client().get("/api/v1/me/waiting", headers=bearer(teacher)).json()
    assert [(o["event"], o["title"]) for o in mine["seats_offered"]] == [(event.slug, event.title)]
    theirs = Client().get("/api/v1/me/waiting", headers=bearer(other)).json()
    assert theirs["seats_offered"] == []
