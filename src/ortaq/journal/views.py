"""The journal's pages, under its association's site: the journal, its published issues and
articles (public, with citation tags), the author's submission pages, the reviewer's page (by
her account or her one-time link) and the editor's desk."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from ortaq.accounts.models import User
from ortaq.accounts.queries import active_user_by_email
from ortaq.core.actors import AuthenticatedHttpRequest
from ortaq.core.decorators import check_object_perm
from ortaq.core.errors import DomainError, NotAllowed, show_refusal
from ortaq.journal import queries, services
from ortaq.journal.choices import UNDECIDED, Kind, Status
from ortaq.journal.forms import (
    AssignForm,
    CallForm,
    CorrectionForm,
    DecisionForm,
    IssueForm,
    JournalForm,
    PlaceForm,
    ReviewForm,
    RevisionForm,
    SectionForm,
    SubmissionForm,
)
from ortaq.journal.models import Issue, Journal, Review, Section, Submission
from ortaq.networks import queries as networks
from ortaq.networks.models import Association

EDIT = "journal.edit_journal"


def _journal(request: HttpRequest, slug: str, perm: str = "") -> Journal:
    association = networks.association_get(slug=slug)
    journal = queries.journal_get(association)
    if perm:
        check_object_perm(request, perm, journal)
    return journal


def association_section(request: HttpRequest, association: Association) -> SafeString:
    """The part of an association's site that shows its journal and its published issues;
    nothing for an association without a journal."""
    journal = queries.journal_of(association)
    if journal is None:
        return mark_safe("")  # noqa: S308 - a constant empty string
    journal.association = association
    issues = list(queries.published_issues(journal)[:5])
    return render_to_string("journal/section.html", {"journal": journal, "issues": issues}, request)


@require_safe
def home(request: HttpRequest, slug: str) -> HttpResponse:
    journal = _journal(request, slug)
    return render(
        request,
        "journal/home.html",
        {
            "journal": journal,
            "association": journal.association,
            "issues": queries.published_issues(journal),
            "call": services.open_call(journal),
            "can_edit": request.user.has_perm(EDIT, journal),
            "mine": list(queries.own_submissions(request.user).filter(journal=journal))
            if request.user.is_authenticated
            else [],
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def settings(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    """Start the association's journal, or change its titles and ISSN (its editor)."""
    association = networks.association_get(slug=slug)
    check_object_perm(request, EDIT, association)
    journal = queries.journal_of(association)
    initial = (
        {f: getattr(journal, f) for f in ("title_kk", "title_ru", "title_en", "issn")}
        if journal
        else {}
    )
    form = JournalForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.journal_save(actor=request.user, association=association, **form.cleaned_data)
        except DomainError as exc:
            show_refusal(request, exc, form)
        else:
            messages.success(request, _("The journal is saved."))
            return redirect("journal:desk", slug=slug)
    return render(
        request,
        "journal/settings.html",
        {"association": association, "journal": journal, "form": form},
    )


@login_required
@require_http_methods(["GET", "POST"])
def submit(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    """Send a manuscript to the journal's open call."""
    journal = _journal(request, slug)
    call = services.open_call(journal)
    form = SubmissionForm(
        request.POST or None,
        initial={"language": request.LANGUAGE_CODE},
        projects=queries.finished_projects(request.user),
    )
    if request.method == "POST" and call is not None and form.is_valid():
        data = form.cleaned_data
        try:
            if data["kind"] == Kind.PORTFOLIO:
                made = services.submission_from_project(
                    actor=request.user,
                    journal=journal,
                    project=data["project"],
                    texts=form.texts(),
                    language=data["language"],
                )
            else:
                made = services.submission_create(
                    actor=request.user,
                    journal=journal,
                    kind=data["kind"],
                    texts=form.texts(),
                    language=data["language"],
                    body=data["body"],
                    authors=data["coauthors"],
                )
        except DomainError as exc:
            show_refusal(request, exc, form)
        else:
            messages.success(request, _("Your manuscript is sent to the editor."))
            return redirect("journal:submission", slug=slug, manuscript_id=made.pk)
    return render(
        request,
        "journal/submit.html",
        {"journal": journal, "association": journal.association, "call": call, "form": form},
    )


def _sent_reviews(submission: Submission) -> list[Review]:
    return list(submission.reviews.filter(sent_at__isnull=False).order_by("sent_at", "pk"))


@login_required
@require_http_methods(["GET", "POST"])
def submission(request: AuthenticatedHttpRequest, slug: str, manuscript_id: int) -> HttpResponse:
    """A manuscript as its authors (and the editor) read it: status, versions, the editor's
    decisions and the reviewers' comments to the authors, never who wrote them; the authors
    send a revision here when asked for one."""
    journal = _journal(request, slug)
    found = queries.submission_get(request.user, manuscript_id)
    if found.journal_id != journal.pk:
        raise Http404
    is_author = request.user.has_perm("journal.revise_submission", found)
    if not (is_author or request.user.has_perm(EDIT, journal)):
        raise PermissionDenied  # a reviewer reads it through her review page
    form = RevisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.version_add(actor=request.user, submission=found, **form.cleaned_data)
        except DomainError as exc:
            show_refusal(request, exc, form)
        else:
            messages.success(request, _("Your revision is sent to the editor."))
            return redirect("journal:submission", slug=slug, manuscript_id=found.pk)
    return render(
        request,
        "journal/submission.html",
        {
            "journal": journal,
            "association": journal.association,
            "submission": found,
            "comments": [review.to_authors for review in _sent_reviews(found)],
            "decisions": list(found.decisions.order_by("pk")),
            "form": form if is_author and found.status == Status.REVISION_REQUESTED else None,
        },
    )


def _review_page(
    request: HttpRequest, review: Review, *, actor: User | None, action: str
) -> HttpResponse:
    submission = review.submission
    form = ReviewForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.review_send(review=review, actor=actor, **form.cleaned_data)
        except DomainError as exc:
            show_refusal(request, exc, form)
        else:
            return render(request, "journal/review_sent.html", {"review": review})
    version = submission.versions.filter(number__lte=review.version_number).order_by("-number")[0]
    authors = None if submission.authors_hidden else list(submission.authors.select_related("user"))
    return render(
        request,
        "journal/review.html",
        {
            "review": review,
            "submission": submission,
            "journal": submission.journal,
            "version": version,
            "authors": authors,
            "form": form,
            "action": action,
        },
    )


@never_cache
@require_http_methods(["GET", "POST"])
def review_link(
    request: HttpRequest, slug: str, manuscript_id: int, review_token: str
) -> HttpResponse:
    """The review a one-time link opens: that manuscript's review, nothing else, and no
    sign-in. A link unknown, for another manuscript, expired or spent is refused, saying why."""
    try:
        review = services.review_by_token(token=review_token, submission_id=manuscript_id)
    except NotAllowed as exc:
        # Answered as a page that is not there (a visitor is never told 403, decision 0011),
        # with the reason in words.
        return render(request, "journal/link_refused.html", {"message": exc.message}, status=404)
    if review.submission.journal.association.slug != slug:
        return render(
            request,
            "journal/link_refused.html",
            {"message": _("This review link opens another manuscript's review, and nothing else.")},
            status=404,
        )
    response = _review_page(request, review, actor=None, action=request.path)
    # The token never leaves in a Referer to another site; "no-referrer" would also make the
    # browser send "Origin: null" with the form, which the CSRF check refuses.
    response["Referrer-Policy"] = "same-origin"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def review(request: AuthenticatedHttpRequest, slug: str, review_id: int) -> HttpResponse:
    """A review asked of her account: the manuscript she is to review and her form."""
    journal = _journal(request, slug)
    found = get_object_or_404(
        Review.objects.select_related("submission__journal__association"),
        pk=review_id,
        submission__journal=journal,
    )
    if found.reviewer_id != request.user.pk:  # her review only, whoever else she is
        raise PermissionDenied
    if found.sent_at is not None:
        return render(request, "journal/review_sent.html", {"review": found})
    if found.expires_at <= timezone.now():
        return render(
            request,
            "journal/link_refused.html",
            {"message": _("This review link has expired: ask the editor for a new one.")},
            status=403,
        )
    return _review_page(request, found, actor=request.user, action=request.path)


# The editor's desk ---------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def desk(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    """The editor's desk: the calls, the submissions with their status, the issues."""
    journal = _journal(request, slug, EDIT)
    call_form = CallForm(
        request.POST if request.POST.get("action") == "call" else None,
        initial={"year": timezone.localdate().year},
    )
    issue_form = IssueForm(
        request.POST if request.POST.get("action") == "issue" else None,
        initial={"year": timezone.localdate().year},
    )
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "call" and call_form.is_valid():
                services.call_open(actor=request.user, journal=journal, **call_form.cleaned_data)
                messages.success(request, _("The call is open."))
                return redirect("journal:desk", slug=slug)
            if action == "close":
                call = get_object_or_404(journal.calls, pk=request.POST.get("call") or 0)
                services.call_close(actor=request.user, call=call)
                messages.success(request, _("The call is closed."))
                return redirect("journal:desk", slug=slug)
            if action == "issue" and issue_form.is_valid():
                made = services.issue_create(
                    actor=request.user, journal=journal, **issue_form.cleaned_data
                )
                return redirect("journal:desk_issue", slug=slug, issue_id=made.pk)
        except DomainError as exc:
            show_refusal(request, exc, issue_form if action == "issue" else call_form)
    return render(
        request,
        "journal/desk.html",
        {
            "journal": journal,
            "association": journal.association,
            "calls": list(journal.calls.all()),
            "submissions": queries.desk_submissions(journal),
            "issues": list(journal.issues.all()),
            "call_form": call_form,
            "issue_form": issue_form,
            "undecided": UNDECIDED,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def desk_submission(
    request: AuthenticatedHttpRequest, slug: str, manuscript_id: int
) -> HttpResponse:
    """A manuscript on the editor's desk: its reviewers (by name, for her only), their
    recommendations and comments, the decision, and corrections of a published article."""
    journal = _journal(request, slug, EDIT)
    found = get_object_or_404(
        queries.desk_submissions(journal).prefetch_related("versions"), pk=manuscript_id
    )
    action = request.POST.get("action")
    assign = AssignForm(
        request.POST if action == "assign" else None,
        initial={"days": services.LINK_DAYS, "language": found.language},
    )
    decide = DecisionForm(request.POST if action == "decide" else None)
    correct = CorrectionForm(request.POST if action == "correct" else None)
    if request.method == "POST":
        try:
            if action == "assign" and assign.is_valid():
                data = assign.cleaned_data
                person = active_user_by_email(data["email"])
                services.reviewer_assign(
                    actor=request.user,
                    submission=found,
                    reviewer=person,
                    name=data["name"],
                    email=data["email"],
                    language=data["language"],
                    days=data["days"],
                )
                messages.success(request, _("The reviewer is asked: her link is on its way."))
                return redirect(request.path)
            if action == "decide" and decide.is_valid():
                services.decide(actor=request.user, submission=found, **decide.cleaned_data)
                messages.success(request, _("The decision is made: the authors are told."))
                return redirect(request.path)
            if action == "correct" and correct.is_valid():
                services.correction_add(
                    actor=request.user, submission=found, **correct.cleaned_data
                )
                messages.success(request, _("The correction is published."))
                return redirect(request.path)
            if action in ("hide", "show"):
                services.hide_authors(actor=request.user, submission=found, hidden=action == "hide")
                return redirect(request.path)
        except DomainError as exc:
            show_refusal(
                request, exc, {"assign": assign, "decide": decide}.get(action or "", correct)
            )
    return render(
        request,
        "journal/desk_submission.html",
        {
            "journal": journal,
            "association": journal.association,
            "submission": found,
            "reviews": list(found.reviews.select_related("reviewer").order_by("pk")),
            "decisions": list(found.decisions.order_by("pk")),
            "assign": assign if found.status in UNDECIDED else None,
            "decide": decide if found.status in UNDECIDED else None,
            "correct": correct if found.status == Status.PUBLISHED else None,
            "now": timezone.now(),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def desk_issue(request: AuthenticatedHttpRequest, slug: str, issue_id: int) -> HttpResponse:
    """Build an issue: its sections, the accepted articles placed in them, and publishing."""
    journal = _journal(request, slug, EDIT)
    found = get_object_or_404(Issue.objects.filter(journal=journal), pk=issue_id)
    found.journal = journal
    sections = Section.objects.filter(issue=found).order_by("position")
    accepted = Submission.objects.filter(
        journal=journal, status=Status.ACCEPTED, placement__isnull=True
    )
    action = request.POST.get("action")
    section_form = SectionForm(request.POST if action == "section" else None)
    place = PlaceForm(
        request.POST if action == "place" else None, accepted=accepted, sections=sections
    )
    if request.method == "POST":
        try:
            if action == "section" and section_form.is_valid():
                services.section_add(actor=request.user, issue=found, **section_form.cleaned_data)
                return redirect(request.path)
            if action == "place" and place.is_valid():
                services.article_place(actor=request.user, **place.cleaned_data)
                return redirect(request.path)
            if action == "publish":
                services.issue_publish(actor=request.user, issue=found)
                messages.success(request, _("The issue is published; its PDF is being built."))
                return redirect(request.path)
        except DomainError as exc:
            show_refusal(request, exc)
    published = found.published_at is not None
    return render(
        request,
        "journal/desk_issue.html",
        {
            "journal": journal,
            "association": journal.association,
            "issue": found,
            "contents": queries.issue_contents(found),
            "section_form": None if published else section_form,
            "place": place if not published and accepted.exists() and sections.exists() else None,
        },
    )


# Published issues and articles ---------------------------------------------------------------


@require_safe
def issue(request: HttpRequest, slug: str, issue_year: int, issue_number: int) -> HttpResponse:
    journal = _journal(request, slug)
    found = queries.issue_get(journal, year=issue_year, number=issue_number)
    return render(
        request,
        "journal/issue.html",
        {
            "journal": journal,
            "association": journal.association,
            "issue": found,
            "contents": queries.issue_contents(found),
        },
    )


@require_safe
def issue_pdf(request: HttpRequest, slug: str, issue_year: int, issue_number: int) -> FileResponse:
    journal = _journal(request, slug)
    found = queries.issue_get(journal, year=issue_year, number=issue_number)
    if not found.pdf:
        raise Http404
    return FileResponse(
        found.pdf.open("rb"),
        content_type="application/pdf",
        filename=f"{journal.association.slug}-{found.year}-{found.number}.pdf",
    )


@require_safe
def article(
    request: HttpRequest,
    slug: str,
    issue_year: int,
    issue_number: int,
    article_id: int,
    version_number: int | None = None,
) -> HttpResponse:
    """A published article: its stable, citable page, with the tags scholarly search engines
    read; a corrected article says when, and its earlier versions stay readable."""
    journal = _journal(request, slug)
    found = queries.issue_get(journal, year=issue_year, number=issue_number)
    placement = queries.article_get(found, article_id)
    submission = placement.submission
    # The public versions: the text as published, and each correction after it (never the
    # drafts the reviewers read).
    every = list(submission.versions.all())
    published = max(v.number for v in every if not v.is_correction)
    versions = [v for v in every if v.is_correction or v.number == published]
    latest = versions[-1]
    shown = latest
    if version_number is not None:
        shown = next((v for v in versions if v.number == version_number), None)  # type: ignore[assignment]
        if shown is None:
            raise Http404
    corrections = [v for v in versions if v.is_correction]
    kwargs = {"slug": slug, "issue_year": found.year, "issue_number": found.number}
    pdf_url = (
        request.build_absolute_uri(reverse("journal:issue_pdf", kwargs=kwargs)) if found.pdf else ""
    )
    return render(
        request,
        "journal/article.html",
        {
            "journal": journal,
            "association": journal.association,
            "issue": found,
            "placement": placement,
            "submission": submission,
            "authors": list(submission.authors.all()),
            "version": shown,
            "latest": latest,
            "versions": versions,
            "corrections": corrections,
            "pdf_url": pdf_url,
            "published_on": timezone.localdate(found.published_at),
        },
    )
