"""What apps above the library add to its versions (decision 0025): an e-textbook's lesson is a
library resource whose versions carry rows of the textbook app (its tasks, media, teacher's
guide). The library knows none of them; it calls what they register here:

- ``copiers``: ``copy(old, new)`` when a new version starts as a copy of ``old``;
- ``checkers``: ``problems(version) -> list[str]``, translated messages that stop a version's
  submission (a task without an accepted answer, an image without alt text…);
- ``sections``: ``section(request, version) -> str | None``, HTML shown on the version's pages
  to those who read it (its tasks, its media), in order of registration.
"""

from collections.abc import Callable
from typing import Any

from ortaq.library.models import Version

Copier = Callable[[Version, Version], None]
Checker = Callable[[Version], list[str]]
Section = Callable[[Any, Version], str | None]

copiers: list[Copier] = []
checkers: list[Checker] = []
sections: list[Section] = []


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


def copy_rows(old: Version, new: Version) -> None:
    """Copy what the apps above keep of ``old`` onto ``new``."""
    for copier in copiers:
        copier(old, new)


def problems(version: Version) -> list[str]:
    """What the apps above say stops ``version`` from being submitted."""
    found: list[str] = []
    for checker in checkers:
        found.extend(checker(version))
    return found
