"""The library in the API, read side: the catalogue with its search and filters, a resource,
its versions (published ones for everyone; drafts and versions in review for those who work on
the resource: ``Version.objects.visible_to``). Each operation makes a fixed number of queries."""

import datetime
from typing import Literal, get_args

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import FilterSchema, Query, Router, Schema
from ninja.errors import ValidationError
from ninja.pagination import paginate
from pydantic import Field

from ortaq.accounts.queries import api_caller
from ortaq.core.models import Subject
from ortaq.core.pagination import Mapped, Pages
from ortaq.library import catalogue
from ortaq.library.choices import Kind, Level
from ortaq.library.models import Resource, Version
from ortaq.library.search import objective_prefix

router = Router(tags=["library"])
Language = Literal["kk", "ru", "en"]
KindValue = Literal[
    "lesson",
    "multigrade",
    "criteria",
    "unit_task",
    "term_task",
    "design",
    "article",
    "research",
    "video",
    "exercise",
    "textbook",
]
LevelValue = Literal["school", "district", "region", "republic"]
assert set(get_args(KindValue)) == set(Kind.values)  # noqa: S101 - kept in step with choices
assert set(get_args(LevelValue)) == set(Level.values)  # noqa: S101


class SubjectOut(Schema):
    code: str
    name_kk: str
    name_ru: str
    name_en: str


class AuthorOut(Schema):
    name: str = Field(description="Her full name as documents in Kazakhstan write it.")
    school_id: int | None


class ResourceOut(Schema):
    """A resource as the catalogue lists it: its published version's title and summary."""

    id: int
    language: str
    kind: str
    subject: SubjectOut
    title: str
    summary: str
    grades: list[int]
    level: str = Field(description="The level its published version was approved at.")
    published_at: datetime.datetime | None
    version: int | None = Field(description="The number of its published version.")
    rating: float | None = Field(description="The mean of its readers' stars, 1 to 5.")
    ratings: int
    downloads: int
    authors: list[AuthorOut]

    @classmethod
    def of(cls, resource: Resource) -> "ResourceOut":
        version = resource.current
        rating = resource.rating
        return cls(
            id=resource.pk,
            language=resource.language,
            kind=resource.kind,
            subject=SubjectOut.model_validate(resource.subject, from_attributes=True),
            title=version.title if version else "",
            summary=version.summary if version else "",
            grades=catalogue.grades_of(resource),
            level=version.level if version else "",
            published_at=version.published_at if version else None,
            version=version.number if version else None,
            rating=float(rating) if rating is not None else None,
            ratings=resource.rating_count,
            downloads=resource.downloads,
            authors=[
                AuthorOut(name=author.user.get_full_name(), school_id=author.school_id)
                for author in resource.authors.all()
            ],
        )


class AlignmentOut(Schema):
    code: str = Field(description="A curriculum objective code, such as 5.2.1.1.")
    alignment_type: str = Field(description="teaches or assesses")
    description: str


class ResourceDetailOut(ResourceOut):
    """A resource with its published version's text (Markdown) and alignments; a resource not
    published yet (for those who work on it) has none."""

    body: str
    licence: str
    alignments: list[AlignmentOut]


class VersionOut(Schema):
    number: int
    status: str
    title: str
    summary: str
    grades: list[int]
    licence: str
    note: str = Field(description="What changed from the version before.")
    submitted_at: datetime.datetime | None
    published_at: datetime.datetime | None
    level: str

    @classmethod
    def of(cls, version: Version) -> "VersionOut":
        return cls(
            number=version.number,
            status=version.status,
            title=version.title,
            summary=version.summary,
            grades=[g.grade for g in version.grades.all()],
            licence=version.licence,
            note=version.note,
            submitted_at=version.submitted_at,
            published_at=version.published_at,
            level=version.level,
        )


class VersionDetailOut(VersionOut):
    body: str
    alignments: list[AlignmentOut]
    purpose: str
    duration_minutes: int | None
    total_points: int | None


def _alignments(version: Version) -> list[AlignmentOut]:
    return [
        AlignmentOut(code=a.code, alignment_type=a.alignment_type, description=a.description)
        for a in version.alignments.all()
    ]


class ResourceFilters(FilterSchema):
    q: str | None = Field(
        None,
        max_length=200,
        description="Words in any form of Kazakh, Russian or English, or an objective code.",
    )
    kind: KindValue | None = None
    subject: str | None = Field(None, description="A subject's code, such as mathematics.")
    grade: int | None = Field(None, ge=0, le=11, description="0 is the pre-school class.")
    language: Language | None = None
    multigrade: bool | None = Field(None, description="Only resources for multi-grade classes.")
    code: str | None = Field(
        None, max_length=20, description="An objective code (5.2.1.1) or its beginning (5.2)."
    )
    level: LevelValue | None = None


def _refuse(field: str, message: str) -> ValidationError:
    return ValidationError([{"loc": ["query", field], "msg": message, "type": "value_error"}])


@router.get(
    "/library/resources",
    response=list[ResourceOut],
    auth=None,
    summary="Published resources, searched and filtered",
)
@paginate(Pages, page_size=20)
def list_resources(
    request: HttpRequest, filters: Query[ResourceFilters]
) -> Mapped[Resource, ResourceOut]:
    """Best first for words (title matches first), else newest first. An unknown subject or a
    code not written as the curriculum writes them is a 422 naming it."""
    subject_id = None
    if filters.subject:
        subject = Subject.objects.filter(code=filters.subject).first()
        if subject is None:
            raise _refuse("subject", _("No subject has this code."))
        subject_id = subject.pk
    code = ""
    if filters.code:
        code = objective_prefix(filters.code) or ""
        if not code:
            raise _refuse(
                "code",
                _("Write an objective code as in the curriculum, for example 5.2.1.1 or 5.2."),
            )
    found = catalogue.catalogue(
        filters=catalogue.Filters(
            q=filters.q or "",
            kind=filters.kind or "",
            subject_id=subject_id,
            grade=filters.grade,
            language=filters.language or "",
            multigrade=bool(filters.multigrade),
            code=code,
            level=filters.level or "",
        )
    )
    return Mapped(found, ResourceOut.of)


@router.get(
    "/library/resources/{resource_id}",
    response=ResourceDetailOut,
    auth=None,
    summary="One resource with its published text",
)
def get_resource(request: HttpRequest, resource_id: int) -> ResourceDetailOut:
    """A published resource for anyone; one not published yet for its authors, its moderators
    and its experts (404 for anyone else)."""
    resource = catalogue.resource_for_reader(resource_id=resource_id, user=api_caller(request))
    version = resource.current
    return ResourceDetailOut(
        **dict(ResourceOut.of(resource)),
        body=version.body if version else "",
        licence=version.licence if version else "",
        alignments=_alignments(version) if version else [],
    )


@router.get(
    "/library/resources/{resource_id}/versions",
    response=list[VersionOut],
    auth=None,
    summary="A resource's versions, newest first",
)
@paginate(Pages)
def list_versions(request: HttpRequest, resource_id: int) -> Mapped[Version, VersionOut]:
    """Its published versions (current and earlier) for anyone; every version for those who
    work on it."""
    user = api_caller(request)
    resource = catalogue.resource_for_reader(resource_id=resource_id, user=user)
    return Mapped(catalogue.versions_for_reader(resource=resource, user=user), VersionOut.of)


@router.get(
    "/library/resources/{resource_id}/versions/{version_number}",
    response=VersionDetailOut,
    auth=None,
    summary="One version of a resource",
)
def get_version(request: HttpRequest, resource_id: int, version_number: int) -> VersionDetailOut:
    user = api_caller(request)
    resource = catalogue.resource_for_reader(resource_id=resource_id, user=user)
    version = catalogue.version_for_reader(resource=resource, number=version_number, user=user)
    return VersionDetailOut(
        **dict(VersionOut.of(version)),
        body=version.body,
        alignments=_alignments(version),
        purpose=version.purpose,
        duration_minutes=version.duration_minutes,
        total_points=version.total_points,
    )
