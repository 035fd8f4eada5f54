"""Pages of lists: the API's by ``page`` and ``page_size``, both bounded; the site's longest
(people) by key (``keyset_page``), so that a late page costs what the first does.

Every list endpoint paginates with :class:`Pages` (``@paginate(Pages)``). A page number or size
out of bounds is refused with a 422 naming the parameter, before any query: an unbounded page
number once reached the database as an offset that PostgreSQL cannot hold (a 500).
"""

import base64
import json
from collections.abc import Callable, Sequence
from typing import Any

from django.db.models import F, Model, QuerySet

# Row comparison, ``(a, b, id) > (x, y, z)``, which PostgreSQL answers from an index on
# (a, b, id); Django's own (its composite primary keys use it), not in its documented API.
from django.db.models.fields.tuple_lookups import Tuple, TupleGreaterThan, TupleLessThan
from ninja import Field, Schema
from ninja.pagination import PageNumberPagination

from ortaq.core.search import Unindexed

PAGE_SIZE = 50
MAX_PAGE_SIZE = 200
# Ten thousand pages of the largest size reach two million rows, beyond any list the API serves
# (about 7,500 schools, a region's circles); a larger number is a mistake or a probe.
MAX_PAGE = 10_000


class Pages(PageNumberPagination):
    """``page`` (1 to ``MAX_PAGE``) and ``page_size`` (1 to ``MAX_PAGE_SIZE``, ``PAGE_SIZE``
    unless the endpoint sets its own)."""

    class Input(Schema):
        page: int = Field(1, ge=1, le=MAX_PAGE)
        page_size: int | None = Field(None, ge=1, le=MAX_PAGE_SIZE)

    def __init__(self, page_size: int = PAGE_SIZE, **kwargs: Any) -> None:
        super().__init__(page_size=page_size, max_page_size=MAX_PAGE_SIZE, **kwargs)


class Mapped[M: Model, S: Schema]:
    """A list endpoint's rows as output schemas, built explicitly, still paginated in SQL.

    ``Pages`` slices it (one query for the page) and takes its length (one ``COUNT``); each row
    of the page becomes ``out(row)``. An endpoint returns ``Mapped(queryset, SomeOut.of)``
    rather than model instances carrying attributes for its schema.
    """

    def __init__(self, rows: QuerySet[M], out: Callable[[M], S]) -> None:
        self.rows = rows
        self.out = out

    def __len__(self) -> int:
        return self.rows.count()

    def __getitem__(self, page: slice) -> list[S]:
        return [self.out(row) for row in self.rows[page]]


# --- Pages of the site's long lists: by key ---------------------------------------------------

# Up to this many rows a list says how many it found; beyond, "more than" this (counting
# hundreds of thousands of rows on every page costs more than the page itself: a region's
# 27,000 teachers took 200 ms to count on a busy machine, the first thousand a tenth of it).
COUNT_LIMIT = 1_000


class KeysetPage[T]:
    """One page of a list read by key: the rows after (or before) the last row seen, in the
    order of an index, so that the 8,000th page costs what the first does. Links carry the key
    of the row to continue from (``after`` or ``before``), not a page number; the pages work
    without JavaScript like any link."""

    def __init__(
        self, object_list: list[T], *, next_key: str, previous_key: str, count: int, more: bool
    ) -> None:
        self.object_list = object_list
        self.next_key = next_key
        self.previous_key = previous_key
        self.count = count  # rows found, up to COUNT_LIMIT
        self.more = more  # more than COUNT_LIMIT rows

    @property
    def has_next(self) -> bool:
        return bool(self.next_key)

    @property
    def has_previous(self) -> bool:
        return bool(self.previous_key)

    @property
    def has_other_pages(self) -> bool:
        return self.has_next or self.has_previous


def _encode_key(values: Sequence[Any]) -> str:
    raw = json.dumps(list(values), ensure_ascii=False, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _decode_key(text: str | None, length: int) -> list[Any] | None:
    """The key a link carries, or None when there is none or it is not one of ours."""
    if not text or len(text) > 1000:
        return None
    try:
        values = json.loads(base64.urlsafe_b64decode(text + "=" * (-len(text) % 4)))
    except ValueError:
        return None
    if not isinstance(values, list) or len(values) != length:
        return None
    if not all(isinstance(v, str | int) and not isinstance(v, bool) for v in values):
        return None
    return values


def keyset_page(
    queryset: QuerySet[Any],
    *,
    keys: Sequence[str],
    per_page: int,
    after: str | None = None,
    before: str | None = None,
    descending: bool = False,
    sort_matches: bool = False,
) -> KeysetPage[Any]:
    """The page of ``queryset`` after the row whose ``keys`` values ``after`` encodes (or before
    ``before``), ordered by ``keys`` ascending (``descending``: the other way, newest first by
    id, say): the columns of an index, the last one unique (the primary key). Without either,
    the first page.

    ``sort_matches`` when ``queryset`` is narrowed by a search that an index of its own answers
    (``ortaq.core.search``), whose matches the order's index does not spread evenly (a surname
    is one block of the order by name): the matches are then found by the search's index and
    their keys alone sorted (the first key must be text), and the page's rows read by primary
    key, rather than by walking the order's index past every row before them. On the first
    page the keys of up to ``COUNT_LIMIT`` + 1 matches are read at once, which are both the
    page and its count: the search is done once, not once for the page and again to count."""
    fields = list(keys)
    columns = Tuple(*(F(k) for k in fields))

    def order(backwards: bool) -> list[Any]:
        """The list's order (``backwards``: the other way, to read the page before a key)."""
        down = descending != backwards
        by: list[Any] = [F(k).desc() if down else F(k).asc() for k in fields]
        if sort_matches:
            first = Unindexed(F(fields[0]))
            by[0] = first.desc() if down else first.asc()
        return by

    # The rows that come after a key in the list's order, and those that come before it.
    later, earlier = (
        (TupleLessThan, TupleGreaterThan) if descending else (TupleGreaterThan, TupleLessThan)
    )

    def by_id(ids: list[Any]) -> list[Any]:
        found = queryset.in_bulk(ids)
        return [found[pk] for pk in ids if pk in found]

    start_after = _decode_key(after, len(fields))
    end_before = None if start_after is not None else _decode_key(before, len(fields))
    first_page = start_after is None and end_before is None
    counted: int | None = None
    rows: list[Any]
    if end_before is not None:
        found = queryset.filter(earlier(columns, end_before)).order_by(*order(True))
    else:
        found = queryset.order_by(*order(False))
        if start_after is not None:
            found = found.filter(later(columns, start_after))
    if not sort_matches:
        rows = list(found[: per_page + 1])
    else:
        # Narrow rows sorted, then the page's own by primary key: sorting 20,000 namesakes as
        # wide as the page's relations took twice as long as sorting their keys.
        wanted = COUNT_LIMIT + 1 if first_page else per_page + 1
        matches = list(found.values_list(*fields)[:wanted])
        if first_page:
            counted = len(matches)
        rows = by_id([key[-1] for key in matches[: per_page + 1]])
    if end_before is not None:
        has_more_before = len(rows) > per_page
        rows = rows[:per_page][::-1]
        has_more_after = True
    else:
        has_more_after = len(rows) > per_page
        rows = rows[:per_page]
        has_more_before = start_after is not None

    def key_of(row: Any) -> str:
        return _encode_key([_value(row, k) for k in fields])

    if counted is None:
        if first_page and not has_more_after:
            # The first page holds every row: nothing more to count.
            counted = len(rows)
        else:
            counted = queryset.order_by()[: COUNT_LIMIT + 1].count()
    return KeysetPage(
        rows,
        next_key=key_of(rows[-1]) if rows and has_more_after else "",
        previous_key=key_of(rows[0]) if rows and has_more_before else "",
        count=min(counted, COUNT_LIMIT),
        more=counted > COUNT_LIMIT,
    )


def _value(row: Any, path: str) -> Any:
    value = row
    for part in path.split("__"):
        value = getattr(value, part)
    return value
