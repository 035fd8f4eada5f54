"""The review's pages: the moderator's queue of submitted versions of her places and her check
(ask for changes, or assign experts of the subject), and the expert's queue of her open
reviews and her checklist."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from ortaq.core.actors import AuthenticatedHttpRequest
from ortaq.core.decorators import require_perm
from ortaq.core.errors import DomainError, show_refusal
from ortaq.library import queries_review as queries
from ortaq.library import services
from ortaq.library.choices import Status
from ortaq.library.forms_authoring import AssignForm, ChangesForm, ReviewForm
from ortaq.library.services.review import checklist_of


@require_perm("library.moderation_queue")
@require_safe
def moderation(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The submitted versions of the places she moderates, oldest first."""
    return render(
        request,
        "library/moderation.html",
        {"versions": list(queries.moderation_queue(request.user)[:200])},
    )


@require_perm("library.moderation_queue")
@require_http_methods(["GET", "POST"])
def moderation_check(request: AuthenticatedHttpRequest, version_id: int) -> HttpResponse:
    """Check a version's form and licence: ask for changes, or assign experts."""
    found = queries.moderation_get(request.user, version_id)
    resource = found.resource
    if not request.user.has_perm("library.moderate", resource):
        raise PermissionDenied
    action = request.POST.get("action")
    experts = services.eligible_experts(resource)
    changes = ChangesForm(request.POST if action == "changes" else None)
    assign = AssignForm(request.POST if action == "assign" else None, experts=experts)
    if request.method == "POST":
        try:
            if action == "changes" and changes.is_valid():
                services.changes_request(
                    actor=request.user, version=found, comment=changes.cleaned_data["comment"]
                )
                messages.success(request, _("The version is returned to its authors."))
                return redirect("library:moderation")
            if action == "assign" and assign.is_valid():
                services.experts_assign(
                    actor=request.user,
                    version=found,
                    experts=list(assign.cleaned_data["experts"]),
                    comment=assign.cleaned_data["comment"],
                )
                messages.success(request, _("The experts are asked to review it."))
                return redirect("library:moderation")
        except DomainError as exc:
            show_refusal(request, exc, changes if action == "changes" else assign)
    open_for_check = found.status in (Status.SUBMITTED, Status.IN_REVIEW)
    return render(
        request,
        "library/moderation_check.html",
        {
            "version": found,
            "resource": resource,
            "authors": list(resource.authors.all()),
            "assignments": queries.assignments_of(found),
            "thread": queries.thread_of(resource),
            "changes": changes if found.status == Status.SUBMITTED else None,
            "assign": assign if open_for_check else None,
            "has_experts": experts.exists(),
        },
    )


@require_perm("library.review_queue")
@require_safe
def reviews(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Her open reviews, oldest first."""
    return render(
        request,
        "library/reviews.html",
        {"assignments": list(queries.review_queue(request.user)[:200])},
    )


@require_perm("library.review_queue")
@require_http_methods(["GET", "POST"])
def review(request: AuthenticatedHttpRequest, expert_review_id: int) -> HttpResponse:
    """Her review of one version: the version, the review so far, and her checklist."""
    assignment = queries.assignment_get(request.user, expert_review_id)
    version = assignment.version
    resource = version.resource
    items = checklist_of(resource.kind)
    given = {a.item_id: a for a in assignment.answers.all()}
    initial: dict[str, object] = {"name_shown": assignment.name_shown}
    for item in items:
        if item.pk in given:
            initial[f"verdict_{item.pk}"] = given[item.pk].verdict
            initial[f"note_{item.pk}"] = given[item.pk].comment
    form = ReviewForm(request.POST or None, initial=initial, items=items)
    is_open = assignment.decided_at is None and version.status == Status.IN_REVIEW
    if request.method == "POST" and is_open and form.is_valid():
        try:
            services.review_send(
                actor=request.user,
                assignment=assignment,
                answers=form.answers(),
                recommendation=form.cleaned_data["recommendation"],
                comment=form.cleaned_data["comment"],
                name_shown=form.cleaned_data["name_shown"],
            )
        except DomainError as exc:
            show_refusal(request, exc, form)
        else:
            messages.success(request, _("Your review is sent. Thank you!"))
            return redirect("library:reviews")
    return render(
        request,
        "library/review.html",
        {
            "assignment": assignment,
            "version": version,
            "resource": resource,
            "authors": list(resource.authors.select_related("user", "school")),
            "form": form if is_open else None,
            "thread": queries.thread_of(resource),
        },
    )
