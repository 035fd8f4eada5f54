"""Tasks queued by name: after the commit only, never after a rollback, and a wrong name fails
the service that gives it, not a worker later."""

import ast
from datetime import timedelta
from pathlib import Path

import pytest
from django.db import transaction
from django.tasks import Task, task

from ortaq.core.background import enqueue, enqueue_on_commit, task_named

HERE = "ortaq.core.tests.test_background"
calls: list[int] = []


@task()
def probe(value: int) -> int:
    calls.append(value)
    return value


def not_a_task() -> None:
    """A plain function, which no one may queue."""


@pytest.fixture(autouse=True)
def fresh_calls() -> None:
    calls.clear()


@pytest.mark.django_db(transaction=True)
def test_a_task_queued_in_a_transaction_runs_once_it_commits() -> None:
    with transaction.atomic():
        enqueue_on_commit(f"{HERE}.probe", 7)
        assert calls == []
    assert calls == [7]


@pytest.mark.django_db(transaction=True)
def test_a_task_queued_in_a_transaction_that_rolls_back_never_runs() -> None:
    with pytest.raises(RuntimeError), transaction.atomic():
        enqueue_on_commit(f"{HERE}.probe", 7)
        raise RuntimeError("the service failed after queueing")
    assert calls == []


@pytest.mark.django_db(transaction=True)
def test_a_wrong_name_fails_at_once_inside_the_service() -> None:
    with pytest.raises(ImportError), transaction.atomic():
        enqueue_on_commit(f"{HERE}.no_such_task", 1)
    with pytest.raises(TypeError, match="is not a task"), transaction.atomic():
        enqueue_on_commit(f"{HERE}.not_a_task", 1)
    assert calls == []


def test_a_delay_runs_at_once_where_the_backend_cannot_defer() -> None:
    # Tests run tasks with the immediate backend, which cannot wait.
    result = enqueue(f"{HERE}.probe", 3, delay=timedelta(seconds=20))
    assert calls == [3] and result.return_value == 3


def _named_tasks() -> list[tuple[str, str]]:
    """Every task name given to enqueue or enqueue_on_commit in the source, with its file."""
    root = Path(__file__).resolve().parents[2]
    found = []
    for path in root.rglob("*.py"):
        if "tests" in path.parts or path.name == "background.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id in ("enqueue", "enqueue_on_commit")
                and node.args
            ):
                first = node.args[0]
                assert isinstance(first, ast.Constant) and isinstance(first.value, str), (
                    f"{path}: name the task in full"
                )
                found.append((str(path.relative_to(root)), first.value))
    return found


def test_every_task_a_service_names_exists() -> None:
    named = _named_tasks()
    # Services across the apps queue tasks by name (certificates, courses, circles…).
    assert len(named) >= 15
    for where, name in named:
        assert isinstance(task_named(name), Task), f"{where}: {name}"
