"""Who may do what of each row a page lists costs the same number of queries for one row as
for many: a resource's authors are read from what the page loaded with it, and the versions a
person is asked to review once per request (``library.permissions``)."""

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ortaq.accounts.models import User
from ortaq.library import services
from ortaq.library.models import Resource
from ortaq.library.queries_review import AUTHORS
from ortaq.testing.library_review import open_of, write

pytestmark = pytest.mark.django_db
PERMS = ("library.edit_resource", "library.view_review", "library.review")


def _answers(person: User, resources: list[Resource]) -> tuple[int, list[tuple[bool, ...]]]:
    """Her answers for each resource of a list loaded as the pages load it (with its authors),
    and the queries they cost, as a new request would ask them (her object read afresh)."""
    fresh = User.objects.get(pk=person.pk)
    fresh.role_grants()
    listed = list(
        Resource.objects.filter(pk__in=[r.pk for r in resources])
        .prefetch_related(AUTHORS)
        .order_by("pk")
    )
    with CaptureQueriesContext(connection) as queries:
        answers = [tuple(fresh.has_perm(perm, r) for perm in PERMS) for r in listed]
    return len(queries), answers


def test_checks_of_each_row_cost_as_much_for_one_row_as_for_five(lib: dict[str, Any]) -> None:
    resources = [write(lib["teacher"], lib["subject"], title=f"Сабақ {n}") for n in range(5)]
    asked = services.version_submit(actor=lib["teacher"], version=open_of(resources[0]))
    services.experts_assign(actor=lib["moderator"], version=asked, experts=[lib["expert"]])
    counts = {}
    for name in ("teacher", "moderator", "expert", "outsider"):
        one, one_answers = _answers(lib[name], resources[:1])
        five, five_answers = _answers(lib[name], resources)
        assert one_answers == five_answers[:1]
        counts[name] = (one, five)
        if name == "teacher":
            assert five_answers == [(True, True, False)] * 5
        if name == "moderator":
            assert five_answers == [(False, True, False)] * 5
        if name == "expert":
            assert five_answers == [(False, True, True)] + [(False, False, False)] * 4
        if name == "outsider":
            assert five_answers == [(False, False, False)] * 5
    assert all(one == five for one, five in counts.values()), counts


def test_an_expert_asked_again_is_answered_anew_in_the_same_request(lib: dict[str, Any]) -> None:
    resource = write(lib["teacher"], lib["subject"])
    expert = lib["expert"]
    assert not expert.has_perm("library.view_review", resource)
    asked = services.version_submit(actor=lib["teacher"], version=open_of(resource))
    services.experts_assign(actor=lib["moderator"], version=asked, experts=[expert])
    assert expert.has_perm("library.view_review", resource)
    assert expert.has_perm("library.review", asked)
