"""Who reads a manuscript is one rule: ``Submission.objects.visible_to`` (the lists) and
``journal.view_submission`` (one manuscript) agree for every role of the role matrix and for
the people a manuscript is about (its authors, its journal's editor, its reviewers with an
account), on manuscripts of two associations; who keeps a journal likewise."""

from collections.abc import Iterator
from typing import Any

import pytest

from ortaq.journal import services
from ortaq.journal.models import Journal, Submission
from ortaq.testing.factories import make_association, make_user
from ortaq.testing.journal import TEXTS
from ortaq.testing.visibility import assert_same_rule, make_places, role_matrix
from ortaq.testing.world import once_per_module

pytestmark = pytest.mark.django_db

World = tuple[dict[str, Any], dict[str, Submission], dict[str, Journal]]


@pytest.fixture(scope="module")
def world(django_db_setup: Any, django_db_blocker: Any) -> Iterator[World]:
    with once_per_module(django_db_blocker):
        yield _world()


def _world() -> World:
    import datetime

    from django.utils import timezone

    places = make_places()
    people = role_matrix(places)
    for name in ("editor", "other editor", "author", "coauthor", "reviewer", "external"):
        people[name] = make_user()
    journals: dict[str, Journal] = {}
    submissions: dict[str, Submission] = {}
    for key, editor, region in (
        ("region's", "editor", places.region),
        ("far region's", "other editor", places.far_region),
    ):
        association = make_association(region=region, editor=people[editor])
        journal = services.journal_save(
            actor=people[editor], association=association, title_kk="Ж", title_ru="Ж"
        )
        services.call_open(
            actor=people[editor],
            journal=journal,
            year=2026,
            deadline=timezone.localdate() + datetime.timedelta(days=5),
        )
        journals[key] = journal
        submissions[key] = services.submission_create(
            actor=people["author"] if key == "region's" else people["coauthor"],
            journal=journal,
            kind="article",
            texts=TEXTS,
            language="kk",
            body="Мәтін.",
            authors=[people["coauthor"]],
        )
    services.reviewer_assign(
        actor=people["editor"], submission=submissions["region's"], reviewer=people["reviewer"]
    )
    services.reviewer_assign(
        actor=people["editor"],
        submission=submissions["region's"],
        name="Сырттан",
        email="external@example.kz",
    )
    return people, submissions, journals


def test_who_reads_a_manuscript_is_one_rule(world: World) -> None:
    people, submissions, _journals = world
    assert_same_rule(
        people=people,
        objects=submissions,
        rows=lambda user: Submission.objects.visible_to(user),
        allowed="journal.view_submission",
    )


def test_who_keeps_a_journal_is_one_rule(world: World) -> None:
    people, _submissions, journals = world
    assert_same_rule(
        people=people,
        objects=journals,
        rows=lambda user: Journal.objects.edited_by(user),
        allowed="journal.edit_journal",
    )
