"""Search over 100,000 library resources on PostgreSQL (issue 14).

Builds 100,000 published resources in bulk (kk 60 %, ru 35 %, en 5 %), each a title, a summary
and a body of about a hundred words drawn from a vocabulary of lesson-planning and assessment
words in their many forms, with grades, objective codes and an author; their search documents
are made by ``search.build_document`` as publishing makes them. Then runs a set of searches, each
as the catalogue page reads it (``catalogue.page_of``: the count, the page of 20, its grades and
authors): Kazakh and Russian word forms, with and without filters, a typo, an objective code,
and reports the median.

    .venv/bin/python -m bench --only library_search   # BENCH_DATABASE_URL as make bench

Budget: the median search under 200 ms. Reported beside it (not judged): the slowest search,
the catalogue page in process, and the library report of the country and of a region (KZ-19):
read from the running totals with the cache empty and warm, the country's counted from every
raw row as before them, and the recount one change costs (``_reports``).
"""

import os
import random
import statistics
import time
from datetime import timedelta
from typing import Any

from bench.courses import result

# BENCH_LIBRARY_RESOURCES measures at a smaller size (a busy machine); 100,000 by default.
RESOURCES = int(os.environ.get("BENCH_LIBRARY_RESOURCES", "100000"))
BUDGET_MS = 200.0
REPEAT = 7
BATCH = 5_000


def _vocabulary(text: str) -> list[str]:
    return text.split()


KAZAKH = _vocabulary(
    "мектеп мектепте мектептер мектептердің мектебіміз мектептегі сабақ сабақтар сабақтың "
    "сабағы сабақта бағалау бағалаудың бағалауға бағалаумен критерий критерийлері дескриптор "
    "дескрипторлары оқушы оқушылар оқушының оқушыларға мұғалім мұғалімдер мұғалімнің жоспар "
    "жоспары жоспарлау тапсырма тапсырмалар тапсырманың жиынтық бөлім тоқсан шағын жинақты "
    "сынып сыныптар біріктірілген математика бөлшектер теңдеу тіл әдебиет қазақ тарих "
    "жаратылыстану зерттеу әдіс әдістеме тәсіл топтық жұмыс жұппен талқылау кері байланыс "
    "мақсат нәтиже дағды ойлау деңгейі білу түсіну қолдану талдау жинақтау бағалаушы балл "
    "ұпай уақыт минут мәтін оқылым жазылым айтылым тыңдалым сұрақ жауап ойын сергіту "
    "рефлексия дифференциация инклюзивті білім беру функционалдық сауаттылық модель сурет "
    "кесте диаграмма"
)
RUSSIAN = _vocabulary(
    "урок уроки уроков уроке оценивание оценивания оцениванием критерий критерии критериями "
    "дескриптор дескрипторы ученик ученики учеников учащихся учитель учителя план "
    "планирование задание задания заданий суммативное формативное раздел четверть "
    "малокомплектная школа школы класс классы объединённый математика дроби уравнение язык "
    "литература история естествознание исследование метод методика приём групповая работа "
    "обсуждение обратная связь цель результат навык мышление уровень знание понимание "
    "применение анализ синтез балл баллы время минута текст чтение письмо говорение слушание "
    "вопрос ответ игра рефлексия дифференциация инклюзивное образование функциональная "
    "грамотность модель таблица схема"
)
ENGLISH = _vocabulary(
    "lesson lessons plan planning assessment assessing criteria descriptor descriptors pupil "
    "pupils teacher teachers task tasks summative formative unit term small school schools "
    "class multigrade mathematics fractions equation language literature history science "
    "research method group work discussion feedback goal outcome skill thinking level "
    "knowledge understanding application analysis points time reading writing speaking "
    "listening question answer game reflection differentiation inclusive education literacy"
)
# The searches: (query, filters) as a teacher types them; kinds, subjects and grades filled in.
SEARCHES: list[tuple[str, dict[str, Any]]] = [
    ("мектептердің", {}),
    ("бағалаудың критерийлері", {}),
    ("сабақтар", {}),
    ("оқушыларға тапсырма", {}),
    ("жиынтық бағалау", {"kind": "unit_task"}),
    ("сабақтың жоспары", {"grade": 5}),
    ("шағын жинақты мектеп", {"multigrade": True}),
    ("бөлшектер", {"subject": True, "language": "kk"}),
    ("оценивания", {}),
    ("уроков", {}),
    ("критериями оценивания", {"language": "ru"}),
    ("малокомплектная школа", {"grade": 3}),
    ("дескрипторы", {"kind": "criteria"}),
    ("багалау критерийлери", {}),  # typed without the Kazakh letters
    ("assessment criteria", {"language": "en"}),
    ("", {"kind": "lesson", "grade": 7}),
    ("", {"code": "5.2"}),
    ("5.2.1.1", {}),
]


CYRILLIC_SYLLABLES = _vocabulary(
    "ка ла ма та ра са ба да же ке ле ме не се те ру ко ло но то ша ны ді ғы қа ұл өр ін ар ер "
    "ов ив ен ан ст пр гр ди ми ри ту ну су зу ва ве во ги ки ли пи фи хо цы чу щи жа зы бі ғұ"
)
LATIN_SYLLABLES = _vocabulary("ra ta ma lo ne si ko pu de mi sa te ri no bo la ve ga fo hu")


def _filler(rng: random.Random, syllables: list[str], count: int) -> list[str]:
    """Made-up words, as many as a real library's vocabulary holds beyond the subject's own
    (a real text's words are mostly not the words searched for)."""
    found: set[str] = set()
    while len(found) < count:
        found.add("".join(rng.choice(syllables) for _ in range(rng.randint(2, 4))))
    return sorted(found)


def _text(rng: random.Random, topic: list[str], filler: list[str], words: int, share: float) -> str:
    """``words`` words, a ``share`` of them the resource's topic words, the rest filler."""
    return " ".join(
        rng.choice(topic) if rng.random() < share else rng.choice(filler) for _ in range(words)
    )


def prepare() -> None:
    """100,000 published resources in bulk, with versions, grades, alignments, authors and
    search documents, then ``VACUUM ANALYZE``."""
    from django.db import connection, transaction
    from django.utils import timezone

    from ortaq.accounts.models import User
    from ortaq.core.models import Subject
    from ortaq.library.choices import Kind, Level, Status
    from ortaq.library.models import (
        Alignment,
        Author,
        Resource,
        ResourceGroup,
        Version,
        VersionGrade,
    )
    from ortaq.library.search import build_document
    from ortaq.schools.choices import Locality
    from ortaq.schools.models import District, Region, School

    rng = random.Random(14)
    started = time.perf_counter()
    fillers = {
        "kk": _filler(rng, CYRILLIC_SYLLABLES, 20_000),
        "ru": _filler(rng, CYRILLIC_SYLLABLES, 20_000),
        "en": _filler(rng, LATIN_SYLLABLES, 5_000),
    }
    subjects = list(Subject.objects.all())
    regions = list(Region.objects.order_by("code"))
    districts = District.objects.bulk_create(
        District(region=region, name_kk=f"Аудан {n}", name_ru=f"Район {n}")
        for n, region in enumerate(regions * 3)
    )
    schools = School.objects.bulk_create(
        School(
            name_kk=f"№{n} мектеп",
            name_ru=f"Школа №{n}",
            region_id=district.region_id,
            district=district,
            locality=Locality.RURAL if n % 3 else Locality.URBAN,
            small_scale=n % 4 == 0,
        )
        for n, district in enumerate(districts * 10)
    )
    authors = User.objects.bulk_create(
        User(email=f"lib{n}@bench.ortaq.kz", first_name="Айгүл", last_name=f"Әдіскер{n}")
        for n in range(3_000)
    )
    kinds = [k for k, _label in Kind.choices]
    levels = [k for k, _label in Level.choices]
    now = timezone.now()
    for start in range(0, RESOURCES, BATCH):
        size = min(BATCH, RESOURCES - start)
        with transaction.atomic():
            groups = ResourceGroup.objects.bulk_create(ResourceGroup() for _ in range(size))
            rows = []
            texts = []
            for group in groups:
                roll = rng.random()
                language, vocabulary = ("kk", KAZAKH)
                if roll > 0.95:  # noqa: PLR2004
                    language, vocabulary = ("en", ENGLISH)
                elif roll > 0.6:  # noqa: PLR2004
                    language, vocabulary = ("ru", RUSSIAN)
                school = rng.choice(schools)
                # A resource is about a few of the vocabulary's words (in their forms): its title
                # is mostly those, its summary and body a fifth of them among other words.
                topic = rng.sample(vocabulary, 4)
                filler = fillers[language]
                title = _text(rng, topic, filler, rng.randint(3, 7), 0.7).capitalize()
                summary = _text(rng, topic, filler, 15, 0.2)
                body = "\n\n".join(_text(rng, topic, filler, 40, 0.2) for _ in range(3))
                grade = rng.randint(1, 11)
                codes = [f"{grade}.{rng.randint(1, 4)}.{rng.randint(1, 3)}.{rng.randint(1, 9)}"]
                texts.append((title, summary, body, grade, codes))
                rows.append(
                    Resource(
                        group=group,
                        language=language,
                        kind=rng.choice(kinds),
                        subject=rng.choice(subjects),
                        school=school,
                        district_id=school.district_id,
                        region_id=school.region_id,
                        downloads=rng.randint(0, 500),
                        created_at=now - timedelta(days=rng.randint(0, 700)),
                        search_document=build_document(
                            title=title,
                            summary=summary,
                            body=body,
                            codes=codes,
                            markdown=False,
                        ),
                    )
                )
            resources = Resource.objects.bulk_create(rows)
            versions = Version.objects.bulk_create(
                Version(
                    resource=resource,
                    number=1,
                    status=Status.PUBLISHED,
                    title=title,
                    summary=summary,
                    body=body,
                    submitted_at=now - timedelta(days=rng.randint(2, 60)),
                    published_at=now - timedelta(days=rng.randint(0, 1)),
                    level=rng.choice(levels),
                )
                for resource, (title, summary, body, _grade, _codes) in zip(
                    resources, texts, strict=True
                )
            )
            grades = []
            for version, (_t, _s, _b, grade, _c) in zip(versions, texts, strict=True):
                grades.append(VersionGrade(version=version, grade=grade))
                if version.resource.kind == Kind.MULTIGRADE_PLAN and grade < 11:
                    grades.append(VersionGrade(version=version, grade=grade + 1))
            VersionGrade.objects.bulk_create(grades)
            Alignment.objects.bulk_create(
                Alignment(version=version, code=code)
                for version, (_t, _s, _b, _g, codes) in zip(versions, texts, strict=True)
                for code in codes
            )
            Author.objects.bulk_create(
                Author(resource=resource, user=rng.choice(authors), school_id=resource.school_id)
                for resource in resources
            )
            with connection.cursor() as cursor:
                cursor.execute(
                    "UPDATE library_resource r SET current_id = v.id FROM library_version v "
                    "WHERE v.resource_id = r.id AND r.id BETWEEN %s AND %s",
                    [resources[0].pk, resources[-1].pk],
                )
        print(f"  {start + size:,} resources ({time.perf_counter() - started:.0f} s)", flush=True)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    print(f"library: {RESOURCES:,} resources built in {time.perf_counter() - started:.0f} s")
    from ortaq.library.services.tallies import library_tallies_rebuild

    counting = time.perf_counter()
    places = library_tallies_rebuild()
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    print(
        f"library: the report's running totals of {places} places counted from scratch in "
        f"{time.perf_counter() - counting:.1f} s"
    )


def _filters(spec: dict[str, Any]) -> Any:
    from ortaq.core.models import Subject
    from ortaq.library.catalogue import Filters

    subject = Subject.objects.order_by("position", "code").first() if spec.get("subject") else None
    return Filters(
        kind=spec.get("kind", ""),
        subject_id=subject.pk if subject else None,
        grade=spec.get("grade"),
        language=spec.get("language", ""),
        multigrade=bool(spec.get("multigrade")),
        code=spec.get("code", ""),
    )


def run() -> list[dict[str, Any]]:
    prepare()
    return measure()


def measure() -> list[dict[str, Any]]:
    """The searches, the page and the report, on resources ``prepare`` built."""
    from dataclasses import replace

    from django.test import Client

    from ortaq.library.catalogue import catalogue, page_of

    timings: dict[str, list[float]] = {}
    found: dict[str, int] = {}
    for _round in range(REPEAT):
        for query, spec in SEARCHES:
            filters = replace(_filters(spec), q=query)
            started = time.perf_counter()
            page = page_of(catalogue(filters=filters), 1)
            list(page.rows)
            elapsed = (time.perf_counter() - started) * 1000
            label = f"{query or '—'} {spec or ''}".strip()
            timings.setdefault(label, []).append(elapsed)
            found[label] = page.count
    medians = {label: statistics.median(times) for label, times in timings.items()}
    for label, value in medians.items():
        print(f"  {label:<50} {value:7.1f} ms  ({found[label]} found)")
    overall = statistics.median(medians.values())
    slowest = max(medians.values())

    client = Client()
    page_times = []
    for _ in range(REPEAT):
        started = time.perf_counter()
        response = client.get("/kk/library/?q=бағалаудың+критерийлері&grade=5")
        page_times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, response.status_code  # noqa: S101
    reported = _reports()
    print(f"library search: median {overall:.1f} ms, slowest {slowest:.1f} ms")
    return [
        result(f"library search over {RESOURCES:,} resources, median", overall, "ms", BUDGET_MS),
        result("library search, the slowest of the set (median of its runs)", slowest, "ms", None),
        result(
            "library catalogue page with words and a grade",
            statistics.median(page_times),
            "ms",
            None,
        ),
        *reported,
    ]


def _timed(call: Any, repeat: int = REPEAT) -> float:
    """The median of ``repeat`` runs of ``call()``, in ms."""
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        call()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def _reports() -> list[dict[str, Any]]:
    """The country's and a region's library report: read from the running totals with the
    cache empty ("uncached": what the one reader a minute who counts them waits), read as the
    page reads them within the minute ("warm": the figures kept), and the country's counted from
    every raw row as the report did before (for comparison); then a change's recount."""
    from django.core.cache import cache

    from ortaq.core.roles import ScopeKind
    from ortaq.library import reports
    from ortaq.library.models import Resource
    from ortaq.library.reports import Place
    from ortaq.library.services.tallies import library_tallies_refresh, library_tallies_touch
    from ortaq.schools.models import Region

    region = Region.objects.get(code="KZ-19")
    places = {
        "country": Place(ScopeKind.COUNTRY, "Kazakhstan"),
        "region (KZ-19)": Place(ScopeKind.REGION, region.name, region=region),
    }
    found = []
    for name, place in places.items():

        def cold(place: Place = place) -> None:
            cache.clear()
            reports.report_cached(place)

        uncached = _timed(cold)
        reports.report_cached(place)
        warm = _timed(lambda place=place: reports.report_cached(place))
        print(f"  library report of the {name}: uncached {uncached:.1f} ms, warm {warm:.2f} ms")
        found += [
            result(f"library report of the {name}, running totals, uncached", uncached, "ms", None),
            result(f"library report of the {name}, warm (figures kept)", warm, "ms", None),
        ]
    raw = _timed(lambda: reports.report_from_rows(places["country"]), repeat=3)
    print(f"  library report of the country from every raw row (before): {raw:.0f} ms")
    resource = Resource.objects.filter(district__isnull=False).order_by("pk").first()
    assert resource is not None  # noqa: S101

    def recount() -> None:
        library_tallies_touch(resource)
        library_tallies_refresh()

    one = _timed(recount, repeat=5)
    print(f"  a change's recount (one district's resources): {one:.1f} ms")
    return [
        *found,
        result("library report of the country from every raw row (before)", raw, "ms", None),
        result("library totals: a change's recount (one district)", one, "ms", None),
    ]
