"""The demo's server (``ortaq demo``) on PostgreSQL: no database connection outlives its request,
and no more than ``SLOTS`` are open at once, however many browser connections there are."""

import http.client
import socketserver
import threading
from collections.abc import Iterator
from typing import Any

import pytest
from django.core.handlers.wsgi import WSGIHandler
from django.core.servers.basehttp import WSGIRequestHandler
from django.db import connection
from django.db.backends.signals import connection_created

from ortaq.demo.server import SLOTS, DemoWSGIServer

# SQLite's in-memory test database ignores closing; the finding was about PostgreSQL's limit.
pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.postgres]


class QuietHandler(WSGIRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        """Log nothing: a line written after the test ended would go to a closed stream."""


@pytest.fixture
def server(monkeypatch: pytest.MonkeyPatch) -> Iterator[DemoWSGIServer]:
    """The demo's server as runserver builds it (``django.core.servers.basehttp.run``)."""
    # As in production settings: each thread would keep its connection for a minute.
    monkeypatch.setitem(connection.settings_dict, "CONN_MAX_AGE", 60)
    threaded = type("WSGIServer", (socketserver.ThreadingMixIn, DemoWSGIServer), {})
    httpd = threaded(("127.0.0.1", 0), QuietHandler)
    # Closing the server waits for the threads of the connections it answered.
    httpd.daemon_threads = False
    httpd.block_on_close = True
    httpd.set_app(WSGIHandler())
    thread = threading.Thread(target=httpd.serve_forever)
    thread.start()
    yield httpd
    httpd.shutdown()
    httpd.server_close()
    thread.join()


class Opened:
    """The database connections opened by other threads, and the most open at one moment."""

    def __init__(self) -> None:
        self.wrappers: list[Any] = []
        self.most = 0
        self.lock = threading.Lock()

    def __call__(self, sender: Any, connection: Any, **kwargs: Any) -> None:
        with self.lock:
            self.wrappers.append(connection)
            self.most = max(self.most, len(self.still_open()))

    def still_open(self) -> list[Any]:
        return [wrapper for wrapper in self.wrappers if wrapper.connection is not None]


@pytest.fixture
def opened() -> Iterator[Opened]:
    watcher = Opened()
    connection_created.connect(watcher, weak=False)
    yield watcher
    connection_created.disconnect(watcher)


def _get(port: int, client: http.client.HTTPConnection | None = None) -> int:
    client = client or http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    client.request("GET", "/healthz")
    response = client.getresponse()
    response.read()
    return response.status


def test_browser_connections_kept_open_hold_no_database_connection(
    server: DemoWSGIServer, opened: Opened
) -> None:
    port = server.server_port
    browsers = [http.client.HTTPConnection("127.0.0.1", port, timeout=60) for _ in range(6)]
    try:
        for browser in browsers:
            assert _get(port, browser) == 200
        # Six connections kept alive, each served by a thread of its own that is still there …
        assert len(opened.wrappers) == 6
        # … and none of them keeps a database connection.
        assert opened.still_open() == []
    finally:
        for browser in browsers:
            browser.close()


def test_requests_at_once_use_at_most_slots_connections(
    server: DemoWSGIServer, opened: Opened
) -> None:
    statuses: list[int] = []
    clients = [
        threading.Thread(target=lambda: statuses.append(_get(server.server_port)))
        for _ in range(4 * SLOTS)
    ]
    for client in clients:
        client.start()
    for client in clients:
        client.join()
    assert statuses == [200] * (4 * SLOTS)
    assert 1 <= opened.most <= SLOTS
    assert opened.still_open() == []
