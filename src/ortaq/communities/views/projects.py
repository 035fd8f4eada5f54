"""Pages of development projects: lists, a project and its stages, the portfolio (web and PDF),
the assessment, evidence files and the showcase of accepted projects."""

import uuid
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import URLPattern, path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from ortaq.communities.choices import Stage
from ortaq.communities.forms_projects import (
    STAGE_FORMS,
    AssessForm,
    CommentForm,
    ConsultationForm,
    EvidenceForm,
    LogForm,
    NewProjectForm,
    ProjectForm,
    ShowcaseForm,
)
from ortaq.communities.models import Circle
from ortaq.communities.pdf import render_portfolio
from ortaq.communities.queries import projects as queries
from ortaq.communities.services import projects as services
from ortaq.core.errors import DomainError, show_refusal
from ortaq.core.files import file_response
from ortaq.core.forms import id_from

PAGE_SIZE = 20


def _circle_for(request: HttpRequest, circle_id: int) -> Circle:
    circle = get_object_or_404(Circle.objects.select_related("school", "region"), pk=circle_id)
    if not request.user.has_perm("communities.view_circle", circle):
        raise Http404
    return circle


def _key() -> str:
    return str(uuid.uuid4())


@login_required
@require_safe
def project_list(request: HttpRequest) -> HttpResponse:
    """Her projects; for facilitators, the projects of the circles they run too."""
    followed = queries.projects_followed(user=request.user)
    return render(
        request,
        "communities/projects/list.html",
        {
            "mine": queries.projects_of(user=request.user),
            "followed": followed,
            "by_stage": queries.by_stage(followed),
            "stages": Stage,
        },
    )


@login_required
@require_safe
def circle_projects(request: HttpRequest, circle_id: int) -> HttpResponse:
    circle = _circle_for(request, circle_id)
    projects = queries.circle_projects(circle=circle, user=request.user)
    return render(
        request,
        "communities/projects/circle.html",
        {
            "circle": circle,
            "projects": projects,
            "by_stage": queries.by_stage(projects),
            "can_start": request.user.has_perm("communities.add_project", circle),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def project_create(request: HttpRequest, circle_id: int) -> HttpResponse:
    circle = _circle_for(request, circle_id)
    if not request.user.has_perm("communities.add_project", circle):
        raise PermissionDenied
    form = NewProjectForm(request.POST or None, initial={"client_key": _key()})
    if request.method == "POST" and form.is_valid():
        try:
            project = services.project_create(
                actor=request.user,
                circle=circle,
                title=form.cleaned_data["title"],
                subject=form.cleaned_data["subject"],
                theme=form.cleaned_data["theme"],
                client_key=form.cleaned_data["client_key"],
            )
        except DomainError as exc:
            show_refusal(request, exc, form)
        else:
            messages.success(request, _("Your project is started."))
            return redirect("communities:project", project_id=project.pk)
    return render(request, "communities/projects/create.html", {"circle": circle, "form": form})


def _context(request: HttpRequest, page: queries.ProjectPage) -> dict[str, Any]:
    user = request.user
    project = page.project
    return {
        "page": page,
        "project": project,
        "next_step": queries.next_step(page, user),
        "stages": [
            {
                "number": s.value,
                "label": s.label,
                "reached": s.value <= project.stage,
                "current": s.value == project.stage,
                "done": s.value < Stage.PORTFOLIO and not page.missing(s.value),
                "comments": len(page.comments.get(s.value, [])),
            }
            for s in Stage
        ],
        "can_change": user.has_perm("communities.change_project", project),
        "can_comment": user.has_perm("communities.comment_project", project),
        "can_assess": user.has_perm("communities.assess_project", project),
        "sees_pupils": queries.may_see_pupils(page, user),
    }


@login_required
@require_http_methods(["GET", "POST"])
def project(request: HttpRequest, project_id: int) -> HttpResponse:
    """The overview: the stages, what each holds, and her next step."""
    page = queries.project_page(project_id=project_id, user=request.user)
    form = ProjectForm(request.POST or None, instance=page.project)
    if request.method == "POST" and form.is_valid():
        try:
            services.project_update(
                actor=request.user,
                project=page.project,
                stage=None,
                data={name: form.cleaned_data[name] for name in ("title", "subject", "theme")},
            )
        except DomainError as exc:
            show_refusal(request, exc, form)
        else:
            messages.success(request, _("The project is saved."))
            return redirect("communities:project", project_id=project_id)
    return render(
        request, "communities/projects/project.html", {**_context(request, page), "form": form}
    )


@login_required
@require_http_methods(["GET", "POST"])
def project_stage(request: HttpRequest, project_id: int, stage: int) -> HttpResponse:
    """One stage: its fields or items, and the comments on it."""
    if stage not in Stage.values:
        raise Http404
    if stage == Stage.PORTFOLIO:
        return redirect("communities:portfolio", project_id=project_id)
    page = queries.project_page(project_id=project_id, user=request.user)
    project = page.project
    action = request.POST.get("form", "")
    posted = request.POST if request.method == "POST" else None
    stage_form_class = STAGE_FORMS.get(stage)
    stage_form = (
        stage_form_class(posted if action == "fields" else None, instance=project)
        if stage_form_class
        else None
    )
    item_form_class = {2: ConsultationForm, 4: LogForm, 5: EvidenceForm}.get(stage)
    item_form = (
        item_form_class(
            posted if action == "item" else None,
            request.FILES if action == "item" else None,
            initial={"client_key": _key()},
        )
        if item_form_class
        else None
    )
    comment_form = CommentForm(posted if action == "comment" else None)
    if request.method == "POST":
        try:
            done = _stage_post(request, page, stage, action, stage_form, item_form, comment_form)
        except DomainError as exc:
            form = {"fields": stage_form, "item": item_form, "comment": comment_form}.get(action)
            show_refusal(request, exc, form)
        else:
            if done:
                return redirect("communities:project_stage", project_id=project.pk, stage=stage)
    if not comment_form.is_bound:
        comment_form = CommentForm(initial={"client_key": _key()})
    items: Any = {
        2: project.consultations.all(),
        4: project.log.all(),
        5: project.evidence.all(),
    }.get(stage, [])
    return render(
        request,
        "communities/projects/stage.html",
        {
            **_context(request, page),
            "stage": Stage(stage),
            "stage_form": stage_form,
            "item_form": item_form,
            "items": items,
            "comment_form": comment_form,
            "comments": page.comments.get(stage, []),
            "missing": page.missing(stage),
            "word_count": services.words(project.summary) if stage == Stage.SHARING else None,
            "summary_aim": services.SUMMARY_AIM,
        },
    )


def _stage_post(
    request: HttpRequest,
    page: queries.ProjectPage,
    stage: int,
    action: str,
    stage_form: Any,
    item_form: Any,
    comment_form: CommentForm,
) -> bool:
    """Do what the stage page's form asked; True when it is done (then the page reloads)."""
    actor, project = request.user, page.project
    if action == "fields" and stage_form is not None and stage_form.is_valid():
        data = {name: stage_form.cleaned_data[name] for name in stage_form.Meta.fields}
        services.project_update(actor=actor, project=project, stage=stage, data=data)
        messages.success(request, _("The stage is saved."))
        return True
    if action == "item" and item_form is not None and item_form.is_valid():
        data = item_form.cleaned_data
        if stage == Stage.CONSULTATION:
            services.consultation_add(actor=actor, project=project, **data)
        elif stage == Stage.LEADING:
            services.log_add(actor=actor, project=project, **data)
        else:
            services.evidence_add(
                actor=actor,
                project=project,
                kind=data["kind"],
                caption=data["caption"],
                text=data["text"],
                upload=data["upload"],
                pupils_appear=data["pupils_appear"],
                consent_obtained=data["consent_obtained"],
                client_key=data["client_key"],
            )
        messages.success(request, _("Added."))
        return True
    if action == "remove":
        lists: dict[str, Any] = {
            "consultation": project.consultations.all(),
            "log": project.log.all(),
            "evidence": project.evidence.all(),
        }
        item_id = id_from(request.POST.get("item"))
        chosen: Any = lists.get(request.POST.get("kind", ""), [])
        item = next((i for i in chosen if i.pk == item_id), None)
        if item is None:
            raise Http404
        services.item_remove(actor=actor, project=project, item=item)
        messages.success(request, _("Removed."))
        return True
    if action == "comment" and comment_form.is_valid():
        services.comment_add(
            actor=actor,
            project=project,
            stage=stage,
            body=comment_form.cleaned_data["body"],
            client_key=comment_form.cleaned_data["client_key"],
        )
        messages.success(request, _("Your comment is saved."))
        return True
    return False


@login_required
@require_POST
def project_advance(request: HttpRequest, project_id: int) -> HttpResponse:
    page = queries.project_page(project_id=project_id, user=request.user)
    # The stage she saw: a second click, once the project has moved on from it, changes nothing.
    seen = request.POST.get("from_stage")
    try:
        moved = services.project_advance(
            actor=request.user, project=page.project, from_stage=id_from(seen) if seen else None
        )
    except DomainError as exc:
        show_refusal(request, exc)
        return redirect(
            "communities:project_stage", project_id=project_id, stage=page.project.stage
        )
    messages.success(
        request, _("On to the stage “%(stage)s”.") % {"stage": Stage(moved.stage).label}
    )
    if moved.stage == Stage.PORTFOLIO:
        return redirect("communities:portfolio", project_id=project_id)
    return redirect("communities:project_stage", project_id=project_id, stage=moved.stage)


@login_required
@require_http_methods(["GET", "POST"])
def portfolio(request: HttpRequest, project_id: int) -> HttpResponse:
    """Everything assembled into one document; she submits it from here."""
    page = queries.project_page(project_id=project_id, user=request.user)
    if request.method == "POST":
        try:
            services.project_submit(actor=request.user, project=page.project)
        except DomainError as exc:
            show_refusal(request, exc)
        else:
            messages.success(request, _("Your portfolio is submitted for assessment."))
            return redirect("communities:project", project_id=project_id)
    return render(request, "communities/projects/portfolio.html", _context(request, page))


@login_required
@require_safe
def portfolio_pdf(request: HttpRequest, project_id: int) -> HttpResponse:
    page = queries.project_page(project_id=project_id, user=request.user)
    pdf = render_portfolio(page)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="portfolio-{project_id}.pdf"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def project_assess(request: HttpRequest, project_id: int) -> HttpResponse:
    page = queries.project_page(project_id=project_id, user=request.user)
    may_assess = request.user.has_perm("communities.assess_project", page.project)
    if not may_assess and request.method != "POST":
        raise PermissionDenied
    form = AssessForm(request.POST or None)
    # A sent assessment goes to the service even once the portfolio is no longer waiting: the
    # same decision sent again (a double click) is then saved once, and anything else refused.
    if request.method == "POST" and form.is_valid():
        try:
            services.project_assess(
                actor=request.user,
                project=page.project,
                levels=form.levels(),
                comment=form.cleaned_data["comment"],
                accept=form.cleaned_data["decision"] == "accept",
            )
        except DomainError as exc:
            show_refusal(request, exc, form)
        else:
            messages.success(request, _("Your assessment is saved; the teacher is told."))
            return redirect("communities:project", project_id=project_id)
    if not may_assess:
        raise PermissionDenied
    return render(
        request, "communities/projects/assess.html", {**_context(request, page), "form": form}
    )


@login_required
@require_safe
def evidence_file(request: HttpRequest, project_id: int, item_id: int) -> HttpResponseBase:
    """A piece of evidence's file, for those who may see the project; where pupils appear, only
    for her and those who run her circle."""
    page = queries.project_page(project_id=project_id, user=request.user)
    item = next((i for i in page.project.evidence.all() if i.pk == item_id), None)
    if item is None or not item.file:
        raise Http404
    if item.pupils_appear and not queries.may_see_pupils(page, request.user):
        raise Http404
    return file_response(request, item.file.name or "", download_name=item.file_name or None)


@login_required
@require_safe
def showcase(request: HttpRequest) -> HttpResponse:
    """Accepted projects across the network: search by words (school names too), region,
    subject and theme."""
    form = ShowcaseForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    found = queries.showcase(
        user=request.user,
        q=data.get("q", ""),
        region_id=data["region"].pk if data.get("region") else None,
        school=data.get("school", ""),
        subject_id=data["subject"].pk if data.get("subject") else None,
        theme=data.get("theme", ""),
    )
    page = Paginator(found, PAGE_SIZE).get_page(request.GET.get("page"))
    entries = [(project, queries.school_of(project)) for project in page.object_list]
    return render(
        request,
        "communities/projects/showcase.html",
        {"form": form, "page": page, "entries": entries},
    )


@login_required
@require_safe
def showcase_entry(request: HttpRequest, project_id: int) -> HttpResponse:
    """An accepted project as the network reads it: her concern, what she presented where, and
    the publishable summary. Her notes, log, evidence and the assessment stay in the portfolio,
    for her and those who run her circle."""
    project = queries.showcase_entry(project_id=project_id, user=request.user)
    return render(
        request,
        "communities/projects/showcase_entry.html",
        {
            "project": project,
            "school": queries.school_of(project),
            "full": request.user.has_perm("communities.view_project", project),
        },
    )


urlpatterns: list[URLPattern] = [
    path("projects/", project_list, name="projects"),
    path("showcase/", showcase, name="showcase"),
    path("showcase/<int:project_id>/", showcase_entry, name="showcase_entry"),
    path("circles/<int:circle_id>/projects/", circle_projects, name="circle_projects"),
    path("circles/<int:circle_id>/projects/new/", project_create, name="project_create"),
    path("projects/<int:project_id>/", project, name="project"),
    path("projects/<int:project_id>/stages/<int:stage>/", project_stage, name="project_stage"),
    path("projects/<int:project_id>/advance/", project_advance, name="project_advance"),
    path("projects/<int:project_id>/portfolio/", portfolio, name="portfolio"),
    path("projects/<int:project_id>/portfolio.pdf", portfolio_pdf, name="portfolio_pdf"),
    path("projects/<int:project_id>/assess/", project_assess, name="project_assess"),
    path(
        "projects/<int:project_id>/evidence/<int:item_id>/file/",
        evidence_file,
        name="evidence_file",
    ),
]
