"""Collections and ratings in the API: who reads, who changes, in order; the rating's totals."""

import pytest
from django.test import Client

from ortaq.library.models import Collection
from ortaq.testing.factories import make_user
from ortaq.testing.http import call
from ortaq.testing.library import coll_collection, coll_resource
from ortaq.testing.refusals import assert_refused

pytestmark = pytest.mark.django_db
BASE = "/api/v1/library"


def test_a_teacher_builds_a_collection_through_the_api(reference_data: None) -> None:
    client, owner, other = Client(), make_user(), make_user()
    a, b = coll_resource(title="Бірінші"), coll_resource(title="Екінші")
    made = call(client, "post", f"{BASE}/collections", owner, {"title": "API жинағы"})
    assert made.status_code == 201, made.content
    pk = made.json()["id"]
    for resource in (a, b):
        answer = call(
            client, "post", f"{BASE}/collections/{pk}/items", owner, {"resource_id": resource.pk}
        )
        assert answer.status_code == 200
    assert [i["title"] for i in answer.json()["items"]] == ["Бірінші", "Екінші"]
    answer = call(
        client, "put", f"{BASE}/collections/{pk}/order", owner, {"resource_ids": [b.pk, a.pk]}
    )
    assert [i["resource_id"] for i in answer.json()["items"]] == [b.pk, a.pk]
    bad = call(client, "put", f"{BASE}/collections/{pk}/order", owner, {"resource_ids": [a.pk]})
    assert bad.status_code == 400 and "detail" in bad.json()
    answer = call(client, "delete", f"{BASE}/collections/{pk}/items/{a.pk}", owner)
    assert [i["resource_id"] for i in answer.json()["items"]] == [b.pk]
    assert_refused(
        call(client, "post", f"{BASE}/collections/{pk}/items", other, {"resource_id": a.pk}),
        as_="onlooker",
    )
    draft = coll_resource(published=False)
    assert_refused(
        call(client, "post", f"{BASE}/collections/{pk}/items", owner, {"resource_id": draft.pk}),
        as_="outsider",
    )
    assert_refused(
        client.post(f"{BASE}/collections", {}, content_type="application/json"), as_="visitor"
    )


def test_who_reads_which_collection(reference_data: None) -> None:
    client, owner, other = Client(), make_user(), make_user()
    resource = coll_resource()
    public = coll_collection(owner=owner, resources=[resource])
    private = coll_collection(owner=owner, resources=[resource], is_public=False, title="Жеке")
    listed = client.get(f"{BASE}/collections").json()
    assert [c["id"] for c in listed["items"]] == [public.pk]
    assert listed["items"][0]["resource_count"] == 1
    mine = call(client, "get", f"{BASE}/collections/mine", owner).json()
    assert {c["id"] for c in mine["items"]} == {public.pk, private.pk}
    assert client.get(f"{BASE}/collections/{public.pk}").status_code == 200
    assert_refused(client.get(f"{BASE}/collections/{private.pk}"), as_="outsider")
    assert_refused(call(client, "get", f"{BASE}/collections/{private.pk}", other), as_="outsider")
    assert_refused(client.get(f"{BASE}/collections/mine"), as_="visitor")
    client.force_login(owner)
    assert client.get(f"{BASE}/collections/{private.pk}").status_code == 200
    assert Collection.objects.count() == 2


def test_rating_through_the_api(reference_data: None) -> None:
    client, reader = Client(), make_user()
    resource = coll_resource()
    url = f"{BASE}/resources/{resource.pk}/rating"
    assert call(client, "put", url, reader, {"stars": 5}).json()["count"] == 1
    answer = call(client, "put", url, reader, {"stars": 3}).json()
    assert (answer["stars"], answer["count"], answer["mean"]) == (3, 1, "3.0")
    assert call(client, "put", url, reader, {"stars": 6}).status_code == 422
    author = resource.authors.get().user
    assert_refused(call(client, "put", url, author, {"stars": 5}), as_="onlooker")
