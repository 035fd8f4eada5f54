"""The schools' project movement (issue 15, decision 0025): every write a person causes.

A movement ("Folklore of my village") is called by an association or a region's
methodologists (``movement_create``), opened, closed and published by its coordinators
(``movement_set_status``); its staff are added by e-mail. A teacher applies with her school's
team (``team_apply``: its teachers by e-mail, grades and a number of pupils, never their names);
staff accept or decline it (``team_decide``). An accepted team's teachers submit entries while
the movement is open (``entry_submit``), vouching that the people recorded agreed to their
publication; moderators accept, decline or ask for changes (``entry_moderate``), and the team
edits an entry that has changes requested (``entry_update``). Publishing the collection issues
a certificate to each teacher of every accepted team (``certificates_issue_all``).
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING

from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from ortaq.accounts.models import User
from ortaq.accounts.queries import active_user_by_email
from ortaq.certificates.services import certificate_issue
from ortaq.core.background import enqueue_on_commit
from ortaq.core.errors import DomainError, NotAllowed
from ortaq.core.uploads import AUDIO, HEAD_BYTES, IMAGE, check_upload, detect_type
from ortaq.networks.models import Association
from ortaq.schools.models import District, Region
from ortaq.textbooks import permissions_movements as perms
from ortaq.textbooks.choices import (
    LANGUAGES,
    EntryStatus,
    Genre,
    MediaKind,
    MovementStatus,
    StaffRole,
    TeamStatus,
)
from ortaq.textbooks.models import (
    Entry,
    EntryMedia,
    Movement,
    MovementStaff,
    Team,
    TeamTeacher,
)
from ortaq.textbooks.permissions import forget_staff_places

if TYPE_CHECKING:
    from ortaq.certificates.models import Certificate

MAX_PUPILS = 500
MAX_TEACHERS = 5
MAX_MEDIA = 10
# The moves of a movement's status its coordinators make; publishing is the last.
MOVES: dict[str, frozenset[str]] = {
    MovementStatus.DRAFT: frozenset({MovementStatus.OPEN}),
    MovementStatus.OPEN: frozenset({MovementStatus.CLOSED}),
    MovementStatus.CLOSED: frozenset({MovementStatus.OPEN, MovementStatus.PUBLISHED}),
    MovementStatus.PUBLISHED: frozenset(),
}
# An entry sent again with the same title and text this soon is the same sending.
REPEAT = timedelta(minutes=10)


@dataclass(frozen=True)
class MovementFields:
    """What a movement says of itself."""

    title_kk: str
    title_ru: str
    theme: str
    rules: str
    starts_on: date
    ends_on: date
    hours: int = 0
    title_en: str = ""


@dataclass(frozen=True)
class MediaIn:
    """A recording or an image sent with an entry: an image needs its alt text; a recording
    may have its transcript."""

    upload: UploadedFile[bytes]
    alt_text: str = ""
    transcript: str = ""


@dataclass(frozen=True)
class EntryFields:
    """What an entry says: its title, genre, text, language and the place it comes from."""

    title: str
    genre: str
    text: str
    language: str
    region: Region
    district: District | None = None
    village: str = ""


def _check_fields(fields: MovementFields) -> None:
    if not fields.title_kk.strip() or not fields.title_ru.strip():
        raise DomainError(_("Give the movement's title in Kazakh and in Russian."), code="title")
    if fields.ends_on < fields.starts_on:
        raise DomainError(_("The last day of entries comes before the first."), code="dates")
    if not 0 <= fields.hours <= 200:
        raise DomainError(_("Give the certificate's hours, from 0 to 200."), code="hours")


# --- Movements ----------------------------------------------------------------------------


@transaction.atomic
def movement_create(
    *,
    actor: User,
    slug: str,
    fields: MovementFields,
    association: Association | None = None,
    region: Region | None = None,
) -> Movement:
    """Call a movement in the name of an association she runs, or of a region where she is a
    methodologist (or an administrator); she becomes its first coordinator. It starts as a
    draft that only its staff see."""
    if (association is None) == (region is None):
        raise DomainError(_("Choose who calls the movement."), code="organiser")
    if association is not None and not actor.has_perm("networks.change_association", association):
        raise NotAllowed(_("You may not call a movement in this association's name."))
    if region is not None and not perms.may_call_for_region(actor, region.pk):
        raise NotAllowed(_("You may not call a movement in this region's name."))
    _check_fields(fields)
    try:
        with transaction.atomic():
            movement = Movement.objects.create(
                slug=slug,
                association=association,
                region=region if region is not None else association.region,  # type: ignore[union-attr]
                title_kk=fields.title_kk.strip(),
                title_ru=fields.title_ru.strip(),
                title_en=fields.title_en.strip(),
                theme=fields.theme.strip(),
                rules=fields.rules.strip(),
                starts_on=fields.starts_on,
                ends_on=fields.ends_on,
                hours=fields.hours,
                created_by=actor,
            )
    except IntegrityError as exc:
        raise DomainError(_("This address is taken: choose another."), code="slug") from exc
    MovementStaff.objects.create(movement=movement, user=actor, role=StaffRole.COORDINATOR)
    forget_staff_places(actor)
    return movement


@transaction.atomic
def movement_update(*, actor: User, movement: Movement, fields: MovementFields) -> Movement:
    """Change the movement's titles, theme, rules, dates and hours (its coordinators)."""
    if not actor.has_perm("textbooks.change_movement", movement):
        raise NotAllowed(_("You may not change this movement."))
    _check_fields(fields)
    movement = Movement.objects.select_for_update(of=("self",)).get(pk=movement.pk)
    movement.title_kk, movement.title_ru = fields.title_kk.strip(), fields.title_ru.strip()
    movement.title_en = fields.title_en.strip()
    movement.theme, movement.rules = fields.theme.strip(), fields.rules.strip()
    movement.starts_on, movement.ends_on, movement.hours = (
        fields.starts_on,
        fields.ends_on,
        fields.hours,
    )
    movement.save(
        update_fields=[
            "title_kk",
            "title_ru",
            "title_en",
            "theme",
            "rules",
            "starts_on",
            "ends_on",
            "hours",
        ]
    )
    return movement


@transaction.atomic
def movement_set_status(*, actor: User, movement: Movement, status: str) -> Movement:
    """Open it for teams and entries, close it, open it again, or publish its collection.
    Publishing issues the certificates of the accepted teams' teachers; asking for the status
    it has changes nothing."""
    if not actor.has_perm("textbooks.change_movement", movement):
        raise NotAllowed(_("You may not change this movement."))
    locked = Movement.objects.select_for_update(of=("self",)).get(pk=movement.pk)
    if locked.status == status:
        return locked
    if status not in MOVES.get(locked.status, frozenset()):
        raise DomainError(_("The movement cannot move to this status now."), code="state")
    if (
        status == MovementStatus.PUBLISHED
        and not Entry.objects.filter(movement=locked, status=EntryStatus.ACCEPTED).exists()
    ):
        raise DomainError(_("Accept at least one entry before publishing."), code="empty")
    locked.status = status
    fields = ["status"]
    if status == MovementStatus.PUBLISHED:
        locked.published_at = timezone.now()
        fields.append("published_at")
    locked.save(update_fields=fields)
    if status == MovementStatus.PUBLISHED:
        # The certificates' rows now (a few per school team); their PDFs are drawn in the
        # background by ``certificate_issue``.
        certificates_issue_all(locked)
    return locked


@transaction.atomic
def staff_add(*, actor: User, movement: Movement, email: str, role: str) -> MovementStaff:
    """Add a coordinator or a moderator by her e-mail; adding her again changes nothing."""
    if not actor.has_perm("textbooks.change_movement", movement):
        raise NotAllowed(_("You may not change this movement's staff."))
    if role not in StaffRole.values:
        raise DomainError(_("Choose a role."), code="role")
    person = active_user_by_email(email)
    if person is None:
        raise DomainError(
            _("No active account has the e-mail %(email)s.") % {"email": email.strip()},
            code="email",
        )
    staff, _created = MovementStaff.objects.get_or_create(movement=movement, user=person, role=role)
    return staff


@transaction.atomic
def staff_remove(*, actor: User, staff: MovementStaff) -> None:
    """Remove someone from the staff; the last coordinator stays."""
    movement = staff.movement
    if not actor.has_perm("textbooks.change_movement", movement):
        raise NotAllowed(_("You may not change this movement's staff."))
    Movement.objects.select_for_update(of=("self",)).get(pk=movement.pk)
    coordinators = MovementStaff.objects.filter(movement=movement, role=StaffRole.COORDINATOR)
    if staff.role == StaffRole.COORDINATOR and coordinators.count() <= 1:
        raise DomainError(_("A movement keeps at least one coordinator."), code="last")
    staff.delete()
    if staff.user_id == actor.pk:
        forget_staff_places(actor)


# --- Teams --------------------------------------------------------------------------------


def _teachers(emails: Sequence[str], actor: User, school_id: int) -> list[User]:
    people = [actor]
    for email in emails:
        email = email.strip()
        if not email:
            continue
        person = active_user_by_email(email)
        if person is None:
            raise DomainError(
                _("No active account has the e-mail %(email)s.") % {"email": email},
                code="teachers",
            )
        if getattr(getattr(person, "profile", None), "school_id", None) != school_id:
            raise DomainError(
                _("%(email)s is not a teacher of your school.") % {"email": email},
                code="teachers",
            )
        if person not in people:
            people.append(person)
    if len(people) > MAX_TEACHERS:
        raise DomainError(_("A team is led by at most five teachers."), code="teachers")
    return people


@transaction.atomic
def team_apply(
    *,
    actor: User,
    movement: Movement,
    name: str,
    grades: str,
    pupils: int,
    teacher_emails: Sequence[str] = (),
) -> Team:
    """Apply with a team of her own school, led by her and the teachers of that school she
    names by e-mail, with its grades and number of pupils (never their names). Applying again
    with the same name returns the team she made."""
    if not actor.has_perm("textbooks.apply_team", movement):
        if movement.status != MovementStatus.OPEN:
            raise DomainError(_("The movement takes teams only while it is open."), code="state")
        raise NotAllowed(_("Only a teacher with a school applies with a team."))
    school_id = actor.profile.school_id
    if school_id is None:  # an administrator passes every rule, but applies for no school
        raise NotAllowed(_("Only a teacher with a school applies with a team."))
    name = name.strip()
    if not name:
        raise DomainError(_("Give the team's name."), code="name")
    if not 1 <= pupils <= MAX_PUPILS:
        raise DomainError(_("Give the number of pupils, from 1 to 500."), code="pupils")
    grades = grades.strip()
    if not grades:
        raise DomainError(_("Give the pupils' grades, for example 5–7."), code="grades")
    earlier = Team.objects.filter(movement=movement, school_id=school_id, name=name[:200]).first()
    if earlier is not None:
        if earlier.created_by_id == actor.pk:
            return earlier
        raise DomainError(
            _("Your school has already applied with a team of this name."), code="duplicate"
        )
    leaders = _teachers(teacher_emails, actor, school_id)
    try:
        with transaction.atomic():
            team = Team.objects.create(
                movement=movement,
                school_id=school_id,
                name=name[:200],
                grades=grades[:40],
                pupils=pupils,
                created_by=actor,
            )
    except IntegrityError as exc:
        raise DomainError(
            _("Your school has already applied with a team of this name."), code="duplicate"
        ) from exc
    TeamTeacher.objects.bulk_create([TeamTeacher(team=team, user=p) for p in leaders])
    return team


@transaction.atomic
def team_decide(*, actor: User, team: Team, accept: bool) -> Team:
    """Accept a team or decline it (the movement's staff); its teachers are told by e-mail.
    Deciding again the same way changes nothing. An accepted team with entries is not
    declined."""
    if not actor.has_perm("textbooks.moderate_movement", team.movement):
        raise NotAllowed(_("You may not decide on this movement's teams."))
    team = Team.objects.select_for_update(of=("self",)).get(pk=team.pk)
    wanted = TeamStatus.ACCEPTED if accept else TeamStatus.DECLINED
    if team.status == wanted:
        return team
    if not accept and Entry.objects.filter(team=team).exists():
        raise DomainError(_("The team has sent entries: it stays accepted."), code="entries")
    team.status = wanted
    team.save(update_fields=["status"])
    enqueue_on_commit("ortaq.textbooks.tasks_movements.send_team_decided", team.pk, wanted)
    return team


# --- Entries ------------------------------------------------------------------------------


def _check_entry(fields: EntryFields) -> None:
    if not fields.title.strip():
        raise DomainError(_("Give the entry's title."), code="title")
    if not fields.text.strip():
        raise DomainError(_("Write the entry's text."), code="text")
    if fields.genre not in Genre.values:
        raise DomainError(_("Choose the genre."), code="genre")
    if fields.language not in dict(LANGUAGES):
        raise DomainError(_("Choose the language."), code="language")
    if fields.district is not None and fields.district.region_id != fields.region.pk:
        raise DomainError(_("The district is not in the region chosen."), code="district")


def _add_media(entry: Entry, media: Sequence[MediaIn]) -> None:
    """Check every file first (its type by content, its size; an image's alt text), then store
    them: nothing is stored when one is refused."""
    if entry.media.count() + len(media) > MAX_MEDIA:
        raise DomainError(_("An entry has at most ten files."), code="media")
    checked = []
    for item in media:
        item.upload.seek(0)
        head = item.upload.read(HEAD_BYTES)
        item.upload.seek(0)
        is_audio = (detect_type(head) or "").startswith("audio/")
        kind = MediaKind.AUDIO if is_audio else MediaKind.IMAGE
        upload = check_upload(item.upload, AUDIO if is_audio else IMAGE)
        if kind == MediaKind.IMAGE and not item.alt_text.strip():
            raise DomainError(
                _("Describe the picture “%(name)s” for those who cannot see it (its alt text).")
                % {"name": upload.original_name},
                code="alt_text",
            )
        checked.append((kind, upload, item))
    start = entry.media.count()
    for position, (kind, upload, item) in enumerate(checked, start=start):
        EntryMedia.objects.create(
            entry=entry,
            kind=kind,
            file=upload.file,
            alt_text=item.alt_text.strip()[:500],
            transcript=item.transcript.strip(),
            position=position,
        )


@transaction.atomic
def entry_submit(
    *,
    actor: User,
    team: Team,
    fields: EntryFields,
    vouched: bool,
    media: Sequence[MediaIn] = (),
) -> Entry:
    """Submit an entry of her accepted team while the movement is open, vouching that the
    people recorded agreed to its publication (``vouched_by``, ``vouched_at``). Sending the same
    title and text again soon after returns the entry made the first time."""
    movement = team.movement
    if not actor.has_perm("textbooks.submit_entry", team):
        if movement.status != MovementStatus.OPEN:
            raise DomainError(_("The movement takes entries only while it is open."), code="state")
        if team.status != TeamStatus.ACCEPTED:
            raise DomainError(_("The team's application is not accepted yet."), code="team")
        raise NotAllowed(_("Only the team's teachers submit its entries."))
    if not vouched:
        raise DomainError(
            _("Confirm that the people recorded agreed to the publication."), code="vouched"
        )
    _check_entry(fields)
    now = timezone.now()
    earlier = Entry.objects.filter(
        team=team,
        title=fields.title.strip()[:300],
        text=fields.text.strip(),
        submitted_at__gte=now - REPEAT,
    ).first()
    if earlier is not None:
        return earlier
    entry = Entry.objects.create(
        movement=movement,
        team=team,
        title=fields.title.strip()[:300],
        genre=fields.genre,
        text=fields.text.strip(),
        language=fields.language,
        region=fields.region,
        district=fields.district,
        village=fields.village.strip()[:200],
        vouched_by=actor,
        vouched_at=now,
        submitted_at=now,
    )
    _add_media(entry, media)
    return entry


@transaction.atomic
def entry_update(
    *,
    actor: User,
    entry: Entry,
    fields: EntryFields,
    vouched: bool,
    media: Sequence[MediaIn] = (),
    remove: Sequence[int] = (),
) -> Entry:
    """Change an entry that has changes requested (its team's teachers), vouching again; it goes
    back to the moderators."""
    entry = Entry.objects.select_for_update(of=("self",)).get(pk=entry.pk)
    if not actor.has_perm("textbooks.edit_entry", entry):
        raise NotAllowed(_("You may change an entry only while it has changes requested."))
    if not vouched:
        raise DomainError(
            _("Confirm that the people recorded agreed to the publication."), code="vouched"
        )
    _check_entry(fields)
    if remove:
        for item in EntryMedia.objects.filter(entry=entry, pk__in=remove):
            item.file.delete(save=False)
            item.delete()
    _add_media(entry, media)
    now = timezone.now()
    entry.title, entry.genre = fields.title.strip()[:300], fields.genre
    entry.text, entry.language = fields.text.strip(), fields.language
    entry.region, entry.district = fields.region, fields.district
    entry.village = fields.village.strip()[:200]
    entry.vouched_by, entry.vouched_at = actor, now
    entry.status, entry.submitted_at = EntryStatus.SUBMITTED, now
    entry.save(
        update_fields=[
            "title",
            "genre",
            "text",
            "language",
            "region",
            "district",
            "village",
            "vouched_by",
            "vouched_at",
            "status",
            "submitted_at",
        ]
    )
    return entry


DECISIONS = {
    "accept": EntryStatus.ACCEPTED,
    "decline": EntryStatus.DECLINED,
    "changes": EntryStatus.CHANGES,
}


@transaction.atomic
def entry_moderate(*, actor: User, entry: Entry, decision: str, note: str = "") -> Entry:
    """Accept an entry, decline it or ask for changes (the movement's staff), with a note
    (required unless accepting); the team's teachers are told by e-mail, each in her language.
    Deciding again the same way changes nothing."""
    movement = entry.movement
    if not actor.has_perm("textbooks.moderate_movement", movement):
        raise NotAllowed(_("You may not moderate this movement's entries."))
    if movement.status == MovementStatus.PUBLISHED:
        raise DomainError(_("The collection is published: its entries are final."), code="state")
    status = DECISIONS.get(decision)
    if status is None:
        raise DomainError(_("Choose a decision."), code="decision")
    note = note.strip()
    if status != EntryStatus.ACCEPTED and not note:
        raise DomainError(_("Say in a note what to change, or why."), code="note")
    entry = Entry.objects.select_for_update(of=("self",)).get(pk=entry.pk)
    if entry.status == status and entry.note == note:
        return entry
    entry.status, entry.note = status, note
    entry.moderated_by, entry.moderated_at = actor, timezone.now()
    entry.save(update_fields=["status", "note", "moderated_by", "moderated_at"])
    enqueue_on_commit("ortaq.textbooks.tasks_movements.send_entry_decided", entry.pk, status)
    return entry


# --- Certificates -------------------------------------------------------------------------


def _dates(movement: Movement) -> str:
    if movement.starts_on == movement.ends_on:
        return movement.starts_on.strftime("%d.%m.%Y")
    return f"{movement.starts_on:%d.%m.%Y}–{movement.ends_on:%d.%m.%Y}"


def certificates_issue_all(movement: Movement) -> int:
    """Issue a certificate to each teacher of every accepted team of a published movement (the
    achievement is her ``TeamTeacher`` row), once: issuing again gives them only to those
    added since. Returns how many were issued now."""
    from django.contrib.contenttypes.models import ContentType

    from ortaq.certificates.models import Certificate
    from ortaq.core.i18n import localized

    if movement.status != MovementStatus.PUBLISHED:
        return 0
    leaders = list(
        TeamTeacher.objects.filter(team__movement=movement, team__status=TeamStatus.ACCEPTED)
        .select_related("team", "user")
        .order_by("pk")
    )
    issued = set(
        Certificate.objects.filter(
            content_type=ContentType.objects.get_for_model(TeamTeacher),
            object_id__in=[leader.pk for leader in leaders],
        ).values_list("object_id", flat=True)
    )
    made = 0
    for leader in leaders:
        if leader.pk in issued or not leader.user.is_active:
            continue
        language = leader.user.language
        with translation.override(language):
            title = localized(movement, "title", language)
            description = _(
                "led the school team “%(team)s” in the project movement “%(title)s” as a "
                "teacher, %(dates)s"
            ) % {"team": leader.team.name, "title": title, "dates": _dates(movement)}
        with transaction.atomic():
            certificate_issue(
                holder=leader.user,
                achievement=leader,
                title=title[:300],
                description=description[:500],
                hours=movement.hours or None,
                language=language,
            )
        made += 1
    return made


def certificates_of(movement: Movement) -> "list[Certificate]":
    """The certificates the movement gave, with their holders."""
    from django.contrib.contenttypes.models import ContentType

    from ortaq.certificates.models import Certificate

    return list(
        Certificate.objects.filter(
            content_type=ContentType.objects.get_for_model(TeamTeacher),
            object_id__in=TeamTeacher.objects.filter(team__movement=movement).values("pk"),
        ).order_by("holder_name", "pk")
    )
