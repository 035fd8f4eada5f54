"""Reads of regions, districts and schools that pages and the API share."""

from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404

from ortaq.schools.models import District, Region, School


def regions_all() -> QuerySet[Region]:
    """Every region and city, in the order of their ISO codes."""
    return Region.objects.all()


class RegionIndex:
    """Look regions up by ISO code or by any of their names, as files write them."""

    def __init__(self) -> None:
        self.by_key: dict[str, Region] = {}
        for region in Region.objects.all():
            for key in (region.code, region.name_kk, region.name_ru, region.name_en):
                self.by_key[key.strip().lower()] = region

    def get(self, value: str) -> Region | None:
        return self.by_key.get(value.strip().lower())


def districts_of(*, region_id: int | None) -> QuerySet[District]:
    """The districts of one region, or none when no region is given."""
    if region_id is None:
        return District.objects.none()
    return District.objects.filter(region_id=region_id)


def schools_search(
    *,
    q: str = "",
    region: Region | None = None,
    district: District | None = None,
    locality: str = "",
    small_scale: bool | None = None,
) -> QuerySet[School]:
    """Schools matching a name (or BIN) and filters, with their region and district joined."""
    schools = School.objects.select_related("region", "district")
    if q:
        q = q.strip()
        schools = schools.filter(Q(name_kk__icontains=q) | Q(name_ru__icontains=q) | Q(bin=q))
    if region is not None:
        schools = schools.filter(region=region)
    if district is not None:
        schools = schools.filter(district=district)
    if locality:
        schools = schools.filter(locality=locality)
    if small_scale is not None:
        schools = schools.filter(small_scale=small_scale)
    return schools.order_by("name_kk", "name_ru", "pk")


def schools_named(*, text: str, among: QuerySet[School], limit: int = 6) -> list[School]:
    """The schools of ``among`` that a person means by ``text`` (a form's plain field): the one
    whose BIN it is, or the one whose name it is (in Kazakh or Russian, any letter case);
    otherwise those whose name contains it. At most ``limit``, by name; one query (two when
    nothing matches the whole name or BIN)."""
    text = " ".join(text.split())
    if not text:
        return []
    exact = list(
        among.filter(Q(bin=text) | Q(name_kk__iexact=text) | Q(name_ru__iexact=text))
        .select_related("region")
        .order_by("name_kk", "pk")[:limit]
    )
    if exact:
        return exact
    return list(
        among.filter(Q(name_kk__icontains=text) | Q(name_ru__icontains=text))
        .select_related("region")
        .order_by("name_kk", "name_ru", "pk")[:limit]
    )


def school_get(*, school_id: int) -> School:
    """The school with that id, its region and district joined; 404 when there is none."""
    return get_object_or_404(School.objects.select_related("region", "district"), pk=school_id)
