"""The OpenAPI document: one schema per name, and every error an operation can answer."""

import typing
from collections import defaultdict
from typing import Any

import pytest
from django.test import Client
from ninja.params.models import ParamModel
from pydantic import BaseModel

from ortaq.api.api import api
from ortaq.api.openapi import ERRORS
from ortaq.testing.openapi import OPERATION_IDS, OPERATIONS, SCHEMA

# django-ninja's own wrappers, flattened into parameters or unwrapped in responses.
NINJA_WRAPPERS = {"NinjaResponseSchema", "Input"}


def _models(annotation: Any, found: set[type[BaseModel]]) -> None:
    """Every pydantic model in ``annotation``, and in their fields, into ``found``."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        if annotation not in found:
            found.add(annotation)
            for field in annotation.model_fields.values():
                _models(field.annotation, found)
        return
    for argument in typing.get_args(annotation):
        _models(argument, found)


def test_no_two_schemas_share_a_name() -> None:
    """Two models of one name became one component (the course report was documented with a
    discussion's ``ReportOut``): the names the document uses must each be one model's."""
    found: set[type[BaseModel]] = set()
    for router in api._get_bound_routers():
        for view in router.path_operations.values():
            for operation in view.operations:
                for model in [*operation.models, *operation.response_models.values()]:
                    _models(model, found)
    by_name: dict[str, set[str]] = defaultdict(set)
    for model in found:
        if not issubclass(model, ParamModel) and model.__name__ not in NINJA_WRAPPERS:
            by_name[model.__name__].add(f"{model.__module__}.{model.__qualname__}")
    assert {name: models for name, models in by_name.items() if len(models) > 1} == {}
    filters = {name for name in by_name if name.endswith(("Filters", "In"))}
    assert set(by_name) - filters <= set(SCHEMA["components"]["schemas"])


def test_the_course_report_is_documented_with_its_own_schema() -> None:
    operation = SCHEMA["paths"]["/api/v1/courses/{course_id}/report"]["get"]
    ref = operation["responses"]["200"]["content"]["application/json"]["schema"]["$ref"]
    properties = SCHEMA["components"]["schemas"][ref.rsplit("/", 1)[-1]]["properties"]
    assert {"totals", "by_region", "steps", "assessment"} <= set(properties)


@pytest.mark.parametrize(
    ("method", "path", "operation"),
    OPERATIONS,
    ids=OPERATION_IDS,
)
def test_each_operation_documents_its_errors(
    method: str, path: str, operation: dict[str, Any]
) -> None:
    parameters = {p["in"] for p in operation.get("parameters", [])}
    expected = {400, 422, 429}
    if "security" in operation:
        expected |= {401, 403}
    if "path" in parameters or "requestBody" in operation:
        expected.add(404)
    if "requestBody" in operation:
        expected.add(413)
    responses = operation["responses"]
    assert expected <= {int(status) for status in responses}
    for status in expected:
        schema = responses[str(status)]["content"]["application/json"]["schema"]
        name = "ValidationErrorOut" if status == 422 else "ErrorOut"
        assert schema == {"$ref": f"#/components/schemas/{name}"}, status
        assert responses[str(status)]["description"] == ERRORS[status]
    assert "Retry-After" in responses["429"]["headers"]


def test_the_error_schemas_say_detail(client: Client) -> None:
    schemas = client.get("/api/v1/openapi.json").json()["components"]["schemas"]
    assert schemas["ErrorOut"]["required"] == ["detail"]
    assert schemas["ErrorOut"]["properties"]["detail"]["type"] == "string"
    problem = schemas["ValidationErrorOut"]["properties"]["detail"]["items"]["$ref"]
    assert set(schemas[problem.rsplit("/", 1)[-1]]["required"]) == {"loc", "msg", "type"}
