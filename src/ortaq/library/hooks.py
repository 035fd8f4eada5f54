"""What apps above the library add to its versions (decision 0025): an e-textbook's lesson is a
library resource whose versions carry rows of the textbook app (its tasks, media, teacher's
guide). The library knows none of them; it calls what they register here:

- ``copiers``: ``copy(old, new)`` when a new version starts as a copy of ``old``;
- ``checkers``: ``problems(version) -> list[str]``, translated messages that stop a version's
  submission (a task without an accepted answer, an image without alt text…);
- ``sections``: ``section(request, version) -> str | None``, HTML shown on the version's pages
  to those who read it (its tasks, its media), in order of registration;
- ``moderators``: who moderates a resource beside the moderators of its place (a textbook's
  moderators moderate its lessons): ``Moderators`` answers for one resource, as a ``Q`` over
  resources for the queues and lists, and whether she moderates any at all.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.contrib.auth.models import AnonymousUser
from django.db.models import Q

if TYPE_CHECKING:
    from ortaq.accounts.models import User
    from ortaq.library.models import Resource, Version

Copier = Callable[["Version", "Version"], None]
Checker = Callable[["Version"], list[str]]
Section = Callable[[Any, "Version"], str | None]


@dataclass(frozen=True)
class Moderators:
    """Who moderates resources beside the moderators of their place: ``of(user, resource)``
    for one resource; ``q(user, ref)``, the resources she moderates as a ``Q`` where ``ref``
    is the lookup of the resource's id from the filtered model (``"pk"``, ``"resource_id"``);
    ``anywhere(user)``, whether she moderates any."""

    of: Callable[["User | AnonymousUser", "Resource"], bool]
    q: Callable[["User | AnonymousUser", str], Q]
    anywhere: Callable[["User | AnonymousUser"], bool]


copiers: list[Copier] = []
checkers: list[Checker] = []
sections: list[Section] = []
moderators: list[Moderators] = []


def register_copier(copier: Copier) -> Copier:
    if copier not in copiers:
        copiers.append(copier)
    return copier


def register_checker(checker: Checker) -> Checker:
    if checker not in checkers:
        checkers.append(checker)
    return checker


def register_section(section: Section) -> Section:
    if section not in sections:
        sections.append(section)
    return section


def register_moderators(extra: Moderators) -> Moderators:
    if extra not in moderators:
        moderators.append(extra)
    return extra


def copy_rows(old: "Version", new: "Version") -> None:
    """Copy what the apps above keep of ``old`` onto ``new``."""
    for copier in copiers:
        copier(old, new)


def problems(version: "Version") -> list[str]:
    """What the apps above say stops ``version`` from being submitted."""
    found: list[str] = []
    for checker in checkers:
        found.extend(checker(version))
    return found


def render_sections(request: Any, version: "Version") -> list[str]:
    """The HTML the apps above show on ``version``'s pages."""
    found = (section(request, version) for section in sections)
    return [html for html in found if html]


def moderates(user: "User | AnonymousUser", resource: "Resource") -> bool:
    """Whether an app above makes ``user`` a moderator of ``resource``."""
    return any(extra.of(user, resource) for extra in moderators)


def moderated_q(user: "User | AnonymousUser", ref: str) -> Q:
    """The resources an app above makes ``user`` moderate (``ref``: the resource id's lookup);
    an empty match when none does."""
    found = Q(pk__in=[])
    for extra in moderators:
        found |= extra.q(user, ref)
    return found


def moderates_anywhere(user: "User | AnonymousUser") -> bool:
    return any(extra.anywhere(user) for extra in moderators)
