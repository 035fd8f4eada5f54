"""Pages of associations: the directory, each association's public site and its news, and the
pages where its coordinators keep it: its text, member schools, people and news."""

import uuid
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from ortaq.accounts.models import User
from ortaq.core.actors import AuthenticatedHttpRequest
from ortaq.core.decorators import check_object_perm, require_perm
from ortaq.core.errors import DomainError, show_refusal
from ortaq.core.i18n import current_language, localized
from ortaq.core.markup import summary
from ortaq.networks import queries, services
from ortaq.networks.forms import (
    AppointForm,
    AssociationCreateForm,
    AssociationSearchForm,
    AssociationTextForm,
    MemberSchoolForm,
    NewsForm,
    SchoolFindForm,
)
from ortaq.networks.models import Association, NewsPost
from ortaq.networks.sections import association_sections
from ortaq.schools.models import School

PAGE_SIZE = 25
DESCRIPTION_LENGTH = 200
CHANGE, NEWS = "networks.change_association", "networks.post_news"

# A page shown in another language than the reader's says so, in a whole sentence for each
# pair (the reader's language, the one shown), so that each reads right in every language.
SHOWN_IN = {
    ("kk", "ru"): gettext_lazy(
        "This association has not written its page in Kazakh yet: it is shown in Russian."
    ),
    ("kk", "en"): gettext_lazy(
        "This association has not written its page in Kazakh yet: it is shown in English."
    ),
    ("ru", "kk"): gettext_lazy(
        "This association has not written its page in Russian yet: it is shown in Kazakh."
    ),
    ("ru", "en"): gettext_lazy(
        "This association has not written its page in Russian yet: it is shown in English."
    ),
    ("en", "kk"): gettext_lazy(
        "This association has not written its page in English yet: it is shown in Kazakh."
    ),
    ("en", "ru"): gettext_lazy(
        "This association has not written its page in English yet: it is shown in Russian."
    ),
}


def _association(request: HttpRequest, slug: str, perm: str = "") -> Association:
    """The association at ``slug`` (404 if none); with ``perm``, 403 to anyone without it."""
    association = queries.association_get(slug=slug)
    if perm:
        check_object_perm(request, perm, association)
    return association


def _about_description(association: Association) -> str:
    """What search engines and link previews show of the association: its about text's first
    words, or what it is where it wrote none."""
    about = localized(association, "about")
    if about:
        return summary(about, DESCRIPTION_LENGTH)
    return _("An association of schools of %(region)s on Ortaq.") % {
        "region": association.region.name
    }


@require_safe
def directory(request: HttpRequest) -> HttpResponse:
    """Every association, by name; found by words of its name and by region."""
    form = AssociationSearchForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    found = queries.associations_listed(
        user=request.user,
        q=data.get("q", ""),
        region_id=data["region"].pk if data.get("region") else None,
    )
    page = Paginator(found, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "networks/directory.html",
        {
            "form": form,
            "page": page,
            "can_add": request.user.has_perm("networks.add_association"),
        },
    )


@require_perm("networks.add_association")
@require_http_methods(["GET", "POST"])
def create(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Create an association in a region she looks after, and name its first coordinator."""
    regions = queries.founding_regions_of(user=request.user)
    form = AssociationCreateForm(
        request.POST or None, regions=regions, initial={"coordinator": request.user.email}
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            association = services.association_create(
                actor=request.user,
                slug=data["slug"],
                region=data["region"],
                text=form.text(),
                coordinator=data["coordinator"],
            )
        except DomainError as exc:
            if exc.code == "slug":
                form.add_error("slug", exc.message)
            else:
                show_refusal(request, exc, form)
        else:
            messages.success(request, _("The association is created: add its member schools."))
            return redirect("networks:schools", slug=association.slug)
    return render(request, "networks/create.html", {"form": form})


@require_safe
def association(request: HttpRequest, slug: str) -> HttpResponse:
    """The association's public site: what it is, its member schools, who runs it, its news."""
    found = _association(request, slug)
    language = found.written_in()
    shown_in = SHOWN_IN.get((current_language(), language))
    page = queries.news_page(
        association=found, after=request.GET.get("after"), before=request.GET.get("before")
    )
    return render(
        request,
        "networks/association.html",
        {
            "association": found,
            "language": language,
            "shown_in": shown_in,
            "schools": queries.member_schools(association=found),
            # Read before the rights below (and the sections' own), which then cost no query.
            "stewards": queries.stewards(association=found),
            "sections": association_sections(request, found),
            "page": page,
            "description": _about_description(found),
            "can_change": request.user.has_perm(CHANGE, found),
            "can_post_news": request.user.has_perm(NEWS, found),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def edit(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    """Change the association's name and about text, in each of its languages."""
    found = _association(request, slug, CHANGE)
    initial = {
        name: getattr(found, name)
        for name in ("name_kk", "name_ru", "name_en", "about_kk", "about_ru", "about_en")
    }
    form = AssociationTextForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.association_update(actor=request.user, association=found, text=form.text())
        except DomainError as exc:
            show_refusal(request, exc, form)
        else:
            messages.success(request, _("The association's page is saved."))
            return redirect("networks:association", slug=found.slug)
    return render(request, "networks/edit.html", {"association": found, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def schools(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    """Its member schools, each with a button to take it out; and a search among the other
    schools of its region, each with a button to add it."""
    found = _association(request, slug, CHANGE)
    if request.method == "POST":
        form = MemberSchoolForm(request.POST, region=found.region)
        if not form.is_valid():
            for errors in form.errors.values():
                messages.error(request, " ".join(str(e) for e in errors))
            return redirect(request.get_full_path())
        school: School = form.cleaned_data["school"]
        try:
            if form.cleaned_data["action"] == "add":
                services.school_add(actor=request.user, association=found, school=school)
                messages.success(
                    request,
                    _("%(school)s is now a member of the association.") % {"school": school.name},
                )
            else:
                services.school_remove(actor=request.user, association=found, school=school)
                messages.success(
                    request,
                    _("%(school)s is no longer a member of the association.")
                    % {"school": school.name},
                )
        except DomainError as exc:
            show_refusal(request, exc)
        return redirect(request.get_full_path())
    find = SchoolFindForm(request.GET or None, region=found.region)
    criteria = find.cleaned_data if find.is_valid() else {}
    district = criteria.get("district")
    offered = queries.schools_offered(
        association=found,
        q=criteria.get("q", ""),
        district_id=district.pk if district is not None else None,
    )
    return render(
        request,
        "networks/schools.html",
        {
            "association": found,
            "members": queries.member_schools(association=found),
            "find": find,
            "offered": offered,
        },
    )


def _person_by_id(value: str | None) -> User:
    return get_object_or_404(
        User, pk=int(value) if value and value.isascii() and value.isdigit() else 0
    )


def _appointment_forms(data: Any = None) -> tuple[AppointForm, AppointForm]:
    coordinator = AppointForm(
        data if data is not None and "coordinator-email" in data else None,
        prefix="coordinator",
        label=_("E-mail of the new coordinator"),
    )
    editor = AppointForm(
        data if data is not None and "editor-email" in data else None,
        prefix="editor",
        label=_("E-mail of the editor"),
    )
    return coordinator, editor


@login_required
@require_http_methods(["GET", "POST"])
def people(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    """Its coordinators and editor: appoint them by e-mail, take them off."""
    found = _association(request, slug, CHANGE)
    coordinator_form, editor_form = _appointment_forms(request.POST or None)
    if request.method == "POST":
        action = request.POST.get("action", "")
        try:
            if coordinator_form.is_bound and coordinator_form.is_valid():
                person = coordinator_form.cleaned_data["email"]
                services.coordinator_appoint(actor=request.user, association=found, person=person)
                messages.success(
                    request, _("%(name)s is a coordinator of the association.") % {"name": person}
                )
                return redirect("networks:people", slug=found.slug)
            if editor_form.is_bound and editor_form.is_valid():
                person = editor_form.cleaned_data["email"]
                services.editor_appoint(actor=request.user, association=found, person=person)
                messages.success(
                    request, _("%(name)s is the association's editor.") % {"name": person}
                )
                return redirect("networks:people", slug=found.slug)
            if action == "remove_coordinator":
                person = _person_by_id(request.POST.get("person"))
                services.coordinator_remove(actor=request.user, association=found, person=person)
                messages.success(
                    request,
                    _("%(name)s is no longer a coordinator of the association.") % {"name": person},
                )
                return redirect("networks:people", slug=found.slug)
            if action == "remove_editor":
                services.editor_remove(actor=request.user, association=found)
                messages.success(request, _("The association has no editor now."))
                return redirect("networks:people", slug=found.slug)
        except DomainError as exc:
            show_refusal(request, exc)
            return redirect("networks:people", slug=found.slug)
    return render(
        request,
        "networks/people.html",
        {
            "association": found,
            "stewards": queries.stewards(association=found),
            "coordinator_form": coordinator_form,
            "editor_form": editor_form,
        },
    )


@require_safe
def news(request: HttpRequest, slug: str, news_id: int) -> HttpResponse:
    """One news post of the association, whole."""
    found = _association(request, slug)
    post = queries.news_get(association=found, news_id=news_id)
    return render(
        request,
        "networks/news.html",
        {
            "association": found,
            "post": post,
            "description": summary(post.body, DESCRIPTION_LENGTH) or post.title,
            "can_post_news": request.user.has_perm(NEWS, found),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def news_create(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    """Write a news post for the association's site."""
    found = _association(request, slug, NEWS)
    form = NewsForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            post = services.news_create(
                actor=request.user,
                association=found,
                title=data["title"],
                body=data["body"],
                language=data["language"],
                client_key=data["client_key"],
            )
        except DomainError as exc:
            show_refusal(request, exc, form)
        else:
            messages.success(request, _("The news post is published."))
            return redirect("networks:news", slug=found.slug, news_id=post.pk)
    if not form.is_bound:
        form = NewsForm(initial={"client_key": str(uuid.uuid4()), "language": current_language()})
    return render(
        request, "networks/news_form.html", {"association": found, "form": form, "post": None}
    )


def _post(request: HttpRequest, slug: str, news_id: int) -> tuple[Association, NewsPost]:
    found = _association(request, slug, NEWS)
    return found, queries.news_get(association=found, news_id=news_id)


@login_required
@require_http_methods(["GET", "POST"])
def news_edit(request: AuthenticatedHttpRequest, slug: str, news_id: int) -> HttpResponse:
    """Correct a news post; the page also offers to delete it."""
    found, post = _post(request, slug, news_id)
    initial = {"title": post.title, "body": post.body, "language": post.language}
    form = NewsForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.news_update(
                actor=request.user,
                post=post,
                title=data["title"],
                body=data["body"],
                language=data["language"],
            )
        except DomainError as exc:
            show_refusal(request, exc, form)
        else:
            messages.success(request, _("The news post is saved."))
            return redirect("networks:news", slug=found.slug, news_id=post.pk)
    return render(
        request, "networks/news_form.html", {"association": found, "form": form, "post": post}
    )


@login_required
@require_POST
def news_delete(request: AuthenticatedHttpRequest, slug: str, news_id: int) -> HttpResponse:
    found, post = _post(request, slug, news_id)
    try:
        services.news_delete(actor=request.user, post=post)
    except DomainError as exc:
        show_refusal(request, exc)
        return redirect("networks:news", slug=found.slug, news_id=post.pk)
    messages.success(request, _("The news post is deleted."))
    return redirect("networks:association", slug=found.slug)


def school_section(request: HttpRequest, school: School) -> SafeString:
    """The part of a school's page that lists the associations it belongs to (registered with
    ``schools.sections``); nothing for a school of none."""
    found = queries.associations_of_school(school=school)
    if not found:
        return mark_safe("")  # noqa: S308 - a constant empty string
    return render_to_string(
        "networks/school_section.html", {"associations": found, "school": school}, request
    )
