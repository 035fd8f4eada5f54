"""Every URL and API operation, as every role: the answer the route table declares, the
refusal rule kept by the table, and no page costing more queries than its baseline."""

from typing import Any

import pytest
from django.core.cache import cache
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext

from ortaq.testing.queries import QueryBaseline
from ortaq.testing.routes import (
    REFUSALS,
    ROLES,
    TABLE,
    Route,
    all_routes,
    make_cast,
    request,
    token_of,
    url_of,
)

pytestmark = pytest.mark.django_db
ROUTES = all_routes()
ALLOWED = {"200", "201", "202", "204", "302", "400", "405", "422", *REFUSALS}


@pytest.fixture(scope="module")
def cast(demo: str, django_db_blocker: Any) -> dict[str, Any]:
    with django_db_blocker.unblock():
        return make_cast()


def test_every_route_has_an_entry_and_every_entry_a_route() -> None:
    keys = {route.key for route in ROUTES}
    assert sorted(keys - set(TABLE)) == [], "routes without an entry in ortaq.testing.routes"
    assert sorted(set(TABLE) - keys) == [], "entries of ortaq.testing.routes without a route"


def test_the_table_keeps_the_refusal_rule() -> None:
    """docs/decisions/0011: a visitor is sent to sign in on a page and told 401 by the API; a
    signed-in person is told 404 or 403; nobody gets a server error."""
    broken = []
    for route in ROUTES:
        tokens = TABLE.get(route.key, "").split()
        if len(tokens) != len(ROLES) or not set(tokens) <= ALLOWED:
            broken.append(f"{route.key}: {tokens}")
            continue
        anonymous, *signed_in = tokens
        if anonymous in ("403", "login" if route.api else "401"):
            broken.append(f"{route.key}: a visitor gets {anonymous}")
        # Django's admin sends anyone who is not staff to its own sign-in page, for staff.
        if ("login" in signed_in and route.key != "admin:*") or "401" in signed_in:
            broken.append(f"{route.key}: a signed-in person is sent to sign in")
    assert broken == []


@pytest.mark.parametrize("route", ROUTES, ids=[route.key for route in ROUTES])
def test_each_role_gets_what_the_table_says(
    route: Route, cast: dict[str, Any], query_baseline: Any
) -> None:
    url = url_of(route)
    got, too_many = [], []
    for role in ROLES:
        client = Client(raise_request_exception=False)
        if cast[role] is not None:
            client.force_login(cast[role])
        # Each role's request is undone before the next: a write must not change what the
        # next role is answered. The cache too (sessions aside, which live in the database).
        savepoint = transaction.savepoint_create()
        with CaptureQueriesContext(connection) as queries:
            response = request(client, route, url)
        transaction.savepoint_rollback(savepoint)
        cache.clear()
        token = token_of(response)
        got.append(token)
        if route.method == "GET" and token == "200" and not route.api:
            problem = query_baseline.check(f"{route.key} {role}", len(queries))
            if problem:
                too_many.append(problem)
    expected = TABLE.get(route.key, "")
    assert " ".join(got) == expected, f'{url}\n    "{route.key}": "{" ".join(got)}",'
    assert too_many == []


def test_a_page_over_its_baseline_or_without_one_fails() -> None:
    baseline = QueryBaseline(refresh=False, vendor="sqlite")
    baseline.stored = {"sqlite": {"courses:course anon": 7}}
    assert baseline.check("courses:course anon", 7) is None
    assert baseline.check("courses:course anon", 8) == "courses:course anon: 8 queries, baseline 7"
    assert "no baseline" in str(baseline.check("courses:new_page anon", 3))
    assert QueryBaseline(refresh=False, vendor="oracle").check("courses:course anon", 99) is None
