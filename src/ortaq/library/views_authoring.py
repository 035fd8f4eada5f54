"""The pages of writing a resource: a new resource, its page (the published version for
everyone; the open version and its review for the people who work on it), a version's page,
two versions side by side, the edit page with its files, and a contributor's page."""

import difflib
from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from ortaq.accounts.models import User
from ortaq.core.actors import AuthenticatedHttpRequest
from ortaq.core.errors import DomainError, carry_out, show_refusal
from ortaq.core.files import file_response
from ortaq.library import queries_review as queries
from ortaq.library import services
from ortaq.library.choices import EDITABLE, Licence, Status
from ortaq.library.forms_authoring import (
    AttachmentForm,
    CommentForm,
    ResourceForm,
    VersionForm,
)
from ortaq.library.models import Attachment, Resource, Version
from ortaq.schools.models import School

REVIEW = "library.view_review"
EDIT = "library.edit_resource"


@login_required
@require_http_methods(["GET", "POST"])
def resource_new(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Start a resource: what it is and its first draft."""
    profile = getattr(request.user, "profile", None)
    subjects = list(profile.subjects.all()) if profile is not None else []
    form = ResourceForm(
        request.POST or None,
        initial={
            "language": request.LANGUAGE_CODE,
            "subject": subjects[0].pk if subjects else None,
        },
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        original = None
        if data.get("translation_of"):
            original = (
                Resource.objects.visible_to(request.user).filter(pk=data["translation_of"]).first()
            )
            if original is None:
                form.add_error("translation_of", _("No resource you may read has this number."))
        if form.is_valid():
            try:
                made = services.resource_create(
                    actor=request.user,
                    about=services.NewResource(
                        kind=data["kind"],
                        subject=data["subject"],
                        language=data["language"],
                        coauthors=data["coauthors"],
                        translation_of=original,
                    ),
                    draft=form.draft(),
                )
            except DomainError as exc:
                show_refusal(request, exc, form)
            else:
                messages.success(
                    request, _("Your draft is saved. Attach files, then submit it for review.")
                )
                return redirect("library:edit", resource_id=made.pk)
    return render(request, "library/resource_new.html", {"form": form})


@dataclass(frozen=True)
class LicenceShown:
    label: str
    url: str


def _licence(version: Version) -> LicenceShown:
    licence = Licence(version.licence)
    return LicenceShown(str(licence.label), licence.url)


@require_safe
def resource(request: HttpRequest, resource_id: int) -> HttpResponse:
    """A resource's page: its published version for every reader; for its authors, its
    moderators and its experts also the version being written or reviewed, and the review."""
    found = queries.resource_get(request.user, resource_id)
    works_on = request.user.has_perm(REVIEW, found)
    current = queries.with_parts(found.current)
    if current is not None:
        current.resource = found
    open_version = queries.open_version(found) if works_on else None
    return render(
        request,
        "library/resource.html",
        {
            "resource": found,
            "version": current,
            "licence": _licence(current) if current else None,
            "approver": queries.approver_shown(current) if current else "",
            "authors": list(found.authors.all()),
            "versions": queries.versions_of(request.user, found),
            "translations": queries.translations_of(found),
            "works_on": works_on,
            "can_edit": request.user.has_perm(EDIT, found),
            "open_version": open_version,
            "thread": queries.thread_of(found) if works_on else [],
            "comment_form": CommentForm() if works_on and open_version is not None else None,
        },
    )


@require_safe
def version(request: HttpRequest, resource_id: int, number: int) -> HttpResponse:
    """One version of a resource as it was: an earlier published one, or (for the people who
    work on it) a draft or a version in review."""
    found = queries.resource_get(request.user, resource_id)
    shown = queries.version_get(request.user, found, number)
    return render(
        request,
        "library/version.html",
        {
            "resource": found,
            "version": shown,
            "licence": _licence(shown),
            "approver": queries.approver_shown(shown),
            "authors": list(found.authors.all()),
            "versions": queries.versions_of(request.user, found),
        },
    )


@dataclass(frozen=True)
class Row:
    """A line of two versions side by side: what it says in each and how it changed (in
    words, not colour alone)."""

    change: str
    left: str
    right: str


def _diff(left: str, right: str) -> list[Row]:
    a, b = left.splitlines(), right.splitlines()
    rows: list[Row] = []
    labels = {
        "replace": _("changed"),
        "delete": _("removed"),
        "insert": _("added"),
        "equal": "",
    }
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        old, new = a[i1:i2], b[j1:j2]
        for k in range(max(len(old), len(new))):
            rows.append(
                Row(
                    labels[tag],
                    old[k] if k < len(old) else "",
                    new[k] if k < len(new) else "",
                )
            )
    return rows


@require_safe
def compare(request: HttpRequest, resource_id: int) -> HttpResponse:
    """Two versions side by side (``?a=1&b=2``), line by line, each change named."""
    found = queries.resource_get(request.user, resource_id)
    versions = queries.versions_of(request.user, found)
    by_number = {v.number: v for v in versions}
    try:
        a = int(request.GET.get("a") or (versions[1].number if len(versions) > 1 else 0))
        b = int(request.GET.get("b") or (versions[0].number if versions else 0))
    except ValueError as exc:
        raise Http404 from exc
    if a not in by_number or b not in by_number:
        raise Http404
    left, right = by_number[a], by_number[b]
    fields = [
        (_("Title"), _diff(left.title, right.title)),
        (_("Summary"), _diff(left.summary, right.summary)),
        (_("Text"), _diff(left.body, right.body)),
    ]
    return render(
        request,
        "library/compare.html",
        {
            "resource": found,
            "left": left,
            "right": right,
            "fields": fields,
            "versions": versions,
        },
    )


def _editing(request: AuthenticatedHttpRequest, resource_id: int) -> tuple[Resource, Version]:
    found = queries.resource_get(request.user, resource_id)
    if not request.user.has_perm(EDIT, found):
        raise PermissionDenied
    open_version = queries.open_version(found)
    if open_version is None:
        raise Http404
    return found, open_version


@login_required
@require_http_methods(["GET", "POST"])
def edit(request: AuthenticatedHttpRequest, resource_id: int) -> HttpResponse:
    """Edit the open version (its authors). Saved meanwhile by someone else: her text stays in
    the form, and the other's is shown beside it; nothing is overwritten."""
    found, editing = _editing(request, resource_id)
    if editing.status not in EDITABLE:
        messages.info(request, _("This version is in review: it is not edited meanwhile."))
        return redirect("library:resource", resource_id=found.pk)
    form = VersionForm(
        request.POST or None,
        initial=VersionForm.initial_of(editing),
        summative=found.is_summative,
    )
    conflict: Version | None = None
    if request.method == "POST" and form.is_valid():
        try:
            services.version_save(
                actor=request.user,
                version=editing,
                revision=form.cleaned_data["revision"],
                draft=form.draft(),
            )
        except services.DraftConflict as exc:
            conflict = queries.with_parts(exc.current)
            form.add_error(None, exc.message)
            # Her next save starts from the revision she has now seen.
            data = form.data.copy()  # type: ignore[attr-defined]
            data["revision"] = str(exc.current.revision)
            form.data = data
        except DomainError as exc:
            show_refusal(request, exc, form)
        else:
            messages.success(request, _("The draft is saved."))
            return redirect("library:edit", resource_id=found.pk)
    return render(
        request,
        "library/edit.html",
        {
            "resource": found,
            "version": editing,
            "form": form,
            "conflict": conflict,
            "attachment_form": AttachmentForm(),
            "thread": queries.thread_of(found),
        },
    )


@login_required
@require_POST
def attachment_add(request: AuthenticatedHttpRequest, resource_id: int) -> HttpResponse:
    found, editing = _editing(request, resource_id)
    form = AttachmentForm(request.POST, request.FILES)
    if form.is_valid():
        carry_out(
            request,
            lambda: services.attachment_add(
                actor=request.user, version=editing, upload=form.cleaned_data["file"]
            ),
            done=_("The file is attached."),
        )
    else:
        messages.error(request, _("Choose a file to attach."))
    return redirect("library:edit", resource_id=found.pk)


@login_required
@require_POST
def attachment_remove(
    request: AuthenticatedHttpRequest, resource_id: int, file_id: int
) -> HttpResponse:
    found, editing = _editing(request, resource_id)
    attachment = get_object_or_404(Attachment, pk=file_id, version=editing)
    carry_out(
        request,
        lambda: services.attachment_remove(actor=request.user, attachment=attachment),
        done=_("The file is removed from this version."),
    )
    return redirect("library:edit", resource_id=found.pk)


@login_required
@require_POST
def submit(request: AuthenticatedHttpRequest, resource_id: int) -> HttpResponse:
    """Submit the open version, or resubmit it after changes."""
    found, editing = _editing(request, resource_id)
    try:
        done = services.version_submit(actor=request.user, version=editing)
    except DomainError as exc:
        show_refusal(request, exc)
        return redirect("library:edit", resource_id=found.pk)
    if done.status == Status.IN_REVIEW:
        messages.success(request, _("Your version is sent back to its experts."))
    else:
        messages.success(request, _("Your version is sent to the moderators for review."))
    return redirect("library:resource", resource_id=found.pk)


@login_required
@require_POST
def withdraw(request: AuthenticatedHttpRequest, resource_id: int) -> HttpResponse:
    found, editing = _editing(request, resource_id)
    carry_out(
        request,
        lambda: services.version_withdraw(actor=request.user, version=editing),
        done=_("The version is withdrawn."),
    )
    return redirect("library:resource", resource_id=found.pk)


@login_required
@require_POST
def version_start(request: AuthenticatedHttpRequest, resource_id: int) -> HttpResponse:
    """Start the next version of a published resource (its authors)."""
    found = queries.resource_get(request.user, resource_id)
    if not request.user.has_perm(EDIT, found):
        raise PermissionDenied
    try:
        services.version_start(actor=request.user, resource=found)
    except DomainError as exc:
        show_refusal(request, exc)
        return redirect("library:resource", resource_id=found.pk)
    messages.success(
        request,
        _("A new version is started: readers get the published one until this is approved."),
    )
    return redirect("library:edit", resource_id=found.pk)


@login_required
@require_POST
def comment(request: AuthenticatedHttpRequest, resource_id: int) -> HttpResponse:
    """Write in the review of the open version."""
    found = queries.resource_get(request.user, resource_id)
    if not request.user.has_perm(REVIEW, found):
        raise PermissionDenied
    open_version = queries.open_version(found)
    if open_version is None:
        raise Http404
    form = CommentForm(request.POST)
    if form.is_valid():
        carry_out(
            request,
            lambda: services.comment_add(
                actor=request.user, version=open_version, body=form.cleaned_data["body"]
            ),
            done=_("Your comment is added."),
        )
    else:
        messages.error(request, _("Write your comment."))
    return redirect(reverse("library:resource", kwargs={"resource_id": found.pk}) + "#review")


@require_safe
def download(request: HttpRequest, file_id: int) -> HttpResponseBase:
    """A version's file, for those who may read that version; counts a download."""
    attachment = queries.attachment_get(request.user, file_id)
    response = file_response(request, attachment.file.name or "", download_name=attachment.name)
    services.resource_downloaded(resource=attachment.version.resource)
    return response


@require_safe
def person(request: HttpRequest, contributor_id: int) -> HttpResponse:
    """What a contributor published in the library."""
    found = get_object_or_404(User, pk=contributor_id, is_active=True)
    published = list(queries.published_by(found)[:200])
    if not published:
        raise Http404
    return render(request, "library/person.html", {"person": found, "resources": published})


def school_section(request: HttpRequest, school: School) -> SafeString:
    """The part of a school's page listing what its teachers published in the library."""
    published = list(queries.published_at_school(school)[:20])
    if not published:
        return mark_safe("")  # noqa: S308 - an empty string
    return mark_safe(  # noqa: S308 - a rendered template
        render_to_string(
            "library/includes/school_section.html",
            {"resources": published, "school": school},
            request=request,
        )
    )
