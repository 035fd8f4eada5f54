from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from ortaq.journal import services
from ortaq.testing.factories import make_association, make_user
from ortaq.testing.journal import TEXTS


@pytest.fixture
def desk(db: Any, reference_data: None) -> dict[str, Any]:
    """An association with an editor, a journal with an open call, two authors, a reviewer with
    an account, and a submission by the first author with the second."""
    editor = make_user(email="editor@j.kz", first_name="Әйгерім", last_name="Редактор")
    author = make_user(email="author@j.kz", first_name="Асан", last_name="Автор", language="ru")
    coauthor = make_user(email="coauthor@j.kz", first_name="Дана", last_name="Серік")
    reviewer = make_user(email="reviewer@j.kz", first_name="Ризагүл", last_name="Сарапшы")
    outsider = make_user(email="outsider@j.kz")
    association = make_association(editor=editor, slug="talgar-schools")
    journal = services.journal_save(
        actor=editor, association=association, title_kk="Зерттеу", title_ru="Исследование"
    )
    services.call_open(
        actor=editor,
        journal=journal,
        year=timezone.localdate().year,
        deadline=timezone.localdate() + timedelta(days=30),
    )
    submission = services.submission_create(
        actor=author,
        journal=journal,
        kind="article",
        texts=TEXTS,
        language="kk",
        body="## Кіріспе\n\nМәтін.",
        authors=[coauthor],
    )
    return {
        "editor": editor,
        "author": author,
        "coauthor": coauthor,
        "reviewer": reviewer,
        "outsider": outsider,
        "association": association,
        "journal": journal,
        "submission": submission,
    }


@pytest.fixture(autouse=True)
def commit_at_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """Run what services queue for after the commit at once (tests roll back instead of
    committing): e-mails, the issue's PDF, certificates."""
    monkeypatch.setattr(
        "ortaq.core.background.transaction.on_commit", lambda callback, *a, **k: callback()
    )
