"""Regions and schools in the API: public, read-only, paginated and filterable."""

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import File, FilterSchema, Query, Router, Schema, Status, UploadedFile
from ninja.errors import ValidationError
from ninja.pagination import paginate

from ortaq.core.api import JobOut, accepted
from ortaq.core.pagination import Pages
from ortaq.core.visibility import is_signed_in
from ortaq.schools import queries, services
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


def _unknown(field: str, message: str) -> ValidationError:
    return ValidationError([{"loc": ["query", field], "msg": message, "type": "value_error"}])


@router.get("/schools", response=list[SchoolOut], auth=None, summary="Search schools")
@paginate(Pages)
def list_schools(request: HttpRequest, filters: Query[SchoolFilters]) -> object:
    """Schools filtered by name or BIN (``q``), region code, district id, locality and size.

    A region or district that does not exist is refused (422 naming the filter), not ignored.
    """
    region = district = None
    if filters.region:
        region = Region.objects.filter(code=filters.region.upper()).first()
        if region is None:
            raise _unknown("region", _("No region has this code."))
    if filters.district:
        district = District.objects.filter(pk=filters.district).first()
        if district is None:
            raise _unknown("district", _("No district has this number."))
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


@router.post(
    "/imports/schools",
    response={202: JobOut},
    summary="Import schools from a CSV file (multipart: file)",
)
def import_schools(
    request: HttpRequest, response: HttpResponse, file: File[UploadedFile]
) -> Status[JobOut]:
    """The columns are those of the import page (see the README). The import runs in the
    background as a job: poll the job until it has succeeded, or failed with every problem by
    its line. Nothing is written unless every row is right. The same file sent again while its
    job runs answers that job."""
    user = request.user
    if not is_signed_in(user):
        raise PermissionDenied
    job = services.schools_import_start(actor=user, upload=file)
    return accepted(request, response, job)
