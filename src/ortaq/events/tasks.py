"""The e-mails of events, and the sweep that lets expired offers lapse and sends reminders."""

from datetime import timedelta

from django.db.models import Q
from django.tasks import task
from django.utils import timezone

from ortaq.accounts.models import User
from ortaq.core.mail import send_once
from ortaq.events import notices, services
from ortaq.events.choices import RegistrationStatus
from ortaq.events.models import Event, Registration, Team

SWEEP = timedelta(minutes=5)
# The status a registration must still have for each e-mail to be sent.
STILL = {
    "registered": RegistrationStatus.REGISTERED,
    "waiting": RegistrationStatus.WAITING,
    "offered": RegistrationStatus.OFFERED,
    "lapsed": RegistrationStatus.CANCELLED,
    "reminder": RegistrationStatus.REGISTERED,
}


@task(queue_name="email")
def send_registration_mail(registration_id: int, kind: str) -> bool:
    """Send her one e-mail about her registration, unless it no longer holds (she cancelled
    meanwhile); an offer is told once per offer, the rest once per change."""
    registration = (
        Registration.objects.select_related("event", "user")
        .filter(pk=registration_id, user__is_active=True)
        .first()
    )
    if registration is None or registration.status != STILL.get(kind):
        return False
    stamp = registration.offered_at if kind == "offered" else registration.updated_at
    key = f"events.{kind}:{registration.pk}:{stamp.isoformat() if stamp else ''}"
    return send_once(key, notices.registration_mail(registration, kind))


@task(queue_name="email")
def send_team_decided(team_id: int, status: str) -> int:
    """Tell a school team's leading teachers whether it is accepted or declined, unless that
    changed since; each once per decision. Returns how many e-mails went."""
    team = Team.objects.select_related("event").filter(pk=team_id).first()
    if team is None or team.status != status:
        return 0
    stamp = team.updated_at.isoformat()
    sent = 0
    for person in team.teachers.filter(is_active=True).order_by("pk"):
        key = f"events.team:{team.pk}:{status}:{stamp}:{person.pk}"
        sent += send_once(key, notices.team_decided_mail(team, person))
    return sent


@task(queue_name="email")
def send_cancelled(event_id: int) -> int:
    """Tell everyone registered, waiting or offered a seat, and the event's staff, that the
    event is cancelled: each once, however often the task runs. Returns how many were told."""
    event = Event.objects.filter(pk=event_id).first()
    if event is None or not event.is_cancelled:
        return 0
    registered = Q(
        event_registrations__event=event,
        event_registrations__status__in=[
            RegistrationStatus.REGISTERED,
            RegistrationStatus.WAITING,
            RegistrationStatus.OFFERED,
        ],
    )
    people = User.objects.filter(
        Q(is_active=True) & (registered | Q(event_staff__event=event))
    ).distinct()
    told = 0
    for person in people.order_by("pk"):
        told += send_once(
            f"events.cancelled:{event.pk}:{person.pk}", notices.cancelled_mail(person, event)
        )
    return told


@task()
def sweep_events(reschedule: bool = True) -> int:
    """Let expired offers lapse (each seat passes to the next one waiting) and queue the
    reminders of tomorrow's events; then come back in five minutes."""
    try:
        lapsed = services.offers_sweep()
        services.reminders_due()
        return lapsed
    finally:
        if reschedule and sweep_events.get_backend().supports_defer:
            sweep_events.using(run_after=timezone.now() + SWEEP).enqueue()
