"""The demo's web server: Django's development server, holding few database connections.

The development server answers each browser connection in a thread of its own for as long as
the browser keeps the connection open (minutes, and a browser opens several), and Django keeps
each thread's database connection open between its requests (``CONN_MAX_AGE``). On PostgreSQL a
few tabs, or any tool opening many connections, so held dozens of the server's hundred
connections. Here at most ``SLOTS`` requests are worked on at once, and each closes its database
connections as soon as its response is ready (a response's body is files and text, never a
query), so the demo never holds more than ``SLOTS`` connections.
"""

import threading
from collections.abc import Iterable, Iterator
from wsgiref.types import StartResponse, WSGIApplication, WSGIEnvironment

from django.contrib.staticfiles.management.commands.runserver import Command as RunserverCommand
from django.core.servers.basehttp import WSGIServer
from django.db import connections

SLOTS = 4


class _ClosingBody:
    """The response's body, closing the thread's database connections after its own close."""

    def __init__(self, body: Iterable[bytes]) -> None:
        self.body = body

    def __iter__(self) -> Iterator[bytes]:
        return iter(self.body)

    def close(self) -> None:
        try:
            close = getattr(self.body, "close", None)
            if close is not None:
                close()
        finally:
            connections.close_all()


class BoundedApp:
    """Run at most ``slots`` requests of ``app`` at once; others wait for a free slot."""

    def __init__(self, app: WSGIApplication, slots: int = SLOTS) -> None:
        self.app = app
        self.slots = threading.BoundedSemaphore(slots)

    def __call__(self, environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        with self.slots:
            try:
                body = self.app(environ, start_response)
            finally:
                # Connections are per thread: these are this request's, and no other's.
                connections.close_all()
        return _ClosingBody(body)


class DemoWSGIServer(WSGIServer):
    """Django's development server with the application run through ``BoundedApp``."""

    def set_app(self, application: WSGIApplication | None) -> None:
        super().set_app(BoundedApp(application) if application is not None else None)


class DemoRunserver(RunserverCommand):
    """``runserver`` (with the static files) on ``DemoWSGIServer``."""

    server_cls = DemoWSGIServer
