"""The signed-in person in the API."""

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from ninja import File, Router, Schema, Status, UploadedFile

from ortaq.accounts import queries, services
from ortaq.accounts.models import User
from ortaq.core.api import JobOut, accepted

router = Router(tags=["people"])


class SchoolRef(Schema):
    id: int
    name_kk: str
    name_ru: str
    region_code: str


class RoleOut(Schema):
    role: str
    scope_kind: str
    scope: str


class ProfileOut(Schema):
    iin: str | None
    school: SchoolRef | None
    subjects: list[str]
    category: str
    languages: list[str]


class MeOut(Schema):
    id: int
    email: str
    last_name: str
    first_name: str
    middle_name: str
    language: str
    profile: ProfileOut
    roles: list[RoleOut]


@router.get("/me", response=MeOut, summary="The signed-in person")
def me(request: HttpRequest) -> MeOut:
    """Who the token or session belongs to: names, profile (with her own IIN) and roles."""
    user = request.user
    if not isinstance(user, User):
        raise PermissionDenied
    person = queries.person_get_for_user(person_id=user.pk, viewer=user)
    profile = person.profile
    school = profile.school
    return MeOut(
        id=person.pk,
        email=person.email,
        last_name=person.last_name,
        first_name=person.first_name,
        middle_name=person.middle_name,
        language=person.language,
        profile=ProfileOut(
            iin=profile.iin,
            school=SchoolRef(
                id=school.pk,
                name_kk=school.name_kk,
                name_ru=school.name_ru,
                region_code=school.region.code,
            )
            if school
            else None,
            subjects=[s.code for s in profile.subjects.all()],
            category=profile.category,
            languages=list(profile.languages),
        ),
        roles=[
            RoleOut(role=a.role, scope_kind=a.scope_kind, scope=a.scope().key)
            for a in queries.roles_of(user=person)
        ],
    )


@router.post(
    "/imports/teachers",
    response={202: JobOut},
    summary="Import teachers from a CSV file (multipart: file)",
)
def import_teachers(
    request: HttpRequest, response: HttpResponse, file: File[UploadedFile]
) -> Status[JobOut]:
    """The columns are those of the import page (see the README); new teachers are e-mailed an
    invitation. The import runs in the background as a job: poll the job until it has
    succeeded, or failed with every problem by its line. Nothing is written unless every row
    is right. The same file sent again while its job runs answers that job."""
    job = services.teachers_import_start(actor=queries.current_user(request), upload=file)
    return accepted(request, response, job)
