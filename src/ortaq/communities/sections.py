"""What the apps above ``communities`` say about a circle on its page.

A circle's page (``communities:circle``) shows its record, members and threads, and under its
record a section from each app that has something to say about the circle: that it is a
Lesson Study group, with the way to its cycles (``lessonstudy``), say. ``communities`` lies
below those apps and may not import them, so each registers a *section* in its
``AppConfig.ready`` (``circle_section_register``), as ``schools.sections`` does for a school's
page: a function that draws its part of the page for the request's person, or returns an empty
string when it has nothing to say. A section costs the page its own queries, which the page's
query baseline counts.
"""

from collections.abc import Callable

from django.http import HttpRequest
from django.utils.safestring import SafeString

from ortaq.communities.models import Circle

CircleSection = Callable[[HttpRequest, Circle], SafeString]

_sections: list[CircleSection] = []


def circle_section_register(section: CircleSection) -> None:
    """Have a circle's page draw ``section`` under its record (once per function)."""
    if section not in _sections:
        _sections.append(section)


def circle_sections(request: HttpRequest, circle: Circle) -> list[SafeString]:
    """The sections the apps draw for ``circle``, in the order they registered, empty ones
    left out."""
    drawn = (section(request, circle) for section in _sections)
    return [html for html in drawn if html.strip()]
