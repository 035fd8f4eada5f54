"""The OpenAPI document with every error an operation can answer, in the ``{"detail": …}`` shape.

django-ninja documents only the statuses an endpoint declares in ``response=``; the errors come
from the API's exception handlers (``ortaq.api.api``), so they are added here, by what each
operation takes: every operation may be refused as unreadable (400), invalid (422) or too
frequent (429); one that needs a signed-in caller as unauthenticated (401) or not allowed (403);
one with path parameters or a body as not found (404, for the objects they name); one with a
body as too large (413).
"""

from typing import Any

from ninja import Field, NinjaAPI, Schema
from ninja.openapi.schema import OpenAPISchema
from ninja.operation import Operation

ERRORS = {
    400: "The request could not be read or was refused; `detail` says why.",
    401: "Not signed in: send `Authorization: Bearer <token>` or a session cookie.",
    403: "The caller may not do this (or, with a session, the CSRF check failed).",
    404: "No such object, or one the caller may not see.",
    413: "The body is larger than 5 MB.",
    422: "A parameter or a field is invalid: `detail` lists each problem.",
    429: "Too many requests: wait the seconds `Retry-After` says.",
}
BODY_SOURCES = {"body", "form", "file"}


class ErrorOut(Schema):
    """Every error but a 422: its reason, in the language of ``Accept-Language``."""

    detail: str


class ProblemOut(Schema):
    loc: list[str | int] = Field(description="Where: query, path, body or form, then the name.")
    msg: str = Field(description="What is wrong, in the language of Accept-Language.")
    type: str = Field(description="A stable code, such as missing or control_character.")


class ValidationErrorOut(Schema):
    """A 422: each problem with the value it is about."""

    detail: list[ProblemOut]


def error_statuses(operation: Operation) -> list[int]:
    """Return the error statuses ``operation`` can answer (see the module's docstring)."""
    sources = {model.__ninja_param_source__ for model in operation.models}
    statuses = {400, 422, 429}
    if operation.auth_callbacks:
        statuses |= {401, 403}
    if "path" in sources or sources & BODY_SOURCES:
        statuses.add(404)  # what the path or the body names (a circle, a post…) may not exist
    if sources & BODY_SOURCES:
        statuses.add(413)
    return sorted(statuses)


def _ref(model: type[Schema]) -> dict[str, Any]:
    return {"$ref": f"#/components/schemas/{model.__name__}"}


class DocumentedErrors(OpenAPISchema):
    """django-ninja's document, with each operation's errors and the two error schemas."""

    def responses(self, operation: Operation) -> dict[int, Any]:
        result = super().responses(operation)
        for status in error_statuses(operation):
            model = ValidationErrorOut if status == 422 else ErrorOut
            result.setdefault(
                status,
                {
                    "description": ERRORS[status],
                    "content": {self.api.renderer.media_type: {"schema": _ref(model)}},
                },
            )
        if 202 in result:
            # Work accepted to be done in the background: where to follow it.
            result[202]["headers"] = {
                "Location": {
                    "description": "The address of the job to poll until it has finished.",
                    "schema": {"type": "string"},
                }
            }
        if 429 in result:
            result[429]["headers"] = {
                "Retry-After": {
                    "description": "Seconds to wait before the next request.",
                    "schema": {"type": "integer"},
                }
            }
        return result

    def get_components(self) -> dict[str, Any]:
        for model in (ErrorOut, ValidationErrorOut):
            schema = model.model_json_schema(ref_template="#/components/schemas/{model}")
            self.add_schema_definitions(schema.pop("$defs", {}))
            self.schemas[model.__name__] = schema
        return super().get_components()


class OrtaqAPI(NinjaAPI):
    """``NinjaAPI`` whose OpenAPI document lists every error (:class:`DocumentedErrors`)."""

    def get_openapi_schema(
        self, *, path_prefix: str | None = None, path_params: dict[str, Any] | None = None
    ) -> OpenAPISchema:
        if path_prefix is None:
            path_prefix = self.get_root_path(path_params or {})
        return DocumentedErrors(self, path_prefix)
