"""Collections and ratings in the API: public collections (and her private ones) to read, hers
to make, fill, reorder and empty; her rating of a published resource. A private collection is
404 to everyone but its owner, a change to someone else's public one 403."""

import datetime
from decimal import Decimal

from django.http import HttpRequest
from ninja import Query, Router, Schema
from ninja.pagination import paginate
from ninja.responses import Status
from pydantic import Field

from ortaq.accounts.queries import current_user
from ortaq.core.pagination import Mapped, Pages
from ortaq.library import queries_collections as queries
from ortaq.library import services_collections as services
from ortaq.library.links import resource_url
from ortaq.library.models import Collection, CollectionItem, Resource

router = Router(tags=["library"])
MAX_ID = 2**63 - 1


class CollectionOut(Schema):
    id: int
    title: str
    description: str
    language: str
    is_public: bool
    owner: str = Field(description="The owner's full name.")
    resource_count: int = Field(description="How many published resources it holds.")
    updated_at: datetime.datetime

    @classmethod
    def of(cls, collection: Collection) -> "CollectionOut":
        return cls(
            id=collection.pk,
            title=collection.title,
            description=collection.description,
            language=collection.language,
            is_public=collection.is_public,
            owner=collection.owner.get_full_name(),
            resource_count=getattr(collection, "resource_count", 0),
            updated_at=collection.updated_at,
        )


class CollectionItemOut(Schema):
    """A resource of a collection, in its place."""

    position: int
    resource_id: int
    title: str
    kind: str
    subject: str = Field(description="The subject's code.")
    language: str
    grades: list[int]
    note: str
    url: str = Field(description="The resource's page.")

    @classmethod
    def of(cls, item: CollectionItem, position: int) -> "CollectionItemOut":
        resource = item.resource
        version = resource.current  # the items listed are published resources
        return cls(
            position=position,
            resource_id=resource.pk,
            title=version.title if version else "",
            kind=resource.kind,
            subject=resource.subject.code,
            language=resource.language,
            grades=[row.grade for row in version.grades.all()] if version else [],
            note=item.note,
            url=resource_url(resource.pk),
        )


class CollectionDetailOut(CollectionOut):
    items: list[CollectionItemOut]

    @classmethod
    def detail(cls, collection: Collection) -> "CollectionDetailOut":
        items = queries.collection_items(collection=collection)
        collection.resource_count = len(items)  # type: ignore[attr-defined]
        return cls(
            **dict(CollectionOut.of(collection)),
            items=[CollectionItemOut.of(item, n) for n, item in enumerate(items, start=1)],
        )


class CollectionFilters(Schema):
    language: str | None = Field(None, pattern="^(kk|ru|en)$")


@router.get(
    "/library/collections",
    response=list[CollectionOut],
    auth=None,
    summary="Public collections, the latest changed first",
)
@paginate(Pages)
def list_collections(
    request: HttpRequest, filters: Query[CollectionFilters]
) -> Mapped[Collection, CollectionOut]:
    found = queries.collections_listed(user=request.user, language=filters.language)
    return Mapped(found.filter(is_public=True), CollectionOut.of)


@router.get(
    "/library/collections/mine",
    response=list[CollectionOut],
    summary="My collections, public and private",
)
@paginate(Pages)
def list_my_collections(
    request: HttpRequest, filters: Query[CollectionFilters]
) -> Mapped[Collection, CollectionOut]:
    found = queries.collections_listed(
        user=current_user(request), mine=True, language=filters.language
    )
    return Mapped(found, CollectionOut.of)


@router.get(
    "/library/collections/{collection_id}",
    response=CollectionDetailOut,
    auth=None,
    summary="A collection with its resources in order (a private one to its owner's session)",
)
def get_collection(request: HttpRequest, collection_id: int) -> CollectionDetailOut:
    found = queries.collection_get_for_user(collection_id=collection_id, user=request.user)
    return CollectionDetailOut.detail(found)


class CollectionIn(Schema):
    title: str = Field(min_length=1, max_length=300)
    description: str = Field("", max_length=5000)
    language: str = Field("kk", pattern="^(kk|ru|en)$")
    is_public: bool = True


@router.post(
    "/library/collections",
    response={201: CollectionDetailOut},
    summary="Make a collection (empty)",
)
def create_collection(request: HttpRequest, body: CollectionIn) -> Status[CollectionDetailOut]:
    made = services.collection_create(
        actor=current_user(request),
        fields=services.CollectionFields(
            title=body.title,
            description=body.description,
            language=body.language,
            is_public=body.is_public,
        ),
    )
    return Status(201, CollectionDetailOut.detail(made))


class ItemIn(Schema):
    resource_id: int = Field(ge=1, le=MAX_ID)
    note: str = Field("", max_length=300)


def _resource(resource_id: int) -> Resource:
    return queries.resource_for_readers(resource_id=resource_id)


@router.post(
    "/library/collections/{collection_id}/items",
    response=CollectionDetailOut,
    summary="Put a published resource at the end of my collection (where it is if it is there)",
)
def add_item(request: HttpRequest, collection_id: int, body: ItemIn) -> CollectionDetailOut:
    user = current_user(request)
    found = queries.collection_get_for_user(collection_id=collection_id, user=user, for_write=True)
    services.collection_add(
        actor=user, collection=found, resource=_resource(body.resource_id), note=body.note
    )
    return CollectionDetailOut.detail(found)


@router.delete(
    "/library/collections/{collection_id}/items/{resource_id}",
    response=CollectionDetailOut,
    summary="Take a resource out of my collection",
)
def remove_item(request: HttpRequest, collection_id: int, resource_id: int) -> CollectionDetailOut:
    user = current_user(request)
    found = queries.collection_get_for_user(collection_id=collection_id, user=user, for_write=True)
    services.collection_remove(actor=user, collection=found, resource_id=resource_id)
    return CollectionDetailOut.detail(found)


class OrderIn(Schema):
    resource_ids: list[int] = Field(
        max_length=services.MAX_ITEMS,
        description="Every resource of the collection once, in the order wanted.",
    )


@router.put(
    "/library/collections/{collection_id}/order",
    response=CollectionDetailOut,
    summary="Put my collection's resources in a new order",
)
def reorder(request: HttpRequest, collection_id: int, body: OrderIn) -> CollectionDetailOut:
    user = current_user(request)
    found = queries.collection_get_for_user(collection_id=collection_id, user=user, for_write=True)
    services.collection_reorder(actor=user, collection=found, resource_ids=body.resource_ids)
    return CollectionDetailOut.detail(found)


class ResourceRatingIn(Schema):
    stars: int = Field(ge=1, le=5)


class ResourceRatingOut(Schema):
    resource_id: int
    stars: int = Field(description="My rating.")
    mean: Decimal | None = Field(description="The mean of all ratings, to one decimal.")
    count: int


@router.put(
    "/library/resources/{resource_id}/rating",
    response=ResourceRatingOut,
    summary="Rate a published resource (1–5 stars), or change my rating",
)
def rate(request: HttpRequest, resource_id: int, body: ResourceRatingIn) -> ResourceRatingOut:
    user = current_user(request)
    resource = _resource(resource_id)
    rating = services.rating_set(actor=user, resource=resource, stars=body.stars)
    resource.refresh_from_db(fields=["rating_count", "rating_sum"])
    return ResourceRatingOut(
        resource_id=resource.pk,
        stars=rating.stars,
        mean=resource.rating,
        count=resource.rating_count,
    )
