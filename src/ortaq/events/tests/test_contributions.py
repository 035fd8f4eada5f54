"""The call for contributions: opening it, submitting within its kinds, languages and word
limits, editing and withdrawing until it closes, reviewers and blind review, the decision told
to each author in her language, and speakers registered past capacity."""

from datetime import timedelta
from typing import Any

import pytest
from django.core import mail
from django.utils import timezone

from ortaq.core.errors import DomainError, NotAllowed
from ortaq.events import contributions as calls
from ortaq.events.choices import ContributionStatus, RegistrationRole, RegistrationStatus
from ortaq.events.contributions import AuthorIn
from ortaq.events.models import Contribution, Event, Registration
from ortaq.testing.factories import make_event, make_trainer, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def tasks_at_once(monkeypatch: pytest.MonkeyPatch) -> None:
    from django.db import transaction

    monkeypatch.setattr(transaction, "on_commit", lambda run, *a, **k: run())


def open_call(event: Event, **extra: Any) -> Any:
    now = timezone.now()
    return calls.call_save(
        actor=event.organiser_person,  # type: ignore[arg-type]
        event=event,
        opens_at=extra.pop("opens_at", now - timedelta(days=1)),
        closes_at=extra.pop("closes_at", now + timedelta(days=3)),
        kinds=extra.pop("kinds", ["talk", "poster"]),
        languages=extra.pop("languages", ["kk", "ru"]),
        **extra,
    )


def submit(event: Event, author: Any, **extra: Any) -> Contribution:
    fields: dict[str, Any] = {
        "kind": "talk",
        "title": "Сабақты зерттеу мектепте",
        "abstract": "Біз үш зерттеу сабағын өткіздік.",
        "language": "kk",
        "details": {"aims": "Оқушылардың ойлауы", "findings": "Сұрақтар өзгерді"},
        **extra,
    }
    return calls.contribution_submit(actor=author, event=event, **fields)


@pytest.fixture
def world() -> dict[str, Any]:
    organiser = make_trainer()
    event = make_event(organiser=organiser, capacity=1)
    open_call(event)
    return {
        "organiser": organiser,
        "event": event,
        "author": make_user(first_name="Айгүл", last_name="Серікова", language="kk"),
        "reviewer": make_user(first_name="Зейнеп", last_name="Құпиясова", language="ru"),
        "stranger": make_user(),
    }


def test_only_those_who_run_the_event_open_its_call(world: dict[str, Any]) -> None:
    with pytest.raises(NotAllowed):
        calls.call_save(
            actor=world["stranger"],
            event=world["event"],
            opens_at=timezone.now(),
            closes_at=timezone.now(),
            kinds=["talk"],
            languages=["kk"],
        )
    with pytest.raises(DomainError):
        open_call(world["event"], kinds=["nonsense"])
    with pytest.raises(DomainError):
        open_call(world["event"], closes_at=timezone.now() - timedelta(days=5))


def test_submitting_puts_her_first_and_links_coauthors_by_address(world: dict[str, Any]) -> None:
    colleague = make_user(email="colleague@example.kz")
    contribution = submit(
        world["event"],
        world["author"],
        coauthors=[
            AuthorIn("Бекзат Оразов", "Colleague@Example.kz"),
            AuthorIn("Мария Ким", "maria@example.kz", "№5 мектеп"),
        ],
    )
    authors = list(contribution.authors.order_by("order"))
    assert [a.user for a in authors] == [world["author"], colleague, None]
    assert authors[2].name == "Мария Ким" and authors[2].affiliation == "№5 мектеп"
    assert contribution.status == ContributionStatus.SUBMITTED


def test_kinds_languages_and_word_limits_are_the_calls(world: dict[str, Any]) -> None:
    event, author = world["event"], world["author"]
    with pytest.raises(DomainError, match="kind"):
        submit(event, author, kind="workshop", details={"activities": "x"})
    with pytest.raises(DomainError):
        submit(event, author, language="en")
    with pytest.raises(DomainError):
        submit(event, author, abstract="сөз " * 301)
    with pytest.raises(DomainError):
        submit(event, author, details={"aims": "a", "findings": "сөз " * 101})
    with pytest.raises(DomainError):
        submit(event, author, details={"aims": "a"})
    poster = submit(event, author, kind="poster", details={"ignored": "x"})
    assert poster.details == {}


def test_edit_and_withdraw_until_the_call_closes(world: dict[str, Any]) -> None:
    event, author = world["event"], world["author"]
    contribution = submit(event, author)
    with pytest.raises(NotAllowed):
        calls.contribution_update(
            actor=world["stranger"],
            contribution=contribution,
            kind="talk",
            title="Басқа",
            abstract="a",
            language="kk",
            details={"aims": "a", "findings": "b"},
        )
    calls.contribution_update(
        actor=author,
        contribution=contribution,
        kind="poster",
        title="Постер",
        abstract="Қысқаша",
        language="ru",
    )
    contribution.refresh_from_db()
    assert (contribution.kind, contribution.title, contribution.language) == (
        "poster",
        "Постер",
        "ru",
    )
    later = timezone.now() + timedelta(days=5)
    with pytest.raises(DomainError):
        calls.contribution_update(
            actor=author,
            contribution=contribution,
            kind="poster",
            title="Кеш",
            abstract="a",
            language="kk",
            now=later,
        )
    contribution = calls.contribution_withdraw(actor=author, contribution=contribution)
    assert contribution.status == ContributionStatus.WITHDRAWN
    calls.contribution_withdraw(actor=author, contribution=contribution)  # again: nothing


def test_the_call_closed_or_not_yet_open_refuses(world: dict[str, Any]) -> None:
    event = world["event"]
    with pytest.raises(DomainError):
        submit(event, world["author"], now=timezone.now() + timedelta(days=10))
    with pytest.raises(DomainError):
        submit(event, world["author"], now=timezone.now() - timedelta(days=10))
    with pytest.raises(DomainError):
        submit(make_event(), world["author"])  # no call


def test_reviewers_see_their_assignments_and_not_the_authors_when_blind(
    world: dict[str, Any],
) -> None:
    contribution = submit(world["event"], world["author"])
    other = submit(world["event"], make_user())
    reviewer, organiser = world["reviewer"], world["organiser"]
    with pytest.raises(NotAllowed):
        calls.reviewer_assign(actor=reviewer, contribution=contribution, reviewer=reviewer)
    with pytest.raises(DomainError):
        calls.reviewer_assign(actor=organiser, contribution=contribution, reviewer=world["author"])
    assignment = calls.reviewer_assign(
        actor=organiser, contribution=contribution, reviewer=reviewer
    )
    assert list(calls.assignments_of(reviewer)) == [assignment]
    visible = calls.contributions_visible_to(reviewer)
    assert contribution in visible and other not in visible
    assert calls.may_view_contribution(reviewer, contribution)
    assert not calls.may_view_contribution(reviewer, other)
    assert not calls.shows_authors_to(reviewer, contribution)
    assert calls.shows_authors_to(organiser, contribution)
    assert calls.shows_authors_to(world["author"], contribution)
    # The request for a review names no author.
    request = mail.outbox[-1]
    assert request.to == [reviewer.email]
    assert "Серікова" not in request.body and "Айгүл" not in request.body
    # Not blind: she sees them.
    open_call(world["event"], blind=False)
    contribution.event.refresh_from_db()
    contribution = Contribution.objects.select_related("event").get(pk=contribution.pk)
    assert calls.shows_authors_to(reviewer, contribution)


def test_twin_rules_agree_over_people(world: dict[str, Any]) -> None:
    contribution = submit(world["event"], world["author"])
    calls.reviewer_assign(
        actor=world["organiser"], contribution=contribution, reviewer=world["reviewer"]
    )
    declined = submit(world["event"], make_user())
    calls.contribution_decide(actor=world["organiser"], contribution=declined, accept=False)
    from django.contrib.auth.models import AnonymousUser

    for person in (AnonymousUser(), *world.values()):
        if isinstance(person, Event):
            continue
        visible = set(calls.contributions_visible_to(person))
        for row in (contribution, declined):
            assert (row in visible) == calls.may_view_contribution(person, row), person


def test_review_decision_and_the_authors_e_mails(world: dict[str, Any]) -> None:
    event, organiser, reviewer = world["event"], world["organiser"], world["reviewer"]
    contribution = submit(
        event, world["author"], coauthors=[AuthorIn("Мария Ким", "maria@example.kz")]
    )
    assignment = calls.reviewer_assign(
        actor=organiser, contribution=contribution, reviewer=reviewer
    )
    with pytest.raises(NotAllowed):
        calls.review_save(actor=world["author"], assignment=assignment, recommendation="accept")
    calls.review_save(
        actor=reviewer,
        assignment=assignment,
        recommendation="changes",
        comments_to_authors="Мысалдар керек.",
        comments_to_organisers="Only for the organisers.",
    )
    assert calls.comments_for_authors(contribution) == []  # not decided yet
    with pytest.raises(NotAllowed):
        calls.contribution_decide(actor=reviewer, contribution=contribution, accept=True)
    mail.outbox.clear()
    calls.contribution_decide(actor=organiser, contribution=contribution, accept=False)
    contribution.refresh_from_db()
    assert contribution.status == ContributionStatus.DECLINED
    assert calls.comments_for_authors(contribution) == ["Мысалдар керек."]
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [world["author"].email, "maria@example.kz"]
    )
    for message in mail.outbox:
        assert "Мысалдар керек." in message.body
        assert "Only for the organisers" not in message.body
        assert reviewer.last_name not in message.body and reviewer.first_name not in message.body
        assert message.extra_headers["Content-Language"] == "kk"
    with pytest.raises(DomainError):
        calls.review_save(actor=reviewer, assignment=assignment, recommendation="accept")


def test_acceptance_registers_speakers_past_capacity(world: dict[str, Any]) -> None:
    event, organiser = world["event"], world["organiser"]
    listener = make_user()
    from ortaq.events import services

    services.registration_register(actor=listener, event=event)
    colleague = make_user(email="colleague@example.kz", language="ru")
    talk = submit(event, world["author"], coauthors=[AuthorIn("Коллега", "colleague@example.kz")])
    poster = submit(event, make_user(), kind="poster")
    mail.outbox.clear()
    calls.contribution_decide(actor=organiser, contribution=talk, accept=True)
    calls.contribution_decide(actor=organiser, contribution=talk, accept=True)  # again: nothing
    calls.contribution_decide(actor=organiser, contribution=poster, accept=True)
    rows = Registration.objects.filter(event=event)
    assert rows.filter(status=RegistrationStatus.REGISTERED).count() == 4  # capacity 1
    assert rows.get(user=world["author"]).role == RegistrationRole.SPEAKER
    assert rows.get(user=colleague).role == RegistrationRole.SPEAKER
    assert rows.get(user=poster.submitted_by).role == RegistrationRole.POSTER
    assert rows.get(user=listener).status == RegistrationStatus.REGISTERED
    decided = [m for m in mail.outbox if "Accepted" in m.subject or "қабылданды" in m.subject]
    languages = {m.to[0]: m.extra_headers["Content-Language"] for m in mail.outbox}
    assert languages[colleague.email] == "ru"
    assert decided or mail.outbox
    with pytest.raises(DomainError):
        calls.contribution_withdraw(actor=world["author"], contribution=talk)


def test_a_waiting_author_takes_a_seat_on_acceptance(world: dict[str, Any]) -> None:
    from ortaq.events import services

    event = world["event"]
    services.registration_register(actor=make_user(), event=event)
    waiting = services.registration_register(actor=world["author"], event=event).registration
    assert waiting.status == RegistrationStatus.WAITING
    talk = submit(event, world["author"])
    calls.contribution_decide(actor=world["organiser"], contribution=talk, accept=True)
    waiting.refresh_from_db()
    assert (waiting.status, waiting.role) == (RegistrationStatus.REGISTERED, "speaker")
