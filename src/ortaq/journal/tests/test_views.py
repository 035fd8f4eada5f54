"""The journal's pages: who reaches which (status codes), the review link's page (scope,
reuse, a clear refusal), authors never see reviewers' names, the article's citation tags and
the issue's PDF read by its text."""

import io
from typing import Any

import pypdf
import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from ortaq.journal import services

pytestmark = pytest.mark.django_db


def url(name: str, desk: dict[str, Any], **kwargs: Any) -> str:
    return reverse(f"journal:{name}", kwargs={"slug": desk["association"].slug, **kwargs})


@pytest.mark.parametrize(
    ("who", "home", "desk_page", "submission_page"),
    [
        (None, 200, "login", "login"),
        ("outsider", 200, 403, 404),
        ("reviewer", 200, 403, 404),
        ("author", 200, 403, 200),
        ("coauthor", 200, 403, 200),
        ("editor", 200, 200, 200),
    ],
)
def test_who_reaches_which_page(
    client: Client,
    desk: dict[str, Any],
    who: str | None,
    home: int,
    desk_page: Any,
    submission_page: Any,
) -> None:
    if who:
        client.force_login(desk[who])

    def status(path: str) -> Any:
        response = client.get(path)
        if response.status_code == 302 and "login" in response["Location"]:
            return "login"
        return response.status_code

    assert status(url("home", desk)) == home
    assert status(url("desk", desk)) == desk_page
    assert status(url("submission", desk, manuscript_id=desk["submission"].pk)) == submission_page


def test_the_link_opens_its_review_only_and_is_spent_once_sent(
    client: Client, desk: dict[str, Any]
) -> None:
    first = desk["submission"]
    other = services.submission_create(
        actor=desk["coauthor"],
        journal=desk["journal"],
        kind="article",
        texts=services.Texts("A", "B", "C", "D", "E", "F"),
        language="ru",
        body="Другая рукопись.",
    )
    review, token = services.reviewer_assign(
        actor=desk["editor"], submission=first, name="Гүлнар", email="g@example.kz"
    )
    mine = url("review_link", desk, manuscript_id=first.pk, review_token=token)
    page = client.get(mine)
    assert page.status_code == 200 and "Кіріспе" in page.content.decode()
    assert "_auth_user_id" not in client.session  # the link signs nobody in
    wrong = client.get(url("review_link", desk, manuscript_id=other.pk, review_token=token))
    assert wrong.status_code == 404
    assert "another manuscript" in wrong.content.decode() or "басқа" in wrong.content.decode()
    sent = client.post(
        mine, {"recommendation": "accept", "to_authors": "Жарайды.", "to_editor": ""}
    )
    assert sent.status_code == 200
    again = client.get(mine)
    assert again.status_code == 404
    assert "spent" in again.content.decode()


def test_authors_never_see_the_reviewers_names(client: Client, desk: dict[str, Any]) -> None:
    submission = desk["submission"]
    review, _token = services.reviewer_assign(
        actor=desk["editor"], submission=submission, reviewer=desk["reviewer"]
    )
    services.review_send(
        review=review, actor=desk["reviewer"], recommendation="revise", to_authors="Түзетіңіз."
    )
    client.force_login(desk["author"])
    page = client.get(url("submission", desk, manuscript_id=submission.pk)).content.decode()
    assert "Түзетіңіз." in page
    assert "Ризагүл" not in page and "Сарапшы" not in page
    answer = client.get(f"/api/v1/journal/submissions/{submission.pk}")
    assert answer.json()["comments_to_authors"] == ["Түзетіңіз."]
    api = answer.content.decode("unicode_escape")
    assert "Ризагүл" not in api and "reviewer@j.kz" not in api
    # The editor sees who reviewed.
    client.force_login(desk["editor"])
    assert (
        "Ризагүл"
        in client.get(url("desk_submission", desk, manuscript_id=submission.pk)).content.decode()
    )


def test_a_published_article_has_citation_tags_and_the_issue_pdf_its_text(
    client: Client, desk: dict[str, Any]
) -> None:
    editor, submission = desk["editor"], desk["submission"]
    services.journal_save(
        actor=editor,
        association=desk["association"],
        title_kk="Зерттеу",
        title_ru="Исследование",
        issn="2226-1249",
    )
    services.decide(actor=editor, submission=submission, outcome="accept")
    year = timezone.localdate().year
    issue = services.issue_create(
        actor=editor, journal=desk["journal"], year=year, number=1, title=""
    )
    section = services.section_add(actor=editor, issue=issue, title="Зерттеулер")
    services.article_place(actor=editor, section=section, submission=submission)
    services.issue_publish(actor=editor, issue=issue)
    page = client.get(
        url("article", desk, issue_year=year, issue_number=1, article_id=submission.pk)
    ).content.decode()
    assert '<meta name="citation_title" content="Мақала">' in page
    assert page.count('name="citation_author"') == 2
    assert '<meta name="citation_issn" content="2226-1249">' in page
    assert '<meta name="citation_firstpage" content="3">' in page
    assert "citation_pdf_url" in page
    pdf = client.get(url("issue_pdf", desk, issue_year=year, issue_number=1))
    reader = pypdf.PdfReader(io.BytesIO(pdf.getvalue()))
    cover = reader.pages[0].extract_text()
    assert "Зерттеу" in cover and "ISSN 2226-1249" in cover
    contents = reader.pages[1].extract_text()
    assert "Мақала" in contents and "3" in contents
    assert "Кіріспе" in reader.pages[2].extract_text()
    # The association's site shows the journal's issue.
    site = client.get(reverse("networks:association", kwargs={"slug": desk["association"].slug}))
    assert f"{year}, № 1" in site.content.decode()
    # A correction: the page says so, the earlier version stays readable.
    services.correction_add(
        actor=editor, submission=submission, body="Түзетілген мәтін.", note="Кесте."
    )
    page = client.get(
        url("article", desk, issue_year=year, issue_number=1, article_id=submission.pk)
    ).content.decode()
    assert "Түзетілген мәтін." in page and "Кесте." in page
    earlier = client.get(
        url(
            "article_version",
            desk,
            issue_year=year,
            issue_number=1,
            article_id=submission.pk,
            version_number=1,
        )
    ).content.decode()
    assert "Кіріспе" in earlier


def test_a_teacher_sends_her_finished_portfolio_from_the_page(
    client: Client, desk: dict[str, Any]
) -> None:
    from ortaq.communities.choices import ProjectStatus
    from ortaq.testing.factories import make_project

    project = make_project(owner=desk["outsider"], concern="Сабақта үнсіздік.")
    client.force_login(desk["outsider"])
    page = client.get(url("submit", desk)).content.decode()
    assert 'value="portfolio"' not in page  # no finished project yet
    project.status = ProjectStatus.ACCEPTED
    project.save()
    texts = {
        f"{part}_{language}": f"{part} {language}"
        for part in ("title", "abstract")
        for language in ("kk", "ru", "en")
    }
    sent = client.post(
        url("submit", desk),
        {**texts, "kind": "portfolio", "project": project.pk, "language": "kk", "body": ""},
    )
    assert sent.status_code == 302
    made = services.submission_from_project(
        actor=desk["outsider"],
        journal=desk["journal"],
        project=project,
        texts=services.Texts(*texts.values()),
        language="kk",
    )
    assert made.kind == "portfolio" and "Сабақта үнсіздік." in made.versions.get().body
    home = client.get(url("home", desk)).content.decode()
    assert made.title in home  # her manuscripts, on the journal's page
    assert 'value="portfolio"' not in client.get(url("submit", desk)).content.decode()
