"""Who may do what in the library (docs/decisions/0024-the-library.md).

A published resource (and each of its published versions) is public. Drafts, versions in
review and the review itself (checklists, comments) are read by the resource's authors, the
moderators of its place (the moderator role over its school, district or region, or the whole
country) and the experts assigned to one of its versions; ``Resource.objects.worked_on_by`` and
``Version.objects.visible_to`` are the SQL twins of ``library.view_version``, held together by
``tests/test_visibility.py``.

- Any signed-in teacher writes resources (``library.create_resource``); its authors edit its
  open version (``library.edit_resource``).
- Its moderators check form and licence, assign experts and hide readers' comments
  (``library.moderate``).
- An assigned expert reviews that version (``library.review``) at the level of the place over
  which she holds the expert role (``expert_level``).
"""

from collections.abc import Iterable

import rules
from django.contrib.auth.models import AnonymousUser

from ortaq.accounts.models import User
from ortaq.core.roles import (
    COUNTRY,
    Role,
    Scope,
    ScopeKind,
    holds,
    holds_anywhere,
    predicate,
    scopes_where,
)
from ortaq.core.visibility import is_signed_in as signed_in
from ortaq.library import hooks
from ortaq.library.choices import Level
from ortaq.library.models import Assignment, Author, Resource, Version

# The level of approval an expert's role gives, by the kind of place she holds it over.
LEVEL_OF_SCOPE = {
    ScopeKind.COUNTRY: Level.REPUBLIC,
    ScopeKind.REGION: Level.REGION,
    ScopeKind.DISTRICT: Level.DISTRICT,
    ScopeKind.SCHOOL: Level.SCHOOL,
}
# Readers of the library's report: who reads a region's or the country's figures.
REPORT_READERS = (Role.COORDINATOR, Role.MODERATOR, Role.ADMIN)
# Where a resource object keeps whether each person asked is its author, and a person's object
# the versions she is asked to review: every page checks several permissions of one resource,
# and lists check them per row, without a query each.
_AUTHORS = "_library_authors"
_ASSIGNED = "_library_assigned"


def resource_of(obj: object) -> Resource | None:
    """The resource ``obj`` is or belongs to (a resource, a version, an assignment)."""
    if isinstance(obj, Resource):
        return obj
    if isinstance(obj, Version):
        return obj.resource
    if isinstance(obj, Assignment):
        return obj.version.resource
    return None


def expert_level(user: User | AnonymousUser, resource: Resource) -> Level | None:
    """The widest level at which ``user`` may approve ``resource``: the place nearest the
    country among those of its scope chain over which she holds the expert role; None if she
    holds it over none of them."""
    for scope in resource.scope_chain():  # from the country down to the school
        if holds(user, [Role.EXPERT], [scope]):
            return LEVEL_OF_SCOPE[ScopeKind(scope.kind)]
    return None


def moderates_places(user: User | AnonymousUser, scopes: Iterable[Scope]) -> bool:
    return holds(user, [Role.MODERATOR], scopes)


@predicate
def is_signed_in(user: User | AnonymousUser) -> bool:
    return signed_in(user)


def _authors_read(resource: Resource) -> list[Author] | None:
    """The resource's authors if the page read them already (``prefetch_related("authors")``,
    as ``queries_review.resource_get`` does); None otherwise."""
    found = getattr(resource, "_prefetched_objects_cache", {}).get("authors")
    return None if found is None else list(found)


def authors_her(user: User | AnonymousUser, resource: Resource) -> bool:
    """Whether ``user`` is one of the resource's authors: from the authors the page read if it
    did, else read once per resource object and person."""
    if not signed_in(user):
        return False
    read = _authors_read(resource)
    if read is not None:
        return any(author.user_id == user.pk for author in read)
    memo: dict[int, bool] = resource.__dict__.setdefault(_AUTHORS, {})
    if user.pk not in memo:
        memo[user.pk] = Author.objects.filter(resource=resource, user_id=user.pk).exists()
    return memo[user.pk]


def assigned_to(user: User | AnonymousUser) -> frozenset[tuple[int, int]]:
    """The (resource id, version id) pairs ``user`` is asked to review: one query, read once
    per request and kept on her object, as her role grants are (``experts_assign`` forgets
    it for the experts it asks)."""
    if not signed_in(user):
        return frozenset()
    # Read and set as attributes, not through ``__dict__``: a page's ``request.user`` is a
    # lazy object that passes attributes on to the account itself.
    memo: frozenset[tuple[int, int]] | None = getattr(user, _ASSIGNED, None)
    if memo is None:
        memo = frozenset(
            Assignment.objects.filter(expert_id=user.pk)
            .order_by()
            .values_list("version__resource_id", "version_id")
        )
        setattr(user, _ASSIGNED, memo)
    return memo


def forget_assigned(user: User | AnonymousUser) -> None:
    """Drop what ``assigned_to`` kept: she has just been asked to review something."""
    if getattr(user, _ASSIGNED, None) is not None:
        delattr(user, _ASSIGNED)


@predicate
def is_author(user: User | AnonymousUser, obj: object) -> bool:
    resource = resource_of(obj)
    return resource is not None and authors_her(user, resource)


@predicate
def moderates(user: User | AnonymousUser, obj: object) -> bool:
    resource = resource_of(obj)
    if resource is None:
        return False
    # The moderators of its place, and those an app above names (a textbook's, decision 0025).
    return moderates_places(user, resource.scope_chain()) or hooks.moderates(user, resource)


@predicate
def is_assigned(user: User | AnonymousUser, obj: object) -> bool:
    """An expert asked to review ``obj`` (a version: that one; a resource: any of its)."""
    if not signed_in(user):
        return False
    if isinstance(obj, Version):
        return any(version_id == obj.pk for _resource_id, version_id in assigned_to(user))
    resource = resource_of(obj)
    return resource is not None and any(r == resource.pk for r, _v in assigned_to(user))


@predicate
def reviews_a_version_of(user: User | AnonymousUser, obj: object) -> bool:
    """An expert asked to review any version of ``obj``'s resource: she reads its drafts and
    its review, as ``Resource.objects.worked_on_by`` says (decision 0024)."""
    resource = resource_of(obj)
    return resource is not None and any(r == resource.pk for r, _v in assigned_to(user))


@predicate
def is_public(user: User | AnonymousUser, obj: object) -> bool:
    if isinstance(obj, Version):
        return obj.status in {"published", "superseded"}
    resource = resource_of(obj)
    return resource is not None and resource.current_id is not None


@predicate
def moderates_somewhere(user: User | AnonymousUser) -> bool:
    return holds_anywhere(user, [Role.MODERATOR]) or hooks.moderates_anywhere(user)


@predicate
def reviews_somewhere(user: User | AnonymousUser) -> bool:
    return holds_anywhere(user, [Role.EXPERT])


@predicate
def reads_reports(user: User | AnonymousUser) -> bool:
    """She holds a reader's role over a district, a region or the country (a school's
    moderator has no report of her own: ``reports.places_of``)."""
    places = (ScopeKind.COUNTRY, ScopeKind.REGION, ScopeKind.DISTRICT)
    return any(scope.kind in places for scope in scopes_where(user, REPORT_READERS))


@predicate
def is_admin(user: User | AnonymousUser) -> bool:
    return holds(user, [Role.ADMIN], [COUNTRY])


works_on = is_signed_in & (is_author | moderates | reviews_a_version_of)

rules.add_perm("library.view_resource", is_public | works_on)
rules.add_perm("library.view_version", is_public | works_on)
# Drafts, the review's comments and checklists (of any version of the resource).
rules.add_perm("library.view_review", works_on)
rules.add_perm("library.create_resource", is_signed_in)
rules.add_perm("library.edit_resource", is_signed_in & is_author)
rules.add_perm("library.moderate", is_signed_in & moderates)
rules.add_perm("library.review", is_signed_in & is_assigned)
rules.add_perm("library.moderation_queue", is_signed_in & moderates_somewhere)
rules.add_perm("library.review_queue", is_signed_in & reviews_somewhere)
rules.add_perm("library.read_report", is_signed_in & reads_reports)
rules.add_perm("library.edit_mark_scales", is_signed_in & is_admin)
