"""Every change to regions, districts and schools that a person can cause."""

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import astuple, dataclass, fields
from typing import Any, NamedTuple

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from ortaq.core.actors import Actor
from ortaq.core.audit import audit_record
from ortaq.core.csvimport import (
    YES_NO_HINT,
    CsvSource,
    ImportRejected,
    ImportResult,
    Row,
    RowError,
    RowErrors,
    chunks,
    parse_yes_no,
    read_rows,
)
from ortaq.core.errors import DomainError, NotAllowed
from ortaq.core.jobs import ProgressFn, job_start, no_progress
from ortaq.core.kz import is_valid_id_number
from ortaq.core.models import AuditAction, Job, JobKind, stamp_updated
from ortaq.core.uploads import read_csv_upload
from ortaq.schools.choices import InstructionLanguage, Locality
from ortaq.schools.models import District, Region, School
from ortaq.schools.permissions import may_manage_place
from ortaq.schools.queries import RegionIndex

SCHOOL_COLUMNS = (
    "region",
    "district",
    "name_kk",
    "name_ru",
    "bin",
    "locality",
    "small_scale",
    "pupils",
    "languages",
    "multigrade",
)
SCHOOL_REQUIRED = tuple(c for c in SCHOOL_COLUMNS if c != "bin")

LOCALITY_WORDS = {
    "urban": Locality.URBAN,
    "қала": Locality.URBAN,
    "қалалық": Locality.URBAN,
    "город": Locality.URBAN,
    "городская": Locality.URBAN,
    "rural": Locality.RURAL,
    "ауыл": Locality.RURAL,
    "ауылдық": Locality.RURAL,
    "село": Locality.RURAL,
    "сельская": Locality.RURAL,
}
LANGUAGE_WORDS = {
    "kk": InstructionLanguage.KAZAKH,
    "ru": InstructionLanguage.RUSSIAN,
    "kk+ru": InstructionLanguage.MIXED,
    "ru+kk": InstructionLanguage.MIXED,
}
KAZAKH_LETTERS = frozenset("әғқңөұүһі")


@dataclass(frozen=True, slots=True)
class SchoolFields:
    """Everything about a school that people edit, as a form or an import row gives it."""

    name_kk: str
    name_ru: str
    bin: str | None
    region_id: int
    district_id: int | None
    locality: str
    small_scale: bool
    pupils: int | None
    languages: str
    multigrade: bool

    @classmethod
    def of(cls, school: School) -> "SchoolFields":
        return cls(**{f.name: getattr(school, f.name) for f in fields(cls)})

    def apply_to(self, school: School) -> list[str]:
        """Copy the fields onto ``school``; return the names of those that changed."""
        changed = []
        for f in fields(self):
            value = getattr(self, f.name)
            if getattr(school, f.name) != value:
                setattr(school, f.name, value)
                changed.append(f.name)
        return changed


def _check_may_manage(actor: Actor | None, region_id: int, district_id: int | None) -> None:
    if actor is not None and not may_manage_place(actor, region_id, district_id):
        raise NotAllowed(_("You may not manage schools in this region or district."))


def _validated(school: School) -> School:
    try:
        school.full_clean(exclude=["created_at", "updated_at"])
    except ValidationError as exc:
        raise DomainError(" ".join(exc.messages)) from exc
    return school


@transaction.atomic
def school_create(*, actor: Actor | None, data: SchoolFields) -> School:
    """Add a school; the actor must manage its region or district.

    ``actor`` None means the operator at the console, who may do anything.
    """
    _check_may_manage(actor, data.region_id, data.district_id)
    school = School()
    data.apply_to(school)
    _validated(school).save()
    return school


@transaction.atomic
def school_update(*, actor: Actor | None, school: School, data: SchoolFields) -> School:
    """Change a school's record; a school head may, and so may the methodologists above it.

    Moving a school to another region or district also needs the right to manage the new place.
    """
    if actor is not None and not actor.has_perm("schools.change_school", school):
        raise NotAllowed(_("You may not change this school."))
    # Compare with the row as stored (a form may already have changed the instance in memory),
    # and hold it so that two edits at once apply one after the other.
    school = School.objects.select_for_update(of=("self",)).get(pk=school.pk)
    if (data.region_id, data.district_id) != (school.region_id, school.district_id):
        _check_may_manage(actor, data.region_id, data.district_id)
    changed = data.apply_to(school)
    if changed:
        _validated(school).save(update_fields=[*changed, "updated_at"])
    return school


@transaction.atomic
def district_rename(
    *, actor: Actor | None, district: District, name_kk: str, name_ru: str, name_en: str
) -> District:
    """Give a district its names in the three languages; imports then match any of them."""
    _check_may_manage(actor, district.region_id, district.pk)
    district.name_kk, district.name_ru, district.name_en = (
        name_kk.strip(),
        name_ru.strip(),
        name_en.strip(),
    )
    if not district.names():
        raise DomainError(_("Give the district at least one name."))
    try:
        district.validate_constraints()
    except ValidationError as exc:
        raise DomainError(_("Another district of this region already has this name.")) from exc
    district.save(update_fields=["name_kk", "name_ru", "name_en"])
    return district


def guess_name_language(name: str) -> str:
    """Say which language a place name is written in: ``kk``, ``ru`` or ``en``.

    «ауданы» marks a Kazakh district name and «район» a Russian one; otherwise letters found
    only in Kazakh mean Kazakh, other Cyrillic means Russian, and the rest is English.
    """
    lowered = name.lower()
    if "аудан" in lowered:
        return "kk"
    if "район" in lowered:
        return "ru"
    if KAZAKH_LETTERS & set(lowered):
        return "kk"
    if re.search("[а-яё]", lowered):
        return "ru"
    return "en"


class _DistrictIndex:
    """Look districts up by any of their names within a region; plan the ones to create."""

    def __init__(self, regions: Iterable[Region]) -> None:
        self.by_name: dict[tuple[int, str], District] = {}
        for district in District.objects.filter(region__in=list(regions)):
            for name in district.names():
                self.by_name[(district.region_id, name)] = district
        self.new: dict[tuple[int, str], District] = {}

    def find(self, region: Region, name: str) -> District | None:
        return self.by_name.get((region.pk, name.strip().lower()))

    def find_or_plan(self, region: Region, name: str) -> District:
        key = (region.pk, name.strip().lower())
        district = self.by_name.get(key) or self.new.get(key)
        if district is None:
            district = District(region=region)
            setattr(district, f"name_{guess_name_language(name)}", name.strip())
            self.new[key] = district
        return district


@dataclass(slots=True)
class _PlannedRow:
    """A checked row: all an import keeps of it (one per row of a file of up to 200,000)."""

    line: int
    region: Region
    district_name: str
    name_kk: str
    name_ru: str
    bin: str | None
    locality: str
    small_scale: bool
    pupils: int | None
    languages: str
    multigrade: bool
    district: District | None = None

    def fields(self) -> SchoolFields:
        return SchoolFields(
            name_kk=self.name_kk,
            name_ru=self.name_ru,
            bin=self.bin,
            region_id=self.region.pk,
            district_id=self.district.pk if self.district else None,
            locality=self.locality,
            small_scale=self.small_scale,
            pupils=self.pupils,
            languages=self.languages,
            multigrade=self.multigrade,
        )

    def name_keys(self) -> list[tuple[Any, ...]]:
        district = self.district
        # A district the import is about to create has no id yet: the object stands for it.
        district_key = district.pk if district and district.pk else id(district)
        return _name_keys(self.region.pk, district_key, self.name_kk, self.name_ru)


class _Known(NamedTuple):
    """A school already recorded, as much of it as matching rows to it needs."""

    pk: int
    region_id: int
    district_id: int | None
    bin: str | None


KNOWN_FIELDS = ("pk", "region_id", "district_id", "bin")


def _name_keys(region_id: int, district_key: int, *names: str) -> list[tuple[Any, ...]]:
    return [(region_id, district_key, n.strip().lower()) for n in names if n.strip()]


def _check_row(row: Row, regions: RegionIndex, errors: RowErrors) -> _PlannedRow | None:
    """Check one row's cells on their own; None when its region is unknown."""
    line = row.line
    values: dict[str, Any] = {}
    region = regions.get(row.get("region")) if row.get("region") else None
    if not row.get("region"):
        errors.add(line, "region", _("The region is required."))
    elif region is None:
        errors.add(
            line,
            "region",
            _("Unknown region “%(value)s”. Write its code (such as KZ-19) or its name.")
            % {"value": row.get("region")},
        )
    values["name_kk"], values["name_ru"] = row.get("name_kk"), row.get("name_ru")
    if not (values["name_kk"] or values["name_ru"]):
        errors.add(line, "name_kk", _("Give the school's name in Kazakh or in Russian."))
    for column in ("name_kk", "name_ru"):
        if len(values[column]) > 255:
            errors.add(line, column, _("The name is longer than 255 characters."))
    if len(row.get("district")) > 120:
        errors.add(line, "district", _("The name is longer than 120 characters."))
    bin_value = row.get("bin").replace(" ", "")
    values["bin"] = bin_value or None
    if bin_value and not is_valid_id_number(bin_value):
        errors.add(
            line,
            "bin",
            _("A BIN is 12 digits with a correct check digit; “%(value)s” is not.")
            % {"value": bin_value},
        )
    values["locality"] = LOCALITY_WORDS.get(row.get("locality").lower())
    if values["locality"] is None:
        errors.add(line, "locality", _("Write urban or rural."))
    for column in ("small_scale", "multigrade"):
        values[column] = parse_yes_no(row.get(column))
        if values[column] is None:
            errors.add(line, column, str(YES_NO_HINT))
    pupils = row.get("pupils").replace(" ", "").replace("\u00a0", "")
    values["pupils"] = None
    if pupils:
        if pupils.isdigit() and len(pupils) <= 6:
            values["pupils"] = int(pupils)
        else:
            errors.add(line, "pupils", _("Write a whole number of pupils, or leave it empty."))
    values["languages"] = LANGUAGE_WORDS.get(row.get("languages").lower().replace(" ", ""))
    if values["languages"] is None:
        errors.add(line, "languages", _("Write kk, ru or kk+ru."))
    if region is None:
        return None
    return _PlannedRow(line=line, region=region, district_name=row.get("district"), **values)


def schools_import(
    *, actor: Actor | None, data: CsvSource, progress: ProgressFn = no_progress
) -> ImportResult:
    """Create or update schools from a CSV file, writing nothing unless every row is right.

    A row updates the school with the same BIN, or else the school with the same name in the
    same region and district; otherwise it adds a school. Importing the same file twice changes
    nothing the second time. The columns are documented in the README. ``actor`` None means the
    operator at the console; anyone else must manage the region or district of every row, and
    of every school a row updates (a methodologist cannot move or rename another region's school
    by giving its BIN). Every problem of every row is reported at once where it can be.

    The file is read a row at a time, and of each row only what it says is kept (``_PlannedRow``);
    the schools it matches are read as a few fields each, and written a thousand at a time.
    ``progress`` is told the rows checked, then written (see ``ortaq.core.jobs``).
    """
    errors = RowErrors()
    regions = RegionIndex()
    checked: list[_PlannedRow] = []
    # Rows repeat a few district names thousands of times: keep one copy of each.
    district_names: dict[str, str] = {}
    rows = read_rows(data, columns=SCHOOL_COLUMNS, required=SCHOOL_REQUIRED, errors=errors)
    for count, row in enumerate(rows, 1):
        if count % 500 == 0:
            progress("checking", count)
        one = _check_row(row, regions, errors)
        if one is not None:
            one.district_name = district_names.setdefault(one.district_name, one.district_name)
            checked.append(one)

    try:
        with transaction.atomic():
            # Imports into the same regions take turns: a file sent twice at once creates each
            # school once, and the second import finds them all unchanged.
            region_ids = sorted({row.region.pk for row in checked})
            list(
                Region.objects.select_for_update(of=("self",))
                .filter(pk__in=region_ids)
                .order_by("pk")
            )
            planned, new_districts = _plan(actor, checked, errors)
            del checked
            matches = _match_existing(planned, errors)
            _check_matches(actor, planned, matches, errors)
            errors.raise_if_any()
            result = _write(planned, matches, new_districts, progress)
            _audit_import(actor, AuditAction.SCHOOLS_IMPORT, result)
            return result
    except IntegrityError as exc:
        raise DomainError(
            _("Another change to these schools happened at the same moment. Import the file again.")
        ) from exc


def schools_import_start(*, actor: Actor, upload: UploadedFile[bytes]) -> Job:
    """Check the file's type and size, and queue its import as a job (``schools_import`` runs
    it in the background, as ``actor``); the same file sent again while it runs is that job."""
    if not actor.has_perm("schools.import_schools"):
        raise NotAllowed(_("You may not import schools."))
    data = read_csv_upload(upload)
    return job_start(
        actor=actor,
        kind=JobKind.SCHOOLS_IMPORT,
        label=upload.name or "",
        data=data,
        file_name=upload.name or "",
    )


def _audit_import(actor: Actor | None, action: AuditAction, result: ImportResult) -> None:
    audit_record(
        actor=actor,
        action=action,
        created=result.created,
        updated=result.updated,
        unchanged=result.unchanged,
    )


def _plan(
    actor: Actor | None, checked: list[_PlannedRow], errors: RowErrors
) -> tuple[list[_PlannedRow], list[District]]:
    """Find or plan each row's district, and refuse rows outside the actor's places."""
    districts = _DistrictIndex({row.region for row in checked})
    planned: list[_PlannedRow] = []
    for row in checked:
        name = row.district_name
        existing = districts.find(row.region, name) if name else None
        if actor is not None and not may_manage_place(
            actor, row.region.pk, existing.pk if existing else None
        ):
            errors.add(
                row.line,
                "district" if name else "region",
                _("You may not manage schools in this region or district."),
            )
            continue
        row.district = districts.find_or_plan(row.region, name) if name else None
        planned.append(row)
    return planned, list(districts.new.values())


def _match_existing(planned: list[_PlannedRow], errors: RowErrors) -> list[_Known | None]:
    """Find the school each row updates, and refuse two rows that are the same school.

    Reads the schools with the file's BINs, then, for the rows no BIN matched, the schools of
    their regions (a few fields each, streamed, keeping only those with a name the file gives).
    """
    by_bin: dict[str, _Known] = {}
    for part in chunks([row.bin for row in planned if row.bin]):
        found = School.objects.filter(bin__in=part).values_list(*KNOWN_FIELDS)
        by_bin.update((known.bin or "", known) for known in map(_Known._make, found))

    # Every row's BIN and names, with the first line that gave each: a second row giving one
    # again is the same school twice. The names of rows no BIN matched are looked for.
    first_line: dict[Any, int] = {}
    wanted: set[tuple[Any, ...]] = set()
    for row in planned:
        keys: list[Any] = row.name_keys()
        if not (row.bin and row.bin in by_bin):
            wanted.update(keys)
        if row.bin:
            keys.append(row.bin)
        for key in keys:
            if key in first_line:
                column = "bin" if key == row.bin else "name_kk" if row.name_kk else "name_ru"
                errors.add(
                    row.line,
                    column,
                    _("The same school is already on line %(line)s.") % {"line": first_line[key]},
                )
                break
        for key in keys:
            first_line.setdefault(key, row.line)
    del first_line

    by_name: dict[tuple[Any, ...], list[_Known]] = defaultdict(list)
    if wanted:
        region_ids = {row.region.pk for row in planned}
        schools = School.objects.filter(region_id__in=region_ids)
        fields = (*KNOWN_FIELDS, "name_kk", "name_ru")
        for *values, name_kk, name_ru in schools.values_list(*fields).iterator(chunk_size=2000):
            known = _Known(*values)
            district_key = known.district_id or id(None)
            for key in _name_keys(known.region_id, district_key, name_kk, name_ru):
                if key in wanted:
                    by_name[key].append(by_bin.get(known.bin or "", known))
    del wanted

    matches: list[_Known | None] = []
    for row in planned:
        match = by_bin.get(row.bin) if row.bin else None
        if match is None and (row.district is None or row.district.pk):
            candidates = {
                s.pk: s
                for key in row.name_keys()
                for s in by_name.get(key, [])
                # A school that has a different BIN is a different school with the same name.
                if not (row.bin and s.bin and s.bin != row.bin)
            }
            if len(candidates) > 1:
                errors.add(
                    row.line,
                    "bin",
                    _("Several schools in this district have this name; add the BIN to say which."),
                )
            match = next(iter(candidates.values()), None)
        matches.append(match)
    return matches


def _check_matches(
    actor: Actor | None, planned: list[_PlannedRow], matches: list[_Known | None], errors: RowErrors
) -> None:
    """Refuse a row that updates a school outside the actor's places, or one another row updates.

    Without the first check a methodologist could take another region's school into hers by
    writing its BIN on a row of her region. Without the second, two rows (one by BIN, one by
    name) would overwrite each other, and importing the file again would add a school.
    """
    first_line: dict[int, int] = {}
    refused: list[tuple[_PlannedRow, _Known, str, int | None]] = []
    for row, match in zip(planned, matches, strict=True):
        if match is None:
            continue
        by_bin = bool(row.bin) and match.bin == row.bin
        column = "bin" if by_bin else "name_kk" if row.name_kk else "name_ru"
        if actor is not None and not may_manage_place(actor, match.region_id, match.district_id):
            refused.append((row, match, column, None))
        elif match.pk in first_line:
            refused.append((row, match, column, first_line[match.pk]))
        first_line.setdefault(match.pk, row.line)
    # The messages name the schools: read them once for all.
    names = School.objects.only("name_kk", "name_ru", "languages").in_bulk(
        {match.pk for _row, match, _column, _line in refused}
    )
    for row, match, column, other_line in refused:
        if other_line is None:
            message = _(
                "This row would change the school “%(name)s”, which is in a region or "
                "district you do not manage."
            ) % {"name": names[match.pk].name}
        else:
            message = _("This row and line %(line)s would both change the school “%(name)s”.") % {
                "line": other_line,
                "name": names[match.pk].name,
            }
        errors.add(row.line, column, message)


WRITE_BATCH = 1000


def _write(
    planned: list[_PlannedRow],
    matches: list[_Known | None],
    new_districts: list[District],
    progress: ProgressFn,
) -> ImportResult:
    """Write the rows a thousand at a time, reading the schools they update as it goes."""
    District.objects.bulk_create(new_districts)
    created = updated = unchanged = 0
    for start in range(0, len(planned), WRITE_BATCH):
        rows = planned[start : start + WRITE_BATCH]
        batch_matches = matches[start : start + WRITE_BATCH]
        schools = School.objects.in_bulk([m.pk for m in batch_matches if m is not None])
        to_create: list[School] = []
        to_update: list[School] = []
        changed_fields: set[str] = set()
        for row, match in zip(rows, batch_matches, strict=True):
            data = row.fields()
            if match is None:
                school = School()
                data.apply_to(school)
                to_create.append(school)
                continue
            school = schools[match.pk]
            if data.bin is None:
                # A row without a BIN never erases the BIN the school already has.
                data = SchoolFields(**{**_asdict(data), "bin": school.bin})
            changed = data.apply_to(school)
            if changed:
                changed_fields.update(changed)
                to_update.append(school)
            else:
                unchanged += 1
        School.objects.bulk_create(to_create)
        if to_update:
            stamp_updated(to_update)
            School.objects.bulk_update(to_update, [*sorted(changed_fields), "updated_at"])
        created += len(to_create)
        updated += len(to_update)
        progress("writing", start + len(rows), len(planned))
    return ImportResult(created=created, updated=updated, unchanged=unchanged)


def _asdict(data: SchoolFields) -> dict[str, Any]:
    return dict(zip([f.name for f in fields(data)], astuple(data), strict=True))


__all__ = [
    "ImportRejected",
    "RowError",
    "SchoolFields",
    "district_rename",
    "guess_name_language",
    "school_create",
    "school_update",
    "schools_import",
    "schools_import_start",
]
