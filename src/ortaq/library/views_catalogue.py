"""The library's catalogue and search, ``/library/``: public, a plain GET form, pages by
number (``catalogue.page_of``) in a fixed number of queries."""

from dataclasses import dataclass

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from ortaq.library.catalogue import Filters, authors_of, catalogue, grades_of, page_of
from ortaq.library.forms_catalogue import CatalogueForm, grade_label
from ortaq.library.links import resource_url
from ortaq.library.models import Resource


@dataclass(frozen=True)
class Entry:
    """A resource as a row of the catalogue shows it."""

    resource: Resource
    url: str
    grades: str
    authors: list[str]


def _entry(resource: Resource) -> Entry:
    grades = ", ".join(grade_label(g) for g in grades_of(resource))
    return Entry(resource, resource_url(resource.pk), grades, authors_of(resource))


def _page_number(request: HttpRequest) -> int:
    raw = request.GET.get("page", "1")
    return int(raw) if raw.isdigit() and len(raw) < 6 else 1  # noqa: PLR2004


@require_safe
def catalogue_page(request: HttpRequest) -> HttpResponse:
    """Published resources, found by words in any form of Kazakh, Russian or English and by
    kind, subject, grade, language, multi-grade, objective code and level of approval."""
    form = CatalogueForm(request.GET or None)
    filters = form.filters() if form.is_bound else Filters()
    page = page_of(catalogue(filters=filters), _page_number(request))
    return render(
        request,
        "library/catalogue.html",
        {
            "form": form,
            "page": page,
            "entries": [_entry(resource) for resource in page.rows],
            "searched": form.is_bound,
        },
    )
