"""The catalogue ``/library/``: filters, pages, what a row shows, its query count, and the
words of its form in Kazakh."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from ortaq.library.catalogue import Filters, catalogue, page_of
from ortaq.library.choices import Kind, Level, Status
from ortaq.library.models import Resource
from ortaq.testing.factories import make_user
from ortaq.testing.librarysearch import search_resource, search_subject

pytestmark = pytest.mark.django_db


def _url(**query: str) -> str:
    with translation.override("kk"):
        path = reverse("library:catalogue")
    if not query:
        return path
    from urllib.parse import urlencode

    return f"{path}?{urlencode(query)}"


def _found(filters: Filters) -> set[Resource]:
    return set(catalogue(filters=filters))


def test_filters_narrow_by_each_field() -> None:
    history = search_subject("world-history")
    plan = search_resource(title="Бөлшектер", grades=[5], codes=["5.2.1.1"], level=Level.REGION)
    multi = search_resource(
        title="Біріктірілген сынып", kind=Kind.MULTIGRADE_PLAN, grades=[2, 4], language="ru"
    )
    two_grades = search_resource(title="Екі сынып", grades=[3, 4], subject=history)
    criteria = search_resource(title="Критерийлер", kind=Kind.CRITERIA, grades=[7])
    draft = search_resource(title="Жоба", status=Status.DRAFT, grades=[5])

    assert _found(Filters()) == {plan, multi, two_grades, criteria}
    assert draft not in _found(Filters(grade=5))
    assert _found(Filters(kind=Kind.CRITERIA)) == {criteria}
    assert _found(Filters(subject_id=history.pk)) == {two_grades}
    assert _found(Filters(grade=4)) == {multi, two_grades}
    assert _found(Filters(language="ru")) == {multi}
    assert _found(Filters(multigrade=True)) == {multi, two_grades}
    assert _found(Filters(code="5.2.1.1")) == {plan}
    assert _found(Filters(code="5.2")) == {plan}
    assert _found(Filters(code="5")) == {plan}
    assert _found(Filters(code="5.3")) == set()
    assert _found(Filters(level=Level.REGION)) == {plan}
    assert _found(Filters(q="бөлшектердің", grade=5)) == {plan}
    assert _found(Filters(q="бөлшектердің", grade=7)) == set()


def test_the_page_lists_what_a_reader_needs() -> None:
    author = make_user(first_name="Сәуле", last_name="Оспанова")
    resource = search_resource(
        title="Шағын жинақты мектептегі сабақ",
        summary="Екі сыныпқа бір сабақ.",
        kind=Kind.MULTIGRADE_PLAN,
        grades=[3, 4],
        level=Level.DISTRICT,
        authors=[author],
        rating_count=4,
        rating_sum=18,
    )
    response = Client().get(_url(q="мектептердің"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Шағын жинақты мектептегі сабақ" in page
    assert f"/library/r/{resource.pk}/" in page
    assert "Оспанова Сәуле" in page
    assert "3, 4" in page
    assert "4,5" in page  # the rating, with the Kazakh decimal comma
    assert "Аудан" in page  # the level of approval, in Kazakh
    assert '<meta name="description"' in page
    for code in ("kk", "ru", "en"):
        assert f'hreflang="{code}"' in page


def test_the_page_without_a_match_says_so() -> None:
    search_resource(title="Бөлшектер")
    page = Client().get(_url(q="астрономия")).content.decode()
    assert "Бөлшектер" not in page
    assert "Ешбір ресурс табылмады" in page or "0" in page


def test_a_wrong_code_is_said_and_the_words_still_search() -> None:
    search_resource(title="Бөлшектер")
    response = Client().get(_url(q="бөлшектер", code="бес"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "5.2.1.1" in page  # the message names the form a code takes
    assert "Бөлшектер" in page


def test_pages_by_number() -> None:
    for n in range(25):
        search_resource(title=f"Сабақ {n}")
    first = page_of(catalogue(filters=Filters()), 1)
    second = page_of(catalogue(filters=Filters()), 2)
    assert (first.count, first.pages, len(first.rows), len(second.rows)) == (25, 2, 20, 5)
    assert not set(first.rows) & set(second.rows)
    assert page_of(catalogue(filters=Filters()), 99).number == 2
    page = Client().get(_url(page="2")).content.decode()
    assert 'rel="prev"' in page


def _queries(url: str) -> int:
    client = Client()
    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured.captured_queries)


@pytest.mark.parametrize("query", [{}, {"q": "сабақтар"}, {"grade": "5", "multigrade": "on"}])
def test_the_page_makes_a_fixed_number_of_queries(query: dict[str, str]) -> None:
    search_resource(title="Сабақ", grades=[5, 6])
    few = _queries(_url(**query))
    for n in range(12):
        search_resource(title=f"Сабақ {n}", grades=[5, 6], authors=[make_user(), make_user()])
    assert _queries(_url(**query)) == few
    assert few <= 6  # count, page, grades, authors, the subjects of the form
