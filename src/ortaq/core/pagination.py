"""Pages of the API's lists: ``page`` and ``page_size``, both bounded.

Every list endpoint paginates with :class:`Pages` (``@paginate(Pages)``). A page number or size
out of bounds is refused with a 422 naming the parameter, before any query: an unbounded page
number once reached the database as an offset that PostgreSQL cannot hold (a 500).
"""

from collections.abc import Callable
from typing import Any

from django.db.models import Model, QuerySet
from ninja import Field, Schema
from ninja.pagination import PageNumberPagination

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
