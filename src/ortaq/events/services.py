"""Creating, publishing and cancelling events; registering, the waiting list and its offers;
the personal join link (decision 0023).

Every change to who holds a seat of an event takes the event's row lock first
(``select_for_update(of=("self",))``), so that concurrent registrations for the last seat
give exactly one seat, and a seat freed is offered exactly once. E-mails leave after the
commit, from ``events.tasks`` (queued by name: services never import tasks).
"""

import re
import secrets
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db import connection, transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from ortaq.accounts.models import User
from ortaq.core.audit import audit_record
from ortaq.core.background import enqueue_on_commit
from ortaq.core.errors import DomainError, NotAllowed
from ortaq.core.models import AuditAction
from ortaq.core.roles import COUNTRY, Role, ScopeKind, holds_anywhere, scopes_where
from ortaq.core.visibility import is_signed_in, role_over_q
from ortaq.events.choices import (
    LANGUAGE_CODES,
    SEAT_HOLDING,
    AttendanceSource,
    EventStatus,
    Mode,
    OrganiserKind,
    QuestionKind,
    RegistrationRole,
    RegistrationStatus,
    StaffRole,
)
from ortaq.events.models import (
    MAX_ATTENDANCE_MINUTES,
    SLUG_LENGTH,
    Answer,
    Attendance,
    Event,
    Question,
    Registration,
    split_join_token,
)
from ortaq.events.permissions import PERSONAL_ORGANISERS
from ortaq.events.staff import staff_place
from ortaq.networks.models import Association
from ortaq.schools.models import KEEPERS, SCHOOL_PLACES, District, Region, School

# Who speaks for a methodological office: methodologists held at its region (or district),
# or above, and administrators.
OFFICE_HOLDERS = (Role.COORDINATOR, Role.ADMIN)
TEXT_FIELDS = (
    "title_kk",
    "title_ru",
    "title_en",
    "description_kk",
    "description_ru",
    "description_en",
    "audience_kk",
    "audience_ru",
    "audience_en",
    "outcome_kk",
    "outcome_ru",
    "outcome_en",
)
DETAIL_FIELDS = (
    "kind",
    "starts_at",
    "ends_at",
    "mode",
    "venue",
    "online_url",
    "languages",
    "capacity",
    "registration_opens_at",
    "registration_closes_at",
    "offer_hours",
    "audience_region",
    "audience_small_scale",
    "hours",
    "attendance_minutes",
)


# --- Who may organise, and in whose name --------------------------------------------------


@dataclass
class OrganiserChoices:
    """The organisers a person may hold an event as: herself, schools, associations, and
    methodological offices of regions and districts. Querysets, read when a form lists them."""

    person: bool
    schools: QuerySet[School]
    associations: QuerySet[Association]
    regions: QuerySet[Region]
    districts: QuerySet[District]

    def kinds(self) -> list[str]:
        kinds: list[str] = []
        if self.person:
            kinds.append(OrganiserKind.PERSON)
        if self.schools.exists():
            kinds.append(OrganiserKind.SCHOOL)
        if self.associations.exists():
            kinds.append(OrganiserKind.ASSOCIATION)
        if self.regions.exists() or self.districts.exists():
            kinds.append(OrganiserKind.OFFICE)
        return kinds


def organiser_choices_for(user: User | AnonymousUser) -> OrganiserChoices:
    """What ``user`` may organise an event as: in her own name when she holds a role that runs
    things (``PERSONAL_ORGANISERS``); for the schools she keeps (a school head's school, a
    methodologist's region or district, all for an administrator); for the associations she
    runs; for the methodological office of the regions and districts where she is a
    methodologist (or all, as an administrator)."""
    if not is_signed_in(user):
        return OrganiserChoices(
            False,
            School.objects.none(),
            Association.objects.none(),
            Region.objects.none(),
            District.objects.none(),
        )
    scopes = scopes_where(user, OFFICE_HOLDERS)
    if COUNTRY in scopes:
        regions = Region.objects.all()
        districts = District.objects.all()
    else:
        region_ids = [int(s.key) for s in scopes if s.kind == ScopeKind.REGION]
        district_ids = [int(s.key) for s in scopes if s.kind == ScopeKind.DISTRICT]
        regions = Region.objects.filter(pk__in=region_ids)
        districts = District.objects.filter(pk__in=district_ids) | District.objects.filter(
            region_id__in=region_ids
        )
    return OrganiserChoices(
        person=holds_anywhere(user, PERSONAL_ORGANISERS),
        schools=School.objects.filter(role_over_q(user, KEEPERS, SCHOOL_PLACES)),
        associations=Association.objects.run_by(user),
        regions=regions,
        districts=districts,
    )


@dataclass(frozen=True)
class Organiser:
    """Who holds an event: ``kind`` and its row (a school, an association), or the office's
    region and district; a person is the one who creates it."""

    kind: str
    school: School | None = None
    association: Association | None = None
    region: Region | None = None
    district: District | None = None


def _check_organiser(actor: User, organiser: Organiser) -> None:
    choices = organiser_choices_for(actor)
    allowed = False
    if organiser.kind == OrganiserKind.PERSON:
        allowed = choices.person
    elif organiser.kind == OrganiserKind.SCHOOL and organiser.school is not None:
        allowed = choices.schools.filter(pk=organiser.school.pk).exists()
    elif organiser.kind == OrganiserKind.ASSOCIATION and organiser.association is not None:
        allowed = choices.associations.filter(pk=organiser.association.pk).exists()
    elif organiser.kind == OrganiserKind.OFFICE and organiser.region is not None:
        if organiser.district is not None:
            allowed = (
                organiser.district.region_id == organiser.region.pk
                and choices.districts.filter(pk=organiser.district.pk).exists()
            )
        else:
            allowed = choices.regions.filter(pk=organiser.region.pk).exists()
    if not allowed:
        raise NotAllowed(_("You may not hold an event in this organiser's name."))


def _place_of(actor: User, organiser: Organiser) -> tuple[int | None, int | None]:
    """The event's region and district: its organiser's, or the organising person's school's."""
    if organiser.kind == OrganiserKind.SCHOOL and organiser.school is not None:
        return organiser.school.region_id, organiser.school.district_id
    if organiser.kind == OrganiserKind.ASSOCIATION and organiser.association is not None:
        return organiser.association.region_id, None
    if organiser.kind == OrganiserKind.OFFICE and organiser.region is not None:
        return organiser.region.pk, organiser.district.pk if organiser.district else None
    profile = getattr(actor, "profile", None)
    school = getattr(profile, "school", None) if profile is not None else None
    if school is not None:
        return school.region_id, school.district_id
    return None, None


# --- Events -------------------------------------------------------------------------------


def _new_slug(data: dict[str, Any]) -> str:
    title = data.get("title_en") or data.get("title_ru") or data.get("title_kk") or ""
    base = slugify(title)[:50].strip("-")
    if not re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", base or "-"):
        base = ""
    start: datetime | None = data.get("starts_at")
    if base:
        stem = base
    elif start is not None:
        stem = f"{data.get('kind', 'event')}-{start:%Y-%m-%d}"
    else:
        stem = "event"
    stem = stem.replace("_", "-")[: SLUG_LENGTH - 7]
    slug = stem
    while Event.objects.filter(slug=slug).exists():
        slug = f"{stem}-{secrets.token_hex(3)}"
    return slug


def _clean_data(data: dict[str, Any]) -> dict[str, Any]:
    unknown = set(data) - set(TEXT_FIELDS) - set(DETAIL_FIELDS)
    if unknown:
        raise ValueError(f"not fields of an event: {sorted(unknown)}")
    cleaned = dict(data)
    for name in TEXT_FIELDS:
        if name in cleaned:
            cleaned[name] = (cleaned[name] or "").strip()
    if "languages" in cleaned:
        languages = cleaned["languages"]
        if isinstance(languages, str):
            languages = languages.split()
        cleaned["languages"] = " ".join(c for c in LANGUAGE_CODES if c in set(languages))
    return cleaned


def _validate(event: Event) -> None:
    if not (event.title_kk or event.title_ru or event.title_en):
        raise DomainError(_("Give the event's title in at least one language."), code="title")
    if event.ends_at < event.starts_at:
        raise DomainError(_("The event cannot end before it starts."), code="ends_at")
    if event.mode in (Mode.IN_PERSON, Mode.BOTH) and not event.venue:
        raise DomainError(_("Say where the event is held."), code="venue")
    if not event.languages:
        raise DomainError(_("Choose at least one language of the event."), code="languages")
    if not 0 <= event.attendance_minutes <= MAX_ATTENDANCE_MINUTES:
        raise DomainError(
            _("The minutes that count as attended must be from 0 to %(most)s.")
            % {"most": MAX_ATTENDANCE_MINUTES},
            code="attendance_minutes",
        )
    opens, closes = event.registration_opens_at, event.registration_closes_at
    if opens and closes and closes < opens:
        raise DomainError(
            _("Registration cannot close before it opens."), code="registration_closes_at"
        )


@transaction.atomic
def event_create(*, actor: User, organiser: Organiser, data: dict[str, Any]) -> Event:
    """Create a draft event held by ``organiser`` (one of her organiser choices), with her as
    its creator. ``data`` holds the fields of ``TEXT_FIELDS`` and ``DETAIL_FIELDS``."""
    _check_organiser(actor, organiser)
    cleaned = _clean_data(data)
    region_id, district_id = _place_of(actor, organiser)
    event = Event(
        slug=_new_slug(cleaned),
        organiser_kind=organiser.kind,
        organiser_person=actor if organiser.kind == OrganiserKind.PERSON else None,
        organiser_school=organiser.school if organiser.kind == OrganiserKind.SCHOOL else None,
        organiser_association=(
            organiser.association if organiser.kind == OrganiserKind.ASSOCIATION else None
        ),
        region_id=region_id,
        district_id=district_id,
        created_by=actor,
        **cleaned,
    )
    _validate(event)
    event.save()
    if organiser.kind != OrganiserKind.PERSON:
        # A person answers for an event held by a school, an association or an office: its
        # creator, its first staff organiser (``events.staff``).
        staff_place(actor=actor, event=event, person=actor, role=StaffRole.ORGANISER)
    return event


@transaction.atomic
def event_update(*, actor: User, event: Event, data: dict[str, Any]) -> Event:
    """Change an event's texts and details (not its organiser, nor its address)."""
    if not actor.has_perm("events.change_event", event):
        raise NotAllowed(_("You may not change this event."))
    cleaned = _clean_data(data)
    locked = Event.objects.select_for_update(of=("self",)).get(pk=event.pk)
    if locked.status == EventStatus.CANCELLED:
        raise DomainError(_("The event is cancelled: it can no longer be changed."), code="state")
    old_capacity = locked.capacity
    for name, value in cleaned.items():
        setattr(locked, name, value)
    _validate(locked)
    locked.save()
    if locked.capacity is None or (old_capacity is not None and locked.capacity > old_capacity):
        _offer_free_seats(locked)
    return locked


@transaction.atomic
def event_publish(*, actor: User, event: Event) -> Event:
    """Publish a draft: its page, the calendar and its feed show it, and people may register."""
    if not actor.has_perm("events.change_event", event):
        raise NotAllowed(_("You may not publish this event."))
    locked = Event.objects.select_for_update(of=("self",)).get(pk=event.pk)
    if locked.status == EventStatus.CANCELLED:
        raise DomainError(_("A cancelled event cannot be published again."), code="state")
    if locked.status != EventStatus.PUBLISHED:
        _validate(locked)
        locked.status = EventStatus.PUBLISHED
        locked.published_at = timezone.now()
        locked.save(update_fields=["status", "published_at", "updated_at"])
    return locked


@transaction.atomic
def event_cancel(*, actor: User, event: Event, reason: str) -> Event:
    """Cancel an event with a reason (audited: it undoes what hundreds may have planned);
    everyone registered, waiting or offered a seat, and its staff, are told by e-mail once it
    was published. Cancelling it again changes nothing."""
    if not actor.has_perm("events.change_event", event):
        raise NotAllowed(_("You may not cancel this event."))
    reason = reason.strip()
    if not reason:
        raise DomainError(_("Say why the event is cancelled."), code="reason_required")
    locked = Event.objects.select_for_update(of=("self",)).get(pk=event.pk)
    if locked.status == EventStatus.CANCELLED:
        return locked
    was_published = locked.status == EventStatus.PUBLISHED
    locked.status = EventStatus.CANCELLED
    locked.cancelled_at = timezone.now()
    locked.cancel_reason = reason[:500]
    locked.save(update_fields=["status", "cancelled_at", "cancel_reason", "updated_at"])
    holding = Registration.objects.filter(
        event=locked,
        status__in=[*SEAT_HOLDING, RegistrationStatus.WAITING],
    ).count()
    audit_record(
        actor=actor,
        action=AuditAction.EVENT_CANCEL,
        target=locked,
        label=locked.slug,
        reason=locked.cancel_reason,
        registrations=holding,
        was_published=was_published,
    )
    if was_published:
        enqueue_on_commit("ortaq.events.tasks.send_cancelled", locked.pk)
    return locked


# --- Registration questions ---------------------------------------------------------------


@transaction.atomic
def question_add(
    *, actor: User, event: Event, text: str, kind: str, choices: str = "", required: bool = False
) -> Question:
    """Add a question to the event's registration form."""
    if not actor.has_perm("events.change_event", event):
        raise NotAllowed(_("You may not change this event."))
    text = text.strip()
    if not text:
        raise DomainError(_("Write the question."), code="text")
    question = Question(event=event, text=text[:300], kind=kind, choices=choices.strip())
    question.required = required
    if kind == QuestionKind.CHOICE and len(question.choice_list()) < 2:
        raise DomainError(_("Give at least two choices, one a line."), code="choices")
    last = event.questions.order_by("-order").values_list("order", flat=True).first()
    question.order = (last or 0) + 1
    question.save()
    return question


@transaction.atomic
def question_remove(*, actor: User, question: Question) -> None:
    """Take a question off the form; the answers already given to it go with it."""
    if not actor.has_perm("events.change_event", question.event):
        raise NotAllowed(_("You may not change this event."))
    question.delete()


# --- Registration, the waiting list and offers --------------------------------------------


@dataclass
class Outcome:
    """What registering did: ``registration`` as it now is, and whether anything changed."""

    registration: Registration
    changed: bool
    notes: list[str] = field(default_factory=list)


def _check_answers(
    event: Event, answers: dict[int, str], questions: list[Question] | None
) -> dict[int, str]:
    found: dict[int, str] = {}
    for question in questions if questions is not None else event.questions.all():
        value = (answers.get(question.pk) or "").strip()
        if question.kind == QuestionKind.CHOICE and value and value not in question.choice_list():
            raise DomainError(
                _("Choose one of the answers offered to “%(question)s”.")
                % {"question": question.text},
                code="answers",
            )
        if question.kind == QuestionKind.YES_NO and value not in ("", "yes", "no"):
            raise DomainError(
                _("Answer “%(question)s” with yes or no.") % {"question": question.text},
                code="answers",
            )
        if question.required and not value:
            raise DomainError(
                _("Answer the question “%(question)s”.") % {"question": question.text},
                code="answers",
            )
        found[question.pk] = value[:1000]
    return found


COUNTS_SQL = """
    SELECT
        COALESCE(SUM(CASE WHEN status IN (%s, %s) THEN 1 ELSE 0 END), 0),
        COALESCE(SUM(CASE WHEN status = %s THEN 1 ELSE 0 END), 0),
        COALESCE(SUM(CASE WHEN status = %s AND offer_expires_at < %s THEN 1 ELSE 0 END), 0)
    FROM events_registration WHERE event_id = %s
"""


def _counts(event: Event, now: datetime) -> dict[str, int]:
    """Seats held, people waiting, offers lapsed by ``now``: one query, written out because it
    runs while the event's row is locked, where compiling the ORM's aggregate took longer
    than the query (every registration of the event waits for it)."""
    params: list[str | int | datetime] = [
        *(str(status) for status in SEAT_HOLDING),
        str(RegistrationStatus.WAITING),
        str(RegistrationStatus.OFFERED),
        now,
        event.pk,
    ]
    with connection.cursor() as cursor:
        cursor.execute(COUNTS_SQL, params)
        taken, waiting, lapsed = cursor.fetchone()
    return {"taken": int(taken), "waiting": int(waiting), "lapsed": int(lapsed)}


def _seats_taken(event: Event) -> int:
    return Registration.objects.filter(event=event).holding_seats().count()


def _lock(event: Event) -> Event:
    return Event.objects.select_for_update(of=("self",)).get(pk=event.pk)


def registration_register(
    *,
    actor: User,
    event: Event,
    answers: dict[int, str] | None = None,
    role: str = RegistrationRole.PARTICIPANT,
    now: datetime | None = None,
    questions: list[Question] | None = None,
) -> Outcome:
    """Register ``actor`` for ``event``: a seat while there is one, else the waiting list.

    Registering again while registered, waiting or offered a seat changes nothing and says so
    (``Outcome.changed`` is false); after cancelling, she registers anew (at the end of the
    waiting list if the event is full). The event's row is locked, so concurrent registrations
    for the last seat give it to exactly one. ``questions``: the event's, when the caller has
    read them already.
    """
    if not actor.has_perm("events.register", event):
        raise NotAllowed(_("You may not register for this event."))
    now = now or timezone.now()
    with transaction.atomic():
        locked = _lock(event)
        if locked.status != EventStatus.PUBLISHED:
            raise DomainError(_("This event is not open for registration."), code="closed")
        existing = Registration.objects.filter(event=locked, user=actor).first()
        if existing is not None and existing.status != RegistrationStatus.CANCELLED:
            return Outcome(existing, changed=False)
        if not locked.registration_open_at(now):
            if locked.registration_opens_at and now < locked.registration_opens_at:
                raise DomainError(_("Registration has not opened yet."), code="not_open")
            raise DomainError(_("Registration is closed."), code="closed")
        given = _check_answers(locked, answers or {}, questions)
        # Seats held, whether anyone waits (nobody jumps the queue) and whether an offer
        # lapsed (then counted again, without it), in one query.
        counts = _counts(locked, now)
        if counts["lapsed"]:
            _expire_offers(locked, now)
            counts = _counts(locked, now)
        full = locked.capacity is not None and counts["taken"] >= locked.capacity
        queue = counts["waiting"] > 0
        status = RegistrationStatus.WAITING if full or queue else RegistrationStatus.REGISTERED
        registration = existing or Registration(event=locked, user=actor)
        registration.role = role
        registration.status = status
        registration.waiting_since = now if status == RegistrationStatus.WAITING else None
        registration.offered_at = registration.offer_expires_at = None
        registration.cancelled_at = None
        registration.save()
        if given:
            Answer.objects.filter(registration=registration).delete()
            Answer.objects.bulk_create(
                Answer(registration=registration, question_id=pk, value=value)
                for pk, value in given.items()
            )
        if status == RegistrationStatus.WAITING and not full:
            _offer_free_seats(locked, now)
            registration.refresh_from_db()
        mail = "registered" if registration.status == RegistrationStatus.REGISTERED else "waiting"
        if registration.status == RegistrationStatus.OFFERED:
            mail = "offered"
        enqueue_on_commit("ortaq.events.tasks.send_registration_mail", registration.pk, mail)
    return Outcome(registration, changed=True)


def _offer_free_seats(event: Event, now: datetime | None = None) -> list[Registration]:
    """Offer each free seat of ``event`` (locked by the caller) to the next one waiting, for
    the event's ``offer_hours``; each is told by e-mail."""
    now = now or timezone.now()
    if event.status != EventStatus.PUBLISHED or now > event.ends_at:
        return []
    waiting = Registration.objects.filter(event=event).waiting()
    if event.capacity is None:
        offered = list(waiting)
    else:
        free = event.capacity - _seats_taken(event)
        offered = list(waiting[: max(free, 0)])
    expires = min(now + timedelta(hours=event.offer_hours), event.ends_at)
    for registration in offered:
        registration.status = RegistrationStatus.OFFERED
        registration.offered_at = now
        registration.offer_expires_at = expires
        registration.save(update_fields=["status", "offered_at", "offer_expires_at", "updated_at"])
        enqueue_on_commit("ortaq.events.tasks.send_registration_mail", registration.pk, "offered")
    return offered


def _expire_offers(event: Event, now: datetime) -> int:
    """Let the offers of ``event`` (locked by the caller) that expired by ``now`` lapse: their
    people leave the list (they may register again, at its end)."""
    lapsed = Registration.objects.filter(
        event=event, status=RegistrationStatus.OFFERED, offer_expires_at__lt=now
    )
    ids = list(lapsed.values_list("pk", flat=True))
    if ids:
        Registration.objects.filter(pk__in=ids).update(
            status=RegistrationStatus.CANCELLED, cancelled_at=now, updated_at=now
        )
        for pk in ids:
            enqueue_on_commit("ortaq.events.tasks.send_registration_mail", pk, "lapsed")
    return len(ids)


def registration_cancel(
    *, actor: User, registration: Registration, now: datetime | None = None
) -> Registration:
    """Cancel her registration (or her place on the waiting list, or an offer she does not
    take); a seat it frees is offered to the next one waiting. Cancelling again changes
    nothing."""
    if registration.user_id != actor.pk and not actor.has_perm(
        "events.change_event", registration.event
    ):
        raise NotAllowed(_("You may not cancel this registration."))
    now = now or timezone.now()
    with transaction.atomic():
        locked = _lock(registration.event)
        current = Registration.objects.get(pk=registration.pk)
        if current.status == RegistrationStatus.CANCELLED:
            return current
        frees = current.status in (RegistrationStatus.REGISTERED, RegistrationStatus.OFFERED)
        current.status = RegistrationStatus.CANCELLED
        current.cancelled_at = now
        current.offered_at = current.offer_expires_at = None
        current.save(
            update_fields=[
                "status",
                "cancelled_at",
                "offered_at",
                "offer_expires_at",
                "updated_at",
            ]
        )
        if frees:
            _expire_offers(locked, now)
            _offer_free_seats(locked, now)
    return current


def offer_accept(
    *, actor: User, registration: Registration, now: datetime | None = None
) -> Registration:
    """Take the seat offered to her, before the offer expires."""
    if registration.user_id != actor.pk:
        raise NotAllowed(_("This offer is not yours."))
    now = now or timezone.now()
    with transaction.atomic():
        locked = _lock(registration.event)
        current = Registration.objects.get(pk=registration.pk)
        if current.status == RegistrationStatus.REGISTERED:
            return current
        if current.status != RegistrationStatus.OFFERED:
            raise DomainError(_("No seat is offered to you for this event."), code="no_offer")
        expired = current.offer_expires_at is not None and current.offer_expires_at < now
        if expired:
            # The lapse is kept (committed) before she is told.
            _expire_offers(locked, now)
            _offer_free_seats(locked, now)
        else:
            current.status = RegistrationStatus.REGISTERED
            current.offered_at = current.offer_expires_at = None
            current.save(update_fields=["status", "offered_at", "offer_expires_at", "updated_at"])
            enqueue_on_commit("ortaq.events.tasks.send_registration_mail", current.pk, "registered")
    if expired:
        raise DomainError(
            _("Your offer expired and the seat passed to the next person waiting."),
            code="expired",
        )
    return current


def offers_sweep(*, now: datetime | None = None) -> int:
    """Let every expired offer lapse and pass its seat on; the periodic task's work (a page
    that reads an event sweeps its own offers too). Return how many lapsed."""
    now = now or timezone.now()
    event_ids = set(
        Registration.objects.filter(
            status=RegistrationStatus.OFFERED, offer_expires_at__lt=now
        ).values_list("event_id", flat=True)
    )
    lapsed = 0
    for event_id in sorted(event_ids):
        with transaction.atomic():
            locked = Event.objects.select_for_update(of=("self",)).get(pk=event_id)
            count = _expire_offers(locked, now)
            if count:
                _offer_free_seats(locked, now)
            lapsed += count
    return lapsed


def event_sweep(*, event: Event, now: datetime | None = None) -> None:
    """Let the event's expired offers lapse (a page reading it), without waiting for the
    periodic sweep; costs one query when nothing expired."""
    now = now or timezone.now()
    if Registration.objects.filter(
        event=event, status=RegistrationStatus.OFFERED, offer_expires_at__lt=now
    ).exists():
        with transaction.atomic():
            locked = _lock(event)
            if _expire_offers(locked, now):
                _offer_free_seats(locked, now)


def reminders_due(*, now: datetime | None = None, ahead: timedelta = timedelta(hours=24)) -> int:
    """Queue a reminder to each person registered for an event that starts within ``ahead``,
    once. Return how many were queued."""
    now = now or timezone.now()
    due = Registration.objects.filter(
        status=RegistrationStatus.REGISTERED,
        reminded_at__isnull=True,
        event__status=EventStatus.PUBLISHED,
        event__starts_at__gt=now,
        event__starts_at__lte=now + ahead,
    )
    ids = list(due.values_list("pk", flat=True)[:5000])
    with transaction.atomic():
        Registration.objects.filter(pk__in=ids).update(reminded_at=now)
        for pk in ids:
            enqueue_on_commit("ortaq.events.tasks.send_registration_mail", pk, "reminder")
    return len(ids)


# --- The personal join link ---------------------------------------------------------------


def minutes_online_from(event: Event, joined_at: datetime) -> int:
    """The whole minutes she can be present online when she joins at ``joined_at``: from then
    (or the start, if she came early) to the event's end."""
    since = max(joined_at, event.starts_at)
    return max(int((event.ends_at - since).total_seconds() // 60), 0)


def join_link_follow(*, token: str, now: datetime | None = None) -> str:
    """The online meeting's address for the registered person whose personal join token this
    is; ``DomainError`` when the token is not a live one.

    Her attendance is recorded (once, by her first join that counts) when the minutes from her
    joining to the end (``minutes_online_from``) reach the event's ``attendance_minutes``, as a
    video-conference report's row would: joining in its last minutes opens the meeting but is
    not attendance."""
    key = split_join_token(token)
    registration = (
        Registration.objects.select_related("event").filter(join_key=key).first() if key else None
    )
    if registration is None:
        raise DomainError(_("This join link is not valid."), code="invalid_link")
    event = registration.event
    if registration.status != RegistrationStatus.REGISTERED:
        raise DomainError(
            _("Your registration for this event is not confirmed: the link does not open."),
            code="not_registered",
        )
    if event.status != EventStatus.PUBLISHED or not event.online_url:
        raise DomainError(_("This event has no online meeting to join."), code="no_meeting")
    now = now or timezone.now()
    if now < event.starts_at - timedelta(hours=1) or now > event.ends_at:
        raise DomainError(
            _("The online meeting opens an hour before the event starts."), code="not_yet"
        )
    minutes = minutes_online_from(event, now)
    if minutes >= event.attendance_minutes:
        Attendance.objects.get_or_create(
            event=event,
            user_id=registration.user_id,
            defaults={"source": AttendanceSource.JOIN_LINK, "minutes": minutes},
        )
    return event.online_url


def event_slug_of_token(token: str) -> str:
    """The address of the event a valid join token is for, else an empty string."""
    key = split_join_token(token)
    if not key:
        return ""
    return (
        Registration.objects.filter(join_key=key).values_list("event__slug", flat=True).first()
        or ""
    )


def registration_of(user: User | AnonymousUser, event: Event) -> Registration | None:
    """Her registration for ``event`` (cancelled or not), or None."""
    if not is_signed_in(user):
        return None
    return Registration.objects.filter(event=event, user_id=user.pk).first()


# --- People the organisers place: speakers, poster presenters, chairs ----------------------


def registration_place(
    *, actor: User, event: Event, user: User, role: str, now: datetime | None = None
) -> Registration:
    """Register ``user`` in ``role`` (speaker, poster presenter, chair) because the organisers
    gave her a part in the programme: she holds a seat even past capacity (she is part of the
    event, not a listener), nobody already registered loses one, and she never waits. An
    existing registration keeps its row: a waiting or offered one becomes registered, and a
    participant's role becomes ``role``. Her confirmation e-mail is sent as for anyone."""
    if not actor.has_perm("events.change_event", event):
        raise NotAllowed(_("You may not change this event."))
    now = now or timezone.now()
    with transaction.atomic():
        locked = _lock(event)
        if locked.status != EventStatus.PUBLISHED:
            raise DomainError(_("This event is not open for registration."), code="closed")
        registration = Registration.objects.filter(event=locked, user=user).first()
        if registration is not None and registration.status == RegistrationStatus.REGISTERED:
            if registration.role == RegistrationRole.PARTICIPANT and role != registration.role:
                registration.role = role
                registration.save(update_fields=["role", "updated_at"])
            return registration
        registration = registration or Registration(event=locked, user=user)
        registration.role = role
        registration.status = RegistrationStatus.REGISTERED
        registration.waiting_since = registration.offered_at = None
        registration.offer_expires_at = registration.cancelled_at = None
        registration.save()
        enqueue_on_commit(
            "ortaq.events.tasks.send_registration_mail", registration.pk, "registered"
        )
    return registration
