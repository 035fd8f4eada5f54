"""Collections: a teacher's ordered, titled sets of published resources, and readers' ratings.

Every write locks the collection's row (``of=("self",)``) so that two requests at once (two
tabs, a double click) keep the positions a plain sequence. Adding a resource that is in the
collection already, removing one that is not, and sending the same new collection twice within
a minute change nothing.
"""

from dataclasses import dataclass
from datetime import timedelta

from django.db import IntegrityError, transaction
from django.db.models import F, Max
from django.utils import timezone
from django.utils.translation import gettext as _

from ortaq.accounts.models import User
from ortaq.core.errors import DomainError, NotAllowed
from ortaq.library.choices import LANGUAGES
from ortaq.library.models import Collection, CollectionItem, Rating, Resource

# A collection holds at most this many resources, so that its pack and PDF stay a download.
MAX_ITEMS = 100
# The same title sent again this soon by the same teacher is the same collection.
REPEAT_WINDOW = timedelta(minutes=1)
LANGUAGE_CODES = frozenset(code for code, _name in LANGUAGES)


@dataclass(frozen=True, slots=True)
class CollectionFields:
    title: str
    description: str = ""
    language: str = "kk"
    is_public: bool = True


def _clean(fields: CollectionFields) -> CollectionFields:
    title = fields.title.strip()
    if not title:
        raise DomainError(_("Give the collection a title."), code="title")
    if len(title) > 300:
        raise DomainError(_("A title may be at most 300 characters long."), code="title")
    if fields.language not in LANGUAGE_CODES:
        raise DomainError(_("Choose the collection's language."), code="language")
    return CollectionFields(title, fields.description.strip(), fields.language, fields.is_public)


def _check_owner(actor: User, collection: Collection) -> None:
    if not actor.has_perm("library.change_collection", collection):
        raise NotAllowed(_("Only the collection's owner changes it."))


def _locked(collection: Collection) -> Collection:
    return Collection.objects.select_for_update(of=("self",)).get(pk=collection.pk)


def _touch(collection: Collection) -> None:
    collection.updated_at = timezone.now()
    collection.save(update_fields=["updated_at"])


@transaction.atomic
def collection_create(*, actor: User, fields: CollectionFields) -> Collection:
    """Make a collection of hers (empty); the same title sent again at once returns the first."""
    if not actor.has_perm("library.create_collection"):
        raise NotAllowed(_("Sign in to make a collection."))
    fields = _clean(fields)
    earlier = (
        Collection.objects.filter(
            owner=actor,
            title=fields.title,
            created_at__gte=timezone.now() - REPEAT_WINDOW,
        )
        .order_by("-pk")
        .first()
    )
    if earlier is not None:
        return earlier
    return Collection.objects.create(
        owner=actor,
        title=fields.title,
        description=fields.description,
        language=fields.language,
        is_public=fields.is_public,
    )


@transaction.atomic
def collection_edit(*, actor: User, collection: Collection, fields: CollectionFields) -> Collection:
    """Change a collection's title, description, language or whether it is public."""
    _check_owner(actor, collection)
    fields = _clean(fields)
    locked = _locked(collection)
    locked.title, locked.description = fields.title, fields.description
    locked.language, locked.is_public = fields.language, fields.is_public
    locked.updated_at = timezone.now()
    locked.save(update_fields=["title", "description", "language", "is_public", "updated_at"])
    return locked


@transaction.atomic
def collection_delete(*, actor: User, collection: Collection) -> None:
    """Delete a collection (the resources stay in the library)."""
    _check_owner(actor, collection)
    Collection.objects.filter(pk=collection.pk).delete()


@transaction.atomic
def collection_add(
    *, actor: User, collection: Collection, resource: Resource, note: str = ""
) -> CollectionItem:
    """Put a published resource at the end of the collection (where it is if it is there)."""
    _check_owner(actor, collection)
    if resource.current_id is None:
        raise DomainError(_("Only published resources go into a collection."), code="not_published")
    locked = _locked(collection)
    found = CollectionItem.objects.filter(collection=locked, resource=resource).first()
    if found is not None:
        return found
    items = CollectionItem.objects.filter(collection=locked)
    if items.count() >= MAX_ITEMS:
        raise DomainError(
            _("A collection holds at most %(max)s resources.") % {"max": MAX_ITEMS},
            code="too_many",
        )
    last = items.aggregate(last=Max("position"))["last"]
    item = CollectionItem.objects.create(
        collection=locked,
        resource=resource,
        position=0 if last is None else last + 1,
        note=note.strip()[:300],
    )
    _touch(locked)
    return item


@transaction.atomic
def collection_remove(*, actor: User, collection: Collection, resource_id: int) -> None:
    """Take a resource out of the collection (nothing happens if it is not in it)."""
    _check_owner(actor, collection)
    locked = _locked(collection)
    if CollectionItem.objects.filter(collection=locked, resource_id=resource_id).delete()[0]:
        _renumber(locked)
        _touch(locked)


def _renumber(collection: Collection, order: list[int] | None = None) -> None:
    """Positions 0, 1, 2… in the current order (or in ``order``, by resource id)."""
    items = list(CollectionItem.objects.filter(collection=collection))
    if order is not None:
        rank = {resource_id: n for n, resource_id in enumerate(order)}
        items.sort(key=lambda item: rank[item.resource_id])
    for position, item in enumerate(items):
        item.position = position
    CollectionItem.objects.bulk_update(items, ["position"])


@transaction.atomic
def collection_move(*, actor: User, collection: Collection, resource_id: int, up: bool) -> None:
    """Move a resource one place up (``up``) or down; at either end it stays."""
    _check_owner(actor, collection)
    locked = _locked(collection)
    order = list(
        CollectionItem.objects.filter(collection=locked).values_list("resource_id", flat=True)
    )
    if resource_id not in order:
        raise DomainError(_("This resource is not in the collection."), code="not_in")
    at = order.index(resource_id)
    to = at - 1 if up else at + 1
    if 0 <= to < len(order):
        order[at], order[to] = order[to], order[at]
        _renumber(locked, order)
        _touch(locked)


@transaction.atomic
def collection_reorder(*, actor: User, collection: Collection, resource_ids: list[int]) -> None:
    """Put the collection's resources in the order of ``resource_ids``, which names each of
    them once."""
    _check_owner(actor, collection)
    locked = _locked(collection)
    present = set(
        CollectionItem.objects.filter(collection=locked).values_list("resource_id", flat=True)
    )
    if len(resource_ids) != len(present) or set(resource_ids) != present:
        raise DomainError(
            _("Name each resource of the collection once, in the order you want."),
            code="order",
        )
    _renumber(locked, resource_ids)
    _touch(locked)


def pack_downloaded(*, resource_ids: list[int]) -> None:
    """Count a download of a collection's pack or PDF as one of each resource in it."""
    if resource_ids:
        Resource.objects.filter(pk__in=resource_ids).update(downloads=F("downloads") + 1)


# Ratings ----------------------------------------------------------------------------------


@transaction.atomic
def rating_set(*, actor: User, resource: Resource, stars: int) -> Rating:
    """Record her stars (1–5) for a published resource, or change them, keeping the resource's
    count and sum right whoever rates at the same moment: the totals change by F expressions
    under a lock of her rating's row, so that two changes of hers never both count."""
    if not actor.has_perm("library.rate", resource):
        if resource.current_id is None:
            raise NotAllowed(_("Only published resources are rated."))
        raise NotAllowed(_("You are an author of this resource: its readers rate it."))
    if stars not in range(1, 6):
        raise DomainError(_("Choose from one to five stars."), code="stars")
    now = timezone.now()
    mine = Rating.objects.select_for_update(of=("self",)).filter(resource=resource, user=actor)
    found = mine.first()
    if found is None:
        try:
            with transaction.atomic():
                found = Rating.objects.create(
                    resource=resource, user=actor, stars=stars, updated_at=now
                )
        except IntegrityError:
            # Her other request made it a moment ago: change that one instead.
            found = mine.get()
        else:
            Resource.objects.filter(pk=resource.pk).update(
                rating_count=F("rating_count") + 1, rating_sum=F("rating_sum") + stars
            )
            return found
    change = stars - found.stars
    if change:
        found.stars, found.updated_at = stars, now
        found.save(update_fields=["stars", "updated_at"])
        Resource.objects.filter(pk=resource.pk).update(rating_sum=F("rating_sum") + change)
    return found
