"""Reads of collections and of what readers do with a resource (ratings, the collections it is
in), shared by pages and the API, each in a fixed number of queries. Every list starts from
``Collection.objects.visible_to``: a private collection is its owner's alone."""

from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.http import Http404

from ortaq.accounts.models import User
from ortaq.core.visibility import is_signed_in
from ortaq.library.models import (
    Alignment,
    Attachment,
    Author,
    Collection,
    CollectionItem,
    Criterion,
    Rating,
    Resource,
    Task,
)

# The public collections a resource's page names (the most recently changed first).
COLLECTIONS_SHOWN = 20


def collections_listed(
    *, user: User | AnonymousUser, mine: bool = False, language: str | None = None
) -> QuerySet[Collection]:
    """The collections ``user`` may read (hers only, with ``mine``), each with the number of
    its published resources and its owner, the latest changed first."""
    found = Collection.objects.visible_to(user)
    if mine:
        found = found.filter(owner_id=user.pk) if is_signed_in(user) else found.none()
    if language:
        found = found.filter(language=language)
    return (
        found.select_related("owner")
        .annotate(resource_count=Count("items", filter=Q(items__resource__current__isnull=False)))
        .order_by("-updated_at", "-pk")
    )


def collection_get_for_user(
    *, collection_id: int, user: User | AnonymousUser, for_write: bool = False
) -> Collection:
    """The collection (404 to whoever may not read it; 403 ``for_write`` to whoever may read
    it but is not its owner)."""
    found = (
        Collection.objects.visible_to(user).select_related("owner").filter(pk=collection_id).first()
    )
    if found is None:
        raise Http404
    if for_write and not user.has_perm("library.change_collection", found):
        raise PermissionDenied
    return found


def _items() -> QuerySet[CollectionItem]:
    return (
        CollectionItem.objects.filter(resource__current__isnull=False)
        .select_related("resource__current", "resource__subject")
        .prefetch_related("resource__current__grades")
        .order_by("position", "pk")
    )


def collection_items(*, collection: Collection) -> list[CollectionItem]:
    """The collection's published resources in order, with their published versions, subjects
    and grades (a resource no longer published is left out)."""
    return list(_items().filter(collection=collection))


def pack_items(*, collection: Collection) -> list[CollectionItem]:
    """``collection_items`` with all a pack prints of each: objectives, files, authors and
    their schools, and a summative task's tasks with their criteria and descriptors."""
    return list(
        _items()
        .filter(collection=collection)
        .prefetch_related(
            Prefetch("resource__current__alignments", Alignment.objects.order_by("code")),
            Prefetch("resource__current__attachments", Attachment.objects.all()),
            Prefetch("resource__authors", Author.objects.select_related("user", "school")),
            Prefetch(
                "resource__current__tasks",
                Task.objects.prefetch_related(
                    "objectives",
                    Prefetch("criteria", Criterion.objects.prefetch_related("descriptors")),
                ),
            ),
        )
    )


def collections_with(*, resource: Resource) -> QuerySet[Collection]:
    """The public collections ``resource`` is in, the latest changed first."""
    return (
        Collection.objects.filter(is_public=True, items__resource=resource)
        .select_related("owner")
        .order_by("-updated_at", "-pk")
    )


@dataclass(frozen=True, slots=True)
class Readers:
    """What the readers' part of a resource's page shows: her stars (if she rated it), the
    public collections it is in, and her own collections to add it to (each with whether it
    is there already)."""

    stars: int | None
    collections: list[Collection]
    collections_count: int
    hers: list[Collection]


def readers_of(*, resource: Resource, user: User | AnonymousUser) -> Readers:
    """The readers' part of ``resource``'s page for ``user``, in at most four queries."""
    public = collections_with(resource=resource)
    shown = list(public[:COLLECTIONS_SHOWN])
    count = len(shown) if len(shown) < COLLECTIONS_SHOWN else public.count()
    stars: int | None = None
    hers: list[Collection] = []
    if is_signed_in(user):
        stars = (
            Rating.objects.filter(resource=resource, user_id=user.pk)
            .values_list("stars", flat=True)
            .first()
        )
        hers = list(
            Collection.objects.filter(owner_id=user.pk)
            .annotate(
                has_it=Exists(
                    CollectionItem.objects.filter(collection=OuterRef("pk"), resource=resource)
                )
            )
            .order_by("title", "pk")
        )
    return Readers(stars=stars, collections=shown, collections_count=count, hers=hers)


def resource_for_readers(*, resource_id: int) -> Resource:
    """A published resource with its version (404 otherwise): what readers rate, comment on
    and collect."""
    found = Resource.objects.published().select_related("current").filter(pk=resource_id).first()
    if found is None:
        raise Http404
    return found
