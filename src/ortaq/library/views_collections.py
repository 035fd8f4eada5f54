"""Collections' pages: the list of public collections (and hers), a collection with its
resources in order, making and editing one, adding a resource from its page, moving one up or
down and taking it out (plain forms: no script needed), and the downloads (the offline pack and
the PDF). A private collection answers 404 to everyone but its owner; a change by anyone else
to a public one 403 (decision 0011)."""

from io import BytesIO
from typing import IO

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from ortaq.core.actors import AuthenticatedHttpRequest
from ortaq.core.decorators import require_perm
from ortaq.core.errors import DomainError, show_refusal
from ortaq.core.forms import id_from
from ortaq.library import packs
from ortaq.library import queries_collections as queries
from ortaq.library import services_collections as services
from ortaq.library.forms_collections import AddForm, CollectionForm
from ortaq.library.links import resource_url
from ortaq.library.models import Resource

PER_PAGE = 30


@require_safe
def collections(request: HttpRequest) -> HttpResponse:
    """Public collections, the latest changed first; and hers, when she is signed in."""
    listed = queries.collections_listed(user=request.user).filter(is_public=True)
    page = Paginator(listed, PER_PAGE).get_page(request.GET.get("page"))
    mine = (
        list(queries.collections_listed(user=request.user, mine=True))
        if request.user.is_authenticated
        else []
    )
    return render(request, "library/collections/list.html", {"page": page, "mine": mine})


def _published(resource_id: int | None) -> Resource | None:
    if not resource_id:
        return None
    return Resource.objects.published().filter(pk=resource_id).first()


@require_perm("library.create_collection")
@require_http_methods(["GET", "POST"])
def collection_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Make a collection; started from a resource's page, the resource goes into it."""
    form = CollectionForm(
        request.POST or None, initial={"resource": id_from(request.GET.get("resource")) or None}
    )
    if request.method == "POST" and form.is_valid():
        try:
            made = services.collection_create(actor=request.user, fields=form.fields_out())
            resource = _published(form.cleaned_data["resource"])
            if resource is not None:
                services.collection_add(actor=request.user, collection=made, resource=resource)
        except DomainError as exc:
            show_refusal(request, exc, form)
        else:
            messages.success(request, _("The collection is made."))
            return redirect("library:collection", made.pk)
    return render(request, "library/collections/form.html", {"form": form, "collection": None})


@require_safe
def collection(request: HttpRequest, collection_id: int) -> HttpResponse:
    found = queries.collection_get_for_user(collection_id=collection_id, user=request.user)
    items = queries.collection_items(collection=found)
    return render(
        request,
        "library/collections/detail.html",
        {
            "collection": found,
            "items": items,
            "can_change": request.user.has_perm("library.change_collection", found),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def collection_edit(request: AuthenticatedHttpRequest, collection_id: int) -> HttpResponse:
    found = queries.collection_get_for_user(
        collection_id=collection_id, user=request.user, for_write=True
    )
    form = CollectionForm.of(found, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.collection_edit(actor=request.user, collection=found, fields=form.fields_out())
        except DomainError as exc:
            show_refusal(request, exc, form)
        else:
            messages.success(request, _("The collection is saved."))
            return redirect("library:collection", found.pk)
    return render(request, "library/collections/form.html", {"form": form, "collection": found})


@login_required
@require_POST
def collection_delete(request: AuthenticatedHttpRequest, collection_id: int) -> HttpResponse:
    found = queries.collection_get_for_user(
        collection_id=collection_id, user=request.user, for_write=True
    )
    services.collection_delete(actor=request.user, collection=found)
    messages.success(request, _("The collection is deleted; its resources stay in the library."))
    return redirect("library:collections")


@login_required
@require_POST
def collection_move(
    request: AuthenticatedHttpRequest, collection_id: int, resource_id: int
) -> HttpResponse:
    """Move a resource one place up or down (``direction``)."""
    found = queries.collection_get_for_user(
        collection_id=collection_id, user=request.user, for_write=True
    )
    try:
        services.collection_move(
            actor=request.user,
            collection=found,
            resource_id=resource_id,
            up=request.POST.get("direction") != "down",
        )
    except DomainError as exc:
        show_refusal(request, exc)
    return redirect(f"{_collection_url(found.pk)}#item-{resource_id}")


def _collection_url(collection_id: int) -> str:
    return reverse("library:collection", args=[collection_id])


@login_required
@require_POST
def collection_remove(
    request: AuthenticatedHttpRequest, collection_id: int, resource_id: int
) -> HttpResponse:
    found = queries.collection_get_for_user(
        collection_id=collection_id, user=request.user, for_write=True
    )
    services.collection_remove(actor=request.user, collection=found, resource_id=resource_id)
    messages.success(request, _("The resource is taken out of the collection."))
    return redirect("library:collection", found.pk)


@login_required
@require_POST
def collection_add(request: AuthenticatedHttpRequest, resource_id: int) -> HttpResponse:
    """Put the resource into one of her collections, from the resource's page."""
    resource = queries.resource_for_readers(resource_id=resource_id)
    hers = list(queries.collections_listed(user=request.user, mine=True))
    form = AddForm(request.POST, collections=hers)
    back = f"{resource_url(resource.pk)}#readers"
    if not form.is_valid():
        messages.error(request, _("Choose one of your collections."))
        return redirect(back)
    chosen = next(c for c in hers if c.pk == form.cleaned_data["collection"])
    try:
        services.collection_add(actor=request.user, collection=chosen, resource=resource)
    except DomainError as exc:
        show_refusal(request, exc)
    else:
        messages.success(
            request,
            _("The resource is in the collection “%(title)s”.") % {"title": chosen.title},
        )
    return redirect(back)


def _download(request: HttpRequest, collection_id: int, pdf: bool) -> FileResponse:
    found = queries.collection_get_for_user(collection_id=collection_id, user=request.user)
    items = queries.pack_items(collection=found)
    content: IO[bytes]
    if pdf:
        content = BytesIO(packs.collection_pdf(collection=found, items=items))
        name, kind = packs.pack_name(found, ".pdf"), "application/pdf"
    else:
        content = packs.collection_zip(collection=found, items=items)
        name, kind = packs.pack_name(found, ".zip"), "application/zip"
    services.pack_downloaded(resource_ids=[item.resource_id for item in items])
    response = FileResponse(content, as_attachment=True, filename=name, content_type=kind)
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_safe
def collection_zip(request: HttpRequest, collection_id: int) -> FileResponse:
    """The offline pack: HTML pages that open from disk, with the resources' files."""
    return _download(request, collection_id, pdf=False)


@require_safe
def collection_pdf(request: HttpRequest, collection_id: int) -> FileResponse:
    return _download(request, collection_id, pdf=True)
