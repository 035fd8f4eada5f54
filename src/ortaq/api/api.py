"""The API at /api/v1/: each app's router, one authentication, and errors always in JSON."""

import logging
import math

from django.core.exceptions import PermissionDenied, RequestDataTooBig, SuspiciousOperation
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from ninja.errors import AuthenticationError, HttpError, Throttled, ValidationError

from ortaq.accounts.api import router as accounts_router
from ortaq.api.auth import ActiveSession, BearerToken
from ortaq.api.caching import private_when_signed_in
from ortaq.api.errors import status_message, validation_errors
from ortaq.api.openapi import OrtaqAPI
from ortaq.api.parsing import CheckedParser, checked_path
from ortaq.api.throttling import PerAddress, PerPerson
from ortaq.api.waiting import router as waiting_router
from ortaq.certificates.api import router as certificates_router
from ortaq.communities.api import router as communities_router
from ortaq.consultations.api import router as consultations_router
from ortaq.core.api import jobs_router
from ortaq.core.api import router as audit_router
from ortaq.core.errors import DomainError
from ortaq.courses.api import router as courses_router
from ortaq.events.api import router as events_router
from ortaq.events.api_attendance import router as events_attendance_router
from ortaq.events.api_materials import router as events_materials_router
from ortaq.journal.api import router as journal_router
from ortaq.lessonstudy.api import router as lessonstudy_router
from ortaq.library.api import router as library_router
from ortaq.library.api_collections import router as library_collections_router
from ortaq.library.api_review import router as library_review_router
from ortaq.library.api_summative import router as library_summative_router
from ortaq.networks.api import router as networks_router
from ortaq.schools.api import router as schools_router
from ortaq.textbooks.api import router as textbooks_router
from ortaq.textbooks.api_movements import router as textbooks_movements_router

logger = logging.getLogger(__name__)
# Limits per address (requests without a signed-in person) and per person: see README.md.
PER_ADDRESS = PerAddress()

api = OrtaqAPI(
    title="Ortaq API",
    version="1",
    description=(
        "Ortaq's API. Authenticate with `Authorization: Bearer <token>` (make a token on your "
        "profile page, or with `ortaq token EMAIL`) or with the browser's session. Lists are "
        'paginated (`page`, `page_size`); every error is JSON `{"detail": …}`. Requests are '
        "limited per person and per address (429 with `Retry-After`)."
    ),
    urls_namespace="api",
    auth=[BearerToken(), ActiveSession()],
    docs_url="/docs",
    parser=CheckedParser(),
    throttle=[PER_ADDRESS, PerPerson()],
)
api.add_router("/", schools_router)
api.add_router("/", accounts_router)
api.add_router("/", courses_router)
api.add_router("/", certificates_router)
api.add_router("/", communities_router)
api.add_router("/", consultations_router)
api.add_router("/", networks_router)
api.add_router("/", lessonstudy_router)
api.add_router("/", journal_router)
api.add_router("/", events_router)
api.add_router("/", audit_router)
api.add_router("/", waiting_router)
api.add_router("/", jobs_router)
# Events: attendance, statistics, teams and feedback (issue 13).
api.add_router("/", events_attendance_router)
# The library's collections and ratings (issue 14).
api.add_router("/", library_collections_router)
# The library: writing and reviewing resources (issue 14).
api.add_router("/", library_review_router)
# The library: summative tasks, rules for marks and mark sheets (issue 14).
api.add_router("/", library_summative_router)
# The library: the catalogue, resources and their versions (issue 14).
api.add_router("/", library_router)
api.add_router("/", events_materials_router)
# The e-textbook's project movement and a teacher's class sessions (issue 15).
api.add_router("/", textbooks_movements_router)
# The e-textbooks: their structure, lessons and tasks (issue 15).
api.add_router("/", textbooks_router)
api.add_decorator(checked_path(lambda request, exc: api.on_exception(request, exc)), mode="view")
# Added last, so outermost: it sees every answer of an operation, refusals included.
api.add_decorator(private_when_signed_in, mode="view")


def _detail(request: HttpRequest, detail: object, status: int) -> HttpResponse:
    return api.create_response(request, {"detail": detail}, status=status)


@api.exception_handler(DomainError)
def domain_error(request: HttpRequest, exc: DomainError) -> HttpResponse:
    return _detail(request, exc.message, exc.status)


@api.exception_handler(Http404)
def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return _detail(request, _("Not found."), 404)


@api.exception_handler(PermissionDenied)
def forbidden(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    return _detail(request, _("You may not do this."), 403)


@api.exception_handler(AuthenticationError)
def unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    # django-ninja checks the limits after authentication: a refused caller counts by her
    # address here, so that guessing tokens is limited like any other anonymous request.
    if not PER_ADDRESS.allow_request(request):
        return _too_many(request, PER_ADDRESS.wait())
    return _detail(request, _("Sign in, or send a valid API token."), 401)


@api.exception_handler(Throttled)
def throttled(request: HttpRequest, exc: Throttled) -> HttpResponse:
    return _too_many(request, exc.wait)


def _too_many(request: HttpRequest, wait: float | None) -> HttpResponse:
    seconds = max(1, math.ceil(wait or 60))
    message = ngettext(
        "Too many requests: try again in %(seconds)s second.",
        "Too many requests: try again in %(seconds)s seconds.",
        seconds,
    ) % {"seconds": seconds}
    response = _detail(request, message, 429)
    response["Retry-After"] = str(seconds)
    return response


@api.exception_handler(HttpError)
def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    # django-ninja answers any failure to parse a body with a 400; a body refused for its
    # control characters (ortaq.api.parsing) is the 422 it carries as its cause.
    if isinstance(exc.__cause__, ValidationError):
        return invalid(request, exc.__cause__)
    message = str(exc)
    # The one HttpError django-ninja raises itself, in English: a body that is not JSON.
    if message.startswith("Cannot parse request body"):
        message = _("The request body could not be read: send valid JSON.")
    return _detail(request, message, exc.status_code)


@api.exception_handler(ValidationError)
def invalid(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    return _detail(request, validation_errors(exc.errors), 422)


@api.exception_handler(RequestDataTooBig)
def too_big(request: HttpRequest, exc: RequestDataTooBig) -> HttpResponse:
    return _detail(request, status_message(413), 413)


@api.exception_handler(SuspiciousOperation)
def bad_request(request: HttpRequest, exc: SuspiciousOperation) -> HttpResponse:
    # Too many fields or files, a malformed multipart body, …: the client's fault, not ours.
    return _detail(request, status_message(400), 400)


@api.exception_handler(OverflowError)
def number_too_large(request: HttpRequest, exc: OverflowError) -> HttpResponse:
    # SQLite holds integers of 64 bits and raises this when a larger one from the request (an id,
    # a filter) reaches a query; PostgreSQL finds no rows instead. The number is the client's.
    problem = {"loc": [], "msg": _("A number in the request is too large."), "type": "too_large"}
    return _detail(request, [problem], 422)


@api.exception_handler(Exception)
def server_error(request: HttpRequest, exc: Exception) -> HttpResponse:
    logger.exception("API error at %s", request.path)
    return _detail(request, status_message(500), 500)


def unknown_endpoint(request: HttpRequest, rest: str) -> HttpResponse:
    """Answer paths under /api/v1/ that match no endpoint in JSON rather than an HTML page."""
    return _detail(request, status_message(404), 404)
