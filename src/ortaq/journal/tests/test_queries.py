"""The published pages make a fixed number of SQL queries, whatever the number of articles,
authors and versions."""

from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from ortaq.journal import services
from ortaq.testing.factories import make_user
from ortaq.testing.journal import TEXTS

pytestmark = pytest.mark.django_db


def publish(desk: dict[str, Any], articles: int, number: int) -> Any:
    editor, journal = desk["editor"], desk["journal"]
    issue = services.issue_create(
        actor=editor, journal=journal, year=timezone.localdate().year, number=number, title=""
    )
    sections = [services.section_add(actor=editor, issue=issue, title=f"S{n}") for n in range(2)]
    for n in range(articles):
        made = services.submission_create(
            actor=make_user(),
            journal=journal,
            kind="article",
            texts=TEXTS,
            language="kk",
            body=f"Мәтін {n}.",
            authors=[make_user(), make_user()],
        )
        services.decide(actor=editor, submission=made, outcome="accept")
        services.article_place(actor=editor, section=sections[n % 2], submission=made)
    return services.issue_publish(actor=editor, issue=issue)


def count(client: Client, path: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    return len(queries)


def test_the_issue_and_article_pages_read_a_fixed_number_of_times(
    client: Client, desk: dict[str, Any]
) -> None:
    slug = desk["association"].slug
    small, large = publish(desk, 1, 1), publish(desk, 5, 2)
    counts = []
    for issue in (small, large):
        article = issue.placements.order_by("position").first().submission
        services.correction_add(
            actor=desk["editor"], submission=article, body="Түзетілді.", note="Бір сөз."
        )
        kwargs = {"slug": slug, "issue_year": issue.year, "issue_number": issue.number}
        counts.append(
            (
                count(client, reverse("journal:issue", kwargs=kwargs)),
                count(
                    client, reverse("journal:article", kwargs={**kwargs, "article_id": article.pk})
                ),
                count(client, reverse("networks:association", kwargs={"slug": slug})),
            )
        )
    assert counts[0] == counts[1]
