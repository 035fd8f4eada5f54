"""The journal's services: ISSN check digits, submissions (authors in order, one per source,
only to an open call), revisions as versions, reviewer links (hash only, expiry, reuse, scope),
decisions told to the authors without the reviewers' names, and corrections after publishing."""

from datetime import timedelta
from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from ortaq.certificates.models import Certificate
from ortaq.communities.choices import ProjectStatus
from ortaq.core.errors import DomainError, NotAllowed
from ortaq.core.models import AuditAction, AuditEvent
from ortaq.journal import services
from ortaq.journal.choices import Status
from ortaq.journal.models import Review, normalise_issn, token_hash
from ortaq.testing.journal import TEXTS

pytestmark = pytest.mark.django_db


def test_an_issn_is_checked_by_its_check_digit() -> None:
    assert normalise_issn("2226-1249") == "2226-1249"
    assert normalise_issn("1050124x") == "1050-124X"
    with pytest.raises(ValidationError):
        normalise_issn("2226-1248")
    with pytest.raises(ValidationError):
        normalise_issn("abc")


def test_only_the_editor_keeps_the_journal(desk: dict[str, Any]) -> None:
    with pytest.raises(NotAllowed):
        services.journal_save(
            actor=desk["author"], association=desk["association"], title_kk="X", title_ru="Y"
        )
    with pytest.raises(DomainError):
        services.journal_save(
            actor=desk["editor"],
            association=desk["association"],
            title_kk="X",
            title_ru="Y",
            issn="1234-5678",
        )


def test_a_submission_has_its_authors_in_order_and_a_first_version(desk: dict[str, Any]) -> None:
    submission = desk["submission"]
    assert [a.user for a in submission.authors.order_by("position")] == [
        desk["author"],
        desk["coauthor"],
    ]
    assert submission.status == Status.SUBMITTED
    assert submission.versions.get().number == 1


def test_nothing_is_submitted_without_an_open_call(desk: dict[str, Any]) -> None:
    call = desk["journal"].calls.get()
    services.call_close(actor=desk["editor"], call=call)
    with pytest.raises(DomainError) as refused:
        services.submission_create(
            actor=desk["author"],
            journal=desk["journal"],
            kind="article",
            texts=TEXTS,
            language="kk",
            body="x",
        )
    assert refused.value.code == "no_call"


def test_a_source_makes_one_submission(desk: dict[str, Any]) -> None:
    source = desk["outsider"]  # any model: the journal does not know what it is
    made = [
        services.submission_create(
            actor=desk["author"],
            journal=desk["journal"],
            kind="lesson_study",
            texts=TEXTS,
            language="ru",
            body="Отчёт.",
            source=source,
        )
        for _ in range(2)
    ]
    assert made[0] == made[1]
    assert made[0].source_id == source.pk


def test_a_finished_portfolio_becomes_a_submission(desk: dict[str, Any]) -> None:
    from ortaq.testing.factories import make_project

    project = make_project(owner=desk["author"], concern="Оқушылар сөйлемейді.")
    with pytest.raises(DomainError):
        services.submission_from_project(
            actor=desk["author"],
            journal=desk["journal"],
            project=project,
            texts=TEXTS,
            language="kk",
        )
    project.status = ProjectStatus.ACCEPTED
    project.save()
    made = services.submission_from_project(
        actor=desk["author"], journal=desk["journal"], project=project, texts=TEXTS, language="kk"
    )
    assert made.kind == "portfolio"
    assert "Оқушылар сөйлемейді." in made.versions.get().body


def test_the_review_link_opens_that_review_once_until_it_expires(desk: dict[str, Any]) -> None:
    submission = desk["submission"]
    review, token = services.reviewer_assign(
        actor=desk["editor"], submission=submission, name="Гүлнар", email="G@example.kz"
    )
    assert review.token_hash == token_hash(token) and token not in review.token_hash
    assert review.email == "g@example.kz"
    submission.refresh_from_db()
    assert submission.status == Status.IN_REVIEW
    assert AuditEvent.objects.filter(action=AuditAction.JOURNAL_REVIEWER_ASSIGN).exists()
    # The link's e-mail carries the token; the database only its hash.
    (sent,) = mail.outbox
    assert token in sent.body and sent.to == ["g@example.kz"]
    assert services.review_by_token(token=token, submission_id=submission.pk) == review
    with pytest.raises(NotAllowed) as other:
        services.review_by_token(token=token, submission_id=submission.pk + 1)
    assert other.value.code == "link_scope"
    with pytest.raises(NotAllowed) as unknown:
        services.review_by_token(token=token + "x", submission_id=submission.pk)
    assert unknown.value.code == "link_unknown"
    services.review_send(review=review, recommendation="revise", to_authors="Қысқартыңыз.")
    with pytest.raises(NotAllowed) as spent:
        services.review_by_token(token=token, submission_id=submission.pk)
    assert spent.value.code == "link_spent"
    with pytest.raises(DomainError):
        services.review_send(review=review, recommendation="accept", to_authors="Again")


def test_an_expired_link_is_refused(desk: dict[str, Any]) -> None:
    review, token = services.reviewer_assign(
        actor=desk["editor"], submission=desk["submission"], reviewer=desk["reviewer"], days=1
    )
    Review.objects.filter(pk=review.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    with pytest.raises(NotAllowed) as expired:
        services.review_by_token(token=token, submission_id=desk["submission"].pk)
    assert expired.value.code == "link_expired"


def test_an_author_does_not_review_her_own_manuscript(desk: dict[str, Any]) -> None:
    with pytest.raises(DomainError):
        services.reviewer_assign(
            actor=desk["editor"], submission=desk["submission"], reviewer=desk["coauthor"]
        )
    with pytest.raises(NotAllowed):
        services.reviewer_assign(
            actor=desk["author"], submission=desk["submission"], reviewer=desk["reviewer"]
        )


def test_a_decision_tells_each_author_in_her_language_without_reviewers_names(
    desk: dict[str, Any],
) -> None:
    submission = desk["submission"]
    review, _token = services.reviewer_assign(
        actor=desk["editor"], submission=submission, reviewer=desk["reviewer"]
    )
    services.review_send(
        review=review,
        actor=desk["reviewer"],
        recommendation="revise",
        to_authors="Әдістемені толығырақ жазыңыз.",
        to_editor="Жақсы, бірақ шикі.",
    )
    # A reviewer with an account gets a certificate for her review.
    assert Certificate.objects.filter(holder=desk["reviewer"]).count() == 1
    mail.outbox.clear()
    services.decide(
        actor=desk["editor"], submission=submission, outcome="revise", letter="Түзетіңіз."
    )
    submission.refresh_from_db()
    assert submission.status == Status.REVISION_REQUESTED
    assert sorted(m.to[0] for m in mail.outbox) == ["author@j.kz", "coauthor@j.kz"]
    for message in mail.outbox:
        assert "Әдістемені толығырақ жазыңыз." in message.body
        assert "Ризагүл" not in message.body and "reviewer@j.kz" not in message.body
        assert "Жақсы, бірақ шикі." not in message.body
    russian = next(m for m in mail.outbox if m.to == ["author@j.kz"])
    assert russian.extra_headers["Content-Language"] == "ru"
    with pytest.raises(DomainError):
        services.decide(actor=desk["editor"], submission=submission, outcome="accept")
    # The authors revise; the first version stays.
    services.version_add(actor=desk["coauthor"], submission=submission, body="Жаңа мәтін.")
    submission.refresh_from_db()
    assert submission.status == Status.RESUBMITTED
    assert list(submission.versions.values_list("number", flat=True)) == [1, 2]


def test_a_published_article_is_corrected_only_as_a_new_version_with_a_note(
    desk: dict[str, Any],
) -> None:
    submission = desk["submission"]
    editor = desk["editor"]
    services.decide(actor=editor, submission=submission, outcome="accept")
    year = timezone.localdate().year
    issue = services.issue_create(
        actor=editor, journal=desk["journal"], year=year, number=1, title=""
    )
    section = services.section_add(actor=editor, issue=issue, title="Мақалалар")
    services.article_place(actor=editor, section=section, submission=submission)
    services.issue_publish(actor=editor, issue=issue)
    submission.refresh_from_db()
    assert submission.status == Status.PUBLISHED
    with pytest.raises(DomainError) as late:
        services.version_add(actor=desk["author"], submission=submission, body="Silent edit")
    assert late.value.code == "published"
    with pytest.raises(DomainError):
        services.correction_add(actor=editor, submission=submission, body="Fixed", note=" ")
    version = services.correction_add(
        actor=editor, submission=submission, body="Түзетілген.", note="Кесте түзетілді."
    )
    assert version.is_correction and version.number == 2
    # The issue's PDF was built by its task (immediate in tests): pages read back and stored,
    # each author certified with her pages.
    issue.refresh_from_db()
    placement = submission.placement
    placement.refresh_from_db()
    assert issue.pdf and issue.pages and issue.pages >= 3
    assert placement.first_page == 3
    certificate = Certificate.objects.get(holder=desk["author"])
    assert f"{placement.first_page}–{placement.last_page}" in certificate.description
