"""Bulk accounts for a region's teachers from a CSV file."""

import itertools
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from allauth.account.models import EmailAddress
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
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
    schools_changed,
)
from ortaq.accounts.permissions import PRINCIPAL_GRANTS, may_manage_school_staff
from ortaq.accounts.services.lookups import iin_lookups_record
from ortaq.accounts.services.people import subjects_matching
from ortaq.core.audit import audit_record
from ortaq.core.background import enqueue
from ortaq.core.csvimport import CsvSource, ImportResult, Row, RowErrors, read_rows
from ortaq.core.errors import DomainError, NotAllowed
from ortaq.core.jobs import ProgressFn, job_start, no_progress
from ortaq.core.kz import is_valid_id_number
from ortaq.core.locks import take_turns
from ortaq.core.models import AuditAction, Job, JobKind, Subject, stamp_updated
from ortaq.core.names import NAME_HINT, is_person_name
from ortaq.core.roles import Role, ScopeKind
from ortaq.core.uploads import read_csv_upload
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
# Rows read, checked against the accounts and written this many at a time: memory holds one
# batch's schools, accounts and profiles, not a whole region's.
BATCH = 500


@dataclass(slots=True)
class _Teacher:
    line: int
    email: str
    last_name: str
    first_name: str
    middle_name: str
    iin: str | None
    school: School
    subjects: tuple[Subject, ...] = ()
    category: str = ""


class _Schools:
    """Find schools by BIN or by name within a region, reading each only once.

    ``load`` reads those a batch of rows names (a school, and a region's schools for names,
    once per import): a file names at most the country's few thousand schools.
    """

    def __init__(self) -> None:
        self.related = School.objects.select_related("region", "district")
        self.by_bin: dict[str, School] = {}
        self.bins_read: set[str] = set()
        self.by_name: dict[tuple[int, str], list[School]] = defaultdict(list)
        self.regions_read: set[int] = set()
        self.regions = RegionIndex()

    def load(self, rows: Sequence[Row]) -> None:
        bins = {_bin(r) for r in rows if _bin(r)} - self.bins_read
        if bins:
            self.by_bin.update((s.bin or "", s) for s in self.related.filter(bin__in=bins))
            self.bins_read |= bins
        in_rows = (self.regions.get(r.get("region")) for r in rows if r.get("school_name"))
        region_ids = {region.pk for region in in_rows if region is not None} - self.regions_read
        if region_ids:
            # Both names of every school of the regions concerned: a few thousand rows at most.
            for school in self.related.filter(region_id__in=region_ids):
                for name in {school.name_kk.lower(), school.name_ru.lower()} - {""}:
                    self.by_name[(school.region_id, name)].append(school)
            self.regions_read |= region_ids

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


class _Subjects:
    """Match the subjects rows name, reading the list only when a batch names a new one."""

    def __init__(self) -> None:
        self.found: dict[str, Subject] = {}
        self.asked: set[str] = set()

    def load(self, rows: Sequence[Row]) -> None:
        wanted = {v.strip() for r in rows for v in r.get("subjects").split("|") if v.strip()}
        if wanted - self.asked:
            found, _unknown = subjects_matching(wanted - self.asked)
            self.found.update(found)
            self.asked |= wanted


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


def teachers_import(
    *, actor: User | None, data: CsvSource, progress: ProgressFn = no_progress
) -> ImportResult:
    """Create or update teachers' accounts from a CSV file, writing nothing unless all rows pass.

    A row matches an existing account by its e-mail. New accounts have no password: each gets
    an e-mail with a one-time link to set one (sent after the import is saved). The teacher role
    at her school comes with the account. Importing the same file again changes nothing.
    ``actor`` None means the operator at the console; anyone else must be an administrator,
    or a methodologist or head over every school in the file. Other than an administrator, she
    may change only existing accounts of teachers of schools she manages (see
    ``_check_existing``). Every problem of every row is reported at once where it can be.

    The file is read a batch of rows at a time, and of each row only what it says is kept
    (``_Teacher``); the accounts it names are checked, then written, a batch at a time.
    ``progress`` is told the rows checked, then written (see ``ortaq.core.jobs``).
    """
    errors = RowErrors()
    rows = read_rows(data, columns=TEACHER_COLUMNS, required=TEACHER_REQUIRED, errors=errors)
    if "school_bin" not in rows.columns and "school_name" not in rows.columns:
        errors.add(1, "school_bin", _("Add a school_bin column, or school_name with region."))
        errors.raise_if_any()

    schools = _Schools()
    subjects = _Subjects()
    teachers: list[_Teacher] = []
    # Thousands of rows give the same first names, patronymics and subjects: one copy of each.
    shared: dict[Any, Any] = {}
    first_email: dict[str, int] = {}
    first_iin: dict[str, int] = {}
    checked = 0
    for batch in itertools.batched(rows, BATCH):
        checked += len(batch)
        progress("checking", checked)
        schools.load(batch)
        subjects.load(batch)
        for row in batch:
            teacher = _check_row(row, schools, errors)
            taught: list[Subject] = []
            for value in (s.strip() for s in row.get("subjects").split("|")):
                subject = subjects.found.get(value)
                if value and subject is None:
                    errors.add(
                        row.line, "subjects", _("Unknown subject “%(value)s”.") % {"value": value}
                    )
                elif subject is not None and subject not in taught:
                    taught.append(subject)
            if teacher is None:
                continue
            teacher.subjects = shared.setdefault(tuple(taught), tuple(taught))
            teacher.first_name = shared.setdefault(teacher.first_name, teacher.first_name)
            teacher.middle_name = shared.setdefault(teacher.middle_name, teacher.middle_name)
            if actor is not None and not may_manage_school_staff(actor, teacher.school):
                errors.add(
                    row.line, "school_bin", _("You may not manage the teachers of this school.")
                )
                continue
            for column, value, first_line in (
                ("email", teacher.email, first_email),
                ("iin", teacher.iin or "", first_iin),
            ):
                if value and value in first_line:
                    errors.add(
                        row.line,
                        column,
                        _("The same value is already on line %(line)s.")
                        % {"line": first_line[value]},
                    )
                if value:
                    first_line.setdefault(value, row.line)
            teachers.append(teacher)
    del first_email, first_iin, shared

    try:
        with transaction.atomic():
            # Two imports naming the same people take turns: the second sees the accounts the
            # first opened, and neither opens an account twice nor invites anyone twice.
            take_turns("accounts.teachers_import")
            looked_up = probing = 0
            for batch_of_teachers in itertools.batched(teachers, BATCH):
                counts = _check_existing(actor, batch_of_teachers, errors)
                looked_up, probing = looked_up + counts[0], probing + counts[1]
            # An IIN already on the account its row names tells nothing new; any other may (a
            # refusal says the IIN is registered), so those count against the daily quota.
            iin_lookups_record(actor=actor, looked_up=looked_up, probing=probing, purpose="import")
            errors.raise_if_any()
            result, created_ids = _write(teachers, progress)
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


def teachers_import_start(*, actor: User, upload: UploadedFile[bytes]) -> Job:
    """Check the file's type and size, and queue its import as a job (``teachers_import`` runs
    it in the background, as ``actor``); the same file sent again while it runs is that job."""
    if not actor.has_perm("accounts.import_teachers"):
        raise NotAllowed(_("You may not import teachers."))
    data = read_csv_upload(upload)
    return job_start(
        actor=actor,
        kind=JobKind.TEACHERS_IMPORT,
        label=upload.name or "",
        data=data,
        file_name=upload.name or "",
    )


def send_invitations_in_batches(user_ids: list[int], batch: int = 500) -> None:
    """Queue the invitation e-mails, a few hundred people per background task."""
    for start in range(0, len(user_ids), batch):
        enqueue("ortaq.accounts.tasks.send_invitations", user_ids[start : start + batch])


def _check_existing(
    actor: User | None, teachers: Sequence[_Teacher], errors: RowErrors
) -> tuple[int, int]:
    """Refuse rows (of one batch) that would take over someone else's account; return how
    many IINs the batch looked up, and how many of them are not on the account their row names.

    Anyone but an administrator (or the console) may change only the account of a teacher of a
    school she manages: not an account without a school (the administrators, methodologists
    and trainers have none), and not one that holds any role above teacher or facilitator,
    which only an administrator may rename or move. Reads a few fields of each account.
    """
    fields = ("pk", "email", "is_staff", "is_superuser", "profile__iin", "profile__school_id")
    found = User.objects.filter(email__in=[t.email for t in teachers]).values_list(*fields)
    by_email = {account[1]: account for account in found}
    iins = [t.iin for t in teachers if t.iin]
    named = {
        t.iin for t in teachers if t.iin and (by_email.get(t.email) or (None,) * 5)[4] == t.iin
    }
    owners = User.objects.filter(profile__iin__in=iins).values_list("profile__iin", "email")
    iin_owner = {iin: email for iin, email in owners if iin} if iins else {}
    restricted = actor is not None and not may_manage_school_staff(actor, None)
    staff: set[int] = set()
    schools: dict[int, School] = {}
    if restricted:
        ids = [account[0] for account in by_email.values()]
        staff = {account[0] for account in by_email.values() if account[2] or account[3]}
        staff.update(
            RoleAssignment.objects.filter(user_id__in=ids)
            .exclude(role__in=PRINCIPAL_GRANTS)
            .values_list("user_id", flat=True)
        )
        school_ids = {account[5] for account in by_email.values() if account[5] is not None}
        schools = School.objects.in_bulk(school_ids)
    for teacher in teachers:
        account = by_email.get(teacher.email)
        owner = iin_owner.get(teacher.iin) if teacher.iin else None
        if owner is not None and owner != teacher.email:
            errors.add(teacher.line, "iin", _("This IIN is already on another account."))
        if account is None:
            continue
        user_id, _email, _is_staff, _is_superuser, iin, school_id = account
        if iin and teacher.iin and iin != teacher.iin:
            errors.add(teacher.line, "iin", _("The account with this e-mail has another IIN."))
        if not restricted:
            continue
        if school_id is None or user_id in staff:
            errors.add(
                teacher.line,
                "email",
                _(
                    "This e-mail belongs to an account that only an administrator may change "
                    "(it has no school, or it holds a role above teacher)."
                ),
            )
        elif not may_manage_school_staff(actor, schools[school_id]):
            errors.add(
                teacher.line,
                "email",
                _("This e-mail belongs to a teacher of a school you do not manage."),
            )
    return len(set(iins)), len(set(iins) - named)


def _write(
    teachers: list[_Teacher], progress: ProgressFn = no_progress
) -> tuple[ImportResult, list[int]]:
    """Write the checked rows a batch at a time; return the result and the new accounts' ids."""
    created_ids: list[int] = []
    unchanged = written = 0
    for batch in itertools.batched(teachers, BATCH):
        new_ids, batch_unchanged = _write_batch(batch)
        created_ids += new_ids
        unchanged += batch_unchanged
        written += len(batch)
        progress("writing", written, len(teachers))
    result = ImportResult(
        created=len(created_ids),
        updated=len(teachers) - len(created_ids) - unchanged,
        unchanged=unchanged,
    )
    return result, created_ids


def _write_batch(teachers: Sequence[_Teacher]) -> tuple[list[int], int]:
    """Write one batch of rows; return the ids of the accounts opened and how many rows
    changed nothing."""
    accounts = User.objects.select_related("profile")
    existing = {u.email: u for u in accounts.filter(email__in=[t.email for t in teachers])}
    # Her subjects' ids are all the comparison needs (not a Subject object per teacher).
    subject_ids: dict[int, set[int]] = defaultdict(set)
    through = Profile.subjects.through.objects.filter(
        profile_id__in=[u.profile.pk for u in existing.values()]
    )
    for profile_id, subject_id in through.values_list("profile_id", "subject_id"):
        subject_ids[profile_id].add(subject_id)
    new_users: list[User] = []
    changed_users: list[User] = []
    changed_profiles: list[Profile] = []
    subject_updates: dict[int, Sequence[Subject]] = {}
    unchanged: set[int] = set()
    left: dict[int, int] = {}  # user id -> the school her profile moves away from
    moved: dict[int, int | None] = {}  # the same, with those who had no school
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
            moved[user.pk] = profile.school_id
            if profile.school_id is not None:
                left[user.pk] = profile.school_id
            profile.school = teacher.school
            profile_changed = True
        subjects_changed = (
            bool(teacher.subjects) and {s.pk for s in teacher.subjects} != subject_ids[profile.pk]
        )
        if user_changed:
            changed_users.append(user)
        if profile_changed:
            changed_profiles.append(profile)
        if subjects_changed:
            subject_updates[profile.pk] = teacher.subjects
        if not (user_changed or profile_changed or subjects_changed):
            unchanged.add(user.pk)

    User.objects.bulk_create(new_users)
    by_email = {u.email: u for u in new_users}
    # By ids, not objects: a profile and its user pointing at each other would stay in memory
    # until Python's cycle collector ran, batch after batch.
    new_profiles = [
        (
            Profile(
                user_id=by_email[t.email].pk,
                iin=t.iin,
                school_id=t.school.pk,
                category=t.category,
            ),
            t.subjects,
        )
        for t in teachers
        if t.email in by_email
    ]
    Profile.objects.bulk_create([profile for profile, _subjects in new_profiles])
    EmailAddress.objects.bulk_create(
        [EmailAddress(user_id=u.pk, email=u.email, primary=True, verified=False) for u in new_users]
    )
    for profile, taught in new_profiles:
        subject_updates[profile.pk] = taught
    if changed_users:
        User.objects.bulk_update(changed_users, ["last_name", "first_name", "middle_name"])
        forget_cached_users(u.pk for u in changed_users)
    if changed_profiles:
        stamp_updated(changed_profiles)
        Profile.objects.bulk_update(changed_profiles, ["iin", "school", "category", "updated_at"])
    if moved:
        schools_changed.send(sender=Profile, moves=moved)
    _set_subjects(subject_updates)
    roles_changed = _set_teacher_roles(teachers, {**existing, **by_email}, left)
    unchanged -= roles_changed
    return [u.pk for u in new_users], len(unchanged)


def _assign(obj: Any, teacher: _Teacher, names: tuple[str, ...]) -> bool:
    changed = False
    for name in names:
        if getattr(obj, name) != getattr(teacher, name):
            setattr(obj, name, getattr(teacher, name))
            changed = True
    return changed


def _set_subjects(updates: dict[int, Sequence[Subject]]) -> None:
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
    teachers: Sequence[_Teacher], users: dict[str, User], left: dict[int, int]
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
