"""Search in Kazakh, Russian and English word forms: the Kazakh stemmer, PostgreSQL's search
(marked ``postgres``) and the SQLite fallback."""

import pytest
from django.db import connection

from ortaq.library import search, stemmer
from ortaq.library.models import Resource
from ortaq.testing.librarysearch import search_resource

pytestmark = pytest.mark.django_db

# Forms of one Kazakh word each, as teachers write them: they must reach one stem.
KAZAKH_FORMS = {
    "мектеп": ["мектеп", "мектепте", "мектептер", "мектептердің", "мектебіміз", "мектебіне"],
    "бағалау": ["бағалау", "бағалаудың", "бағалауға", "бағалаумен", "бағалауды"],
    "сабақ": ["сабақ", "сабақтар", "сабақтың", "сабағы", "сабақтарымыз", "сабақта"],
    "оқушы": ["оқушы", "оқушылар", "оқушының", "оқушыларға"],
    "жоспар": ["жоспар", "жоспары", "жоспарлар", "жоспардан"],
}


@pytest.mark.parametrize(("lemma", "forms"), KAZAKH_FORMS.items())
def test_kazakh_forms_reach_one_stem(lemma: str, forms: list[str]) -> None:
    stems = {stemmer.stem(form) for form in forms}
    assert len(stems) == 1, stems


def test_folded_spelling_reaches_the_same_stem() -> None:
    # Typed without the Kazakh keyboard: і as и, ң as н, қ as к.
    assert stemmer.stems("мектептердин") & stemmer.stems("мектептердің")
    assert stemmer.stems("сабактар") & stemmer.stems("сабақтың")


def test_short_words_and_latin_words_keep_their_form() -> None:
    assert stemmer.stem("бала") == "бала"  # its final vowel is its own
    assert stemmer.stems("ас") == set()
    assert stemmer.stems("assessment") == set()


def test_document_holds_title_then_the_rest_with_stems() -> None:
    document = search.build_document(
        title="Мектептердің сабақтары",
        body="**Бағалаудың** критерийлері",
        codes=["5.2.1.1"],
        authors=["Айгүл Сейітова"],
    )
    title, rest = document.split(search.SEPARATOR)
    assert "Мектептердің сабақтары" in title
    assert "мектеп" in title.split()
    assert "сабақ" in title.split()
    assert "бағалау" in rest.split()
    assert "**" not in rest
    assert "5.2.1.1" in rest
    assert "Айгүл Сейітова" in rest


@pytest.fixture
def shelf() -> dict[str, Resource]:
    return {
        "school": search_resource(title="Шағын жинақты мектептердегі сабақ", language="kk"),
        "assessment": search_resource(
            title="Критериалды бағалау",
            body="Бағалаудың дескрипторлары мен балл қою.",
            language="kk",
        ),
        "plan": search_resource(
            title="Математика: бөлшектер",
            summary="Сабақтың жоспары, 5-сынып",
            language="kk",
        ),
        "ru": search_resource(
            title="Критериальное оценивание на уроках",
            body="Оценивание учебных достижений учащихся.",
            language="ru",
        ),
        "en": search_resource(
            title="Assessing fractions", body="Lessons with models.", language="en"
        ),
        "attached": search_resource(
            title="Әдістемелік нұсқау",
            attachment_text="Оқушылардың функционалдық сауаттылығы",
            language="kk",
        ),
    }


@pytest.mark.postgres
@pytest.mark.parametrize(
    ("query", "expected"),
    [
        # Kazakh forms of мектеп, бағалау and сабақ, none of them as the documents write it.
        ("мектеп", "school"),
        ("мектепте", "school"),
        ("мектептер", "school"),
        ("мектептердің", "school"),
        ("мектебіміз", "school"),
        ("мектептердин", "school"),  # typed without the Kazakh letters
        ("бағалау", "assessment"),
        ("бағалаудың", "assessment"),
        ("бағалауға", "assessment"),
        ("сабақтар", "plan"),
        ("жоспарлар", "plan"),
        ("оқушы", "attached"),
        # Russian through PostgreSQL's russian configuration.
        ("оценивание", "ru"),
        ("оценивания", "ru"),
        ("оцениванием", "ru"),
        ("урок", "ru"),
        ("уроки", "ru"),
        ("уроков", "ru"),
        # English through its stemmer.
        ("assessment", "en"),
        ("lesson", "en"),
    ],
)
def test_postgresql_finds_word_forms(shelf: dict[str, Resource], query: str, expected: str) -> None:
    found = list(search.search(Resource.objects.all(), query))
    assert shelf[expected] in found, (query, [r.search_document[:40] for r in found])


@pytest.mark.postgres
def test_postgresql_forms_of_сабақ_find_both_its_resources(shelf: dict[str, Resource]) -> None:
    for query in ("сабақ", "сабақтың", "сабағы"):
        found = set(search.search(Resource.objects.all(), query))
        assert {shelf["school"], shelf["plan"]} <= found, query
        assert shelf["ru"] not in found


@pytest.mark.postgres
def test_postgresql_tolerates_a_typo_in_a_title_word(shelf: dict[str, Resource]) -> None:
    found = list(search.search(Resource.objects.all(), "Критериалды багалау"))
    assert shelf["assessment"] in found


@pytest.mark.postgres
def test_postgresql_ranks_title_matches_first() -> None:
    in_body = search_resource(title="Әдістеме", body="Мектептердегі бағалау тәжірибесі")
    in_title = search_resource(title="Бағалау әдістері", body="Тәжірибе")
    found = list(search.search(Resource.objects.all(), "бағалаудың"))
    assert found == [in_title, in_body]


@pytest.mark.postgres
def test_postgresql_index_answers_the_search() -> None:
    search_resource(title="Мектеп")
    query = search.search(Resource.objects.all(), "мектептер").order_by().values("pk")
    with connection.cursor() as cursor:
        cursor.execute("SET enable_seqscan = off")
        plan = query.explain()
        cursor.execute("SET enable_seqscan = on")
    assert "library_resource_search" in plan
    assert "library_resource_title_trgm" in plan


def test_fallback_finds_word_forms(shelf: dict[str, Resource]) -> None:
    """The SQLite fallback (stemmed words, ``icontains``), called directly so that it is
    proven on either database."""

    def found(query: str) -> list[Resource]:
        return list(search._search_fallback(Resource.objects.all(), search.query_words(query)))  # noqa: SLF001

    for query in ("мектептердің", "мектебіміз", "мектептер", "мектептердин"):
        assert shelf["school"] in found(query), query
    for query in ("бағалаудың", "бағалауға"):
        assert shelf["assessment"] in found(query), query
    for query in ("оценивания", "оцениванием", "уроков", "уроки"):
        assert shelf["ru"] in found(query), query
    assert shelf["en"] in found("lessons")
    assert shelf["attached"] in found("оқушылар")
    assert found("мектептердің бағалау") == []


def test_fallback_ranks_title_matches_first() -> None:
    in_body = search_resource(title="Әдістеме", body="Мектептердегі бағалау тәжірибесі")
    in_title = search_resource(title="Бағалау әдістері", body="Тәжірибе")
    words = search.query_words("бағалаудың")
    assert list(search._search_fallback(Resource.objects.all(), words)) == [in_title, in_body]  # noqa: SLF001


def test_search_by_objective_code_and_its_beginning() -> None:
    exact = search_resource(title="Бөлшектер", codes=["5.2.1.1"])
    other = search_resource(title="Теңдеулер", codes=["5.3.1.1"])
    search_resource(title="Геометрия", codes=["6.2.1.1"])
    assert list(search.search(Resource.objects.all(), "5.2.1.1")) == [exact]
    assert set(search.search(Resource.objects.all(), "5")) == {exact, other}
    assert list(search.search(Resource.objects.all(), "5.2")) == [exact]


def test_search_on_this_database_finds_kazakh_forms() -> None:
    """Whichever database runs the suite, ``search`` finds мектеп by мектептердің."""
    school = search_resource(title="Мектептегі сабақ")
    search_resource(title="Басқа тақырып")
    assert list(search.search(Resource.objects.all(), "мектептердің")) == [school]


def test_a_resource_without_a_published_version_has_an_empty_document() -> None:
    draft = search_resource(title="Мектеп", status="draft")
    assert draft.search_document == ""
    search.index_resource(draft)
    draft.refresh_from_db()
    assert draft.search_document == ""
