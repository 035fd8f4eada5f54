"""Circles in the API: the circles I may find, one circle (or its card), starting a circle and
changing it. Its people are in ``members``, its meetings in ``meetings``."""

from typing import Literal

from django.core.exceptions import PermissionDenied
from django.db.models import Model
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import FilterSchema, Query, Router, Schema
from ninja.pagination import paginate
from ninja.responses import Status
from pydantic import Field

from ortaq.accounts.models import User
from ortaq.accounts.queries import current_user
from ortaq.communities.choices import CircleKind, MembershipStatus, Visibility
from ortaq.communities.models import Circle
from ortaq.communities.queries import circles as queries
from ortaq.communities.services import circles as services
from ortaq.core.errors import DomainError
from ortaq.core.pagination import Mapped, Pages
from ortaq.schools.models import District, Region, School

router = Router(tags=["circles"])


class CircleOut(Schema):
    """A circle as the caller sees it: whole, or its card alone (``readable`` false)."""

    id: int
    name: str
    purpose: str
    kind: str
    school_id: int | None
    school_name: str | None
    region_id: int
    district_id: int | None
    visibility: str
    language: str
    archived: bool
    readable: bool = Field(description="False: only this card is shown; ask to join to read on.")
    members: int | None = Field(description="Active members; null when not readable.")
    my_status: str | None = Field(
        description="invited, requested or active (one circle only); null otherwise."
    )

    @classmethod
    def of(
        cls, circle: Circle, *, readable: bool, members: int | None, my_status: str | None
    ) -> "CircleOut":
        return cls(
            id=circle.pk,
            name=circle.name,
            purpose=circle.purpose,
            kind=circle.kind,
            school_id=circle.school_id,
            school_name=circle.school.name if circle.school else None,
            region_id=circle.region_id,
            district_id=circle.district_id,
            visibility=circle.visibility,
            language=circle.language,
            archived=circle.archived_at is not None,
            readable=readable,
            members=members if readable else None,
            my_status=my_status,
        )

    @classmethod
    def listed(cls, circle: Circle) -> "CircleOut":
        """A row of ``circles_for``, which annotates ``readable`` and ``members``."""
        readable = bool(getattr(circle, "readable", False))
        return cls.of(
            circle, readable=readable, members=getattr(circle, "members", None), my_status=None
        )


def _circle_out(user: User, circle: Circle, *, readable: bool = True) -> CircleOut:
    """One circle for ``CircleOut``: its members counted if readable, and her own status."""
    found = queries.my_membership(user=user, circle=circle)
    return CircleOut.of(
        circle,
        readable=readable,
        members=queries.member_count(circle=circle) if readable else None,
        my_status=found.status if found else None,
    )


class CircleFilters(FilterSchema):
    q: str | None = None
    region: int | None = None
    school: int | None = None
    mine: bool = False


@router.get("/circles", response=list[CircleOut], summary="Circles I may read or ask to join")
@paginate(Pages)
def list_circles(request: HttpRequest, filters: Query[CircleFilters]) -> Mapped[Circle, CircleOut]:
    """My circles first, then those open to every signed-in teacher, those I oversee, and the
    members-only circles of my school or of a network including it (these as a card only).
    The queryset is paginated in SQL: a page reads its circles only."""
    found = queries.circles_for(
        user=current_user(request),
        q=filters.q or "",
        region_id=filters.region,
        school_id=filters.school,
        mine_only=filters.mine,
    )
    return Mapped(found, CircleOut.listed)


def readable_circle(request: HttpRequest, circle_id: int, *, needs: str = "") -> Circle:
    """The circle if the caller may read it; 404 otherwise (its existence stays hidden). With
    ``needs``, a permission on the circle: 403 for a reader without it."""
    user = current_user(request)
    circle = queries.circle_get_for_user(circle_id=circle_id, user=user)
    if needs and not user.has_perm(needs, circle):
        raise PermissionDenied
    return circle


@router.get("/circles/{circle_id}", response=CircleOut, summary="One circle")
def get_circle(request: HttpRequest, circle_id: int) -> CircleOut:
    """The circle, or its card alone for a teacher it may take; 404 to anyone else."""
    user = current_user(request)
    circle, readable = circle_or_card(user, circle_id)
    return _circle_out(user, circle, readable=readable)


def circle_or_card(user: User, circle_id: int) -> tuple[Circle, bool]:
    """The circle and whether she may read it (False: she may see its card, and ask to join);
    404 when she may do neither."""
    circle = queries.circle_get(circle_id=circle_id)
    readable = user.has_perm("communities.view_circle", circle)
    if not readable and not user.has_perm("communities.find_circle", circle):
        raise Http404
    return circle, readable


class NewCircleIn(Schema):
    name: str = Field(max_length=200)
    purpose: str = Field("", max_length=5000)
    kind: Literal[CircleKind.SCHOOL, CircleKind.NETWORK]
    school_id: int | None = Field(None, description="One school's circle: the school.")
    region_id: int | None = Field(None, description="A network: its region.")
    district_id: int | None = Field(None, description="A network: its district, if one.")
    school_ids: list[int] = Field(
        default_factory=list, max_length=500, description="A network's schools (optional)."
    )
    visibility: Literal[Visibility.MEMBERS, Visibility.SIGNED_IN] = Visibility.MEMBERS
    language: Literal["kk", "ru"] = "kk"


class CircleChangeIn(Schema):
    """Only what is given changes."""

    name: str | None = Field(None, max_length=200)
    purpose: str | None = Field(None, max_length=5000)
    school_ids: list[int] | None = Field(
        None, max_length=500, description="A network's schools: the whole list."
    )
    visibility: Literal[Visibility.MEMBERS, Visibility.SIGNED_IN] | None = None
    language: Literal["kk", "ru"] | None = None


def _found[T: Model](model: type[T], pk: int | None, message: str, code: str) -> T | None:
    if pk is None:
        return None
    found = model._default_manager.filter(pk=pk).first()
    if found is None:
        raise DomainError(message, code=code)
    return found


def _schools(ids: list[int]) -> list[School]:
    found = list(School.objects.filter(pk__in=ids))
    if len(found) != len(set(ids)):
        raise DomainError(_("Some of the network's schools do not exist."), code="schools")
    return found


@router.post(
    "/circles",
    response={201: CircleOut},
    summary="Start a circle (methodologists, school heads, facilitators); I facilitate it",
)
def create_circle(request: HttpRequest, body: NewCircleIn) -> Status[CircleOut]:
    data = services.CircleFields(
        name=body.name,
        purpose=body.purpose,
        kind=body.kind,
        visibility=body.visibility,
        language=body.language,
        school=_found(School, body.school_id, _("There is no such school."), "school"),
        region=_found(Region, body.region_id, _("There is no such region."), "region"),
        district=_found(District, body.district_id, _("There is no such district."), "district"),
        schools=_schools(body.school_ids),
    )
    circle = services.circle_create(actor=current_user(request), data=data)
    return Status(
        201, CircleOut.of(circle, readable=True, members=1, my_status=MembershipStatus.ACTIVE)
    )


@router.patch(
    "/circles/{circle_id}",
    response=CircleOut,
    summary="Change a circle's name, purpose, visibility, language or network schools",
)
def update_circle(request: HttpRequest, circle_id: int, body: CircleChangeIn) -> CircleOut:
    user = current_user(request)
    circle = readable_circle(request, circle_id)
    data = services.CircleFields(
        name=circle.name if body.name is None else body.name,
        purpose=circle.purpose if body.purpose is None else body.purpose,
        kind=circle.kind,
        visibility=body.visibility or circle.visibility,
        language=body.language or circle.language,
        schools=(
            list(circle.schools.all()) if body.school_ids is None else _schools(body.school_ids)
        ),
    )
    circle = services.circle_update(actor=user, circle=circle, data=data)
    return _circle_out(user, circle)


@router.put(
    "/circles/{circle_id}/archive",
    response=CircleOut,
    summary="Archive a circle: readable, but nothing new happens in it (those who run it)",
)
def archive(request: HttpRequest, circle_id: int) -> CircleOut:
    return _archived(request, circle_id, archived=True)


@router.delete(
    "/circles/{circle_id}/archive", response=CircleOut, summary="Bring an archived circle back"
)
def unarchive(request: HttpRequest, circle_id: int) -> CircleOut:
    return _archived(request, circle_id, archived=False)


def _archived(request: HttpRequest, circle_id: int, *, archived: bool) -> CircleOut:
    user = current_user(request)
    circle = services.circle_archive(
        actor=user, circle=readable_circle(request, circle_id), archived=archived
    )
    return _circle_out(user, circle)
