"""After an event (issue 13, decision 0023): slides and posters uploaded, recordings linked, a
short feedback survey, a round table's recommendations published, and certificates.

Certificates go only to those who attended (any record: QR, tick, report, join link), spoke or
presented a poster, organised, moderated or chaired it, or led an accepted school team, each
stating her role and the event's hours. The organiser issues them once the event has ended
(``certificates_issue``, which queues ``events.tasks_after.issue_certificates``); issuing again
gives certificates only to those recorded since: one certificate per person and event, whose
achievement is her ``Registration`` (made, holding no seat, for someone who attended or led a
team without registering).
"""

from dataclasses import dataclass
from datetime import datetime

from django.contrib.auth.models import AnonymousUser
from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from ortaq.accounts.models import User
from ortaq.certificates.models import Certificate
from ortaq.certificates.services import certificate_issue
from ortaq.core.background import enqueue_on_commit
from ortaq.core.errors import DomainError, NotAllowed
from ortaq.core.uploads import DOCUMENT, IMAGE, UploadKind, check_upload
from ortaq.events import permissions_attendance  # noqa: F401 - registers the rules used here
from ortaq.events.choices import (
    EventStatus,
    MaterialKind,
    RegistrationRole,
    RegistrationStatus,
    StaffRole,
    TeamStatus,
)
from ortaq.events.models import (
    Attendance,
    Contribution,
    Event,
    Feedback,
    Material,
    Registration,
    Staff,
    Team,
)

CHANGE = "events.change_event"
# A poster is a picture or a PDF; slides any document (PDF, PowerPoint, OpenDocument…).
POSTER = UploadKind(
    IMAGE.label,
    IMAGE.mime_types | {"application/pdf"},
    20 * 1024 * 1024,
)
UPLOAD_KINDS: dict[str, UploadKind] = {
    MaterialKind.SLIDES: DOCUMENT,
    MaterialKind.POSTER: POSTER,
    MaterialKind.OTHER: DOCUMENT,
}
# The role a certificate states, strongest first: a person with several gets the first.
CERTIFIED_ROLES = (
    RegistrationRole.ORGANISER,
    RegistrationRole.MODERATOR,
    RegistrationRole.CHAIR,
    RegistrationRole.SPEAKER,
    RegistrationRole.POSTER,
    "team",
    RegistrationRole.PARTICIPANT,
)


# --- Materials ----------------------------------------------------------------------------


@transaction.atomic
def material_add(
    *,
    actor: User,
    event: Event,
    kind: str,
    title: str = "",
    upload: UploadedFile[bytes] | None = None,
    url: str = "",
    contribution: Contribution | None = None,
) -> Material:
    """Add slides or a poster (a file, its type told by content and its size checked), or a
    recording (a link). An author adds them to her own contribution; organisers to any."""
    if not actor.has_perm("events.add_material", event):
        raise NotAllowed(_("You may not add materials to this event."))
    if contribution is not None:
        if contribution.event_id != event.pk:
            raise DomainError(_("This contribution is of another event."), code="contribution")
        if (
            not actor.has_perm(CHANGE, event)
            and not contribution.authors.filter(user_id=actor.pk).exists()
        ):
            raise NotAllowed(_("You may add materials only to your own contributions."))
    elif not actor.has_perm(CHANGE, event):
        raise NotAllowed(_("Choose which of your contributions the material belongs to."))
    material = Material(
        event=event,
        contribution=contribution,
        kind=kind,
        title=title.strip()[:300],
        uploaded_by=actor,
    )
    if kind == MaterialKind.RECORDING:
        if not url:
            raise DomainError(_("Give the recording's link."), code="url")
        material.url = url
    else:
        if upload is None:
            raise DomainError(_("Choose a file to upload."), code="file")
        checked = check_upload(upload, UPLOAD_KINDS.get(kind, DOCUMENT))
        if not material.title:
            material.title = checked.original_name
        material.file = checked.file
    material.save()
    return material


@transaction.atomic
def material_remove(*, actor: User, material: Material) -> None:
    """Remove a material: its uploader or the organisers."""
    if material.uploaded_by_id != actor.pk and not actor.has_perm(CHANGE, material.event):
        raise NotAllowed(_("You may not remove this material."))
    if material.file:
        material.file.delete(save=False)
    material.delete()


def materials_of(event: Event) -> QuerySet[Material]:
    return (
        Material.objects.filter(event=event).select_related("contribution").order_by("kind", "pk")
    )


# --- Feedback -----------------------------------------------------------------------------


@transaction.atomic
def feedback_save(*, actor: User, event: Event, rating: int, comment: str = "") -> Feedback:
    """Her feedback: a rating from 1 to 5 and a comment, once per person who attended; saving
    again changes hers."""
    if not actor.has_perm("events.give_feedback", event):
        raise NotAllowed(_("Only those who attended give feedback on this event."))
    if not 1 <= rating <= 5:
        raise DomainError(_("Give a rating from 1 to 5."), code="rating")
    feedback, _created = Feedback.objects.update_or_create(
        event=event, user=actor, defaults={"rating": rating, "comment": comment.strip()}
    )
    return feedback


@dataclass(frozen=True)
class FeedbackSummary:
    count: int
    average: float | None
    by_rating: dict[int, int]


def feedback_summary(event: Event) -> FeedbackSummary:
    counts = dict.fromkeys(range(1, 6), 0)
    for rating in Feedback.objects.filter(event=event).values_list("rating", flat=True):
        counts[rating] += 1
    total = sum(counts.values())
    average = sum(r * n for r, n in counts.items()) / total if total else None
    return FeedbackSummary(total, round(average, 2) if average else None, counts)


# --- A round table's recommendations ------------------------------------------------------


@transaction.atomic
def outcome_publish(*, actor: User, event: Event, kk: str, ru: str, en: str) -> Event:
    """Publish the recommendations or resolution (in whichever languages are given) on the
    event's page; empty texts take them off."""
    if not actor.has_perm(CHANGE, event):
        raise NotAllowed(_("You may not change this event."))
    event.outcome_kk, event.outcome_ru, event.outcome_en = kk.strip(), ru.strip(), en.strip()
    event.save(update_fields=["outcome_kk", "outcome_ru", "outcome_en", "updated_at"])
    return event


# --- Certificates -------------------------------------------------------------------------


def certified_people(event: Event) -> dict[int, str]:
    """Whom the event certifies and as what (``CERTIFIED_ROLES``, strongest kept): those who
    attended, those registered as speakers, poster presenters, organisers, moderators or
    chairs, its staff, and the leading teachers of its accepted teams. Five queries."""
    roles: dict[int, str] = {}

    def give(user_id: int, role: str) -> None:
        held = roles.get(user_id)
        if held is None or CERTIFIED_ROLES.index(role) < CERTIFIED_ROLES.index(held):
            roles[user_id] = role

    registered_roles = dict(
        Registration.objects.filter(event=event)
        .exclude(status=RegistrationStatus.CANCELLED)
        .values_list("user_id", "role")
    )
    for user_id in Attendance.objects.filter(event=event).values_list("user_id", flat=True):
        give(user_id, registered_roles.get(user_id, RegistrationRole.PARTICIPANT))
    for user_id, role in registered_roles.items():
        if role != RegistrationRole.PARTICIPANT:
            give(user_id, role)
    staff_roles: dict[str, str] = {
        StaffRole.ORGANISER: RegistrationRole.ORGANISER,
        StaffRole.MODERATOR: RegistrationRole.MODERATOR,
        StaffRole.CHAIR: RegistrationRole.CHAIR,
    }
    for user_id, role in Staff.objects.filter(event=event).values_list("user_id", "role"):
        give(user_id, staff_roles[role])
    leaders = Team.teachers.through.objects.filter(
        team__event=event, team__status=TeamStatus.ACCEPTED
    ).values_list("user_id", flat=True)
    for user_id in leaders:
        give(user_id, "team")
    return roles


def role_words(role: str) -> str:
    """What the certificate says she did, in the active language."""
    words: dict[str, str] = {
        RegistrationRole.ORGANISER: _("as an organiser"),
        RegistrationRole.MODERATOR: _("as a moderator"),
        RegistrationRole.CHAIR: _("as a chair"),
        RegistrationRole.SPEAKER: _("as a speaker"),
        RegistrationRole.POSTER: _("as a poster presenter"),
        "team": _("as a teacher leading a school team"),
    }
    return words.get(role, _("as a participant"))


def certificates_issue(*, actor: User, event: Event, now: datetime | None = None) -> None:
    """Issue the event's certificates in the background: once it has ended, by its organisers.
    Issuing again gives them only to those recorded since."""
    if not actor.has_perm(CHANGE, event):
        raise NotAllowed(_("You may not issue this event's certificates."))
    if event.status != EventStatus.PUBLISHED:
        raise DomainError(_("Only a published event gives certificates."), code="state")
    if (now or timezone.now()) < event.ends_at:
        raise DomainError(_("Certificates are issued once the event has ended."), code="not_ended")
    enqueue_on_commit("ortaq.events.tasks_after.issue_certificates", event.pk)


def achievements_for(event: Event, user_ids: list[int]) -> dict[int, Registration]:
    """Each person's registration for ``event``, the achievement her certificate names: made,
    holding no seat (status cancelled), for someone who attended or led a team without
    registering. Two queries, three when some are made."""
    registrations = {
        r.user_id: r for r in Registration.objects.filter(event=event, user_id__in=user_ids)
    }
    missing = [uid for uid in user_ids if uid not in registrations]
    if missing:
        Registration.objects.bulk_create(
            [
                Registration(
                    event=event,
                    user_id=uid,
                    status=RegistrationStatus.CANCELLED,
                    cancelled_at=timezone.now(),
                )
                for uid in missing
            ],
            ignore_conflicts=True,
        )
        registrations.update(
            {r.user_id: r for r in Registration.objects.filter(event=event, user_id__in=missing)}
        )
    return registrations


def certificate_texts(event: Event, role: str, language: str) -> tuple[str, str]:
    """A certificate's title and what it certifies, in ``language``: the event's title, and
    that she took part in it in ``role`` on its dates."""
    with translation.override(language):
        title = event.title
        description = _("took part in “%(title)s” %(role)s, %(dates)s") % {
            "title": title,
            "role": role_words(role),
            "dates": _dates(event),
        }
    return title[:300], description[:500]


def issued_for(registrations: list[Registration]) -> set[int]:
    """The ids of those of ``registrations`` whose certificate is issued already."""
    return set(
        Certificate.objects.filter(
            content_type=ContentType.objects.get_for_model(Registration),
            object_id__in=[r.pk for r in registrations],
        ).values_list("object_id", flat=True)
    )


def issue_all(event: Event) -> int:
    """Issue every certificate the event owes (``certified_people``) that is not issued yet;
    each PDF is drawn by its own task. Returns how many were issued now."""
    roles = certified_people(event)
    if not roles:
        return 0
    registrations = achievements_for(event, list(roles))
    issued = issued_for(list(registrations.values()))
    people = User.objects.in_bulk(
        [uid for uid, reg in registrations.items() if reg.pk not in issued]
    )
    made = 0
    for user_id, person in people.items():
        title, description = certificate_texts(event, roles[user_id], person.language)
        with transaction.atomic():
            certificate_issue(
                holder=person,
                achievement=registrations[user_id],
                title=title,
                description=description,
                hours=event.hours,
                language=person.language,
            )
        made += 1
    return made


def _dates(event: Event) -> str:
    starts = timezone.localtime(event.starts_at).date()
    ends = timezone.localtime(event.ends_at).date()
    if starts == ends:
        return starts.strftime("%d.%m.%Y")
    return f"{starts:%d.%m.%Y}–{ends:%d.%m.%Y}"


def certificates_of(event: Event) -> QuerySet[Certificate]:
    return Certificate.objects.filter(
        content_type=ContentType.objects.get_for_model(Registration),
        object_id__in=Registration.objects.filter(event=event).values("pk"),
    )


def certificate_of(user: User | AnonymousUser, event: Event) -> Certificate | None:
    if not user.is_authenticated:
        return None
    return certificates_of(event).filter(holder_id=user.pk).first()
