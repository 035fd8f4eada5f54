"""Every write in a teacher-led development project: start it, fill each stage, move on, submit
the portfolio, comment, and assess.

``Project.stage`` is the furthest stage she has reached. She may amend any stage up to it while
the project is open (in progress or returned); she moves on when the stage she is at holds what it
must produce (``missing``). Submitting needs every stage complete; her circle's facilitators (and
methodologists over it) assess the portfolio against the criteria, and accept it or return it.
"""

import datetime
import uuid
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import models, transaction
from django.utils import timezone, translation
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ortaq.accounts.models import User
from ortaq.certificates.services import certificate_issue
from ortaq.communities.choices import Consulted, Criterion, EvidenceKind, ProjectStatus, Stage
from ortaq.communities.models import (
    Assessment,
    AssessmentLevel,
    Circle,
    Comment,
    ConsultationNote,
    EvidenceItem,
    LogEntry,
    Project,
)
from ortaq.communities.models.projects import is_web_link
from ortaq.communities.services.tallies import circle_tallies_touch_circles
from ortaq.core.background import enqueue_on_commit
from ortaq.core.errors import DomainError, NotAllowed
from ortaq.core.models import Subject
from ortaq.core.once import create_once, made_before
from ortaq.core.uploads import DOCUMENT, IMAGE, UploadKind, check_upload

EVIDENCE = UploadKind(
    gettext_lazy("a picture, a PDF, a document or a spreadsheet"),
    (IMAGE.mime_types | DOCUMENT.mime_types) - {"application/zip"},
    20 * 1024 * 1024,
)
# The summary is "about 800 words": under this it is not a summary yet; over the hard limit it
# is no longer one.
SUMMARY_MIN_WORDS = 300
SUMMARY_MAX_WORDS = 1500
SUMMARY_AIM = (600, 1000)

# The fields each stage holds on the project itself.
STAGE_FIELDS: dict[int, tuple[str, ...]] = {
    Stage.CONCERN: ("values", "concern"),
    Stage.PLAN: ("aims", "actions", "timeline", "involved", "planned_evidence"),
    Stage.SHARING: ("presentation_title", "presented_at", "presented_on", "event_url", "summary"),
}
HEADER_FIELDS = ("title", "subject", "theme")


def words(text: str) -> int:
    return len(text.split())


def _field(name: str) -> "models.Field[Any, Any]":
    field = Project._meta.get_field(name)
    if not isinstance(field, models.Field):
        raise DomainError(_("These fields do not belong to this stage."), code="fields")
    return field


def _refuse_field(name: str, problem: str) -> DomainError:
    label = capfirst(str(_field(name).verbose_name))
    return DomainError(
        _("Check “%(field)s”: %(problem)s") % {"field": label, "problem": problem},
        code="field",
    )


def _clean_field(project: Project, name: str, value: Any) -> Any:
    """Check one field's value as the database and the pages need it, whoever sends it (a page
    or the API's free-form ``fields``): text for text, a date for a date, within the length,
    and only an http(s) address for a link."""
    field = _field(name)
    if name == "subject":
        if value is not None and not isinstance(value, Subject):
            raise _refuse_field(name, _("choose a subject from the list."))
        return value
    if isinstance(field, models.DateField):
        if value is None or value == "":
            return None
        if not isinstance(value, str | datetime.date):
            raise _refuse_field(name, _("give a date as YYYY-MM-DD."))
    elif isinstance(field, models.CharField | models.TextField):
        if not isinstance(value, str):
            raise _refuse_field(name, _("write it as text."))
        value = value.strip()
        if "\x00" in value:
            raise _refuse_field(name, _("it contains a character that cannot be stored."))
        if name == "event_url" and value and not is_web_link(value):
            raise _refuse_field(name, _("give a web address that starts with http:// or https://."))
    try:
        return field.clean(value, project)
    except ValidationError as exc:
        raise _refuse_field(name, " ".join(exc.messages)) from None


def _touch(project: Project) -> None:
    now = timezone.now()
    Project.objects.filter(pk=project.pk).update(updated_at=now)
    Circle.objects.filter(pk=project.circle_id).update(last_activity_at=now)
    circle_tallies_touch_circles([project.circle_id])
    project.updated_at = now


def _require(actor: User, perm: str, project: Project) -> None:
    if not actor.has_perm(perm, project):
        raise NotAllowed(_("You may not do this with this project."))


def _require_open_stage(actor: User, project: Project, stage: int) -> None:
    _require(actor, "communities.change_project", project)
    if stage > project.stage:
        raise DomainError(
            _("Finish the stage you are at before you work on a later one."), code="stage_ahead"
        )


@transaction.atomic
def project_create(
    *,
    actor: User,
    circle: Circle,
    title: str,
    subject: Subject | None = None,
    theme: str = "",
    client_key: uuid.UUID | None = None,
) -> Project:
    """Start her project in her circle, at the first stage. The same one-time form key twice
    (a double click) starts one project."""
    if not actor.has_perm("communities.add_project", circle):
        raise NotAllowed(_("Only members of the circle start projects in it."))
    found = made_before(Project, client_key, owner=actor, circle=circle)
    if found is not None:
        return found
    if not isinstance(title, str) or not title.strip():
        raise DomainError(_("Give the project a title."), code="empty")
    draft = Project(owner=actor, circle=circle)
    fields = {
        "title": _clean_field(draft, "title", title),
        "subject": _clean_field(draft, "subject", subject),
        "theme": _clean_field(draft, "theme", theme),
    }
    project = create_once(
        lambda: Project.objects.create(owner=actor, circle=circle, client_key=client_key, **fields),
        model=Project,
        key=client_key,
        owner=actor,
        circle=circle,
    )
    Circle.objects.filter(pk=circle.pk).update(last_activity_at=timezone.now())
    circle_tallies_touch_circles([circle.pk])
    return project


@transaction.atomic
def project_update(
    *, actor: User, project: Project, stage: int | None, data: dict[str, Any]
) -> Project:
    """Save the fields of one stage (or, with ``stage`` None, the title, subject and theme).

    Every value is checked here, whoever sends it: a wrong type, a bad date, an over-long text or
    a link that is not an http(s) address is refused with a message naming the field, and
    nothing is saved."""
    if stage is None:
        _require(actor, "communities.change_project", project)
    else:
        _require_open_stage(actor, project, stage)
        if stage not in STAGE_FIELDS:
            raise DomainError(
                _("Only these stages have fields to fill in: %(stages)s.")
                % {"stages": ", ".join(str(Stage(s).label) for s in STAGE_FIELDS)},
                code="stage",
            )
    allowed = HEADER_FIELDS if stage is None else STAGE_FIELDS[stage]
    unknown = set(data) - set(allowed)
    if unknown:
        raise DomainError(_("These fields do not belong to this stage."), code="fields")
    if "title" in data and (not isinstance(data["title"], str) or not data["title"].strip()):
        raise DomainError(_("Give the project a title."), code="empty")
    cleaned = {name: _clean_field(project, name, value) for name, value in data.items()}
    if "summary" in cleaned and words(cleaned["summary"]) > SUMMARY_MAX_WORDS:
        raise DomainError(
            _("The summary has %(count)s words; keep it under %(limit)s (about 800 is right).")
            % {"count": words(cleaned["summary"]), "limit": SUMMARY_MAX_WORDS},
            code="summary_long",
        )
    for name, value in cleaned.items():
        setattr(project, name, value)
    project.save(update_fields=[*cleaned, "updated_at"])
    _touch(project)
    return project


def _create_once(model: Any, key: uuid.UUID | None, project: Project, **fields: Any) -> Any:
    """Create a stage item with its one-time key (see ``core.once``)."""
    return create_once(
        lambda: model.objects.create(project=project, client_key=key, **fields),
        model=model,
        key=key,
        project=project,
    )


@transaction.atomic
def consultation_add(
    *,
    actor: User,
    project: Project,
    consulted: str,
    who: str,
    said: str,
    on_date: datetime.date,
    client_key: uuid.UUID | None = None,
) -> ConsultationNote:
    """Stage 2: note whom she consulted and what they said. The same one-time form key twice
    (a double click) notes it once."""
    _require_open_stage(actor, project, Stage.CONSULTATION)
    found = made_before(ConsultationNote, client_key, project=project)
    if found is not None:
        return found
    if consulted not in Consulted.values or not said.strip():
        raise DomainError(_("Say whom you consulted and what they said."), code="empty")
    if len(who.strip()) > ConsultationNote._meta.get_field("who").max_length:  # type: ignore[operator]
        raise DomainError(_("Say whom you consulted in a few words."), code="who")
    note: ConsultationNote = _create_once(
        ConsultationNote, client_key, project,
        consulted=consulted, who=who.strip(), said=said.strip(), on_date=on_date,
    )  # fmt: skip
    _touch(project)
    return note


@transaction.atomic
def log_add(
    *,
    actor: User,
    project: Project,
    on_date: datetime.date,
    text: str,
    client_key: uuid.UUID | None = None,
) -> LogEntry:
    """Stage 4: a dated entry of what she did. The same one-time form key twice (a double
    click) adds it once."""
    _require_open_stage(actor, project, Stage.LEADING)
    found = made_before(LogEntry, client_key, project=project)
    if found is not None:
        return found
    if not text.strip():
        raise DomainError(_("Write what was done."), code="empty")
    entry: LogEntry = _create_once(
        LogEntry, client_key, project, on_date=on_date, text=text.strip()
    )
    _touch(project)
    return entry


@transaction.atomic
def evidence_add(
    *,
    actor: User,
    project: Project,
    kind: str,
    caption: str,
    text: str = "",
    upload: UploadedFile[bytes] | None = None,
    pupils_appear: bool = False,
    consent_obtained: bool = False,
    client_key: uuid.UUID | None = None,
) -> EvidenceItem:
    """Stage 5: a piece of evidence with its caption, and a text or a file (checked by content
    and size). Where pupils appear she must state that consent was obtained. The same one-time
    form key twice (a double click) adds it once."""
    _require_open_stage(actor, project, Stage.EVIDENCE)
    found = made_before(EvidenceItem, client_key, project=project)
    if found is not None:
        return found
    if kind not in EvidenceKind.values or not caption.strip():
        raise DomainError(_("Give the evidence a kind and a caption."), code="empty")
    if len(caption.strip()) > EvidenceItem._meta.get_field("caption").max_length:  # type: ignore[operator]
        raise DomainError(_("Keep the caption short."), code="caption")
    if upload is None and not text.strip():
        raise DomainError(_("Attach a file or write the evidence down."), code="empty")
    if pupils_appear and not consent_obtained:
        raise DomainError(
            _(
                "Pupils appear in it: confirm that their parents' consent was obtained, or "
                "leave them out."
            ),
            code="consent",
        )
    item = EvidenceItem(
        project=project,
        kind=kind,
        caption=caption.strip(),
        text=text.strip(),
        pupils_appear=pupils_appear,
        consent_obtained=consent_obtained,
        client_key=client_key,
    )
    if upload is not None:
        checked = check_upload(upload, EVIDENCE)
        item.file_name = checked.original_name
        item.content_type = checked.type.mime
        item.file.save(checked.file.name or "", checked.file, save=False)

    def save() -> EvidenceItem:
        item.save()
        return item

    saved: EvidenceItem | None = None
    try:
        saved = create_once(save, model=EvidenceItem, key=client_key, project=project)
    finally:
        if saved is not item and item.file.name:
            # The same form sent twice at the same moment: the other sending's item stays, and
            # this sending's copy of the file goes.
            item.file.storage.delete(item.file.name)
    _touch(project)
    return saved


@transaction.atomic
def item_remove(
    *, actor: User, project: Project, item: ConsultationNote | LogEntry | EvidenceItem
) -> None:
    """Remove a consultation note, log entry or piece of evidence (and its file)."""
    _require(actor, "communities.change_project", project)
    if item.project_id != project.pk:
        raise NotAllowed(_("You may not do this with this project."))
    # A piece of evidence's file is deleted from storage once this commits (django-cleanup).
    item.delete()
    _touch(project)


@dataclass(frozen=True)
class Counts:
    """How many items stages 2, 4 and 5 hold (a page reads them once)."""

    consultations: int
    log: int
    evidence: int


def counts_of(project: Project) -> Counts:
    return Counts(
        consultations=project.consultations.count(),
        log=project.log.count(),
        evidence=project.evidence.count(),
    )


def missing(project: Project, stage: int, counts: Counts) -> list[str]:
    """What ``stage`` still lacks before she may move on; empty when it is complete."""
    lacks: list[str] = []
    if stage == Stage.CONCERN:
        if not project.values.strip():
            lacks.append(_("Write what matters to you in your work."))
        if not project.concern.strip():
            lacks.append(_("Name the concern you will work on."))
    elif stage == Stage.CONSULTATION and not counts.consultations:
        lacks.append(_("Note at least one consultation with colleagues, pupils or parents."))
    elif stage == Stage.PLAN:
        for name, lack in (
            ("aims", _("Write the aims.")),
            ("actions", _("List the actions.")),
            ("timeline", _("Give a timeline.")),
            ("involved", _("Say who is involved.")),
            ("planned_evidence", _("Say how you will know it worked.")),
        ):
            if not getattr(project, name).strip():
                lacks.append(lack)
    elif stage == Stage.LEADING and not counts.log:
        lacks.append(_("Add at least one entry of what you did."))
    elif stage == Stage.EVIDENCE and not counts.evidence:
        lacks.append(_("Add at least one piece of evidence."))
    elif stage == Stage.SHARING:
        if not project.presentation_title.strip() or not project.presented_at.strip():
            lacks.append(_("Say where you presented the project, and under what title."))
        if words(project.summary) < SUMMARY_MIN_WORDS:
            lacks.append(
                _("Write the summary for publication: about 800 words (at least %(min)s).")
                % {"min": SUMMARY_MIN_WORDS}
            )
    return lacks


def incomplete_stages(project: Project, counts: Counts) -> list[int]:
    return [s for s in Stage.values if s < Stage.PORTFOLIO and missing(project, s, counts)]


@transaction.atomic
def project_advance(*, actor: User, project: Project, from_stage: int | None = None) -> Project:
    """Move on from the stage she is at, once it holds what it must produce.

    ``from_stage`` is the stage she saw when she pressed the button: when the project has
    already moved on from it (a double click, a second tab), nothing changes and no further
    stage is skipped."""
    _require(actor, "communities.change_project", project)
    locked = Project.objects.select_for_update(of=("self",)).get(pk=project.pk)
    if from_stage is not None:
        if from_stage > locked.stage:
            raise DomainError(
                _("Finish the stage you are at before you work on a later one."),
                code="stage_ahead",
            )
        if from_stage < locked.stage:
            project.stage = locked.stage
            return locked
    if locked.stage >= Stage.PORTFOLIO:
        return locked
    lacks = missing(locked, locked.stage, counts_of(locked))
    if lacks:
        raise DomainError(" ".join(lacks), code="incomplete")
    locked.stage += 1
    locked.save(update_fields=["stage", "updated_at"])
    _touch(locked)
    project.stage = locked.stage
    return locked


@transaction.atomic
def project_submit(*, actor: User, project: Project) -> Project:
    """Submit the portfolio for assessment; her circle's facilitators hear of it. Submitting a
    submitted portfolio again changes nothing."""
    locked = Project.objects.select_for_update(of=("self",)).get(pk=project.pk)
    if locked.status == ProjectStatus.SUBMITTED and locked.owner_id == actor.pk:
        return locked
    _require(actor, "communities.change_project", locked)
    if locked.stage < Stage.PORTFOLIO:
        raise DomainError(_("Reach the portfolio stage first."), code="stage")
    gaps = incomplete_stages(locked, counts_of(locked))
    if gaps:
        raise DomainError(
            _("Complete these stages first: %(stages)s.")
            % {"stages": ", ".join(str(Stage(s).label) for s in gaps)},
            code="incomplete",
        )
    locked.status = ProjectStatus.SUBMITTED
    locked.submitted_at = timezone.now()
    locked.save(update_fields=["status", "submitted_at", "updated_at"])
    _touch(locked)
    enqueue_on_commit("ortaq.communities.tasks.projects.tell_facilitators_submitted", locked.pk)
    project.status, project.submitted_at = locked.status, locked.submitted_at
    return locked


@transaction.atomic
def project_assess(
    *,
    actor: User,
    project: Project,
    levels: dict[str, int],
    comment: str,
    accept: bool,
) -> Assessment:
    """Assess a submitted portfolio: a level for every criterion, a comment, and accept it or
    return it for changes (a comment is then required). She hears of it by e-mail.

    The same decision by the same assessor again, once the portfolio is no longer waiting (a
    double click, a second tab), changes nothing, tells nobody and returns her assessment."""
    locked = Project.objects.select_for_update(of=("self",)).get(pk=project.pk)
    if locked.status != ProjectStatus.SUBMITTED:
        latest = locked.assessments.order_by("-created_at", "-pk").first()
        decided = ProjectStatus.ACCEPTED if accept else ProjectStatus.RETURNED
        if (
            latest is not None
            and latest.assessor_id == actor.pk
            and latest.accepted == accept
            and locked.status == decided
        ):
            project.status, project.accepted_at = locked.status, locked.accepted_at
            return latest
    _require(actor, "communities.assess_project", locked)
    if set(levels) != set(Criterion.values) or any(v not in (0, 1, 2) for v in levels.values()):
        raise DomainError(_("Give a level for every criterion."), code="levels")
    if not accept and not comment.strip():
        raise DomainError(_("Say what to change when you return a portfolio."), code="comment")
    now = timezone.now()
    assessment = Assessment.objects.create(
        project=locked, assessor=actor, accepted=accept, comment=comment.strip(), created_at=now
    )
    AssessmentLevel.objects.bulk_create(
        AssessmentLevel(assessment=assessment, criterion=c, level=v) for c, v in levels.items()
    )
    locked.status = ProjectStatus.ACCEPTED if accept else ProjectStatus.RETURNED
    locked.accepted_at = now if accept else None
    locked.accepted_by = actor if accept else None
    locked.save(update_fields=["status", "accepted_at", "accepted_by", "updated_at"])
    _touch(locked)
    if accept:
        _certify(locked)
    enqueue_on_commit("ortaq.communities.tasks.projects.tell_owner_assessed", assessment.pk)
    project.status, project.accepted_at = locked.status, locked.accepted_at
    return assessment


def _certify(project: Project) -> None:
    """Issue the certificate of an accepted portfolio, in the teacher's language, once (a
    portfolio returned and accepted again keeps its first certificate)."""
    owner = project.owner
    with translation.override(owner.language):
        description = _("has led a teacher-led development project; its portfolio is accepted")
    certificate_issue(
        holder=owner,
        achievement=project,
        title=project.title,
        description=description,
        hours=None,
        language=owner.language,
    )


def comment_add(
    *, actor: User, project: Project, stage: int, body: str, client_key: uuid.UUID | None = None
) -> Comment:
    """Comment on one stage (her facilitators, or she herself in reply); the other side hears
    of it. The same one-time key twice (a double click) makes one comment."""
    _require(actor, "communities.comment_project", project)
    if stage not in Stage.values:
        raise DomainError(_("Choose a stage."), code="stage")
    if not body.strip():
        raise DomainError(_("Write the comment."), code="empty")
    found = made_before(Comment, client_key, author=actor)
    if found is not None:
        return found

    def create() -> Comment:
        made = Comment.objects.create(
            project=project,
            stage=stage,
            author=actor,
            body=body.strip(),
            created_at=timezone.now(),
            client_key=client_key,
        )
        _touch(project)
        return made

    comment = create_once(create, model=Comment, key=client_key, author=actor)
    enqueue_on_commit("ortaq.communities.tasks.projects.tell_about_comment", comment.pk)
    return comment
