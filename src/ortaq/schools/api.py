"""Regions and schools in the API: public, read-only, paginated and filterable."""

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import FilterSchema, Query, Router, Schema
from ninja.pagination import paginate

from ortaq.core.pagination import Pages
from ortaq.schools import queries
from ortaq.schools.choices import Locality
from ortaq.schools.models import District, Region, School

router = Router(tags=["schools"])


class RegionOut(Schema):
    id: int
    code: str
    name_kk: str
    name_ru: str
    name_en: str
    kind: str


class DistrictOut(Schema):
    id: int
    region_id: int
    name_kk: str
    name_ru: str
    name_en: str


class SchoolOut(Schema):
    id: int
    name_kk: str
    name_ru: str
    bin: str | None
    region: RegionOut
    district: DistrictOut | None
    locality: str
    small_scale: bool
    pupils: int | None
    languages: str
    multigrade: bool


class SchoolFilters(FilterSchema):
    q: str | None = None
    region: str | None = None
    district: int | None = None
    locality: Locality | None = None
    small_scale: bool | None = None


@router.get("/regions", response=list[RegionOut], auth=None, summary="List regions")
@paginate(Pages)
def list_regions(request: HttpRequest) -> list[Region]:
    """The 17 regions and 3 cities of republican significance, with names in kk, ru and en."""
    return list(queries.regions_all())


@router.get(
    "/regions/{code}/districts",
    response=list[DistrictOut],
    auth=None,
    summary="List a region's districts",
)
@paginate(Pages)
def list_districts(request: HttpRequest, code: str) -> list[District]:
    region = get_object_or_404(Region, code=code.upper())
    return list(queries.districts_of(region_id=region.pk))


@router.get("/schools", response=list[SchoolOut], auth=None, summary="Search schools")
@paginate(Pages)
def list_schools(request: HttpRequest, filters: Query[SchoolFilters]) -> object:
    """Schools filtered by name or BIN (``q``), region code, district id, locality and size."""
    region = None
    if filters.region:
        region = get_object_or_404(Region, code=filters.region.upper())
    district = get_object_or_404(District, pk=filters.district) if filters.district else None
    return queries.schools_search(
        q=filters.q or "",
        region=region,
        district=district,
        locality=filters.locality or "",
        small_scale=filters.small_scale,
    )


@router.get("/schools/{school_id}", response=SchoolOut, auth=None, summary="Get a school")
def get_school(request: HttpRequest, school_id: int) -> School:
    return queries.school_get(school_id=school_id)
