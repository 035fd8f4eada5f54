"""What readers do on a published resource's page: rate it, and comment on it in the discussion
core (write, correct, report; a moderator of its place hides and shows again, and reads the
reported comments on a page of their own). The core's templates draw the comments; this module
says which resource they belong to and where to go back to (the resource's page)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from ortaq.core.actors import AuthenticatedHttpRequest
from ortaq.core.errors import DomainError, show_refusal
from ortaq.core.files import file_response
from ortaq.discussions import queries as core
from ortaq.discussions import services as discussions
from ortaq.discussions.forms import PostForm
from ortaq.discussions.models import Discussion, Post
from ortaq.discussions.views import (
    edit_from_form,
    moderate_from_form,
    report_from_form,
    warn_not_told,
)
from ortaq.library import queries_collections as queries
from ortaq.library import services_collections as services
from ortaq.library.forms_collections import RatingForm
from ortaq.library.links import comment_links, resource_url
from ortaq.library.models import Resource


def _back(resource_id: int, anchor: str) -> HttpResponse:
    return redirect(f"{resource_url(resource_id)}#{anchor}")


@login_required
@require_POST
def rate(request: AuthenticatedHttpRequest, resource_id: int) -> HttpResponse:
    """Her stars for the resource (1–5); sent again, they replace her earlier ones."""
    resource = queries.resource_for_readers(resource_id=resource_id)
    form = RatingForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose from one to five stars."))
        return _back(resource.pk, "rating")
    try:
        services.rating_set(actor=request.user, resource=resource, stars=form.cleaned_data["stars"])
    except DomainError as exc:
        show_refusal(request, exc)
    else:
        messages.success(request, _("Thank you: your rating is saved."))
    return _back(resource.pk, "rating")


def _discussions(resource: Resource) -> QuerySet[Discussion]:
    return Discussion.objects.filter(
        target_type__app_label="library", target_type__model="resource", target_id=resource.pk
    )


def _post(resource: Resource, post_id: int) -> Post:
    """A comment on the resource (404 otherwise), the resource at hand."""
    found = core.post_get(discussions=_discussions(resource), post_id=post_id)
    found.discussion.target = resource
    return found


@login_required
@require_POST
def comment(request: AuthenticatedHttpRequest, resource_id: int) -> HttpResponse:
    """Write a comment (or a reply, or a quote) on a published resource."""
    resource = queries.resource_for_readers(resource_id=resource_id)
    form = PostForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Write your message first."))
        return _back(resource.pk, "comments")
    data = form.cleaned_data
    named = {
        p.pk: p
        for p in Post.objects.filter(
            discussion__in=_discussions(resource), pk__in=[data["parent"], data["quote"]]
        )
    }
    try:
        made = discussions.post_create(
            actor=request.user, target=resource, body=data["body"],
            parent=named.get(data["parent"]), quote=named.get(data["quote"]),
            files=data["attachments"], client_key=data["client_key"],
        )  # fmt: skip
    except DomainError as exc:
        show_refusal(request, exc)
        return _back(resource.pk, "comments")
    messages.success(request, _("Your message is posted."))
    warn_not_told(request, resource, data["body"], listed=False)
    return _back(resource.pk, f"p{made.pk}")


@login_required
@require_POST
def comment_report(
    request: AuthenticatedHttpRequest, resource_id: int, post_id: int
) -> HttpResponse:
    resource = queries.resource_for_readers(resource_id=resource_id)
    found = _post(resource, post_id)
    report_from_form(request, found)
    return _back(resource.pk, f"p{found.pk}")


@login_required
@require_http_methods(["GET", "POST"])
def comment_edit(request: AuthenticatedHttpRequest, resource_id: int, post_id: int) -> HttpResponse:
    """Correct her own comment (the earlier texts are kept and listed)."""
    resource = queries.resource_for_readers(resource_id=resource_id)
    found = _post(resource, post_id)
    page, corrected = edit_from_form(request, found, language=resource.language)
    if corrected:
        return _back(resource.pk, f"p{found.pk}")
    return render(
        request,
        "library/readers/comment_edit.html",
        {**page, "resource": resource, "back": resource_url(resource.pk)},
    )


@login_required
@require_POST
def comment_moderate(
    request: AuthenticatedHttpRequest, resource_id: int, post_id: int
) -> HttpResponse:
    """Hide a comment (with a reason its author sees), show it again, or close its reports."""
    resource = queries.resource_for_readers(resource_id=resource_id)
    found = _post(resource, post_id)
    moderate_from_form(request, found)
    if request.POST.get("back") == "resource":
        return _back(resource.pk, f"p{found.pk}")
    return redirect("library:comments_moderation", resource.pk)


@require_safe
def comment_file(request: HttpRequest, resource_id: int, attachment_id: int) -> HttpResponseBase:
    """A file of a shown comment: the comments are public, and so are their files."""
    resource = queries.resource_for_readers(resource_id=resource_id)
    found = core.attachment_get(discussions=_discussions(resource), attachment_id=attachment_id)
    return file_response(request, found.file.name or "", download_name=found.name)


@login_required
@require_safe
def comments_moderation(request: AuthenticatedHttpRequest, resource_id: int) -> HttpResponse:
    """The resource's reported comments, oldest first, and its hidden ones: its moderators'."""
    resource = queries.resource_for_readers(resource_id=resource_id)
    if not request.user.has_perm("library.moderate", resource):
        raise PermissionDenied
    found = _discussions(resource)
    hidden = Paginator(core.hidden_posts(discussions=found), core.POSTS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "library/readers/moderation.html",
        {
            "resource": resource,
            "back": resource_url(resource.pk),
            "reported": core.placed(core.reported(discussions=found)),
            "hidden": core.placed(hidden.object_list),
            "page": hidden,
            "links": comment_links(resource.pk),
            "language": resource.language,
        },
    )
