"""The journal in the API: published issues for anyone; authors read their own submissions,
the editor all of her journal's, never a reviewer's identity; reviewers their own reviews;
what waits for her lists her reviews and the editor's undecided manuscripts."""

from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from ortaq.journal import services

pytestmark = pytest.mark.django_db


def test_submissions_are_read_by_their_authors_and_the_editor(
    client: Client, desk: dict[str, Any]
) -> None:
    submission = desk["submission"]
    assert client.get("/api/v1/journal/submissions").status_code == 401
    for who, expected in (
        ("author", [submission.pk]),
        ("coauthor", [submission.pk]),
        ("editor", [submission.pk]),
        ("reviewer", []),
        ("outsider", []),
    ):
        client.force_login(desk[who])
        ids = [s["id"] for s in client.get("/api/v1/journal/submissions").json()["items"]]
        assert ids == expected, who
    client.force_login(desk["outsider"])
    assert client.get(f"/api/v1/journal/submissions/{submission.pk}").status_code == 404


def test_reviews_and_waiting(client: Client, desk: dict[str, Any]) -> None:
    review, _token = services.reviewer_assign(
        actor=desk["editor"], submission=desk["submission"], reviewer=desk["reviewer"]
    )
    client.force_login(desk["reviewer"])
    (mine,) = client.get("/api/v1/journal/reviews").json()["items"]
    assert mine["id"] == review.pk and mine["sent_at"] is None
    waiting = client.get("/api/v1/me/waiting").json()
    assert [r["review_id"] for r in waiting["reviews_to_write"]] == [review.pk]
    page = client.get("/en/me/").content.decode()
    assert "Waiting for you in the journals" in page
    client.force_login(desk["editor"])
    waiting = client.get("/api/v1/me/waiting").json()
    assert [m["manuscript_id"] for m in waiting["manuscripts_to_decide"]] == [desk["submission"].pk]
    client.force_login(desk["author"])
    assert client.get("/api/v1/journal/reviews").json()["items"] == []


def test_published_issues_are_public(client: Client, desk: dict[str, Any]) -> None:
    editor, submission = desk["editor"], desk["submission"]
    services.decide(actor=editor, submission=submission, outcome="accept")
    year = timezone.localdate().year
    issue = services.issue_create(
        actor=editor, journal=desk["journal"], year=year, number=1, title=""
    )
    section = services.section_add(actor=editor, issue=issue, title="Мақалалар")
    services.article_place(actor=editor, section=section, submission=submission)
    slug = desk["association"].slug
    assert client.get(f"/api/v1/networks/{slug}/journal/issues").json()["items"] == []
    services.issue_publish(actor=editor, issue=issue)
    (listed,) = client.get(f"/api/v1/networks/{slug}/journal/issues").json()["items"]
    assert listed["year"] == year and listed["pages"] >= 3
    detail = client.get(f"/api/v1/networks/{slug}/journal/issues/{year}/1").json()
    (article,) = detail["articles"]
    assert article["id"] == submission.pk and article["first_page"] == 3
    assert len(article["authors"]) == 2
    schema = client.get("/api/v1/openapi.json").json()
    assert "/api/v1/journal/submissions" in schema["paths"]


def test_an_author_submits_and_a_reviewer_sends_her_review_through_the_api(
    client: Client, desk: dict[str, Any]
) -> None:
    slug = desk["association"].slug
    (call,) = client.get(f"/api/v1/networks/{slug}/journal/calls").json()
    assert call["is_open"]
    client.force_login(desk["outsider"])
    body = {
        "title_kk": "Т",
        "title_ru": "Н",
        "title_en": "T",
        "abstract_kk": "А",
        "abstract_ru": "А",
        "abstract_en": "A",
        "language": "ru",
        "body": "Текст.",
        "coauthors": [desk["coauthor"].pk],
    }
    made = client.post(
        f"/api/v1/networks/{slug}/journal/submissions", body, content_type="application/json"
    )
    assert made.status_code == 201, made.content
    assert made.json()["authors"] == [str(desk["outsider"]), str(desk["coauthor"])]
    empty = client.post(
        f"/api/v1/networks/{slug}/journal/submissions",
        {**body, "body": " "},
        content_type="application/json",
    )
    assert empty.status_code == 400
    review, _token = services.reviewer_assign(
        actor=desk["editor"], submission=desk["submission"], reviewer=desk["reviewer"]
    )
    answer = {"recommendation": "accept", "to_authors": "Жақсы.", "to_editor": ""}
    assert (
        client.post(
            f"/api/v1/journal/reviews/{review.pk}", answer, content_type="application/json"
        ).status_code
        == 404
    )  # not hers
    client.force_login(desk["reviewer"])
    sent = client.post(
        f"/api/v1/journal/reviews/{review.pk}", answer, content_type="application/json"
    )
    assert sent.status_code == 200 and sent.json()["sent_at"]
    again = client.post(
        f"/api/v1/journal/reviews/{review.pk}", answer, content_type="application/json"
    )
    assert again.status_code == 400
