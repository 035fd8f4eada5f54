import pytest
from django.test import Client

from ortaq.testing.factories import make_school

pytestmark = pytest.mark.django_db


def test_regions_are_public_and_paginated(client: Client) -> None:
    body = client.get("/api/v1/regions").json()
    assert body["count"] == 20
    assert {"code": "KZ-19", "name_en": "Almaty"}.items() <= body["items"][3].items()


def test_schools_filter_and_paginate(client: Client) -> None:
    first = make_school(small_scale=True)
    for _ in range(3):
        make_school(region=first.region)
    make_school(region__code="KZ-23")
    body = client.get("/api/v1/schools", {"region": "kz-19", "page_size": "2"}).json()
    assert body["count"] == 4 and len(body["items"]) == 2
    small = client.get("/api/v1/schools", {"small_scale": "true"}).json()
    assert [s["id"] for s in small["items"]] == [first.pk]
    assert small["items"][0]["region"]["code"] == "KZ-19"


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"region": "KZ-00"}, "No region has this code."),
        ({"district": 999999}, "No district has this number."),
    ],
)
def test_an_unknown_region_or_district_is_a_422_naming_it(
    client: Client, query: dict[str, str | int], message: str
) -> None:
    response = client.get("/api/v1/schools", query, headers={"accept-language": "en"})
    assert response.status_code == 422
    (error,) = response.json()["detail"]
    assert error["loc"] == ["query", *query] and error["msg"] == message


def test_a_school_and_its_districts(client: Client) -> None:
    school = make_school()
    assert client.get(f"/api/v1/schools/{school.pk}").json()["bin"] == school.bin
    districts = client.get("/api/v1/regions/KZ-19/districts").json()
    assert districts["items"][0]["id"] == school.district_id


@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("/api/v1/schools/999999", 404),
        ("/api/v1/regions/KZ-00/districts", 404),
        ("/api/v1/schools?locality=city", 422),
        ("/api/v1/no/such/endpoint", 404),
    ],
)
def test_errors_are_json_with_a_detail(client: Client, path: str, status: int) -> None:
    response = client.get(path)
    assert response.status_code == status
    assert response.headers["Content-Type"].startswith("application/json")
    assert "detail" in response.json()


def test_the_openapi_schema_documents_the_endpoints(client: Client) -> None:
    schema = client.get("/api/v1/openapi.json").json()
    assert {
        "/api/v1/regions",
        "/api/v1/schools",
        "/api/v1/schools/{school_id}",
        "/api/v1/me",
    } <= set(schema["paths"])
    assert client.get("/api/v1/docs").status_code == 200
