"""The associations' journals in the API: journals, published issues and articles (anyone),
her own submissions (authors; the editor reads all of her journal's), her own reviews
(reviewers with an account). Reviewers' names never reach an author: a submission lists its
reviews' comments to the authors by number only."""

import datetime
from typing import Literal

from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Schema
from ninja.pagination import paginate
from ninja.responses import Status
from pydantic import Field

from ortaq.accounts.models import User
from ortaq.accounts.queries import current_user
from ortaq.core.errors import DomainError
from ortaq.core.pagination import Mapped, Pages
from ortaq.journal import queries, services
from ortaq.journal.choices import Kind
from ortaq.journal.models import Issue, Journal, Placement, Review, Submission
from ortaq.networks import queries as networks

router = Router(tags=["journal"])


class JournalOut(Schema):
    association: str = Field(description="The association's slug.")
    title_kk: str
    title_ru: str
    title_en: str
    issn: str

    @classmethod
    def of(cls, journal: Journal, slug: str) -> "JournalOut":
        return cls(
            association=slug,
            title_kk=journal.title_kk,
            title_ru=journal.title_ru,
            title_en=journal.title_en,
            issn=journal.issn,
        )


class ArticleOut(Schema):
    id: int = Field(description="Its id in its citable address.")
    section: str
    title_kk: str
    title_ru: str
    title_en: str
    abstract_kk: str
    abstract_ru: str
    abstract_en: str
    language: str
    authors: list[str]
    first_page: int | None
    last_page: int | None

    @classmethod
    def of(cls, placement: Placement, section: str) -> "ArticleOut":
        s = placement.submission
        return cls(
            id=s.pk,
            section=section,
            title_kk=s.title_kk,
            title_ru=s.title_ru,
            title_en=s.title_en,
            abstract_kk=s.abstract_kk,
            abstract_ru=s.abstract_ru,
            abstract_en=s.abstract_en,
            language=s.language,
            authors=[str(a.user) for a in s.authors.all()],
            first_page=placement.first_page,
            last_page=placement.last_page,
        )


class IssueOut(Schema):
    year: int
    number: int
    title: str
    published_at: datetime.datetime | None
    pages: int | None = Field(description="Pages of its PDF, once built.")


class IssueDetailOut(IssueOut):
    articles: list[ArticleOut]


def _issue_out(issue: Issue) -> IssueOut:
    return IssueOut(
        year=issue.year,
        number=issue.number,
        title=issue.title,
        published_at=issue.published_at,
        pages=issue.pages,
    )


@router.get("/networks/{slug}/journal", response=JournalOut, auth=None, summary="A journal")
def get_journal(request: HttpRequest, slug: str) -> JournalOut:
    journal = queries.journal_get(networks.association_get(slug=slug))
    return JournalOut.of(journal, slug)


@router.get(
    "/networks/{slug}/journal/issues",
    response=list[IssueOut],
    auth=None,
    summary="A journal's published issues",
)
@paginate(Pages)
def list_issues(request: HttpRequest, slug: str) -> Mapped[Issue, IssueOut]:
    journal = queries.journal_get(networks.association_get(slug=slug))
    return Mapped(queries.published_issues(journal), _issue_out)


@router.get(
    "/networks/{slug}/journal/issues/{issue_year}/{issue_number}",
    response=IssueDetailOut,
    auth=None,
    summary="A published issue with its articles",
)
def get_issue(
    request: HttpRequest, slug: str, issue_year: int, issue_number: int
) -> IssueDetailOut:
    journal = queries.journal_get(networks.association_get(slug=slug))
    issue = queries.issue_get(journal, year=issue_year, number=issue_number)
    articles = [
        ArticleOut.of(placement, section.title)
        for section, placements in queries.issue_contents(issue)
        for placement in placements
    ]
    return IssueDetailOut(**dict(_issue_out(issue)), articles=articles)


class ManuscriptVersionOut(Schema):
    number: int
    body: str = Field(description="Markdown, in the submission's language.")
    note: str
    is_correction: bool
    created_at: datetime.datetime


class ManuscriptOut(Schema):
    """A submission as its authors read it: the reviewers' comments to them by number only."""

    id: int
    association: str
    kind: str
    status: str
    title_kk: str
    title_ru: str
    title_en: str
    language: str
    authors: list[str]
    versions: list[ManuscriptVersionOut]
    comments_to_authors: list[str] = Field(
        description="The sent reviews' comments to the authors, in order; never who wrote them."
    )

    @classmethod
    def of(cls, s: Submission) -> "ManuscriptOut":
        return cls(
            id=s.pk,
            association=s.journal.association.slug,
            kind=s.kind,
            status=s.status,
            title_kk=s.title_kk,
            title_ru=s.title_ru,
            title_en=s.title_en,
            language=s.language,
            authors=[str(a.user) for a in s.authors.all()],
            versions=[
                ManuscriptVersionOut(
                    number=v.number,
                    body=v.body,
                    note=v.note,
                    is_correction=v.is_correction,
                    created_at=v.created_at,
                )
                for v in s.versions.all()
            ],
            comments_to_authors=[
                r.to_authors for r in s.reviews.all() if r.sent_at is not None and r.to_authors
            ],
        )


@router.get(
    "/journal/submissions",
    response=list[ManuscriptOut],
    summary="Her submissions (authors), or every one of her journals (editors)",
)
@paginate(Pages)
def list_submissions(request: HttpRequest) -> Mapped[Submission, ManuscriptOut]:
    user = current_user(request)
    return Mapped(queries.readable_submissions(user), ManuscriptOut.of)


@router.get(
    "/journal/submissions/{manuscript_id}", response=ManuscriptOut, summary="One submission"
)
def get_submission(request: HttpRequest, manuscript_id: int) -> ManuscriptOut:
    user = current_user(request)
    found = queries.readable_submissions(user).filter(pk=manuscript_id).first()
    if found is None:
        raise Http404
    return ManuscriptOut.of(found)


class JournalReviewOut(Schema):
    """A review asked of her: the manuscript's titles and her review, once sent."""

    id: int
    association: str
    manuscript_id: int
    title: str
    expires_at: datetime.datetime
    sent_at: datetime.datetime | None
    recommendation: str
    to_authors: str
    to_editor: str


@router.get("/journal/reviews", response=list[JournalReviewOut], summary="The reviews asked of her")
@paginate(Pages)
def list_reviews(request: HttpRequest) -> Mapped[Review, JournalReviewOut]:
    user = current_user(request)
    found = (
        Review.objects.filter(reviewer_id=user.pk)
        .select_related("submission__journal__association")
        .order_by("-pk")
    )
    return Mapped(found, _review_out)


def _review_out(r: Review) -> JournalReviewOut:
    return JournalReviewOut(
        id=r.pk,
        association=r.submission.journal.association.slug,
        manuscript_id=r.submission_id,
        title=r.submission.title,
        expires_at=r.expires_at,
        sent_at=r.sent_at,
        recommendation=r.recommendation,
        to_authors=r.to_authors,
        to_editor=r.to_editor,
    )


class CallOut(Schema):
    year: int
    deadline: datetime.date
    is_open: bool = Field(description="Whether it takes submissions today.")


@router.get(
    "/networks/{slug}/journal/calls",
    response=list[CallOut],
    auth=None,
    summary="A journal's calls for submissions, latest year first",
)
def list_calls(request: HttpRequest, slug: str) -> list[CallOut]:
    journal = queries.journal_get(networks.association_get(slug=slug))
    return [
        CallOut(year=call.year, deadline=call.deadline, is_open=call.is_open)
        for call in journal.calls.order_by("-year")
    ]


class ManuscriptIn(Schema):
    title_kk: str = Field(max_length=300)
    title_ru: str = Field(max_length=300)
    title_en: str = Field(max_length=300)
    abstract_kk: str
    abstract_ru: str
    abstract_en: str
    language: Literal["kk", "ru", "en"] = Field(description="The language of the text.")
    body: str = Field(max_length=services.MAX_BODY, description="Markdown.")
    coauthors: list[int] = Field(
        default_factory=list, description="Ids of the co-authors' accounts, in order."
    )


@router.post(
    "/networks/{slug}/journal/submissions",
    response={201: ManuscriptOut},
    summary="Send an article to the journal's open call (the caller is its first author)",
)
def create_submission(request: HttpRequest, slug: str, body: ManuscriptIn) -> Status[ManuscriptOut]:
    """Refused (400, saying why) when the journal takes no submissions or a text is missing."""
    user = current_user(request)
    journal = queries.journal_get(networks.association_get(slug=slug))
    coauthors = {u.pk: u for u in User.objects.filter(pk__in=body.coauthors, is_active=True)}
    if len(coauthors) != len(set(body.coauthors)):
        raise DomainError(_("Some co-authors have no Ortaq account."), code="coauthors")
    made = services.submission_create(
        actor=user,
        journal=journal,
        kind=Kind.ARTICLE,
        texts=services.Texts(
            title_kk=body.title_kk,
            title_ru=body.title_ru,
            title_en=body.title_en,
            abstract_kk=body.abstract_kk,
            abstract_ru=body.abstract_ru,
            abstract_en=body.abstract_en,
        ),
        language=body.language,
        body=body.body,
        authors=[coauthors[pk] for pk in body.coauthors if pk in coauthors],
    )
    return Status(201, ManuscriptOut.of(queries.readable_submissions(user).get(pk=made.pk)))


class ReviewIn(Schema):
    recommendation: Literal["accept", "revise", "decline"]
    to_authors: str = Field(description="Read by the authors without the reviewer's name.")
    to_editor: str = Field("", description="Read by the editor only.")


@router.post(
    "/journal/reviews/{review_id}",
    response=JournalReviewOut,
    summary="Send her review (a reviewer with an account), once",
)
def send_review(request: HttpRequest, review_id: int, body: ReviewIn) -> JournalReviewOut:
    user = current_user(request)
    review = (
        Review.objects.filter(pk=review_id, reviewer_id=user.pk)
        .select_related("submission__journal__association", "submission__call", "reviewer")
        .first()
    )
    if review is None:
        raise Http404
    review = services.review_send(
        review=review,
        actor=user,
        recommendation=body.recommendation,
        to_authors=body.to_authors,
        to_editor=body.to_editor,
    )
    return _review_out(review)
