"""The demo's data, loaded once per test module, for tests that go through every endpoint and
every page. A conftest.py imports these fixtures (``from ortaq.testing.demo import *``)."""

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core import signals
from django.db import close_old_connections, transaction
from django.test import TestCase, override_settings

from ortaq.accounts.models import User
from ortaq.accounts.services import api_token_create
from ortaq.demo import loader

__all__ = ["demo", "demo_media", "media_root"]


@pytest.fixture(scope="module")
def demo_media(tmp_path_factory: Any) -> Path:
    return Path(tmp_path_factory.mktemp("demo-media"))


@pytest.fixture(autouse=True)
def media_root(settings: Any, demo_media: Path) -> None:
    """The demo's files (certificates, evidence…) stay where it wrote them for the module."""
    settings.MEDIA_ROOT = demo_media


@pytest.fixture(scope="module")
def demo(django_db_setup: Any, django_db_blocker: Any, demo_media: Path) -> Iterator[str]:
    """Load the demo (every kind of object, people in every role) inside a transaction that is
    rolled back after the module's tests; yield an API token of its administrator.

    Each test still runs in its own savepoint (``db``). Requests sent straight to the WSGI
    application would close the connection at their end, losing the transaction, as Django's
    test client prevents for its own requests; so does this fixture.
    """
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        with django_db_blocker.unblock():
            outer = transaction.atomic()
            outer.__enter__()
            try:
                with (
                    override_settings(MEDIA_ROOT=demo_media),
                    TestCase.captureOnCommitCallbacks(execute=True),
                ):
                    loader.load()
                admin = User.objects.get(email=loader.ADMIN)
                yield api_token_create(actor=admin, name="tests")[1]
            finally:
                transaction.set_rollback(True)
                outer.__exit__(None, None, None)
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)
