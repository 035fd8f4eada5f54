from typing import Any

import pytest

from ortaq.testing.textbookwriting import make_textbook_people


@pytest.fixture
def tb(db: Any, reference_data: None) -> dict[str, Any]:
    """The library's people with a textbook, its staff and a commissioned lesson."""
    return make_textbook_people()


@pytest.fixture(autouse=True)
def commit_at_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """Run what services queue for after the commit at once (tests roll back instead)."""
    monkeypatch.setattr(
        "ortaq.core.background.transaction.on_commit", lambda callback, *a, **k: callback()
    )
