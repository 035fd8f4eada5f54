"""Writing and reviewing library resources in the API, with the pages' permissions: a draft
created and saved (a save over someone else's answers 409, nothing overwritten), submitted or
resubmitted; the review's comments; the moderator's queue, her request for changes and her
assignment of experts; the expert's open reviews and her review."""

import datetime
from typing import Literal

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Router, Schema
from ninja.pagination import paginate
from ninja.responses import Status
from pydantic import Field

from ortaq.accounts.models import User
from ortaq.accounts.queries import current_user
from ortaq.core.errors import DomainError
from ortaq.core.models import Subject
from ortaq.core.pagination import Mapped, Pages
from ortaq.library import queries_review as queries
from ortaq.library import services
from ortaq.library.api import router as resources_router
from ortaq.library.choices import Kind, Recommendation, Verdict
from ortaq.library.models import Assignment, Resource, Version
from ortaq.library.services.review import checklist_of

router = Router(tags=["library review"])


class VersionWorkOut(Schema):
    """A version as the people who work on it see it."""

    resource_id: int
    number: int
    status: str
    revision: int = Field(description="State it when saving, to be told of others' saves.")
    title: str
    summary: str
    body: str = Field(description="Markdown.")
    licence: str
    grades: list[int]
    codes: list[str] = Field(description="Curriculum objective codes, such as 5.2.1.1.")
    submitted_at: datetime.datetime | None
    published_at: datetime.datetime | None
    level: str

    @classmethod
    def of(cls, version: Version) -> "VersionWorkOut":
        return cls(
            resource_id=version.resource_id,
            number=version.number,
            status=version.status,
            revision=version.revision,
            title=version.title,
            summary=version.summary,
            body=version.body,
            licence=version.licence,
            grades=[g.grade for g in version.grades.all()],
            codes=[a.code for a in version.alignments.all()],
            submitted_at=version.submitted_at,
            published_at=version.published_at,
            level=version.level,
        )


def _out(version: Version) -> VersionWorkOut:
    return VersionWorkOut.of(queries.with_parts(version) or version)


class LibraryDraftIn(Schema):
    title: str = Field(max_length=300)
    summary: str = ""
    body: str = Field("", max_length=services.authoring.MAX_BODY, description="Markdown.")
    licence: str = "CC-BY-4.0"
    grades: list[int] = Field(default_factory=list)
    codes: list[str] = Field(default_factory=list)
    note: str = ""
    purpose: str = ""
    duration_minutes: int | None = None
    total_points: int | None = None

    def draft(self) -> services.Draft:
        return services.Draft(
            title=self.title,
            summary=self.summary,
            body=self.body,
            licence=self.licence,
            note=self.note,
            grades=tuple(self.grades),
            codes=tuple(self.codes),
            purpose=self.purpose,
            duration_minutes=self.duration_minutes,
            total_points=self.total_points,
        )


class LibraryResourceIn(LibraryDraftIn):
    kind: Literal[tuple(value for value, _label in Kind.written_alone())]  # type: ignore[valid-type]
    subject: str = Field(description="The subject's code, such as mathematics.")
    language: Literal["kk", "ru", "en"]
    coauthors: list[int] = Field(default_factory=list, description="Their account ids, in order.")
    translation_of: int | None = Field(None, description="The resource it translates.")


# On the read API's router: one path answers GET (the catalogue) and POST (a new resource), and
# Django would send every method of a path declared by two routers to the first.
@resources_router.post(
    "/library/resources",
    response={201: VersionWorkOut},
    summary="Write a resource: its first version, as a draft (the caller is its lead author)",
)
def create_resource(request: HttpRequest, body: LibraryResourceIn) -> Status[VersionWorkOut]:
    user = current_user(request)
    subject = Subject.objects.filter(code=body.subject).first()
    if subject is None:
        raise DomainError(_("No subject has this code."), code="subject")
    coauthors = {u.pk: u for u in User.objects.filter(pk__in=body.coauthors, is_active=True)}
    if len(coauthors) != len(set(body.coauthors)):
        raise DomainError(_("Some co-authors have no Ortaq account."), code="coauthors")
    original = None
    if body.translation_of is not None:
        original = Resource.objects.visible_to(user).filter(pk=body.translation_of).first()
        if original is None:
            raise Http404
    made = services.resource_create(
        actor=user,
        about=services.NewResource(
            kind=body.kind,
            subject=subject,
            language=body.language,
            coauthors=[coauthors[pk] for pk in body.coauthors if pk in coauthors],
            translation_of=original,
        ),
        draft=body.draft(),
    )
    return Status(201, _out(made.versions.get()))


def _editing(user: User, resource_id: int) -> tuple[Resource, Version]:
    found = queries.resource_get(user, resource_id)
    if not user.has_perm("library.edit_resource", found):
        raise PermissionDenied
    open_version = queries.open_version(found)
    if open_version is None:
        raise Http404
    return found, open_version


class LibraryDraftSaveIn(LibraryDraftIn):
    revision: int = Field(description="The revision the editing started from.")


@router.get(
    "/library/resources/{resource_id}/draft",
    response=VersionWorkOut,
    summary="The version being written or reviewed (its authors)",
)
def get_draft(request: HttpRequest, resource_id: int) -> VersionWorkOut:
    _found, open_version = _editing(current_user(request), resource_id)
    return _out(open_version)


@router.put(
    "/library/resources/{resource_id}/draft",
    response=VersionWorkOut,
    summary="Save the open version (409 when someone saved it since the stated revision)",
)
def save_draft(request: HttpRequest, resource_id: int, body: LibraryDraftSaveIn) -> VersionWorkOut:
    user = current_user(request)
    _found, open_version = _editing(user, resource_id)
    saved = services.version_save(
        actor=user, version=open_version, revision=body.revision, draft=body.draft()
    )
    return _out(saved)


@router.post(
    "/library/resources/{resource_id}/submission",
    response=VersionWorkOut,
    summary="Submit the open version for review, or resubmit it after changes (once)",
)
def submit(request: HttpRequest, resource_id: int) -> VersionWorkOut:
    user = current_user(request)
    _found, open_version = _editing(user, resource_id)
    return _out(services.version_submit(actor=user, version=open_version))


class ReviewCommentOut(Schema):
    signature: str = Field(description="A name, or an expert's role and level if unnamed.")
    role: str
    body: str
    created_at: datetime.datetime
    version: int


class ReviewCommentIn(Schema):
    body: str = Field(min_length=1, max_length=20_000)


def _reviewed(user: User, resource_id: int) -> Resource:
    found = queries.resource_get(user, resource_id)
    if not user.has_perm("library.view_review", found):
        raise Http404
    return found


@router.get(
    "/library/resources/{resource_id}/comments",
    response=list[ReviewCommentOut],
    summary="The review's comments (its authors, moderators and experts)",
)
@paginate(Pages)
def list_comments(request: HttpRequest, resource_id: int) -> list[ReviewCommentOut]:
    found = _reviewed(current_user(request), resource_id)
    return [
        ReviewCommentOut(
            signature=c.signature,
            role=c.role,
            body=c.body,
            created_at=c.created_at,
            version=c.version_number,
        )
        for c in queries.thread_of(found)
    ]


@router.post(
    "/library/resources/{resource_id}/comments",
    response={201: ReviewCommentOut},
    summary="Write in the review of the open version",
)
def add_comment(
    request: HttpRequest, resource_id: int, body: ReviewCommentIn
) -> Status[ReviewCommentOut]:
    user = current_user(request)
    found = _reviewed(user, resource_id)
    open_version = queries.open_version(found)
    if open_version is None:
        raise DomainError(_("This version's review is closed."), code="closed")
    made = services.comment_add(actor=user, version=open_version, body=body.body)
    shown = [c for c in queries.thread_of(found) if c.created_at == made.created_at][-1]
    return Status(
        201,
        ReviewCommentOut(
            signature=shown.signature,
            role=made.role,
            body=made.body,
            created_at=made.created_at,
            version=open_version.number,
        ),
    )


class SubmittedVersionOut(Schema):
    version_id: int
    resource_id: int
    number: int
    title: str
    kind: str
    subject: str
    submitted_at: datetime.datetime | None


@router.get(
    "/library/moderation",
    response=list[SubmittedVersionOut],
    summary="Submitted versions of the places she moderates, oldest first",
)
@paginate(Pages)
def moderation(request: HttpRequest) -> Mapped[Version, SubmittedVersionOut]:
    user = current_user(request)
    return Mapped(
        queries.moderation_queue(user),
        lambda v: SubmittedVersionOut(
            version_id=v.pk,
            resource_id=v.resource_id,
            number=v.number,
            title=v.title,
            kind=v.resource.kind,
            subject=v.resource.subject.code,
            submitted_at=v.submitted_at,
        ),
    )


class ChangesAskedIn(Schema):
    comment: str = Field(min_length=1, description="What the authors should change.")


def _moderated(user: User, version_id: int) -> Version:
    found = queries.moderation_get(user, version_id)
    if not user.has_perm("library.moderate", found.resource):
        raise Http404
    return found


@router.post(
    "/library/versions/{version_id}/changes",
    response=VersionWorkOut,
    summary="Return a submitted version to its authors at the form check (a moderator)",
)
def request_changes(request: HttpRequest, version_id: int, body: ChangesAskedIn) -> VersionWorkOut:
    user = current_user(request)
    found = _moderated(user, version_id)
    return _out(services.changes_request(actor=user, version=found, comment=body.comment))


class ExpertsAssignIn(Schema):
    experts: list[int] = Field(min_length=1, description="The experts' account ids.")
    comment: str = ""


class ExpertReviewOut(Schema):
    id: int
    version_id: int
    resource_id: int
    title: str
    expert: str
    level: str
    round: int
    recommendation: str
    decided_at: datetime.datetime | None

    @classmethod
    def of(cls, a: Assignment) -> "ExpertReviewOut":
        return cls(
            id=a.pk,
            version_id=a.version_id,
            resource_id=a.version.resource_id,
            title=a.version.title,
            expert=a.expert.get_full_name(),
            level=a.level,
            round=a.round,
            recommendation=a.recommendation,
            decided_at=a.decided_at,
        )


@router.post(
    "/library/versions/{version_id}/assignments",
    response={201: list[ExpertReviewOut]},
    summary="Ask experts of its subject over its place to review a version (a moderator)",
)
def assign(
    request: HttpRequest, version_id: int, body: ExpertsAssignIn
) -> Status[list[ExpertReviewOut]]:
    user = current_user(request)
    found = _moderated(user, version_id)
    experts = list(User.objects.filter(pk__in=body.experts, is_active=True))
    if len(experts) != len(set(body.experts)):
        raise DomainError(_("Some experts have no Ortaq account."), code="experts")
    made = services.experts_assign(actor=user, version=found, experts=experts, comment=body.comment)
    return Status(
        201,
        [
            ExpertReviewOut.of(a)
            for a in Assignment.objects.filter(pk__in=[m.pk for m in made]).select_related(
                "version", "expert"
            )
        ],
    )


@router.get(
    "/library/assignments",
    response=list[ExpertReviewOut],
    summary="The reviews asked of her that she has yet to send (an expert)",
)
@paginate(Pages)
def list_assignments(request: HttpRequest) -> Mapped[Assignment, ExpertReviewOut]:
    user = current_user(request)
    return Mapped(queries.review_queue(user).select_related("expert"), ExpertReviewOut.of)


class ChecklistAnswerIn(Schema):
    item: int = Field(description="The checklist item's id.")
    verdict: Literal[tuple(Verdict.values)]  # type: ignore[valid-type]
    comment: str = ""


class ExpertReviewIn(Schema):
    answers: list[ChecklistAnswerIn] = Field(
        description="One for each item of the kind's checklist."
    )
    recommendation: Literal[tuple(Recommendation.values)]  # type: ignore[valid-type]
    comment: str = Field("", description="To the authors; needed when asking for changes.")
    name_shown: bool = Field(False, description="Show her name to the authors.")


class ChecklistItemOut(Schema):
    id: int
    position: int
    text: str
    is_alignment: bool


@router.get(
    "/library/assignments/{expert_review_id}/checklist",
    response=list[ChecklistItemOut],
    summary="The checklist she answers for this review (an expert)",
)
def checklist(request: HttpRequest, expert_review_id: int) -> list[ChecklistItemOut]:
    user = current_user(request)
    found = queries.assignment_get(user, expert_review_id)
    return [
        ChecklistItemOut(id=i.pk, position=i.position, text=i.text, is_alignment=i.is_alignment)
        for i in checklist_of(found.version.resource.kind)
    ]


@router.post(
    "/library/assignments/{expert_review_id}/review",
    response=ExpertReviewOut,
    summary="Send her review of this round (an expert), once",
)
def send_review(
    request: HttpRequest, expert_review_id: int, body: ExpertReviewIn
) -> ExpertReviewOut:
    user = current_user(request)
    found = queries.assignment_get(user, expert_review_id)
    services.review_send(
        actor=user,
        assignment=found,
        answers={
            a.item: services.Answer(verdict=a.verdict, comment=a.comment) for a in body.answers
        },
        recommendation=body.recommendation,
        comment=body.comment,
        name_shown=body.name_shown,
    )
    return ExpertReviewOut.of(
        get_object_or_404(Assignment.objects.select_related("version", "expert"), pk=found.pk)
    )
