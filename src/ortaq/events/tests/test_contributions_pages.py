"""The pages of the call: submitting from the form (her kind's own fields), the organisers'
list with reviewers, the reviewer's pages without the authors when blind, the author's page
without the reviewers, and who gets what."""

from datetime import timedelta
from typing import Any

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from ortaq.events import contributions as calls
from ortaq.events.choices import ContributionStatus
from ortaq.events.models import Contribution
from ortaq.testing.factories import make_event, make_trainer, make_user
from ortaq.testing.http import signed_in
from ortaq.testing.refusals import assert_refused

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def tasks_at_once(monkeypatch: pytest.MonkeyPatch) -> None:
    from django.db import transaction

    monkeypatch.setattr(transaction, "on_commit", lambda run, *a, **k: run())


@pytest.fixture
def world() -> dict[str, Any]:
    organiser = make_trainer()
    event = make_event(organiser=organiser)
    now = timezone.now()
    calls.call_save(
        actor=organiser,
        event=event,
        opens_at=now - timedelta(days=1),
        closes_at=now + timedelta(days=1),
        kinds=["talk", "teacher_talk"],
        languages=["kk", "ru"],
        blind=True,
    )
    return {
        "organiser": organiser,
        "event": event,
        "author": make_user(first_name="Айгүл", last_name="Авторова"),
        "reviewer": make_user(first_name="Бейтаныс", last_name="Рецензентова"),
    }


def test_submitting_from_the_form_offers_only_the_calls_kinds(world: dict[str, Any]) -> None:
    event, author = world["event"], world["author"]
    client = signed_in(author)
    page = client.get(reverse("events:submit", args=[event.slug]))
    assert page.status_code == 200
    body = page.content.decode()
    assert 'value="teacher_talk"' in body and 'value="poster"' not in body
    assert 'value="en"' not in body
    answer = client.post(
        reverse("events:submit", args=[event.slug]),
        {
            "kind": "teacher_talk",
            "title": "Менің зерттеу сабағым",
            "language": "kk",
            "abstract": "Қысқаша.",
            "teacher_talk__lesson": "5-сынып, математика",
            "teacher_talk__learning": "Сұрақ қоюды үйрендім",
            "talk__aims": "ignored",
            "coauthors": "Мария Ким; maria@example.kz; №5 мектеп",
        },
    )
    contribution = Contribution.objects.get(event=event)
    assert answer.status_code == 302
    assert contribution.details == {
        "lesson": "5-сынып, математика",
        "learning": "Сұрақ қоюды үйрендім",
    }
    assert [a.name for a in contribution.authors.order_by("order")] == [
        author.get_full_name(),
        "Мария Ким",
    ]
    too_long = client.post(
        reverse("events:submit", args=[event.slug]),
        {
            "kind": "teacher_talk",
            "title": "Ұзын",
            "language": "kk",
            "abstract": "сөз " * 301,
            "teacher_talk__lesson": "a",
            "teacher_talk__learning": "b",
        },
    )
    assert too_long.status_code == 200 and Contribution.objects.filter(event=event).count() == 1


def test_blind_review_pages_never_name_authors_nor_reviewers(world: dict[str, Any]) -> None:
    event, organiser = world["event"], world["organiser"]
    author, reviewer = world["author"], world["reviewer"]
    contribution = calls.contribution_submit(
        actor=author,
        event=event,
        kind="talk",
        title="Жасырын баяндама",
        abstract="Мазмұны.",
        language="kk",
        details={"aims": "a", "findings": "b"},
    )
    organisers = signed_in(organiser)
    assign = organisers.post(
        reverse("events:reviewer_assign", args=[event.slug, contribution.pk]),
        {"reviewer": reviewer.email},
    )
    assert assign.status_code == 302
    assignment = contribution.review_assignments.get()
    reviewer_client = signed_in(reviewer)
    for name, args in (
        ("events:reviews", [event.slug]),
        ("events:review", [event.slug, assignment.pk]),
        ("events:contribution", [event.slug, contribution.pk]),
    ):
        page = reviewer_client.get(reverse(name, args=args))
        assert page.status_code == 200, name
        assert "Авторова" not in page.content.decode(), name
    saved = reviewer_client.post(
        reverse("events:review", args=[event.slug, assignment.pk]),
        {
            "recommendation": "accept",
            "comments_to_authors": "Жақсы жұмыс.",
            "comments_to_organisers": "Тек ұйымдастырушыларға.",
        },
    )
    assert saved.status_code == 302
    listing = organisers.get(reverse("events:contributions", args=[event.slug])).content.decode()
    assert "Рецензентова" in listing and "Тек ұйымдастырушыларға." in listing
    mail.outbox.clear()
    organisers.post(
        reverse("events:contribution_decide", args=[event.slug, contribution.pk]),
        {"decision": "decline"},
    )
    contribution.refresh_from_db()
    assert contribution.status == ContributionStatus.DECLINED
    page = signed_in(author).get(reverse("events:contribution", args=[event.slug, contribution.pk]))
    body = page.content.decode()
    assert "Жақсы жұмыс." in body
    assert "Рецензентова" not in body and "Бейтаныс" not in body
    assert "Тек ұйымдастырушыларға." not in body
    assert mail.outbox and all("Рецензентова" not in m.body for m in mail.outbox)
    # Another person may neither read it nor review it.
    stranger = signed_in(make_user())
    assert_refused(
        stranger.get(reverse("events:contribution", args=[event.slug, contribution.pk])),
        as_="outsider",
    )
    assert_refused(
        stranger.get(reverse("events:review", args=[event.slug, assignment.pk])), as_="outsider"
    )
    assert_refused(stranger.get(reverse("events:contributions", args=[event.slug])), as_="onlooker")


def test_the_call_page_opens_and_changes_the_call(world: dict[str, Any]) -> None:
    event = make_event(organiser=world["organiser"])
    client = signed_in(world["organiser"])
    assert client.get(reverse("events:call", args=[event.slug])).status_code == 200
    answer = client.post(
        reverse("events:call", args=[event.slug]),
        {
            "opens_at": "2026-01-10T09:00",
            "closes_at": "2026-01-20T18:00",
            "kinds": ["poster"],
            "languages": ["ru"],
        },
    )
    assert answer.status_code == 302
    call = calls.call_of(event)
    assert call is not None and call.kind_list() == ["poster"] and not call.blind
    assert timezone.localtime(call.opens_at).hour == 9


def test_contributions_wait_for_their_reviewer_and_organiser_on_my_page_and_in_the_api(
    world: dict[str, Any],
) -> None:
    event, organiser = world["event"], world["organiser"]
    author, reviewer = world["author"], world["reviewer"]
    contribution = calls.contribution_submit(
        actor=author,
        event=event,
        kind="talk",
        title="Күтіп тұрған баяндама",
        abstract="Мазмұны.",
        language="kk",
        details={"aims": "a", "findings": "b"},
    )
    assignment = calls.reviewer_assign(
        actor=organiser, contribution=contribution, reviewer=reviewer
    )
    dashboard = reverse("accounts:dashboard")
    review_link = reverse("events:review", args=[event.slug, assignment.pk])
    decide_link = reverse("events:contributions", args=[event.slug]) + f"#c{contribution.pk}"
    organiser_page = signed_in(organiser).get(dashboard).content.decode()
    assert decide_link in organiser_page and review_link not in organiser_page
    reviewer_page = signed_in(reviewer).get(dashboard).content.decode()
    assert review_link in reviewer_page and decide_link not in reviewer_page
    assert "Авторова" not in reviewer_page  # the call is blind
    author_page = signed_in(author).get(dashboard).content.decode()
    assert review_link not in author_page and decide_link not in author_page
    api = signed_in(organiser).get("/api/v1/me/waiting").json()
    assert [c["contribution_id"] for c in api["contributions_to_decide"]] == [contribution.pk]
    api = signed_in(reviewer).get("/api/v1/me/waiting").json()
    assert [c["review_id"] for c in api["contributions_to_review"]] == [assignment.pk]
    assert api["contributions_to_decide"] == []
    # Her review written, it waits no more for her; decided, it waits no more for anyone.
    calls.review_save(actor=reviewer, assignment=assignment, recommendation="accept")
    assert review_link not in signed_in(reviewer).get(dashboard).content.decode()
    calls.contribution_decide(actor=organiser, contribution=contribution, accept=True)
    assert decide_link not in signed_in(organiser).get(dashboard).content.decode()
    assert signed_in(organiser).get("/api/v1/me/waiting").json()["contributions_to_decide"] == []
