from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from ortaq.schools.models import School
from ortaq.testing.factories import make_school

pytestmark = pytest.mark.django_db

HEADER = "region,district,name_kk,name_ru,bin,locality,small_scale,pupils,languages,multigrade\n"


@pytest.fixture
def schools() -> list[School]:
    rural_small = make_school(name_kk="Ақсу шағын мектебі", small_scale=True, multigrade=True)
    urban = make_school(
        name_kk="Абай мектеп-гимназиясы", locality="urban", region=rural_small.region
    )
    far = make_school(name_kk="Атырау мектебі", region__code="KZ-23")
    return [rural_small, urban, far]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({}, {0, 1, 2}),
        ({"q": "АҚСУ"}, {0}),
        ({"small_scale": "yes"}, {0}),
        ({"small_scale": "no"}, {1, 2}),
        ({"locality": "urban"}, {1}),
        ({"region": "__almaty__"}, {0, 1}),
    ],
)
def test_directory_filters(
    client: Client, schools: list[School], query: dict, expected: set
) -> None:
    if query.get("region") == "__almaty__":
        query = {"region": schools[0].region_id}
    html = client.get("/kk/schools/", query).content.decode()
    shown = {i for i, school in enumerate(schools) if school.name_kk in html}
    assert shown == expected


def test_directory_filters_by_district(client: Client, schools: list[School]) -> None:
    school = schools[0]
    html = client.get(
        "/ru/schools/", {"region": school.region_id, "district": school.district_id or ""}
    ).content.decode()
    assert school.name_ru in html and schools[1].name_ru not in html


def test_directory_makes_a_fixed_number_of_queries(
    client: Client, django_assert_max_num_queries
) -> None:
    first = make_school()
    for _ in range(60):
        make_school(region=first.region, district=first.district)
    with django_assert_max_num_queries(5):
        response = client.get("/kk/schools/", {"region": first.region_id})
    assert response.status_code == 200
    assert len(response.content) < 100_000


def test_school_page(client: Client, schools: list[School], django_assert_max_num_queries) -> None:
    school = schools[0]
    # The school, its associations and the library resources its teachers published.
    with django_assert_max_num_queries(3):
        html = client.get(f"/en/schools/{school.pk}/").content.decode()
    assert school.name_kk in html and str(school.bin) in html
    assert client.get("/en/schools/999999/").status_code == 404


def test_school_import_from_the_web(
    client: Client, people: dict[str, Any], django_capture_on_commit_callbacks: Any
) -> None:
    client.force_login(people["coordinator"])
    data = (HEADER + "KZ-19,Талғар ауданы,Жаңа мектеп,Новая школа,,rural,yes,40,kk,yes\n").encode(
        "utf-8-sig"
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/en/schools/import/", {"file": SimpleUploadedFile("s.csv", data, "text/csv")}
        )
    assert response.status_code == 302 and response["Location"].startswith("/en/jobs/")
    assert School.objects.filter(name_kk="Жаңа мектеп", small_scale=True).exists()
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert "Imported: 1 new, 0 updated, 0 unchanged." in page.content.decode()


def test_school_import_page_lists_errors_and_writes_nothing(
    client: Client, people: dict[str, Any], django_capture_on_commit_callbacks: Any
) -> None:
    client.force_login(people["admin"])
    data = (HEADER + "KZ-19,A,Мектеп,,,rural,no,,kk,no\nKZ-19,A,,,,city,no,,kk,no\n").encode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/en/schools/import/", {"file": SimpleUploadedFile("s.csv", data, "text/csv")}
        )
    assert response.status_code == 302
    html = client.get(response["Location"]).content.decode()
    assert "Nothing was imported: the file has 2 problems." in html
    assert "<td>3</td><td>locality</td>" in html and "<td>3</td><td>name_kk</td>" in html
    assert not School.objects.filter(name_kk="Мектеп").exists()


@pytest.mark.parametrize(
    ("actor", "status"),
    [(None, 302), ("teacher", 403), ("principal", 403), ("coordinator", 200), ("admin", 200)],
)
def test_who_opens_the_import_page(
    client: Client, people: dict[str, Any], actor: str | None, status: int
) -> None:
    if actor:
        client.force_login(people[actor])
    assert client.get("/kk/schools/import/").status_code == status


def test_a_principal_edits_her_school(client: Client, people: dict[str, Any]) -> None:
    school = people["school"]
    client.force_login(people["principal"])
    form = client.get(f"/kk/schools/{school.pk}/edit/")
    assert form.status_code == 200
    response = client.post(
        f"/kk/schools/{school.pk}/edit/",
        {
            "name_kk": school.name_kk,
            "name_ru": school.name_ru,
            "bin": school.bin,
            "region": school.region_id,
            "district": school.district_id,
            "locality": "urban",
            "pupils": 321,
            "languages": "kk",
        },
    )
    assert response.status_code == 302
    school.refresh_from_db()
    assert (school.locality, school.pupils, school.small_scale) == ("urban", 321, False)
    client.force_login(people["teacher"])
    assert client.get(f"/kk/schools/{school.pk}/edit/").status_code == 403
