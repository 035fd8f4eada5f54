"""The readers' part of a resource's page (``library/_readers.html``): its rating and her
stars, who uses it (downloads, the public collections it is in), adding it to one of her
collections, and the readers' comments. The resource's page includes the template; this tag
reads what it shows in a fixed number of queries."""

import uuid
from typing import Any

from django import template
from django.http import HttpRequest

from ortaq.core.forms import id_from
from ortaq.discussions import queries as core
from ortaq.discussions.forms import PostForm
from ortaq.discussions.models import Discussion
from ortaq.library.forms_collections import AddForm, RatingForm
from ortaq.library.links import comment_links, resource_url
from ortaq.library.models import Resource
from ortaq.library.queries_collections import readers_of

register = template.Library()


@register.inclusion_tag("library/readers/block.html", takes_context=True)
def library_readers(context: template.Context, resource: Resource) -> dict[str, Any]:
    request: HttpRequest = context["request"]
    user = request.user
    page: dict[str, Any] = {"resource": resource, "request": request, "user": user}
    if resource.current_id is None:
        return {**page, "published": False}
    readers = readers_of(resource=resource, user=user)
    threads_page, threads = core.threads_page(
        target=resource, viewer_id=user.pk, page_number=request.GET.get("page")
    )
    on_page = {p.pk: p for t in threads for p in (t.post, *t.replies) if not p.is_hidden}
    replying = on_page.get(id_from(request.GET.get("reply")))
    quoting = on_page.get(id_from(request.GET.get("quote")))
    can_moderate = user.has_perm("library.moderate", resource)
    hers = [c for c in readers.hers if not c.has_it]  # type: ignore[attr-defined]
    return {
        **page,
        "published": True,
        "readers": readers,
        "may_rate": user.has_perm("library.rate", resource),
        "rating_form": RatingForm(initial={"stars": readers.stars}),
        "add_form": AddForm(collections=hers) if hers else None,
        "in_hers": [c for c in readers.hers if c.has_it],  # type: ignore[attr-defined]
        "page": threads_page,
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
        "reports": core.open_reports_count(
            discussions=Discussion.objects.filter(
                target_type__app_label="library",
                target_type__model="resource",
                target_id=resource.pk,
            )
        )
        if can_moderate
        else 0,
        "can_post": user.is_authenticated,
        "threaded": True,
        "links": comment_links(resource.pk),
        "language": resource.language,
        "here": resource_url(resource.pk),
    }


@register.filter
def resource_link(resource_id: int) -> str:
    """The page of a resource (see ``links.resource_url``)."""
    return resource_url(resource_id)
