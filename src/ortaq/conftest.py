"""Fixtures shared by every app's tests: reference data, people with roles, and the browser."""

import os
import re
import shutil
from collections.abc import Iterator
from typing import Any

import pytest
from django.db import connection

IN_CI = os.environ.get("CI", "").lower() == "true"
# axe-core rules for WCAG 2.2 A and AA, and axe's own best practices on top.
PAGE_BUDGET_BYTES = 100_000
BROWSER_TIMEOUT_MS = int(os.environ.get("ORTAQ_BROWSER_TIMEOUT_MS", "60000"))
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]


def pytest_addoption(parser: Any) -> None:
    parser.addoption(
        "--refresh-query-baseline",
        action="store_true",
        help="write the SQL queries each page costs to src/ortaq/testing/query_baseline.json",
    )


@pytest.fixture(scope="session")
def query_baseline(request: Any) -> Iterator[Any]:
    """The pages' query counts against ``ortaq/testing/query_baseline.json``; refreshed (for
    the pages this run requested) with ``--refresh-query-baseline``."""
    from ortaq.testing.queries import QueryBaseline

    baseline = QueryBaseline(
        refresh=request.config.getoption("--refresh-query-baseline"), vendor=connection.vendor
    )
    yield baseline
    baseline.save()


def pytest_configure(config: Any) -> None:
    """Refuse the parallel modes that would run a file's tests after another file had emptied
    the tables (``one_worker_per_file``)."""
    if config.getoption("dist", "no") in ("loadfile", "loadscope"):
        raise pytest.UsageError(
            "run the suite in parallel with --dist loadgroup (as CI does) or --dist load: "
            "a whole file on one worker would run its transactional tests, which empty the "
            "tables, before the next file's tests, which need the migrations' data"
        )


def empties_the_tables(item: Any) -> bool:
    """Whether a test ends by emptying every table (transactional: ``transaction=True``,
    ``transactional_db``, ``live_server``), decided as pytest-django does to run these last."""
    from django.test import TestCase, TransactionTestCase
    from pytest_django.fixtures import validate_django_db

    cls = getattr(item, "cls", None)
    if cls is not None and issubclass(cls, TransactionTestCase):
        return not issubclass(cls, TestCase)
    marker = item.get_closest_marker("django_db")
    if marker is not None:
        transaction, reset_sequences, *_ = validate_django_db(marker)
        if transaction or reset_sequences:
            return True
    fixtures = getattr(item, "fixturenames", ())
    return "transactional_db" in fixtures or "live_server" in fixtures


def one_worker_per_file(items: list[Any]) -> None:
    """With pytest-xdist's ``--dist loadgroup``: send each file's tests that keep the tables to
    one worker together, so that its module-scoped data is built once, and each transactional
    test on its own. pytest-django runs every transactional test after the others, since those
    rely on what the migrations wrote (regions, subjects, mark rules), which a transactional
    test empties; each worker takes its tests in that order, so the same holds there."""
    for item in items:
        if not empties_the_tables(item):
            item.add_marker(pytest.mark.xdist_group(item.nodeid.split("::")[0]))


def pytest_collection_modifyitems(config: Any, items: list[Any]) -> None:
    """Skip PostgreSQL-only tests on SQLite, visibly (in CI they must run); and skip on
    PostgreSQL the tests that start their own database and processes, which one pass covers.
    In parallel, group the tests by file as far as the order allows (``one_worker_per_file``)."""
    from django.conf import settings

    if not settings.TESTING:
        # Tests on production settings would send real e-mail and queue tasks for a worker.
        raise pytest.UsageError(
            "The tests run with the test settings: ORTAQ_TESTING=true, which pytest-env sets "
            "from pyproject.toml (pip install -e '.[dev]')."
        )
    on_postgres = connection.vendor == "postgresql"
    for item in items:
        if "sqlite_pass" in item.keywords and on_postgres:
            item.add_marker(pytest.mark.skip(reason="runs in the SQLite pass: its own database"))
        if "postgres" in item.keywords and not on_postgres:
            if IN_CI and os.environ.get("DATABASE_URL", "").startswith("postgres"):
                continue
            item.add_marker(pytest.mark.skip(reason="needs PostgreSQL: set DATABASE_URL"))
    if config.getoption("dist", "no") == "loadgroup":
        one_worker_per_file(items)


@pytest.fixture(autouse=True)
def empty_cache() -> Iterator[None]:
    """Each test starts with an empty cache: ids repeat from one test to the next."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def english_outside_requests() -> Iterator[None]:
    """Each test starts in English: a request handled in an earlier test leaves its language
    active in the thread, which made messages depend on the order the tests ran in."""
    from django.utils import translation

    translation.activate("en")
    yield
    translation.deactivate()


# A date written month first ("12/07/2026", "Жел. 7, 2026") on a Kazakh or Russian page or in
# an e-mail: Django has no Kazakh formats, so a missing format reads as the US one. Every page a
# test opens and every e-mail a test sends is checked (``month_first_dates_fail``).
MONTH_FIRST = re.compile(
    r"\b(?:0?[1-9]|1[0-2])/(?:0?[1-9]|[12]\d|3[01])/\d{4}\b"
    r"|\b[А-ЯЁӘҒҚҢӨҰҮҺІ][а-яёәғқңөұүһі]{2,}\.? \d{1,2}, \d{4}\b"
)
DAY_MONTH_LANGUAGES = ("kk", "ru")


def month_first(text: str) -> str | None:
    found = MONTH_FIRST.search(text)
    return None if found is None else text[max(found.start() - 60, 0) : found.end() + 20]


class MonthFirstDates:
    """Test middleware: a Kazakh or Russian HTML page with a month-first date fails the test."""

    def __init__(self, get_response: Any) -> None:
        self.get_response = get_response

    def __call__(self, request: Any) -> Any:
        response = self.get_response(request)
        language = getattr(request, "LANGUAGE_CODE", "")
        html = response.get("Content-Type", "").startswith("text/html")
        if language in DAY_MONTH_LANGUAGES and html and not response.streaming:
            shown = month_first(response.content.decode(errors="replace"))
            assert shown is None, f"a month-first date on {request.path}: …{shown}…"
        return response


@pytest.fixture(autouse=True)
def month_first_dates_fail(settings: Any) -> Iterator[None]:
    from django.core import mail

    settings.MIDDLEWARE = [*settings.MIDDLEWARE, "ortaq.conftest.MonthFirstDates"]
    yield
    for message in getattr(mail, "outbox", []):
        if message.extra_headers.get("Content-Language") in DAY_MONTH_LANGUAGES:
            shown = month_first(f"{message.subject}\n{message.body}")
            assert shown is None, f"a month-first date in an e-mail to {message.to}: …{shown}…"


@pytest.fixture(autouse=True)
def media_root(settings: Any, tmp_path_factory: Any) -> None:
    """Uploads, packs and certificates of a test go to a temporary folder, not ``var/media``."""
    settings.MEDIA_ROOT = tmp_path_factory.mktemp("media")


@pytest.fixture
def reference_data(django_db_blocker: Any) -> None:
    """Put the regions and subjects back after a transactional test emptied the tables."""
    from ortaq.testing.world import load_reference_data

    with django_db_blocker.unblock():
        load_reference_data()


@pytest.fixture
def people(db: Any, reference_data: None) -> dict[str, Any]:
    """One person per role of the role matrix (``ortaq.testing.world.make_people``); a module
    that asks many questions of them builds them once instead (``once_per_module``)."""
    from ortaq.testing.world import make_people

    return make_people()


# Browser tests -------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def chromium_path() -> str:
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    if path is None:
        if IN_CI:
            pytest.fail("Chromium is missing: CI must install Debian's chromium package")
        pytest.skip("no Chromium installed (apt-get install chromium): browser tests skipped")
    return path


@pytest.fixture(scope="session")
def browser(chromium_path: str) -> Iterator[Any]:
    # Playwright's sync API runs an event loop in this thread; the ORM calls that tests make
    # around it are still synchronous and safe.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium_path,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        yield browser
        browser.close()


class CheckedPage:
    """A Playwright page that runs axe-core on every page it lands on, and fails on violations."""

    def __init__(self, page: Any, base_url: str) -> None:
        from axe_playwright_python.sync_playwright import Axe

        self.page = page
        self.base_url = base_url
        self.axe = Axe()
        self.visited: list[str] = []

    def goto(self, path: str) -> Any:
        response = self.page.goto(self.base_url + path)
        self.check()
        return response

    def check(self) -> None:
        """Run axe-core on the current page and fail on any violation; hold the page under
        100 KB of HTML, as a teacher on a slow connection needs."""
        self.page.wait_for_load_state("load")
        size = len(self.page.content().encode())
        assert size < PAGE_BUDGET_BYTES, f"{self.page.url} is {size} bytes of HTML"
        # Only violations are wanted: axe then skips gathering every passing node, which
        # makes a check of a long page several times faster.
        options = {"runOnly": {"type": "tag", "values": AXE_TAGS}, "resultTypes": ["violations"]}
        results = self.axe.run(self.page, options=options)
        url = self.page.url
        self.visited.append(url)
        violations = results.response["violations"]
        assert not violations, f"axe-core on {url}:\n" + "\n".join(
            f"- {v['id']} ({v['impact']}): {v['help']} — "
            + "; ".join(node["target"][0] for node in v["nodes"][:5])
            for v in violations
        )

    def __getattr__(self, name: str) -> Any:
        return getattr(self.page, name)


@pytest.fixture
def page(browser: Any, live_server: Any, reference_data: None) -> Iterator[CheckedPage]:
    context = browser.new_context(locale="kk-KZ", viewport={"width": 390, "height": 844})
    # A page answers in milliseconds on a quiet machine, but CI runs on two cores that other
    # work may keep busy, where a page and axe-core's run over it took more than five seconds.
    # Every wait is for a state (an element, a load), so a long limit costs nothing when the
    # state comes early; it only decides how long a real failure takes to be reported.
    context.set_default_timeout(BROWSER_TIMEOUT_MS)
    context.set_default_navigation_timeout(BROWSER_TIMEOUT_MS)
    checked = CheckedPage(context.new_page(), live_server.url)
    yield checked
    context.close()
