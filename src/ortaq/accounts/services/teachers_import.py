"""Bulk accounts for a region's teachers from a CSV file."""

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from allauth.account.models import EmailAddress
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from ortaq.accounts.choices import CATEGORY_WORDS
from ortaq.accounts.models import (
    Profile,
    RoleAssignment,
    User,
    forget_cached_users,
    forget_grants_of,
)
from ortaq.accounts.permissions import PRINCIPAL_GRANTS, may_manage_school_staff
from ortaq.accounts.services.lookups import iin_lookups_record
from ortaq.accounts.services.people import subjects_matching
from ortaq.core.audit import audit_record
from ortaq.core.csvimport import ImportResult, Row, RowErrors, chunks, read_rows
from ortaq.core.errors import DomainError
from ortaq.core.kz import is_valid_id_number
from ortaq.core.locks import take_turns
from ortaq.core.models import AuditAction, Subject, stamp_updated
from ortaq.core.names import NAME_HINT, is_person_name
from ortaq.core.roles import Role, ScopeKind
from ortaq.schools.choices import InstructionLanguage
from ortaq.schools.models import School
from ortaq.schools.queries import RegionIndex

TEACHER_COLUMNS = (
    "email",
    "last_name",
    "first_name",
    "middle_name",
    "iin",
    "school_bin",
    "school_name",
    "region",
    "subjects",
    "category",
)
TEACHER_REQUIRED = ("email", "last_name", "first_name")
NAME_MAX = 100
EMAIL_MAX = 254  # User.email, as RFC 5321 allows


@dataclass(slots=True)
class _Teacher:
    line: int
    email: str
    last_name: str
    first_name: str
    middle_name: str
    iin: str | None
    school: School
    subjects: list[Subject] = field(default_factory=list)
    category: str = ""


class _Schools:
    """Find schools by BIN or by name within a region, reading each only once."""

    def __init__(self, rows: list[Row]) -> None:
        bins = {_bin(r) for r in rows if _bin(r)}
        names = {r.get("school_name").lower() for r in rows if r.get("school_name")}
        related = School.objects.select_related("region", "district")
        self.by_bin = {s.bin: s for s in related.filter(bin__in=bins)} if bins else {}
        self.by_name: dict[tuple[int, str], list[School]] = defaultdict(list)
        self.regions = RegionIndex()
        if names:
            # Both names of every school of the regions concerned: a few thousand rows at most.
            in_rows = (self.regions.get(r.get("region")) for r in rows if r.get("school_name"))
            region_ids = {region.pk for region in in_rows if region is not None}
            for school in related.filter(region_id__in=region_ids):
                for name in {school.name_kk.lower(), school.name_ru.lower()} - {""}:
                    self.by_name[(school.region_id, name)].append(school)

    def find(self, row: Row, errors: RowErrors) -> School | None:
        bin_value = _bin(row)
        if bin_value:
            school = self.by_bin.get(bin_value)
            if school is None:
                errors.add(
                    row.line,
                    "school_bin",
                    _("No school has the BIN %(bin)s. Import the school first.")
                    % {"bin": bin_value},
                )
            return school
        name = row.get("school_name")
        if not name:
            errors.add(row.line, "school_bin", _("Give the school's BIN, or its name and region."))
            return None
        if not row.get("region"):
            errors.add(row.line, "region", _("Give the region of the school named in school_name."))
            return None
        region = self.regions.get(row.get("region"))
        if region is None:
            errors.add(
                row.line,
                "region",
                _("Unknown region “%(value)s”. Write its code (such as KZ-19) or its name.")
                % {"value": row.get("region")},
            )
            return None
        found = self.by_name.get((region.pk, name.lower()), [])
        if not found:
            errors.add(
                row.line,
                "school_name",
                _("No school of this region has this name. Check it, or give the BIN."),
            )
            return None
        if len(found) > 1:
            errors.add(
                row.line,
                "school_name",
                _("Several schools of this region have this name; give the BIN instead."),
            )
            return None
        return found[0]


def _bin(row: Row) -> str:
    return row.get("school_bin").replace(" ", "")


def _check_row(row: Row, schools: _Schools, errors: RowErrors) -> _Teacher | None:
    line = row.line
    email = row.get("email").lower()
    before = len(errors.errors)
    if len(email) > EMAIL_MAX:
        errors.add(
            line,
            "email",
            _("An e-mail address has at most %(max)s characters.") % {"max": EMAIL_MAX},
        )
    else:
        try:
            validate_email(email)
        except ValidationError:
            errors.add(line, "email", _("“%(value)s” is not an e-mail address.") % {"value": email})
    for column in ("last_name", "first_name", "middle_name"):
        value = row.get(column)
        if column != "middle_name" and not value:
            errors.add(line, column, _("This name is required."))
        if len(value) > NAME_MAX:
            errors.add(line, column, _("The name is longer than 100 characters."))
        elif not is_person_name(value):
            errors.add(line, column, str(NAME_HINT))
    iin = row.get("iin").replace(" ", "") or None
    if iin and not is_valid_id_number(iin):
        errors.add(
            line,
            "iin",
            _("An IIN is 12 digits with a correct check digit; “%(value)s” is not.")
            % {"value": iin},
        )
    category = ""
    if row.get("category"):
        category = CATEGORY_WORDS.get(" ".join(row.get("category").lower().split()), "")
        if not category:
            errors.add(
                line,
                "category",
                _(
                    "Unknown category. Write one of: педагог, педагог-модератор, "
                    "педагог-эксперт, педагог-исследователь, педагог-мастер."
                ),
            )
    school = schools.find(row, errors)
    if len(errors.errors) > before or school is None:
        return None
    return _Teacher(
        line=line,
        email=email,
        last_name=row.get("last_name"),
        first_name=row.get("first_name"),
        middle_name=row.get("middle_name"),
        iin=iin,
        school=school,
        category=category,
    )


def teachers_import(*, actor: Any, data: bytes) -> ImportResult:
    """Create or update teachers' accounts from a CSV file, writing nothing unless all rows pass.

    A row matches an existing account by its e-mail. New accounts have no password: each gets
    an e-mail with a one-time link to set one (sent after the import is saved). The teacher role
    at her school comes with the account. Importing the same file again changes nothing.
    ``actor`` None means the operator at the console; anyone else must be an administrator,
    or a methodologist or head over every school in the file. Other than an administrator, she
    may change only existing accounts of teachers of schools she manages (see
    ``_check_existing``). Every problem of every row is reported at once where it can be.
    """
    errors = RowErrors()
    rows = read_rows(data, columns=TEACHER_COLUMNS, required=TEACHER_REQUIRED, errors=errors)
    if "school_bin" not in rows[0].cells and "school_name" not in rows[0].cells:
        errors.add(1, "school_bin", _("Add a school_bin column, or school_name with region."))
        errors.raise_if_any()

    schools = _Schools(rows)
    wanted_subjects = {s.strip() for r in rows for s in r.get("subjects").split("|") if s.strip()}
    subjects, _unknown = subjects_matching(wanted_subjects)

    teachers: list[_Teacher] = []
    first_line: dict[tuple[str, str], int] = {}
    for row in rows:
        teacher = _check_row(row, schools, errors)
        for value in (s.strip() for s in row.get("subjects").split("|")):
            if value and value not in subjects:
                errors.add(
                    row.line, "subjects", _("Unknown subject “%(value)s”.") % {"value": value}
                )
            elif value and teacher is not None and subjects[value] not in teacher.subjects:
                teacher.subjects.append(subjects[value])
        if teacher is None:
            continue
        if actor is not None and not may_manage_school_staff(actor, teacher.school):
            errors.add(row.line, "school_bin", _("You may not manage the teachers of this school."))
            continue
        for key in (("email", teacher.email), ("iin", teacher.iin or "")):
            if key[1] and key in first_line:
                errors.add(
                    row.line,
                    key[0],
                    _("The same value is already on line %(line)s.") % {"line": first_line[key]},
                )
            first_line.setdefault(key, row.line)
        teachers.append(teacher)

    try:
        with transaction.atomic():
            # Two imports naming the same people take turns: the second sees the accounts the
            # first opened, and neither opens an account twice nor invites anyone twice.
            take_turns("accounts.teachers_import")
            existing = _check_existing(actor, teachers, errors)
            errors.raise_if_any()
            result, created_ids = _write(teachers, existing)
            audit_record(
                actor=actor,
                action=AuditAction.TEACHERS_IMPORT,
                created=result.created,
                updated=result.updated,
                unchanged=result.unchanged,
            )
            if created_ids:
                transaction.on_commit(lambda: send_invitations_in_batches(created_ids))
    except IntegrityError as exc:
        raise DomainError(
            _("Another change to these accounts happened at the same moment. Import again.")
        ) from exc
    return result


def send_invitations_in_batches(user_ids: list[int], batch: int = 500) -> None:
    """Queue the invitation e-mails, a few hundred people per background task."""
    from ortaq.accounts.tasks import send_invitations

    for start in range(0, len(user_ids), batch):
        send_invitations.enqueue(user_ids[start : start + batch])


def _iin_of(user: User | None) -> str | None:
    return user.profile.iin if user is not None else None


def _check_existing(actor: Any, teachers: list[_Teacher], errors: RowErrors) -> dict[str, User]:
    """Read the accounts the rows update; refuse rows that would take over someone else's.

    Anyone but an administrator (or the console) may change only the account of a teacher of a
    school she manages: not an account without a school (the administrators, methodologists
    and trainers have none), and not one that holds any role above teacher or facilitator,
    which only an administrator may rename or move.
    """
    emails = [t.email for t in teachers]
    iins = [t.iin for t in teachers if t.iin]
    accounts = User.objects.select_related("profile__school").prefetch_related("profile__subjects")
    found: dict[int, User] = {}
    for part in chunks(emails):
        found.update((u.pk, u) for u in accounts.filter(email__in=part))
    for part in chunks(iins):
        found.update((u.pk, u) for u in accounts.filter(profile__iin__in=part))
    by_email = {u.email: u for u in found.values()}
    iin_owner = {u.profile.iin: u for u in found.values() if u.profile.iin}
    # An IIN already on the account the row names tells nothing new; any other may (a refusal
    # says the IIN is registered), so those count against the daily quota of look-ups.
    named = {t.iin for t in teachers if t.iin and _iin_of(by_email.get(t.email)) == t.iin}
    iin_lookups_record(
        actor=actor,
        looked_up=len(set(iins)),
        probing=len(set(iins) - named),
        purpose="import",
    )
    restricted = actor is not None and not may_manage_school_staff(actor, None)
    staff: set[int] = set()
    if restricted:
        ids = [u.pk for u in by_email.values()]
        staff = {u.pk for u in by_email.values() if u.is_staff or u.is_superuser}
        for id_part in chunks(ids):
            staff.update(
                RoleAssignment.objects.filter(user_id__in=id_part)
                .exclude(role__in=PRINCIPAL_GRANTS)
                .values_list("user_id", flat=True)
            )
    for teacher in teachers:
        user = by_email.get(teacher.email)
        owner = iin_owner.get(teacher.iin) if teacher.iin else None
        if owner is not None and owner.email != teacher.email:
            errors.add(teacher.line, "iin", _("This IIN is already on another account."))
        if user is None:
            continue
        if user.profile.iin and teacher.iin and user.profile.iin != teacher.iin:
            errors.add(teacher.line, "iin", _("The account with this e-mail has another IIN."))
        current = user.profile.school
        if not restricted:
            continue
        if current is None or user.pk in staff:
            errors.add(
                teacher.line,
                "email",
                _(
                    "This e-mail belongs to an account that only an administrator may change "
                    "(it has no school, or it holds a role above teacher)."
                ),
            )
        elif not may_manage_school_staff(actor, current):
            errors.add(
                teacher.line,
                "email",
                _("This e-mail belongs to a teacher of a school you do not manage."),
            )
    return by_email


def _write(teachers: list[_Teacher], existing: dict[str, User]) -> tuple[ImportResult, list[int]]:
    new_users: list[User] = []
    changed_users: list[User] = []
    changed_profiles: list[Profile] = []
    subject_updates: dict[int, list[Subject]] = {}
    unchanged: set[int] = set()
    left: dict[int, int] = {}  # user id -> the school her profile moves away from
    for teacher in teachers:
        user = existing.get(teacher.email)
        if user is None:
            user = User(
                email=teacher.email,
                last_name=teacher.last_name,
                first_name=teacher.first_name,
                middle_name=teacher.middle_name,
                language="ru" if teacher.school.languages == InstructionLanguage.RUSSIAN else "kk",
            )
            user.set_unusable_password()
            new_users.append(user)
            continue
        user_changed = _assign(user, teacher, ("last_name", "first_name", "middle_name"))
        profile = user.profile
        # Empty optional cells keep what the account already says.
        profile_changed = bool(teacher.category) and _assign(profile, teacher, ("category",))
        if teacher.iin and profile.iin != teacher.iin:
            profile.iin = teacher.iin
            profile_changed = True
        if profile.school_id != teacher.school.pk:
            if profile.school_id is not None:
                left[user.pk] = profile.school_id
            profile.school = teacher.school
            profile_changed = True
        subjects_changed = bool(teacher.subjects) and {s.pk for s in teacher.subjects} != {
            s.pk for s in profile.subjects.all()
        }
        if user_changed:
            changed_users.append(user)
        if profile_changed:
            changed_profiles.append(profile)
        if subjects_changed:
            subject_updates[profile.pk] = teacher.subjects
        if not (user_changed or profile_changed or subjects_changed):
            unchanged.add(user.pk)

    User.objects.bulk_create(new_users, batch_size=1000)
    by_email = {u.email: u for u in new_users}
    new_profiles = [
        Profile(
            user=by_email[t.email],
            iin=t.iin,
            school=t.school,
            category=t.category,
        )
        for t in teachers
        if t.email in by_email
    ]
    Profile.objects.bulk_create(new_profiles, batch_size=1000)
    EmailAddress.objects.bulk_create(
        [EmailAddress(user=u, email=u.email, primary=True, verified=False) for u in new_users],
        batch_size=1000,
    )
    subjects_by_email = {t.email: t.subjects for t in teachers}
    for profile in new_profiles:
        subject_updates[profile.pk] = subjects_by_email[profile.user.email]
    if changed_users:
        User.objects.bulk_update(changed_users, ["last_name", "first_name", "middle_name"])
        forget_cached_users(u.pk for u in changed_users)
    if changed_profiles:
        stamp_updated(changed_profiles)
        Profile.objects.bulk_update(changed_profiles, ["iin", "school", "category", "updated_at"])
    _set_subjects(subject_updates)
    roles_changed = _set_teacher_roles(teachers, {**existing, **by_email}, left)
    unchanged -= roles_changed
    result = ImportResult(
        created=len(new_users),
        updated=len(teachers) - len(new_users) - len(unchanged),
        unchanged=len(unchanged),
    )
    return result, [u.pk for u in new_users]


def _assign(obj: Any, teacher: _Teacher, names: tuple[str, ...]) -> bool:
    changed = False
    for name in names:
        if getattr(obj, name) != getattr(teacher, name):
            setattr(obj, name, getattr(teacher, name))
            changed = True
    return changed


def _set_subjects(updates: dict[int, list[Subject]]) -> None:
    if not updates:
        return
    through = Profile.subjects.through
    through.objects.filter(profile_id__in=list(updates)).delete()
    through.objects.bulk_create(
        [
            through(profile_id=profile_id, subject_id=subject.pk)
            for profile_id, subjects in updates.items()
            for subject in subjects
        ],
        batch_size=2000,
    )


def _set_teacher_roles(
    teachers: list[_Teacher], users: dict[str, User], left: dict[int, int]
) -> set[int]:
    """Hold the teacher role at her school, and no longer at the school her profile left.

    Teacher roles at other schools stay: they may be schools the importer does not manage, and
    a teacher may teach at two schools. Return the ids of the people whose roles changed.
    """
    wanted = {(users[t.email].pk, t.school.pk) for t in teachers}
    held = RoleAssignment.objects.filter(
        role=Role.TEACHER, scope_kind=ScopeKind.SCHOOL, user_id__in=[u for u, _s in wanted]
    )
    held_pairs = set(held.values_list("user_id", "school_id"))
    stale_pairs = (set(left.items()) & held_pairs) - wanted
    stale = Q()
    for user_id, school_id in stale_pairs:
        stale |= Q(user_id=user_id, school_id=school_id)
    if stale:
        held.filter(stale).delete()
    missing = wanted - held_pairs
    RoleAssignment.objects.bulk_create(
        [
            RoleAssignment(
                user_id=user_id, role=Role.TEACHER, scope_kind=ScopeKind.SCHOOL, school_id=school_id
            )
            for user_id, school_id in sorted(missing)
        ],
        batch_size=2000,
    )
    changed = {user_id for user_id, _school_id in missing | stale_pairs}
    if changed:
        forget_grants_of(changed)
    return changed
