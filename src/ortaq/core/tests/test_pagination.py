"""Pages by key in both directions: every row once, in order, forward and back."""

from typing import Any

import pytest

from ortaq.core.pagination import keyset_page
from ortaq.schools.models import Region

pytestmark = pytest.mark.django_db


def walk(queryset: Any, *, descending: bool) -> tuple[list[int], list[Any]]:
    """Every id reached by following the next links from the first page, and the pages."""
    pages = [keyset_page(queryset, keys=("pk",), per_page=7, descending=descending)]
    while pages[-1].has_next:
        after = pages[-1].next_key
        pages.append(
            keyset_page(queryset, keys=("pk",), per_page=7, after=after, descending=descending)
        )
    return [row.pk for page in pages for row in page.object_list], pages


@pytest.mark.parametrize("descending", [False, True])
def test_pages_by_key_cover_every_row_once_in_order(descending: bool) -> None:
    regions = Region.objects.all()
    ids, pages = walk(regions, descending=descending)
    expected = sorted(regions.values_list("pk", flat=True), reverse=descending)
    assert ids == expected and len(pages) == 3
    assert not pages[0].has_previous and pages[1].has_previous
    # Back from the last page: the middle one again, in the same order.
    back = keyset_page(
        regions, keys=("pk",), per_page=7, before=pages[2].previous_key, descending=descending
    )
    assert [r.pk for r in back.object_list] == [r.pk for r in pages[1].object_list]
    assert back.has_next and back.has_previous
