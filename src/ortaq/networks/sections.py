"""What the apps above ``networks`` show on an association's public site.

An association's site (``networks:association``) shows its record, member schools and news,
and a section from each app that has something public to show of it: its Lesson Study groups
and their published reports (``lessonstudy``), its journal (``journal``), later its events.
``networks`` lies below those apps and may not import them, so each registers a *section* in
its ``AppConfig.ready`` (``association_section_register``), as ``schools.sections`` does for a
school's page: a function that draws its part of the site for the request's person, or returns
an empty string when it has nothing to show (no heading that could only say "none yet"). A
section costs the page its own queries, which the page's query baseline counts.
"""

from collections.abc import Callable

from django.http import HttpRequest
from django.utils.safestring import SafeString

from ortaq.networks.models import Association

AssociationSection = Callable[[HttpRequest, Association], SafeString]

_sections: list[AssociationSection] = []


def association_section_register(section: AssociationSection) -> None:
    """Have an association's site draw ``section`` after its schools (once per function)."""
    if section not in _sections:
        _sections.append(section)


def association_sections(request: HttpRequest, association: Association) -> list[SafeString]:
    """The sections the apps draw for ``association``, in the order they registered, empty
    ones left out."""
    drawn = (section(request, association) for section in _sections)
    return [html for html in drawn if html.strip()]
