"""An event's materials in the API (issue 13): slides, posters and recordings, read by anyone
who may see the event; added by its organisers and by the authors of its contributions (to
their own), removed by whoever added one or by the organisers. The same rules as the page
(``events.after``); refusals are JSON ``{"detail": …}`` (403, 404, 400 for a file of the wrong
type or size)."""

import datetime
from typing import Literal

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, File, Form, Query, Router, Schema, UploadedFile
from ninja.pagination import paginate
from ninja.responses import Status

from ortaq.accounts.queries import api_caller, current_user
from ortaq.core.errors import DomainError
from ortaq.core.links import absolute_url
from ortaq.core.pagination import Mapped, Pages
from ortaq.events import after, queries
from ortaq.events.api import OPTIONAL_AUTH
from ortaq.events.models import Contribution, Event, Material

router = Router(tags=["events: materials"])


def _event(request: HttpRequest, slug: str) -> Event:
    event = queries.event_get(slug=slug, bare=True)
    if not api_caller(request).has_perm("events.view_event", event):
        raise Http404
    return event


class EventMaterialOut(Schema):
    id: int
    kind: str = Field(description="slides, poster, recording or other.")
    title: str
    contribution_id: int | None = Field(description="The contribution it belongs to, if any.")
    url: str = Field(description="The recording's link, or the file's address.")
    added_at: datetime.datetime

    @classmethod
    def of(cls, material: Material) -> "EventMaterialOut":
        return cls(
            id=material.pk,
            kind=material.kind,
            title=str(material),
            contribution_id=material.contribution_id,
            url=material.url or absolute_url(material.file.url),
            added_at=material.created_at,
        )


class EventMaterialFilter(Schema):
    kind: Literal["slides", "poster", "recording", "other"] | None = None
    contribution_id: int | None = None


@router.get(
    "/events/{slug}/materials",
    response=list[EventMaterialOut],
    auth=OPTIONAL_AUTH,
    summary="The event's slides, posters and recordings",
)
@paginate(Pages)
def list_materials(
    request: HttpRequest, slug: str, filters: Query[EventMaterialFilter]
) -> Mapped[Material, EventMaterialOut]:
    event = _event(request, slug)
    found = after.materials_of(event)
    if filters.kind:
        found = found.filter(kind=filters.kind)
    if filters.contribution_id is not None:
        found = found.filter(contribution_id=filters.contribution_id)
    return Mapped(found, EventMaterialOut.of)


class EventMaterialIn(Schema):
    kind: Literal["slides", "poster", "recording", "other"]
    title: str = Field("", max_length=300)
    contribution_id: int | None = Field(
        None, description="Her contribution (an author must name one; organisers may leave it)."
    )
    url: str = Field("", max_length=500, description="The recording's link (for a recording).")


@router.post(
    "/events/{slug}/materials",
    response={201: EventMaterialOut},
    summary="Add slides, a poster (a file) or a recording (a link)",
)
def add_material(
    request: HttpRequest,
    slug: str,
    data: Form[EventMaterialIn],
    file: File[UploadedFile] = None,  # type: ignore[assignment]
) -> Status[EventMaterialOut]:
    """multipart/form-data. Slides: PDF, PowerPoint or OpenDocument up to 50 MB; a poster: a
    PDF or a picture up to 20 MB, told by its content. An author adds them to her own
    contributions only (403 otherwise); a recording needs its link (400)."""
    event = _event(request, slug)
    contribution = None
    if data.contribution_id is not None:
        contribution = Contribution.objects.filter(event=event, pk=data.contribution_id).first()
        if contribution is None:
            raise DomainError(_("This contribution is of another event."), code="contribution")
    url = data.url.strip()
    if url:
        try:
            URLValidator(schemes=["https", "http"])(url)
        except ValidationError:
            raise DomainError(_("Enter a valid URL."), code="url") from None
    material = after.material_add(
        actor=current_user(request),
        event=event,
        kind=data.kind,
        title=data.title,
        upload=file,
        url=url,
        contribution=contribution,
    )
    return Status(201, EventMaterialOut.of(material))


@router.delete(
    "/events/{slug}/materials/{material_id}",
    response={204: None},
    summary="Remove a material (whoever added it, or the organisers)",
)
def remove_material(request: HttpRequest, slug: str, material_id: int) -> Status[None]:
    event = _event(request, slug)
    material = get_object_or_404(Material, event=event, pk=material_id)
    material.event = event
    after.material_remove(actor=current_user(request), material=material)
    return Status(204, None)
