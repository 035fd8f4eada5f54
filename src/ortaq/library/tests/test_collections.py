"""Collections: the services (make, add, move, take out, reorder, who may), and the pages by
status code for each kind of person (a private collection is 404 to anyone but its owner)."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from ortaq.core.errors import DomainError, NotAllowed
from ortaq.library import services_collections as services
from ortaq.library.models import Collection, CollectionItem
from ortaq.testing.factories import make_user
from ortaq.testing.http import signed_in
from ortaq.testing.library import coll_collection, coll_resource
from ortaq.testing.refusals import assert_refused

pytestmark = pytest.mark.django_db


def _order(collection: Collection) -> list[int]:
    return list(
        CollectionItem.objects.filter(collection=collection)
        .order_by("position")
        .values_list("resource_id", flat=True)
    )


def fields(title: str = "Құрама сынып математикасы", **extra: object) -> services.CollectionFields:
    return services.CollectionFields(title=title, **extra)  # type: ignore[arg-type]


def test_a_teacher_makes_fills_and_orders_a_collection(reference_data: None) -> None:
    owner = make_user()
    a, b, c = (coll_resource(title=t) for t in ("А", "Ә", "Б"))
    made = services.collection_create(actor=owner, fields=fields())
    again = services.collection_create(actor=owner, fields=fields())
    assert again.pk == made.pk  # the same form sent twice makes one collection
    for resource in (a, b, c):
        services.collection_add(actor=owner, collection=made, resource=resource)
    services.collection_add(actor=owner, collection=made, resource=a)  # already there
    assert _order(made) == [a.pk, b.pk, c.pk]
    services.collection_move(actor=owner, collection=made, resource_id=c.pk, up=True)
    assert _order(made) == [a.pk, c.pk, b.pk]
    services.collection_move(actor=owner, collection=made, resource_id=a.pk, up=True)  # top
    assert _order(made) == [a.pk, c.pk, b.pk]
    services.collection_remove(actor=owner, collection=made, resource_id=c.pk)
    services.collection_remove(actor=owner, collection=made, resource_id=c.pk)  # gone already
    assert _order(made) == [a.pk, b.pk]
    assert list(made.items.values_list("position", flat=True).order_by("position")) == [0, 1]
    services.collection_reorder(actor=owner, collection=made, resource_ids=[b.pk, a.pk])
    assert _order(made) == [b.pk, a.pk]
    with pytest.raises(DomainError) as refused:
        services.collection_reorder(actor=owner, collection=made, resource_ids=[b.pk])
    assert refused.value.code == "order"


def test_only_published_resources_and_only_by_the_owner(reference_data: None) -> None:
    owner, other = make_user(), make_user()
    made = coll_collection(owner=owner)
    draft = coll_resource(published=False)
    with pytest.raises(DomainError) as refused:
        services.collection_add(actor=owner, collection=made, resource=draft)
    assert refused.value.code == "not_published"
    with pytest.raises(NotAllowed):
        services.collection_add(actor=other, collection=made, resource=coll_resource())
    with pytest.raises(NotAllowed):
        services.collection_edit(actor=other, collection=made, fields=fields("Басқа"))
    with pytest.raises(DomainError) as empty:
        services.collection_create(actor=owner, fields=fields("   "))
    assert empty.value.code == "title"


def test_who_gets_what_from_the_pages(reference_data: None) -> None:
    owner, other = make_user(), make_user()
    resource = coll_resource()
    public = coll_collection(owner=owner, resources=[resource])
    private = coll_collection(owner=owner, resources=[resource], is_public=False, title="Жеке")
    visitor, outsider, mine = Client(), signed_in(other), signed_in(owner)

    def url(name: str, collection: Collection, *extra: int) -> str:
        return reverse(f"library:{name}", args=[collection.pk, *extra])

    # Reading: a public collection is anyone's, a private one its owner's (404 otherwise).
    for who in (visitor, outsider, mine):
        assert who.get(url("collection", public)).status_code == 200
        assert who.get(url("collection_zip", public)).status_code == 200
    assert mine.get(url("collection", private)).status_code == 200
    assert_refused(outsider.get(url("collection", private)), as_="outsider")
    assert visitor.get(url("collection", private)).status_code == 404
    assert_refused(outsider.get(url("collection_pdf", private)), as_="outsider")
    # Changing: its owner only; another teacher is refused (403), a visitor sent to sign in.
    assert_refused(outsider.get(url("collection_edit", public)), as_="onlooker")
    assert_refused(outsider.post(url("collection_delete", public)), as_="onlooker")
    assert_refused(
        outsider.post(url("collection_move", public, resource.pk), {"direction": "down"}),
        as_="onlooker",
    )
    assert_refused(outsider.post(url("collection_remove", private, resource.pk)), as_="outsider")
    assert_refused(visitor.get(url("collection_edit", public)), as_="visitor")
    assert_refused(visitor.get(reverse("library:collection_create")), as_="visitor")
    assert CollectionItem.objects.filter(collection=public).count() == 1
    # The list shows public collections to everyone, and hers to her.
    with translation.override("kk"):
        listed = visitor.get(reverse("library:collections")).content.decode()
        assert public.title in listed and "Жеке" not in listed
        assert "Жеке" in mine.get(reverse("library:collections")).content.decode()


def test_the_owner_changes_her_collection_through_the_pages(reference_data: None) -> None:
    owner = make_user()
    a, b = coll_resource(title="Бірінші"), coll_resource(title="Екінші")
    client = signed_in(owner)
    response = client.post(
        reverse("library:collection_create") + f"?resource={a.pk}",
        {"title": "Менің жинағым", "language": "kk", "is_public": "on", "resource": a.pk},
    )
    made = Collection.objects.get(owner=owner)
    assert response.status_code == 302 and _order(made) == [a.pk]
    # Added from the resource's page: only her collections are offered.
    foreign = coll_collection(title="Бөтен")
    response = client.post(
        reverse("library:collection_add", args=[b.pk]), {"collection": foreign.pk}
    )
    assert response.status_code == 302 and _order(foreign) == []
    client.post(reverse("library:collection_add", args=[b.pk]), {"collection": made.pk})
    assert _order(made) == [a.pk, b.pk]
    client.post(reverse("library:collection_move", args=[made.pk, b.pk]), {"direction": "up"})
    assert _order(made) == [b.pk, a.pk]
    client.post(
        reverse("library:collection_edit", args=[made.pk]),
        {"title": "Жаңа атау", "description": "", "language": "ru"},
    )
    made.refresh_from_db()
    assert (made.title, made.language, made.is_public) == ("Жаңа атау", "ru", False)
    with translation.override("kk"):
        page = client.get(reverse("library:collection", args=[made.pk])).content.decode()
    assert page.index("Екінші") < page.index("Бірінші")
    assert f"/kk/library/collections/{made.pk}/pack.zip" in page
    client.post(reverse("library:collection_remove", args=[made.pk, b.pk]))
    assert _order(made) == [a.pk]
    client.post(reverse("library:collection_delete", args=[made.pk]))
    assert not Collection.objects.filter(pk=made.pk).exists()


def test_a_bad_form_says_why_and_keeps_what_was_written(reference_data: None) -> None:
    client = signed_in(make_user())
    with translation.override("kk"):
        response = client.post(
            reverse("library:collection_create"),
            {"title": "", "description": "Сипаттама сақталады", "language": "kk"},
        )
    assert response.status_code == 200
    assert "Сипаттама сақталады" in response.content.decode()
    assert not Collection.objects.exists()


def test_the_pages_make_a_fixed_number_of_queries(reference_data: None) -> None:
    owner = make_user()
    small = coll_collection(owner=owner, resources=[coll_resource()])
    large = coll_collection(owner=owner, resources=[coll_resource() for _ in range(6)])
    client = signed_in(owner)
    client.get(reverse("library:collections"))  # warms the caches (her account and roles)
    counts = []
    for collection in (small, large):
        with CaptureQueriesContext(connection) as captured:
            assert (
                client.get(reverse("library:collection", args=[collection.pk])).status_code == 200
            )
        counts.append(len(captured))
    assert counts[0] == counts[1]
    with CaptureQueriesContext(connection) as listed:
        client.get(reverse("library:collections"))
    assert len(listed) <= 8
