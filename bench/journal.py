"""Build a journal issue of about 200 pages as one PDF, through its background task.

Budget (issue 12): under 2 minutes on this 2-core machine. 40 articles of about five pages
each (Kazakh and Russian text, headings and lists), in four sections, with the cover and the
contents; the task lays the document out, reads each article's pages back, stores them and
issues the authors' certificates (their PDFs are queued, not part of the figure).
"""

import time
from typing import Any

ARTICLES = 40
BUDGET_SECONDS = 120.0
PARAGRAPH = (
    "Зерттеу сабағында мұғалімдер үш оқушыны бақылап, олардың тапсырманы қалай орындағанын, "
    "қандай сұрақтар қойғанын және топта қалай сөйлескенін жазып отырды. Ученики группы B "
    "сначала не могли объяснить своё решение, но после работы с моделью сравнили дроби и "
    "рассказали соседу, почему одна больше другой. "
)


def body(n: int) -> str:
    parts = []
    for section in range(1, 7):
        parts.append(f"## {n}.{section}. Бөлім / Раздел\n")
        parts += [PARAGRAPH * 3 for _ in range(2)]
        parts.append("- бақылау;\n- сұхбат;\n- талқылау.\n")
    return "\n\n".join(parts)


def prepare() -> int:
    from django.utils import timezone

    from ortaq.accounts.models import User
    from ortaq.journal.choices import Status
    from ortaq.journal.models import (
        Author,
        Call,
        Issue,
        Journal,
        Placement,
        Section,
        Submission,
        Version,
    )
    from ortaq.networks.models import Association
    from ortaq.schools.models import Region

    region = Region.objects.order_by("pk").first()
    assert region is not None
    association = Association.objects.create(slug="bench-journal", region=region, name_kk="Bench")
    journal = Journal.objects.create(association=association, title_kk="Зерттеу", issn="2226-1249")
    year = timezone.localdate().year
    call = Call.objects.create(journal=journal, year=year, deadline=timezone.localdate())
    issue = Issue.objects.create(journal=journal, year=year, number=1, published_at=timezone.now())
    sections = [
        Section.objects.create(issue=issue, title=f"Бөлім {n}", position=n) for n in range(1, 5)
    ]
    authors = User.objects.bulk_create(
        User(email=f"journal{n}@bench.ortaq.kz", first_name="Айгүл", last_name=f"Автор{n}")
        for n in range(ARTICLES)
    )
    for n, person in enumerate(authors):
        submission = Submission.objects.create(
            journal=journal,
            call=call,
            title_kk=f"Мақала {n + 1}: бөлшектерді модельдермен үйрету",
            title_ru=f"Статья {n + 1}",
            title_en=f"Article {n + 1}",
            abstract_kk="Аңдатпа. " * 20,
            abstract_ru="Аннотация. " * 20,
            abstract_en="Abstract. " * 20,
            language="kk",
            status=Status.PUBLISHED,
            submitted_by=person,
        )
        Author.objects.create(submission=submission, user=person, position=1)
        Version.objects.create(submission=submission, number=1, body=body(n + 1))
        Placement.objects.create(
            issue=issue, section=sections[n % 4], submission=submission, position=n + 1
        )
    return issue.pk


def run() -> list[dict[str, Any]]:
    from ortaq.journal.models import Issue
    from ortaq.journal.tasks import build_issue

    issue_id = prepare()
    started = time.perf_counter()
    build_issue.call(issue_id)
    seconds = time.perf_counter() - started
    issue = Issue.objects.get(pk=issue_id)
    print(f"journal issue PDF, {issue.pages} pages, {ARTICLES} articles: {seconds:.1f} s")
    assert issue.pages and issue.pages >= 180, issue.pages
    return [
        {
            "name": f"journal issue PDF, {issue.pages} pages",
            "value": seconds,
            "unit": "s",
            "budget": BUDGET_SECONDS,
        }
    ]
