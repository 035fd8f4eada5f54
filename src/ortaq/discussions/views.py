"""What every owner's pages do with one post, in one place: correct it, report it, and a
moderator's form (hide with a reason, show again, close the reports). The owner's view finds
the post (404 or 403 for who may not read it) and says where to go back to."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.utils.translation import gettext as _

from ortaq.accounts.queries import current_user
from ortaq.core.errors import DomainError, show_refusal
from ortaq.discussions import services
from ortaq.discussions.forms import EditForm, HideForm, ReportForm
from ortaq.discussions.models import Post
from ortaq.discussions.policies import policy_for_model
from ortaq.discussions.queries import revisions_of


def warn_not_told(request: HttpRequest, target: Any, body: str, *, listed: bool) -> None:
    """Name each @handle of ``body`` that was not told, as no one who may read the discussion
    of ``target`` has it (the post is published all the same). ``listed``: the form offered the
    readers to tick."""
    for handle in services.handles_not_told(policy_for_model(type(target)), target, body):
        if listed:
            text = _(
                "@%(handle)s cannot read this discussion (or is not known here) and was not "
                "told. Choose whom to tell from the list of members."
            )
        else:
            text = _(
                "@%(handle)s cannot read this discussion (or is not known here) and was not told."
            )
        messages.warning(request, text % {"handle": handle})


def report_from_form(request: HttpRequest, post: Post) -> None:
    """Report ``post`` with the reason in the form, saying how it went."""
    form = ReportForm(request.POST)
    try:
        services.post_report(
            actor=current_user(request),
            post=post,
            reason=form.cleaned_data["reason"] if form.is_valid() else "",
        )
        messages.success(request, _("Thank you: the moderators will look at it."))
    except DomainError as exc:
        show_refusal(request, exc)


def moderate_from_form(request: HttpRequest, post: Post) -> None:
    """Do what a moderator's form asks (``action``: dismiss, unhide, else hide with the
    reason), saying how it went."""
    actor = current_user(request)
    try:
        if request.POST.get("action") == "dismiss":
            services.reports_dismiss(actor=actor, post=post)
            messages.success(request, _("The reports are closed; the post stays."))
        elif request.POST.get("action") == "unhide":
            services.post_unhide(actor=actor, post=post)
            messages.success(request, _("The post is shown again."))
        else:
            form = HideForm(request.POST)
            reason = form.cleaned_data["reason"] if form.is_valid() else ""
            services.post_hide(actor=actor, post=post, reason=reason)
            messages.success(request, _("The post is hidden."))
    except DomainError as exc:
        show_refusal(request, exc)


def edit_from_form(
    request: HttpRequest, post: Post, *, language: str
) -> tuple[dict[str, object], bool]:
    """Her correction of ``post`` (403 for anyone but its author): whether the post was
    corrected, and else what the page of ``includes/post_edit.html`` shows (the form, the
    earlier texts, the discussion's ``language``)."""
    if post.author_id != request.user.pk:
        raise PermissionDenied
    form = EditForm(request.POST or None, initial={"body": post.body})
    if request.method == "POST" and form.is_valid():
        try:
            services.post_edit(
                actor=current_user(request), post=post, body=form.cleaned_data["body"]
            )
        except DomainError as exc:
            show_refusal(request, exc, form)
        else:
            messages.success(request, _("Your post is corrected."))
            return {}, True
    page = {"post": post, "form": form, "revisions": revisions_of(post=post), "language": language}
    return page, False
