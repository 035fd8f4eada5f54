"""Pages of a circle's discussions: the threads, a thread with its posts a page at a time,
replying, editing, pinning, reporting, moderation (hiding, showing again, closing reports) and
attachments (served only to readers)."""

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from ortaq.accounts.queries import current_user
from ortaq.communities.models import Circle, Thread
from ortaq.communities.queries import circles as circle_queries
from ortaq.communities.queries import discussions as queries
from ortaq.communities.services import discussions as services
from ortaq.core.errors import DomainError, show_refusal
from ortaq.core.files import file_response
from ortaq.discussions import queries as core
from ortaq.discussions.forms import (
    HideForm,
    PostForm,
    ReportForm,
    SearchForm,
    ThreadForm,
)
from ortaq.discussions.models import Post
from ortaq.discussions.views import (
    edit_from_form,
    moderate_from_form,
    report_from_form,
    warn_not_told,
)


def _circle(request: HttpRequest, circle_id: int) -> Circle:
    return circle_queries.circle_get_for_user(circle_id=circle_id, user=request.user)


def _post(circle: Circle, post_id: int) -> Post:
    """A post of one of the circle's threads (404 otherwise), with its thread at hand."""
    post = core.post_get(discussions=queries.discussions_of(circle), post_id=post_id)
    thread = queries.thread_get(circle=circle, thread_id=post.discussion.target_id)
    post.discussion.target = thread
    return post


def _thread_id(post: Post) -> int:
    return post.discussion.target_id


def _key() -> dict[str, str]:
    return {"client_key": str(uuid.uuid4())}


@login_required
@require_safe
def threads(request: HttpRequest, circle_id: int) -> HttpResponse:
    circle = _circle(request, circle_id)
    form = SearchForm(request.GET or None)
    q = form.cleaned_data.get("q", "") if form.is_valid() else ""
    page = Paginator(queries.threads_of(circle=circle, q=q), queries.THREADS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    can_moderate = request.user.has_perm("communities.moderate", circle)
    return render(
        request,
        "communities/discussions/threads.html",
        {
            "circle": circle,
            "page": page,
            "form": form,
            "can_post": request.user.has_perm("communities.post", circle),
            "can_moderate": can_moderate,
            "open_reports": (
                core.open_reports_count(discussions=queries.discussions_of(circle))
                if can_moderate
                else 0
            ),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def thread_create(request: HttpRequest, circle_id: int) -> HttpResponse:
    circle = _circle(request, circle_id)
    if not request.user.has_perm("communities.post", circle):
        raise PermissionDenied
    readers = queries.mentionable(Thread(circle=circle))
    form = ThreadForm(request.POST or None, request.FILES or None, initial=_key(), readers=readers)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            thread = services.thread_create(
                actor=current_user(request),
                circle=circle,
                title=data["title"],
                body=data["body"],
                files=data["attachments"],
                client_key=data["client_key"],
                tell=data.get("tell", ()),
            )
        except DomainError as exc:
            show_refusal(request, exc, form)
        else:
            warn_not_told(request, thread, data["body"], listed="tell" in form.fields)
            return redirect("communities:thread", circle_id=circle.pk, thread_id=thread.pk)
    return render(
        request, "communities/discussions/thread_form.html", {"circle": circle, "form": form}
    )


@login_required
@require_safe
def thread(request: HttpRequest, circle_id: int, thread_id: int) -> HttpResponse:
    circle = _circle(request, circle_id)
    found = queries.thread_get(circle=circle, thread_id=thread_id)
    page = core.posts_page(target=found, page_number=request.GET.get("page"))
    return render(
        request,
        "communities/discussions/thread.html",
        {
            "circle": circle,
            "thread": found,
            "page": page,
            "links": queries.links_of(circle),
            "language": circle.language,
            "form": PostForm(initial=_key(), readers=queries.mentionable(found)),
            "can_post": request.user.has_perm("communities.post", circle),
            "can_pin": request.user.has_perm("communities.pin_thread", circle),
            "can_moderate": request.user.has_perm("communities.moderate", circle),
            "hide_form": HideForm(),
            "report_form": ReportForm(),
        },
    )


@login_required
@require_POST
def reply(request: HttpRequest, circle_id: int, thread_id: int) -> HttpResponse:
    circle = _circle(request, circle_id)
    found = queries.thread_get(circle=circle, thread_id=thread_id)
    form = PostForm(request.POST, request.FILES, readers=queries.mentionable(found))
    if form.is_valid():
        try:
            post = services.post_reply(
                actor=current_user(request),
                thread=found,
                body=form.cleaned_data["body"],
                files=form.cleaned_data["attachments"],
                client_key=form.cleaned_data["client_key"],
                tell=form.cleaned_data.get("tell", ()),
            )
        except DomainError as exc:
            show_refusal(request, exc)
        else:
            listed = "tell" in form.fields
            warn_not_told(request, found, form.cleaned_data["body"], listed=listed)
            number = core.page_of_post(post=post)
            url = reverse("communities:thread", args=[circle.pk, found.pk])
            return redirect(f"{url}?page={number}#p{post.pk}")
    else:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, str(error))
    return redirect("communities:thread", circle_id=circle.pk, thread_id=found.pk)


@login_required
@require_POST
def pin(request: HttpRequest, circle_id: int, thread_id: int) -> HttpResponse:
    circle = _circle(request, circle_id)
    found = queries.thread_get(circle=circle, thread_id=thread_id)
    try:
        services.thread_pin(
            actor=current_user(request), thread=found, pinned=found.pinned_at is None
        )
    except DomainError as exc:
        show_refusal(request, exc)
    return redirect("communities:thread", circle_id=circle.pk, thread_id=found.pk)


@login_required
@require_http_methods(["GET", "POST"])
def post_edit(request: HttpRequest, circle_id: int, post_id: int) -> HttpResponse:
    circle = _circle(request, circle_id)
    post = _post(circle, post_id)
    page, corrected = edit_from_form(request, post, language=circle.language)
    if corrected:
        return redirect("communities:thread", circle_id=circle.pk, thread_id=_thread_id(post))
    return render(
        request,
        "communities/discussions/post_edit.html",
        {**page, "circle": circle, "thread": post.discussion.target},
    )


@login_required
@require_POST
def report_post(request: HttpRequest, circle_id: int, post_id: int) -> HttpResponse:
    circle = _circle(request, circle_id)
    post = _post(circle, post_id)
    report_from_form(request, post)
    return redirect("communities:thread", circle_id=circle.pk, thread_id=_thread_id(post))


@login_required
@require_safe
def moderation(request: HttpRequest, circle_id: int) -> HttpResponse:
    circle = _circle(request, circle_id)
    if not request.user.has_perm("communities.moderate", circle):
        raise PermissionDenied
    discussions = queries.discussions_of(circle)
    hidden = Paginator(core.hidden_posts(discussions=discussions), core.POSTS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "communities/discussions/moderation.html",
        {
            "circle": circle,
            "reported": core.placed(core.reported(discussions=discussions)),
            "hidden": core.placed(hidden.object_list),
            "page": hidden,
            "links": queries.links_of(circle),
            "language": circle.language,
        },
    )


@login_required
@require_POST
def moderate(request: HttpRequest, circle_id: int, post_id: int) -> HttpResponse:
    circle = _circle(request, circle_id)
    post = _post(circle, post_id)
    moderate_from_form(request, post)
    if request.POST.get("back") == "thread":
        return redirect("communities:thread", circle_id=circle.pk, thread_id=_thread_id(post))
    return redirect("communities:moderation", circle_id=circle.pk)


@login_required
@require_safe
def attachment(request: HttpRequest, circle_id: int, attachment_id: int) -> HttpResponseBase:
    """A post's file, for those who may read the circle; never from a public address."""
    circle = _circle(request, circle_id)
    found = core.attachment_get(
        discussions=queries.discussions_of(circle), attachment_id=attachment_id
    )
    return file_response(request, found.file.name or "", download_name=found.name)


urlpatterns: list[URLPattern] = [
    path("circles/<int:circle_id>/threads/", threads, name="threads"),
    path("circles/<int:circle_id>/threads/new/", thread_create, name="thread_create"),
    path("circles/<int:circle_id>/threads/<int:thread_id>/", thread, name="thread"),
    path("circles/<int:circle_id>/threads/<int:thread_id>/reply/", reply, name="reply"),
    path("circles/<int:circle_id>/threads/<int:thread_id>/pin/", pin, name="pin"),
    path("circles/<int:circle_id>/posts/<int:post_id>/edit/", post_edit, name="post_edit"),
    path("circles/<int:circle_id>/posts/<int:post_id>/report/", report_post, name="report_post"),
    path("circles/<int:circle_id>/moderation/", moderation, name="moderation"),
    path("circles/<int:circle_id>/posts/<int:post_id>/moderate/", moderate, name="moderate"),
    path("circles/<int:circle_id>/attachments/<int:attachment_id>/", attachment, name="attachment"),
]
