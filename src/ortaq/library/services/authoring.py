"""What authors do in the library: write a resource, edit its open version (told, never
overwritten, when someone else saved it meanwhile), attach files, start a new version of a
published resource, and withdraw a version (docs/decisions/0024-the-library.md).

Every refusal is a ``DomainError`` with a translated message; every write is one transaction
that locks the rows it changes (``select_for_update(of=("self",))``).
"""

import io
import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import F, Max
from django.utils import timezone
from django.utils.translation import gettext as _

from ortaq.accounts.models import User
from ortaq.core.errors import DomainError, NotAllowed
from ortaq.core.models import Subject
from ortaq.core.uploads import DOCUMENT, check_upload
from ortaq.library import hooks
from ortaq.library.choices import EDITABLE, LANGUAGES, Kind, Licence, Status
from ortaq.library.models import (
    OBJECTIVE_CODE,
    Alignment,
    Attachment,
    Author,
    Criterion,
    Descriptor,
    Resource,
    ResourceGroup,
    Task,
    TaskObjective,
    Version,
    VersionGrade,
)
from ortaq.library.services.tallies import library_tallies_touch

MAX_BODY = 200_000
MAX_AUTHORS = 10
MAX_FILES = 20
# What a body may not hold, written as HTML in the Markdown: script, event handlers, script
# URLs. The page would drop them (``core.markup``), but the author is told rather than have
# part of her text vanish silently.
SCRIPT = re.compile(
    r"<\s*/?\s*(script|iframe|object|embed|style)\b"
    r"|<[^>]*\son[a-z]+\s*="
    r"|(?:href|src)\s*=\s*[\"']?\s*(?:javascript|vbscript|data):"
    r"|\]\(\s*(?:javascript|vbscript|data):",
    re.IGNORECASE,
)
OPEN = (Status.DRAFT, Status.SUBMITTED, Status.IN_REVIEW, Status.CHANGES)


@dataclass(frozen=True)
class Draft:
    """What an author writes in a version: its text, grades, curriculum codes and, for a
    summative task, its specification."""

    title: str
    summary: str = ""
    body: str = ""
    licence: str = Licence.CC_BY
    note: str = ""
    grades: Sequence[int] = ()
    codes: Sequence[str] = ()
    purpose: str = ""
    duration_minutes: int | None = None
    total_points: int | None = None

    def cleaned(self) -> "Draft":
        """The draft checked and tidied, or a ``DomainError`` saying what to mend."""
        title = self.title.strip()
        if not title:
            raise DomainError(_("Give the resource a title."), code="title")
        if len(title) > 300:
            raise DomainError(_("The title is too long: 300 characters at most."), code="title")
        body = self.body.strip()
        if len(body) > MAX_BODY:
            raise DomainError(_("The text is too long for one resource."), code="body")
        body_refused(body)
        body_refused(self.summary)
        if self.licence not in Licence.values:
            raise DomainError(_("Choose one of the Creative Commons licences."), code="licence")
        grades = sorted({int(grade) for grade in self.grades})
        if any(not 0 <= grade <= 11 for grade in grades):
            raise DomainError(_("A grade is from 0 (pre-school) to 11."), code="grades")
        codes = clean_codes(self.codes)
        if self.duration_minutes is not None and not 5 <= self.duration_minutes <= 240:
            raise DomainError(_("The duration is from 5 to 240 minutes."), code="duration")
        if self.total_points is not None and self.total_points < 1:
            raise DomainError(_("The total points are at least 1."), code="points")
        return replace(
            self,
            title=title,
            summary=self.summary.strip(),
            body=body,
            note=self.note.strip(),
            grades=tuple(grades),
            codes=tuple(codes),
            purpose=self.purpose.strip(),
        )


def body_refused(text: str) -> None:
    """Refuse Markdown that carries script or event handlers, saying so."""
    if SCRIPT.search(text or ""):
        raise DomainError(
            _(
                "The text holds script or an event handler (such as <script> or onclick=), "
                "which a resource may not carry. Remove it and save again: the rest of your "
                "text is kept."
            ),
            code="script",
        )


def clean_codes(codes: Sequence[str]) -> list[str]:
    """The curriculum objective codes, each checked, once each, in the order given."""
    found: list[str] = []
    for raw in codes:
        code = raw.strip().rstrip(".")
        if not code:
            continue
        try:
            OBJECTIVE_CODE(code)
        except ValidationError as exc:
            raise DomainError(
                _(
                    "“%(code)s” is not an objective code: write it as in the curriculum, "
                    "for example 5.2.1.1."
                )
                % {"code": code},
                code="codes",
            ) from exc
        if code not in found:
            found.append(code)
    return found


class DraftConflict(DomainError):
    """Refuse a save made over a version someone else saved meanwhile: ``current`` is the
    version as it is now, to show beside the text the person was saving."""

    status = 409

    def __init__(self, current: Version) -> None:
        super().__init__(
            _(
                "Someone else saved this draft while you were editing it. Your text is kept "
                "below; their version is shown beside it. Bring in what you need and save "
                "again."
            ),
            code="conflict",
        )
        self.current = current


def _may_edit(actor: User, resource: Resource) -> None:
    if not actor.has_perm("library.edit_resource", resource):
        raise NotAllowed(_("Only the resource's authors edit it."))


def _editable(version: Version) -> None:
    if version.status not in EDITABLE:
        raise DomainError(
            _("This version is %(status)s: it is not edited now.")
            % {"status": version.get_status_display()},
            code="frozen",
        )


def _write_lists(version: Version, draft: Draft) -> None:
    """Put the draft's grades and curriculum codes on ``version`` (replacing what was)."""
    VersionGrade.objects.filter(version=version).exclude(grade__in=draft.grades).delete()
    have = set(VersionGrade.objects.filter(version=version).values_list("grade", flat=True))
    VersionGrade.objects.bulk_create(
        VersionGrade(version=version, grade=grade) for grade in draft.grades if grade not in have
    )
    Alignment.objects.filter(version=version).exclude(code__in=draft.codes).delete()
    coded = set(Alignment.objects.filter(version=version).values_list("code", flat=True))
    Alignment.objects.bulk_create(
        Alignment(version=version, code=code) for code in draft.codes if code not in coded
    )


def _version_fields(draft: Draft) -> dict[str, object]:
    return {
        "title": draft.title,
        "summary": draft.summary,
        "body": draft.body,
        "licence": draft.licence,
        "note": draft.note,
        "purpose": draft.purpose,
        "duration_minutes": draft.duration_minutes,
        "total_points": draft.total_points,
    }


@dataclass(frozen=True)
class NewResource:
    """What a resource is, beside its first draft."""

    kind: str
    subject: Subject
    language: str
    coauthors: Sequence[User] = field(default_factory=tuple)
    translation_of: Resource | None = None


@transaction.atomic
def resource_create(
    *, actor: User, about: NewResource, draft: Draft, textbook_lesson: bool = False
) -> Resource:
    """Start a resource with its first version as a draft. ``actor`` is its lead author, whose
    school gives its place (region, district, school: whose moderators review it); co-authors
    follow in order, each with her school. A translation joins the group of the resource it
    translates. A textbook lesson (``Kind.TEXTBOOK``) is started only from the lesson it was
    commissioned for (``textbook_lesson``, by ``ortaq.textbooks``), never on its own."""
    if not actor.has_perm("library.create_resource"):
        raise NotAllowed(_("Sign in to write a resource."))
    if about.kind not in Kind.values or (about.kind == Kind.TEXTBOOK) != textbook_lesson:
        raise DomainError(_("Choose the kind of resource."), code="kind")
    if about.language not in {code for code, _name in LANGUAGES}:
        raise DomainError(_("Choose the language of the resource."), code="language")
    draft = draft.cleaned()
    people: dict[int, User] = {actor.pk: actor}
    for person in about.coauthors:
        people.setdefault(person.pk, person)
    if len(people) > MAX_AUTHORS:
        raise DomainError(_("A resource has at most ten authors."), code="authors")
    if about.translation_of is not None:
        original = about.translation_of
        if not actor.has_perm("library.view_resource", original):
            raise NotAllowed(_("You may not read the resource you translate."))
        group = ResourceGroup.objects.select_for_update(of=("self",)).get(pk=original.group_id)
        if Resource.objects.filter(group=group, language=about.language).exists():
            raise DomainError(
                _("This resource has a translation into this language already."),
                code="translated",
            )
    else:
        group = ResourceGroup.objects.create()
    school = actor.profile.school if hasattr(actor, "profile") else None
    resource = Resource.objects.create(
        group=group,
        language=about.language,
        kind=about.kind,
        subject=about.subject,
        school=school,
        district_id=school.district_id if school is not None else None,
        region_id=school.region_id if school is not None else None,
        created_by=actor,
    )
    schools = {
        person.pk: school_id
        for person, school_id in (
            (p, getattr(getattr(p, "profile", None), "school_id", None)) for p in people.values()
        )
    }
    Author.objects.bulk_create(
        Author(resource=resource, user=person, school_id=schools[person.pk], position=position)
        for position, person in enumerate(people.values())
    )
    version = Version.objects.create(
        resource=resource, number=1, created_by=actor, updated_by=actor, **_version_fields(draft)
    )
    _write_lists(version, draft)
    library_tallies_touch(resource)
    return resource


@transaction.atomic
def version_save(*, actor: User, version: Version, revision: int, draft: Draft) -> Version:
    """Save the open version's text, stating the ``revision`` the editing started from. If
    someone saved it meanwhile, nothing is written and ``DraftConflict`` carries her version."""
    _may_edit(actor, version.resource)
    draft = draft.cleaned()
    locked = (
        Version.objects.select_for_update(of=("self",))
        .select_related("resource")
        .get(pk=version.pk)
    )
    _editable(locked)
    if locked.revision != revision:
        raise DraftConflict(locked)
    for name, value in _version_fields(draft).items():
        setattr(locked, name, value)
    locked.revision = F("revision") + 1
    locked.updated_at = timezone.now()
    locked.updated_by = actor
    locked.save(update_fields=[*_version_fields(draft), "revision", "updated_at", "updated_by"])
    _write_lists(locked, draft)
    locked.refresh_from_db(fields=["revision"])
    return locked


def _pdf_text(data: bytes) -> str:
    """The text of a PDF, where pypdf can read it; empty otherwise (a scan, a broken file)."""
    from pypdf import PdfReader  # read only when a PDF is attached

    try:
        reader = PdfReader(io.BytesIO(data))
        return "\n".join((page.extract_text() or "") for page in reader.pages[:200])
    except Exception:  # noqa: BLE001 - a PDF pypdf cannot read simply has no text for search
        return ""


def extract_text(data: bytes, mime: str) -> str:
    """What search reads of a file: a PDF's text, or a text file's; nothing for the others."""
    if mime == "application/pdf":
        text = _pdf_text(data)
    elif mime == "text/plain":
        text = data.decode("utf-8", errors="replace")
    else:
        text = ""
    return text.replace("\x00", "")[:200_000]


@transaction.atomic
def attachment_add(*, actor: User, version: Version, upload: UploadedFile[bytes]) -> Attachment:
    """Attach a document to the open version, checked by its content and size
    (``core.uploads``); the text of a PDF or a text file is kept for search."""
    _may_edit(actor, version.resource)
    locked = Version.objects.select_for_update(of=("self",)).get(pk=version.pk)
    _editable(locked)
    if Attachment.objects.filter(version=locked).count() >= MAX_FILES:
        raise DomainError(_("A version has at most twenty files."), code="files")
    checked = check_upload(upload, DOCUMENT)
    upload.seek(0)
    data = upload.read()
    upload.seek(0)
    last = Attachment.objects.filter(version=locked).aggregate(last=Max("position"))["last"]
    attachment = Attachment(
        version=locked,
        name=checked.original_name,
        content_type=checked.type.content_type,
        size=upload.size or len(data),
        text=extract_text(data, checked.type.mime),
        position=(last or 0) + 1,
    )
    attachment.file.save(checked.file.name or "file", checked.file, save=False)
    attachment.save()
    return attachment


@transaction.atomic
def attachment_remove(*, actor: User, attachment: Attachment) -> None:
    """Take a file off the open version. The stored file is deleted once no version names it
    (an earlier published version may still)."""
    version = attachment.version
    _may_edit(actor, version.resource)
    locked = Version.objects.select_for_update(of=("self",)).get(pk=version.pk)
    _editable(locked)
    name = attachment.file.name
    storage = attachment.file.storage
    Attachment.objects.filter(pk=attachment.pk).delete()
    if name and not Attachment.objects.filter(file=name).exists():
        transaction.on_commit(lambda: storage.delete(name))


def _copy_summative(source: Version, target: Version) -> None:
    """Copy a summative task's tasks, their objectives, criteria and descriptors."""
    tasks = list(
        Task.objects.filter(version=source).prefetch_related("objectives", "criteria__descriptors")
    )
    for task in tasks:
        copy = Task.objects.create(
            version=target,
            number=task.number,
            text=task.text,
            task_type=task.task_type,
            skill_level=task.skill_level,
            minutes=task.minutes,
            points=task.points,
            mark_scheme=task.mark_scheme,
        )
        TaskObjective.objects.bulk_create(
            TaskObjective(task=copy, code=objective.code) for objective in task.objectives.all()
        )
        for criterion in task.criteria.all():
            made = Criterion.objects.create(
                task=copy,
                objective_code=criterion.objective_code,
                text=criterion.text,
                position=criterion.position,
            )
            Descriptor.objects.bulk_create(
                Descriptor(criterion=made, text=d.text, points=d.points, position=d.position)
                for d in criterion.descriptors.all()
            )


@transaction.atomic
def version_start(*, actor: User, resource: Resource) -> Version:
    """Start the next version of a published resource as a copy of its current one (text,
    grades, codes, files, a summative task's rows). The published version stays what readers
    get until the new one is reviewed and approved. Asked again, it returns the open version."""
    _may_edit(actor, resource)
    locked = Resource.objects.select_for_update(of=("self",)).get(pk=resource.pk)
    open_version = Version.objects.filter(resource=locked, status__in=OPEN).first()
    if open_version is not None:
        return open_version
    current = locked.current
    if current is None:
        raise DomainError(_("A new version is started from a published one."), code="not_published")
    last = Version.objects.filter(resource=locked).aggregate(last=Max("number"))["last"] or 0
    try:
        with transaction.atomic():
            version = Version.objects.create(
                resource=locked,
                number=last + 1,
                title=current.title,
                summary=current.summary,
                body=current.body,
                licence=current.licence,
                purpose=current.purpose,
                duration_minutes=current.duration_minutes,
                total_points=current.total_points,
                created_by=actor,
                updated_by=actor,
            )
    except IntegrityError as exc:  # another tab started it at the same moment
        raise DomainError(_("A new version is being written already."), code="open") from exc
    VersionGrade.objects.bulk_create(
        VersionGrade(version=version, grade=g.grade) for g in current.grades.all()
    )
    Alignment.objects.bulk_create(
        Alignment(
            version=version,
            code=a.code,
            alignment_type=a.alignment_type,
            description=a.description,
        )
        for a in current.alignments.all()
    )
    Attachment.objects.bulk_create(
        Attachment(
            version=version,
            file=a.file.name,
            name=a.name,
            content_type=a.content_type,
            size=a.size,
            text=a.text,
            position=a.position,
        )
        for a in current.attachments.all()
    )
    _copy_summative(current, version)
    # What the apps above keep on a version (a textbook lesson's guide, media and tasks).
    hooks.copy_rows(current, version)
    library_tallies_touch(locked)
    return version


@transaction.atomic
def version_withdraw(*, actor: User, version: Version) -> Version:
    """Withdraw the open version (its author): its review stops; a published version stays
    as it was. Withdrawing again changes nothing."""
    _may_edit(actor, version.resource)
    locked = Version.objects.select_for_update(of=("self",)).get(pk=version.pk)
    if locked.status == Status.WITHDRAWN:
        return locked
    if locked.status not in OPEN:
        raise DomainError(_("Only a version not yet published is withdrawn."), code="published")
    locked.status = Status.WITHDRAWN
    locked.updated_at = timezone.now()
    locked.save(update_fields=["status", "updated_at"])
    library_tallies_touch(version.resource)
    return locked


def resource_downloaded(*, resource: Resource) -> None:
    """Count one download of a resource's file (without losing a count to a concurrent one)."""
    Resource.objects.filter(pk=resource.pk).update(downloads=F("downloads") + 1)
