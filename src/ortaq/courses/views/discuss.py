"""A course's discussions on its activity pages: writing (a reply, a quote, files, mentions),
correcting with history, reporting, the files of posts (served only to its readers), and the
moderation page (hiding, showing again, closing reports). The discussion core's templates draw
the posts; this module says which course, activity and enrolment they belong to."""

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from ortaq.accounts.queries import current_user
from ortaq.core.errors import DomainError, show_refusal
from ortaq.core.files import file_response
from ortaq.core.forms import id_from
from ortaq.courses import queries, services
from ortaq.courses.choices import EnrollmentStatus
from ortaq.courses.models import Activity, Course, Enrollment
from ortaq.courses.policies import TAKING_PART, takes_part
from ortaq.courses.queries.discussion import discussions_of, links_of
from ortaq.discussions import queries as core
from ortaq.discussions.forms import PostForm
from ortaq.discussions.models import Post
from ortaq.discussions.policies import target_of
from ortaq.discussions.views import (
    edit_from_form,
    moderate_from_form,
    report_from_form,
    warn_not_told,
)

# Said wherever her step completes the course: the button, a page read, a quiz, a post…
COMPLETED = gettext_noop("You have completed the course. Your certificate is being prepared.")


def discussion_context(
    request: HttpRequest, item: Activity, enrollment: Enrollment | None
) -> dict[str, object]:
    """A page of threads, and the form to write, reply or quote (keeping the page)."""
    course = item.module.course
    page, threads = core.threads_page(
        target=item,
        viewer_id=request.user.pk,
        page_number=request.GET.get("page"),
    )
    on_page = {p.pk: p for t in threads for p in (t.post, *t.replies) if not p.is_hidden}
    replying = on_page.get(id_from(request.GET.get("reply")))
    quoting = on_page.get(id_from(request.GET.get("quote")))
    can_moderate = request.user.has_perm("courses.moderate", course)
    return {
        "page": page,
        "threads": threads,
        "post_form": PostForm(
            initial={
                "parent": replying.pk if replying else None,
                "quote": quoting.pk if quoting else None,
                "client_key": uuid.uuid4(),
            }
        ),
        "quoting": quoting,
        "replying": replying,
        "can_moderate": can_moderate,
        "can_post": can_moderate or (enrollment is not None and enrollment.status in TAKING_PART),
        "threaded": True,
        "links": links_of(course),
        "language": course.language,
    }


def _post(course: Course, post_id: int) -> Post:
    """A post of one of the course's discussions (404 otherwise), its activity at hand."""
    post = core.post_get(discussions=discussions_of(course), post_id=post_id)
    activity = Activity.objects.select_related("module").get(pk=post.discussion.target_id)
    activity.module.course = course
    post.discussion.target = activity
    return post


def _back_to(post: Post) -> HttpResponse:
    activity: Activity = target_of(post.discussion)
    url = reverse("courses:activity", args=[activity.module.course_id, activity.pk])
    return redirect(f"{url}#p{post.pk}")


@login_required
@require_POST
def post(request: HttpRequest, course_id: int, activity_id: int) -> HttpResponse:
    course = queries.course_get_for_user(course_id=course_id, user=request.user)
    item = queries.activity_get_for_user(course=course, activity_id=activity_id, user=request.user)
    form = PostForm(request.POST, request.FILES)
    if form.is_valid():
        data = form.cleaned_data
        # The post answered and the post quoted, when they are in this discussion.
        named = Post.objects.filter(
            discussion__activity=item, pk__in=[data["parent"], data["quote"]]
        )
        found = {p.pk: p for p in named}
        enrollment = Enrollment.objects.filter(user=current_user(request), course=course).first()
        was_active = enrollment is not None and enrollment.status == EnrollmentStatus.ACTIVE
        try:
            services.post_create(
                actor=current_user(request), activity=item, body=data["body"],
                parent=found.get(data["parent"]), quote=found.get(data["quote"]),
                files=data["attachments"], client_key=data["client_key"],
            )  # fmt: skip
        except DomainError as exc:
            show_refusal(request, exc)
        else:
            messages.success(request, _("Your message is posted."))
            warn_not_told(request, item, data["body"], listed=False)
            if was_active and enrollment is not None:
                enrollment.refresh_from_db(fields=["status"])
                if enrollment.status == EnrollmentStatus.COMPLETED:
                    # Writing in the discussion was her last step; she stays to see her post.
                    messages.success(request, _(COMPLETED))
    else:
        messages.error(request, _("Write your message first."))
    return redirect("courses:activity", course_id=course.pk, activity_id=item.pk)


@login_required
@require_POST
def post_report(request: HttpRequest, course_id: int, post_id: int) -> HttpResponse:
    course = queries.course_get_for_user(course_id=course_id, user=request.user)
    found = _post(course, post_id)
    report_from_form(request, found)
    return _back_to(found)


@login_required
@require_http_methods(["GET", "POST"])
def post_edit(request: HttpRequest, course_id: int, post_id: int) -> HttpResponse:
    """Correct her own post (the earlier texts are kept and listed)."""
    course = queries.course_get_for_user(course_id=course_id, user=request.user)
    found = _post(course, post_id)
    page, corrected = edit_from_form(request, found, language=course.language)
    if corrected:
        return _back_to(found)
    return render(
        request,
        "courses/post_edit.html",
        {**page, "course": course, "activity": found.discussion.target},
    )


@login_required
@require_safe
def attachment(request: HttpRequest, course_id: int, attachment_id: int) -> HttpResponseBase:
    """A post's file, for those who take part in the course's discussions; never public."""
    course = queries.course_get_for_user(course_id=course_id, user=request.user)
    user = current_user(request)
    if not (
        takes_part(user, course)
        or user.has_perm("courses.moderate", course)
        or user.has_perm("courses.change_course", course)
    ):
        raise PermissionDenied
    found = core.attachment_get(discussions=discussions_of(course), attachment_id=attachment_id)
    return file_response(request, found.file.name or "", download_name=found.name)


@login_required
@require_safe
def moderation(request: HttpRequest, course_id: int) -> HttpResponse:
    """Posts reported in the course's discussions, oldest first, and the hidden ones."""
    course = queries.course_get_for_user(course_id=course_id, user=request.user)
    if not request.user.has_perm("courses.moderate", course):
        raise PermissionDenied
    discussions = discussions_of(course)
    hidden = Paginator(core.hidden_posts(discussions=discussions), core.POSTS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "courses/organise/moderation.html",
        {
            "course": course,
            "reported": core.placed(core.reported(discussions=discussions)),
            "hidden": core.placed(hidden.object_list),
            "page": hidden,
            "links": links_of(course),
            "language": course.language,
        },
    )


@login_required
@require_POST
def moderate(request: HttpRequest, course_id: int, post_id: int) -> HttpResponse:
    """Hide a post (with a reason its author sees), show it again, or dismiss its reports."""
    course = queries.course_get_for_user(course_id=course_id, user=request.user)
    found = _post(course, post_id)
    moderate_from_form(request, found)
    if request.POST.get("back") == "activity":
        return _back_to(found)
    return redirect("courses:moderation", course_id=course_id)
