"""Readers rate a published resource 1–5 stars; changing her rating changes the totals by the
difference (F expressions), so the mean and count stay right; its authors may not rate it."""

import pytest
from django.urls import reverse

from ortaq.core.errors import NotAllowed
from ortaq.library.models import Rating, Resource
from ortaq.library.services_collections import rating_set
from ortaq.testing.factories import make_user
from ortaq.testing.http import signed_in
from ortaq.testing.library import coll_resource
from ortaq.testing.refusals import assert_refused

pytestmark = pytest.mark.django_db


def test_ratings_add_up_as_readers_change_them(reference_data: None) -> None:
    resource = coll_resource()
    aigerim, erlan = make_user(), make_user()
    rating_set(actor=aigerim, resource=resource, stars=5)
    rating_set(actor=erlan, resource=resource, stars=3)
    # Two changes of hers: the count stays, the sum follows.
    rating_set(actor=aigerim, resource=resource, stars=2)
    rating_set(actor=aigerim, resource=resource, stars=4)
    rating_set(actor=erlan, resource=resource, stars=3)  # the same again: nothing changes
    resource.refresh_from_db()
    assert (resource.rating_count, resource.rating_sum) == (2, 7)
    assert str(resource.rating) == "3.5"
    assert Rating.objects.filter(resource=resource).count() == 2


def test_the_totals_are_changed_in_sql_not_from_a_stale_copy(reference_data: None) -> None:
    resource = coll_resource()
    stale = Resource.objects.get(pk=resource.pk)  # read before anyone rated
    rating_set(actor=make_user(), resource=resource, stars=4)
    rating_set(actor=make_user(), resource=stale, stars=2)
    resource.refresh_from_db()
    assert (resource.rating_count, resource.rating_sum) == (2, 6)


def test_who_may_rate(reference_data: None) -> None:
    resource = coll_resource()
    author = resource.authors.get().user
    with pytest.raises(NotAllowed):
        rating_set(actor=author, resource=resource, stars=5)
    with pytest.raises(NotAllowed):
        rating_set(actor=make_user(), resource=coll_resource(published=False), stars=5)
    reader = signed_in(make_user())
    url = reverse("library:rate", args=[resource.pk])
    assert reader.post(url, {"stars": "4"}).status_code == 302
    assert reader.post(url, {"stars": "9"}).status_code == 302  # refused with a message
    assert_refused(signed_in(author).post(url, {"stars": "5"}), as_="onlooker")
    draft = coll_resource(published=False)
    assert_refused(reader.post(reverse("library:rate", args=[draft.pk])), as_="outsider")
    resource.refresh_from_db()
    assert (resource.rating_count, resource.rating_sum) == (1, 4)
