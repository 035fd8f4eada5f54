"""Associations of schools in the API: the directory, an association, its member schools and
its news, read by anyone; its coordinators (and the region's methodologists) add and remove
member schools, and they and its editor write, correct and delete news."""

import datetime
import uuid
from typing import Literal

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import FilterSchema, Query, Router, Schema
from ninja.errors import ValidationError
from ninja.pagination import paginate
from ninja.responses import Status
from pydantic import Field

from ortaq.accounts.models import User
from ortaq.accounts.queries import current_user
from ortaq.core.errors import DomainError
from ortaq.core.pagination import Mapped, Pages
from ortaq.networks import queries, services
from ortaq.networks.models import Appointment, Association, MemberSchool, NewsPost
from ortaq.networks.services import MAX_NEWS_LENGTH
from ortaq.schools.api import DistrictOut, RegionOut
from ortaq.schools.models import Region, School

router = Router(tags=["networks"])
Language = Literal["kk", "ru", "en"]


class StewardOut(Schema):
    """Someone who runs the association, as its site names her."""

    name: str = Field(description="Her full name; empty if she gave none.")
    school_id: int | None = Field(description="The school she works at, if she named one.")

    @classmethod
    def of(cls, appointment: Appointment) -> "StewardOut":
        person: User = appointment.user
        school = person.profile.school_id if hasattr(person, "profile") else None
        return cls(name=person.get_full_name(), school_id=school)


class AssociationOut(Schema):
    """An association as the directory lists it."""

    slug: str = Field(description="Its address: /<language>/networks/<slug>/.")
    name_kk: str
    name_ru: str
    name_en: str
    region: RegionOut
    schools: int = Field(description="How many member schools it has.")

    @classmethod
    def of(cls, association: Association, *, schools: int) -> "AssociationOut":
        return cls(
            slug=association.slug,
            name_kk=association.name_kk,
            name_ru=association.name_ru,
            name_en=association.name_en,
            region=RegionOut.model_validate(association.region, from_attributes=True),
            schools=schools,
        )

    @classmethod
    def listed(cls, association: Association) -> "AssociationOut":
        """A row of ``associations_listed``, which counts its schools."""
        return cls.of(association, schools=int(getattr(association, "school_count", 0)))


class AssociationDetailOut(AssociationOut):
    """An association with its about text (Markdown) and the people who run it."""

    about_kk: str
    about_ru: str
    about_en: str
    coordinators: list[StewardOut]
    editor: StewardOut | None


class MemberSchoolOut(Schema):
    """A member school, with its region and district."""

    school_id: int
    name_kk: str
    name_ru: str
    bin: str | None
    region: RegionOut
    district: DistrictOut | None
    locality: str
    small_scale: bool
    member_since: datetime.datetime

    @classmethod
    def of(cls, member: MemberSchool) -> "MemberSchoolOut":
        school = member.school
        return cls(
            school_id=school.pk,
            name_kk=school.name_kk,
            name_ru=school.name_ru,
            bin=school.bin,
            region=RegionOut.model_validate(school.region, from_attributes=True),
            district=DistrictOut.model_validate(school.district, from_attributes=True)
            if school.district
            else None,
            locality=school.locality,
            small_scale=school.small_scale,
            member_since=member.added_at,
        )


class NewsOut(Schema):
    """A news post: its title and text (Markdown), in one language."""

    id: int
    title: str
    body: str
    language: str
    published_at: datetime.datetime
    updated_at: datetime.datetime

    @classmethod
    def of(cls, post: NewsPost) -> "NewsOut":
        return cls(
            id=post.pk,
            title=post.title,
            body=post.body,
            language=post.language,
            published_at=post.created_at,
            updated_at=post.updated_at,
        )


class AssociationFilters(FilterSchema):
    q: str | None = Field(None, description="Words of any of its names.")
    region: str | None = Field(None, description="Its region's code, such as KZ-19.")


@router.get(
    "/networks", response=list[AssociationOut], auth=None, summary="Associations of schools"
)
@paginate(Pages)
def list_associations(
    request: HttpRequest, filters: Query[AssociationFilters]
) -> Mapped[Association, AssociationOut]:
    """Every association (they are public), by name; an unknown region is refused (422)."""
    region_id = None
    if filters.region:
        region = Region.objects.filter(code=filters.region.upper()).first()
        if region is None:
            raise ValidationError(
                [
                    {
                        "loc": ["query", "region"],
                        "msg": _("No region has this code."),
                        "type": "value_error",
                    }
                ]  # fmt: skip
            )
        region_id = region.pk
    found = queries.associations_listed(user=request.user, q=filters.q or "", region_id=region_id)
    return Mapped(found, AssociationOut.listed)


@router.get("/networks/{slug}", response=AssociationDetailOut, auth=None, summary="One association")
def get_association(request: HttpRequest, slug: str) -> AssociationDetailOut:
    association = queries.association_get(slug=slug)
    stewards = queries.stewards(association=association)
    return AssociationDetailOut(
        **dict(AssociationOut.of(association, schools=association.member_schools.count())),
        about_kk=association.about_kk,
        about_ru=association.about_ru,
        about_en=association.about_en,
        coordinators=[StewardOut.of(a) for a in stewards.coordinators],
        editor=StewardOut.of(stewards.editor) if stewards.editor else None,
    )


@router.get(
    "/networks/{slug}/schools",
    response=list[MemberSchoolOut],
    auth=None,
    summary="An association's member schools",
)
@paginate(Pages)
def list_member_schools(request: HttpRequest, slug: str) -> Mapped[MemberSchool, MemberSchoolOut]:
    association = queries.association_get(slug=slug)
    return Mapped(queries.member_schools(association=association), MemberSchoolOut.of)


def _run(request: HttpRequest, slug: str, perm: str) -> tuple[User, Association]:
    """The caller and the association, if she may ``perm`` on it (403 otherwise; 404 for no
    such association)."""
    user = current_user(request)
    association = queries.association_get(slug=slug)
    if not user.has_perm(perm, association):
        raise PermissionDenied
    return user, association


class MemberSchoolIn(Schema):
    school_id: int = Field(description="A school of the association's region.")


@router.post(
    "/networks/{slug}/schools",
    response={201: MemberSchoolOut},
    summary="Add a member school (the association's coordinators)",
)
def add_member_school(
    request: HttpRequest, slug: str, body: MemberSchoolIn
) -> Status[MemberSchoolOut]:
    """A school already a member is refused (400, saying so), as is one of another region."""
    user, association = _run(request, slug, "networks.change_association")
    school = School.objects.select_related("region", "district").filter(pk=body.school_id).first()
    if school is None:
        raise DomainError(_("There is no such school."), code="school")
    member = services.school_add(actor=user, association=association, school=school)
    member.school = school
    return Status(201, MemberSchoolOut.of(member))


@router.delete(
    "/networks/{slug}/schools/{school_id}",
    response={204: None},
    summary="Take a school out of an association (its coordinators)",
)
def remove_member_school(request: HttpRequest, slug: str, school_id: int) -> Status[None]:
    user, association = _run(request, slug, "networks.change_association")
    member = (
        MemberSchool.objects.filter(association=association, school_id=school_id)
        .select_related("school")
        .first()
    )
    if member is None:
        raise Http404
    services.school_remove(actor=user, association=association, school=member.school)
    return Status(204, None)


@router.get(
    "/networks/{slug}/news",
    response=list[NewsOut],
    auth=None,
    summary="An association's news, newest first",
)
@paginate(Pages)
def list_news(request: HttpRequest, slug: str) -> Mapped[NewsPost, NewsOut]:
    association = queries.association_get(slug=slug)
    return Mapped(queries.news_of(association=association), NewsOut.of)


@router.get("/networks/{slug}/news/{news_id}", response=NewsOut, auth=None, summary="One news post")
def get_news(request: HttpRequest, slug: str, news_id: int) -> NewsOut:
    association = queries.association_get(slug=slug)
    return NewsOut.of(queries.news_get(association=association, news_id=news_id))


class NewsIn(Schema):
    title: str = Field(max_length=200, description="Required: an empty title is refused (400).")
    body: str = Field("", max_length=MAX_NEWS_LENGTH, description="Markdown.")
    language: Language = Field(description="The language the post is written in.")
    client_key: uuid.UUID | None = Field(
        None, description="A fresh key per post: sending the same key again makes no second post."
    )


class NewsChangeIn(Schema):
    """Only what is given changes."""

    title: str | None = Field(None, max_length=200)
    body: str | None = Field(None, max_length=MAX_NEWS_LENGTH)
    language: Language | None = None


@router.post(
    "/networks/{slug}/news",
    response={201: NewsOut},
    summary="Publish a news post (the association's coordinators and editor)",
)
def create_news(request: HttpRequest, slug: str, body: NewsIn) -> Status[NewsOut]:
    user, association = _run(request, slug, "networks.post_news")
    post = services.news_create(
        actor=user,
        association=association,
        title=body.title,
        body=body.body,
        language=body.language,
        client_key=body.client_key,
    )
    return Status(201, NewsOut.of(post))


@router.patch(
    "/networks/{slug}/news/{news_id}",
    response=NewsOut,
    summary="Correct a news post (the association's coordinators and editor)",
)
def update_news(request: HttpRequest, slug: str, news_id: int, body: NewsChangeIn) -> NewsOut:
    user, association = _run(request, slug, "networks.post_news")
    post = queries.news_get(association=association, news_id=news_id)
    post = services.news_update(
        actor=user,
        post=post,
        title=post.title if body.title is None else body.title,
        body=post.body if body.body is None else body.body,
        language=body.language or post.language,
    )
    return NewsOut.of(post)


@router.delete(
    "/networks/{slug}/news/{news_id}",
    response={204: None},
    summary="Delete a news post (the association's coordinators and editor)",
)
def delete_news(request: HttpRequest, slug: str, news_id: int) -> Status[None]:
    user, association = _run(request, slug, "networks.post_news")
    services.news_delete(
        actor=user, post=queries.news_get(association=association, news_id=news_id)
    )
    return Status(204, None)
