from typing import Any

import pytest

from ortaq.testing.library_review import make_library_people


@pytest.fixture
def lib(db: Any, reference_data: None) -> dict[str, Any]:
    """A school with its teachers, a moderator and experts (``make_library_people``)."""
    return make_library_people()


@pytest.fixture(autouse=True)
def commit_at_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """Run what services queue for after the commit at once (tests roll back instead)."""
    monkeypatch.setattr(
        "ortaq.core.background.transaction.on_commit", lambda callback, *a, **k: callback()
    )
