"""What the apps above ``schools`` say about a school on its page.

A school's page (``schools:detail``) shows its record, and under it a section from each app
that has something to say about the school: the associations it belongs to (``networks``), say.
``schools`` lies below those apps and may not import them, so each registers a *section* in its
``AppConfig.ready`` (``school_section_register``): a function that draws its part of the page
for the request's person, or returns an empty string when it has nothing to show. A section
costs the page its own queries, which the page's query baseline counts.
"""

from collections.abc import Callable

from django.http import HttpRequest
from django.utils.safestring import SafeString

from ortaq.schools.models import School

SchoolSection = Callable[[HttpRequest, School], SafeString]

_sections: list[SchoolSection] = []


def school_section_register(section: SchoolSection) -> None:
    """Have a school's page draw ``section`` under its record (once per function)."""
    if section not in _sections:
        _sections.append(section)


def school_sections(request: HttpRequest, school: School) -> list[SafeString]:
    """The sections the apps draw for ``school``, in the order they registered, empty ones left
    out."""
    drawn = (section(request, school) for section in _sections)
    return [html for html in drawn if html.strip()]
