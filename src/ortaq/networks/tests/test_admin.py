"""Associations in the administration site: read with their schools and people, each linked to
its pages on the site, and never written there."""

from typing import Any

import pytest
from django.test import Client

from ortaq.networks.models import NewsPost
from ortaq.testing.factories import make_association, make_user

pytestmark = pytest.mark.django_db


def test_an_association_is_read_in_the_admin_and_changed_on_its_pages(
    people: dict[str, Any],
) -> None:
    operator = make_user(email="operator@example.kz", is_staff=True, is_superuser=True)
    association = make_association(slug="talgar", schools=[people["school"]], news=1)
    client = Client(headers={"accept-language": "kk"})
    client.force_login(operator)
    page = client.get(f"/admin/networks/association/{association.pk}/change/").content.decode()
    assert people["school"].name_kk in page and "Үйлестіруші" in page
    assert 'href="/kk/networks/talgar/schools/"' in page
    post = NewsPost.objects.get()
    assert client.get(f"/admin/networks/newspost/{post.pk}/change/").status_code == 200
    for url in ("/admin/networks/association/", "/admin/networks/newspost/"):
        assert client.get(url).status_code == 200
        assert client.get(f"{url}add/").status_code == 403
    assert (
        client.post(
            f"/admin/networks/association/{association.pk}/delete/", {"post": "yes"}
        ).status_code
        == 403
    )
